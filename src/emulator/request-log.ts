import type { ReceivedRequest } from './types.js';

/** What the emulator received, in arrival order. */
export class RequestLog {
  #entries: ReceivedRequest[] = [];

  /** Appends one request. */
  add(entry: ReceivedRequest): void {
    this.#entries.push(entry);
  }

  /** A copy of every entry. */
  entries(): readonly ReceivedRequest[] {
    return [...this.#entries];
  }

  /** How many requests named `action`, or how many arrived at all. */
  count(action?: string): number {
    return action === undefined
      ? this.#entries.length
      : this.#entries.filter((entry) => entry.action === action).length;
  }

  /** Forgets every entry. */
  clear(): void {
    this.#entries = [];
  }
}
