/**
 * Sliding-window rate limits of a chat robot (DingTalk: 20 messages a minute), kept from our side of
 * the network.
 *
 * @packageDocumentation
 */
import { abortError, sleep } from '../../util/deadline.js';

/** At most `messages` requests in any `windowMs`. */
export interface RateLimit {
  readonly messages: number;
  readonly windowMs: number;
}

/**
 * Lets one request through at a time, and only while every limit has room in its sliding window. A
 * request counts from the moment it is let through until `windowMs` after its answer came (or it
 * failed): the service saw it somewhere in between, so however long the network took, no window of the
 * service's clock holds more than `messages` of them. Times are `performance.now()`.
 */
export class WindowLimiter {
  readonly #limits: readonly RateLimit[];
  readonly #longestWindowMs: number;
  /** When the requests let through ended, oldest first, within the longest window. */
  readonly #ended: number[] = [];
  /** Settles when the request let through last is over (the turn of the next one). */
  #turn: Promise<void> = Promise.resolve();

  constructor(limits: readonly RateLimit[]) {
    this.#limits = limits;
    this.#longestWindowMs = Math.max(0, ...limits.map((limit) => limit.windowMs));
  }

  /**
   * Waits for the previous request to end and for room in every window, then returns the function to
   * call when this request has ended.
   *
   * @throws {@link AbortError} when `signal` aborts while waiting; nothing is counted then
   */
  async acquire(signal: AbortSignal, action: string): Promise<() => void> {
    const previous = this.#turn;
    let over!: () => void;
    this.#turn = new Promise<void>((resolve) => {
      over = resolve;
    });
    try {
      await untilSettled(previous, signal, action);
      for (let wait = this.#waitMs(); wait > 0; wait = this.#waitMs()) {
        await sleep(wait, signal, action, 'notSent');
      }
    } catch (error) {
      // The next request still waits for the previous one, not for this one that never went.
      void previous.then(over);
      throw error;
    }
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.#ended.push(performance.now());
      over();
    };
  }

  /** How long until every window has room (0: now). */
  #waitMs(): number {
    const now = performance.now();
    while (this.#ended.length > 0 && (this.#ended[0] as number) + this.#longestWindowMs <= now) {
      this.#ended.shift();
    }
    let wait = 0;
    for (const { messages, windowMs } of this.#limits) {
      const recent = this.#ended.filter((end) => end + windowMs > now);
      if (recent.length < messages) continue;
      // Room comes when the oldest ones that fill the window leave it.
      const leaving = recent[recent.length - messages] as number;
      wait = Math.max(wait, leaving + windowMs - now);
    }
    return wait;
  }
}

/** Resolves when `promise` settles, or rejects with an {@link AbortError} when `signal` aborts first. */
function untilSettled(promise: Promise<void>, signal: AbortSignal, action: string): Promise<void> {
  if (signal.aborted) return Promise.reject(abortError(action, signal, 'notSent'));
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => reject(abortError(action, signal, 'notSent'));
    signal.addEventListener('abort', onAbort, { once: true });
    void promise.then(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    });
  });
}
