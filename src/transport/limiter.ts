import { abortError, sleep } from '../util/deadline.js';

/**
 * Bounds the requests of one client: at most `maxConcurrent` in flight, and when `maxPerSecond` is set,
 * starts spaced evenly at that rate (the service throttles bursts). Waiting callers are served in order
 * and leave the queue at once when their signal aborts.
 */
export class RequestLimiter {
  readonly #maxConcurrent: number;
  readonly #spacingMs: number;
  readonly #waiting: (() => void)[] = [];
  #active = 0;
  #nextStartMs = 0;

  constructor(maxConcurrent: number, maxPerSecond: number | undefined) {
    this.#maxConcurrent = maxConcurrent;
    this.#spacingMs = maxPerSecond === undefined ? 0 : 1000 / maxPerSecond;
  }

  /**
   * Waits for a slot (and for the rate), then returns the function that frees it.
   *
   * @throws {@link AbortError} when `signal` aborts while waiting
   */
  async acquire(signal: AbortSignal | undefined, action: string): Promise<() => void> {
    // A freed slot is handed straight to the next waiter, so nobody can overtake the queue.
    if (this.#active < this.#maxConcurrent) this.#active++;
    else await this.#queue(signal, action);
    if (this.#spacingMs !== 0) {
      try {
        await this.#pace(signal, action);
      } catch (error) {
        this.#release();
        throw error;
      }
    }
    return this.#releaser();
  }

  /**
   * Takes a slot at once when one is free and no rate applies (the common case), without the promises
   * of {@link acquire}; returns `undefined` otherwise. A free slot means nobody is queued: a freed slot
   * goes straight to the next waiter, so this cannot overtake the queue.
   */
  tryAcquire(): (() => void) | undefined {
    if (this.#spacingMs !== 0 || this.#active >= this.#maxConcurrent) return undefined;
    this.#active++;
    return this.#releaser();
  }

  #releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#release();
    };
  }

  #queue(signal: AbortSignal | undefined, action: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortError(action, signal, 'notSent'));
        return;
      }
      const onAbort = () => {
        const index = this.#waiting.indexOf(wake);
        if (index >= 0) this.#waiting.splice(index, 1);
        reject(abortError(action, signal, 'notSent'));
      };
      const wake = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      this.#waiting.push(wake);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  async #pace(signal: AbortSignal | undefined, action: string): Promise<void> {
    const now = performance.now();
    const start = Math.max(now, this.#nextStartMs);
    this.#nextStartMs = start + this.#spacingMs;
    if (start > now) await sleep(start - now, signal, action, 'notSent');
  }

  #release(): void {
    const next = this.#waiting.shift();
    if (next === undefined) this.#active--;
    else next();
  }
}
