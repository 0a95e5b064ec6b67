import { abortError } from '../util/deadline.js';

/** The rate requests start at: fixed, or adapted to throttling ({@link AdaptiveRate}). */
export interface SendRate {
  /** Requests per second to start now. */
  readonly perSecond: number;
  /** A request started at `atMs`. */
  sent(atMs: number): void;
  /** Lets the rate grow by `ms` of time during which requests waited for it. */
  grow(ms: number): void;
  /** A request started at `sentAtMs` was throttled, as learnt at `nowMs`. */
  throttled(sentAtMs: number, nowMs: number): void;
}

/** A rate that never changes: `maxRequestsPerSecond` with the adaptive rate turned off. */
export function fixedRate(perSecond: number): SendRate {
  return { perSecond, sent: () => undefined, grow: () => undefined, throttled: () => undefined };
}

/**
 * Bounds the requests of one client: at most `maxConcurrent` in flight, and when a `rate` is given,
 * starts spaced evenly at that rate (the service throttles bursts), which may change as it goes.
 * Waiting callers are served in order and leave the queue at once when their signal aborts.
 */
export class RequestLimiter {
  readonly #maxConcurrent: number;
  readonly #rate: SendRate | undefined;
  readonly #waiting: (() => void)[] = [];
  /** Requests holding a slot that wait for the rate, in order. */
  readonly #pacing: (() => void)[] = [];
  #pacingTimer: ReturnType<typeof setTimeout> | undefined;
  #active = 0;
  #lastStartMs = 0;
  #nextStartMs = 0;

  constructor(maxConcurrent: number, rate: SendRate | undefined) {
    this.#maxConcurrent = maxConcurrent;
    this.#rate = rate;
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
    if (this.#rate !== undefined) {
      try {
        await this.#pace(this.#rate, signal, action);
      } catch (error) {
        this.#release();
        throw error;
      }
    }
    return this.#releaser();
  }

  /**
   * Takes a slot at once when one is free and the rate lets a request start now (the common case),
   * without the promises of {@link acquire}; returns `undefined` otherwise. A free slot means nobody is
   * queued: a freed slot goes straight to the next waiter, so this cannot overtake the queue.
   */
  tryAcquire(): (() => void) | undefined {
    if (this.#active >= this.#maxConcurrent) return undefined;
    if (this.#rate !== undefined) {
      const now = performance.now();
      if (this.#pacing.length > 0 || this.#nextStartMs > now) return undefined;
      this.#started(this.#rate, now);
    }
    this.#active++;
    return this.#releaser();
  }

  /** Tells the rate that a request started at `sentAtMs` was throttled. */
  throttled(sentAtMs: number): void {
    this.#rate?.throttled(sentAtMs, performance.now());
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

  /**
   * Waits for the rate: a request starts at once when nobody is waiting and its turn has come;
   * otherwise it joins the line, which one timer releases a request at a time, each a spacing after the
   * previous start. A late timer (a busy process) therefore never releases a burst to catch up.
   */
  #pace(rate: SendRate, signal: AbortSignal | undefined, action: string): Promise<void> {
    const now = performance.now();
    if (this.#pacing.length === 0 && this.#nextStartMs <= now) {
      this.#started(rate, now);
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortError(action, signal, 'notSent'));
        return;
      }
      const onAbort = () => {
        const index = this.#pacing.indexOf(waiter);
        if (index >= 0) this.#pacing.splice(index, 1);
        reject(abortError(action, signal, 'notSent'));
      };
      const waiter = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      this.#pacing.push(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#armPacing(rate);
    });
  }

  /** Arms the timer that releases the next waiting request at its turn, unless it is armed already. */
  #armPacing(rate: SendRate): void {
    if (this.#pacingTimer !== undefined || this.#pacing.length === 0) return;
    const delayMs = Math.max(0, this.#nextStartMs - performance.now());
    this.#pacingTimer = setTimeout(() => {
      this.#pacingTimer = undefined;
      const next = this.#pacing.shift();
      if (next === undefined) return;
      const now = performance.now();
      // The time since the previous start was spent waiting for the rate: it may grow by as much.
      rate.grow(now - this.#lastStartMs);
      this.#started(rate, now);
      next();
      this.#armPacing(rate);
    }, delayMs);
  }

  /** Books a start at `atMs`: the next one comes a rate's spacing later. */
  #started(rate: SendRate, atMs: number): void {
    rate.sent(atMs);
    this.#lastStartMs = atMs;
    this.#nextStartMs = atMs + 1000 / rate.perSecond;
  }

  #release(): void {
    const next = this.#waiting.shift();
    if (next === undefined) this.#active--;
    else next();
  }
}
