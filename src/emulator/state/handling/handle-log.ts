import type { EmulatorWhitelistRule } from './whitelist-store.js';

/** One `HandleSecurityEvents` request the model accepted. */
export interface HandleLogEntry {
  /** The task it started. */
  readonly taskId: number;
  /** Operation code. */
  readonly operationCode: string;
  /** `OperationParams`, parsed (`{}` when none was sent). */
  readonly operationParams: Readonly<Record<string, unknown>>;
  /** `MarkMissParam`, parsed, when one was sent. */
  readonly markMissParam?: readonly EmulatorWhitelistRule[];
  /** The events it named, each once, in request order. */
  readonly securityEventIds: readonly number[];
  /** `Remark`, as sent (no length limit is documented, none is enforced), when one was sent. */
  readonly remark?: string;
}

/** The accepted handling requests, in arrival order. */
export class HandleLog {
  readonly #entries: HandleLogEntry[] = [];

  /** Appends one request. */
  add(entry: HandleLogEntry): void {
    this.#entries.push(entry);
  }

  /** Every entry. */
  entries(): readonly HandleLogEntry[] {
    return this.#entries;
  }

  /** How many accepted requests named the event. */
  countFor(alertId: number): number {
    return this.#entries.filter((entry) => entry.securityEventIds.includes(alertId)).length;
  }
}
