/**
 * Drives a feed poll by poll on a fake clock (see `useFakeClock`): `drain()` takes every change the
 * feed yields until it waits for its next poll, `nextPoll()` moves the fake clock to that poll and
 * drains it. Meant for sources without I/O (`FakeAlertSource`, `MemoryCheckpoints`), whose work ends
 * within the microtasks of one turn of the event loop.
 */
import { vi } from 'vitest';
import type { AlertChange } from '../../src/index.js';

const WAITING = Symbol('waiting');

export class FeedDriver {
  readonly #feed: AsyncIterator<AlertChange>;
  readonly #intervalMs: number;
  #next: Promise<IteratorResult<AlertChange>> | undefined;
  /** Whether the feed ended (its iteration returned). */
  done = false;

  constructor(feed: AsyncIterator<AlertChange>, intervalMs: number) {
    this.#feed = feed;
    this.#intervalMs = intervalMs;
  }

  /** The changes the feed yields until it waits for its next poll, or ends. */
  async drain(): Promise<AlertChange[]> {
    const changes: AlertChange[] = [];
    while (!this.done) {
      this.#next ??= this.#feed.next();
      const result = await Promise.race([
        this.#next,
        new Promise<typeof WAITING>((resolve) => setImmediate(() => resolve(WAITING))),
      ]);
      if (result === WAITING) break;
      this.#next = undefined;
      if (result.done) this.done = true;
      else changes.push(result.value);
    }
    return changes;
  }

  /** Moves the fake clock by one interval, to the next poll, and drains it. */
  async nextPoll(): Promise<AlertChange[]> {
    await vi.advanceTimersByTimeAsync(this.#intervalMs);
    return this.drain();
  }
}
