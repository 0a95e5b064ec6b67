/**
 * The rate a client sends at, adapted to the service's throttling the way the AWS SDKs' adaptive retry
 * mode adapts theirs: a rate that grows while requests go through and drops on a throttled reply, then
 * grows back along a cubic curve (as TCP CUBIC does) that is flat around the rate that was throttled.
 *
 * @packageDocumentation
 */

/** The rate a client starts at when no `maxRequestsPerSecond` is given. */
export const INITIAL_REQUESTS_PER_SECOND = 20;
/** How much the rate grows per second of sending at it, until the first throttled reply. */
const PROBE_GROWTH_PER_SECOND = 1.15;
/** What a throttled reply multiplies the rate by (the AWS SDKs' β). */
const BACKOFF = 0.7;
/**
 * Scale of the cubic growth after a throttled reply, in requests per second per second cubed. Small, so
 * that the rate stays near the one that was throttled for about a minute before it probes past it: each
 * probe past the service's limit costs a throttled reply or two.
 */
const CUBIC_SCALE = 5e-5;
/** The lowest rate (the AWS SDKs' minimum fill rate). */
const MIN_PER_SECOND = 0.5;
/**
 * Throttled replies within this long of a drop count as the same throttling: services count requests
 * per second, and the requests already sent in that second meet the same limit.
 */
const SAME_THROTTLING_MS = 1000;

/**
 * The send rate of one client. Before any throttled reply it starts at `initialPerSecond` and grows by
 * 15 % for each second during which requests waited for it; a throttled reply (`Throttling*`, HTTP 429)
 * cuts it to 70 % and starts a cubic curve that climbs back to the throttled rate in about a minute,
 * stays near it, then probes beyond. Time only counts while requests wait for the rate, so a client
 * that sends slowly does not build up a rate it never used. It never exceeds `ceilingPerSecond`.
 *
 * @example
 * ```ts
 * const rate = new AdaptiveRate({ initialPerSecond: 20 });
 * rate.grow(1000); // a second of requests waiting for their turn
 * rate.throttled(sentAtMs, performance.now());
 * const spacingMs = 1000 / rate.perSecond;
 * ```
 */
export class AdaptiveRate {
  readonly #ceiling: number;
  readonly #initial: number;
  /** Seconds of growth since the start, or since the last drop. */
  #growthSeconds = 0;
  /** The rate that was throttled last (W_max of CUBIC), or `undefined` before any throttled reply. */
  #throttledRate: number | undefined;
  /** When the rate last dropped, on the clock of the calls. */
  #droppedAtMs = Number.NEGATIVE_INFINITY;
  #perSecond: number;

  constructor(options: { initialPerSecond?: number; ceilingPerSecond?: number } = {}) {
    this.#ceiling = options.ceilingPerSecond ?? Number.POSITIVE_INFINITY;
    this.#initial = Math.min(options.initialPerSecond ?? INITIAL_REQUESTS_PER_SECOND, this.#ceiling);
    this.#perSecond = this.#initial;
  }

  /** Requests per second to send at now. */
  get perSecond(): number {
    return this.#perSecond;
  }

  /** Lets the rate grow by `ms` of time during which requests waited for it. */
  grow(ms: number): void {
    if (ms <= 0) return;
    this.#growthSeconds += ms / 1000;
    const seconds = this.#growthSeconds;
    const throttled = this.#throttledRate;
    const grown =
      throttled === undefined
        ? this.#initial * PROBE_GROWTH_PER_SECOND ** seconds
        : CUBIC_SCALE * (seconds - cubicPeriod(throttled)) ** 3 + throttled;
    this.#perSecond = Math.min(this.#ceiling, Math.max(MIN_PER_SECOND, grown));
  }

  /**
   * A request started at `sentAtMs` was throttled, as `nowMs` learnt: the rate drops, unless it
   * already dropped after that request was sent or within the last second.
   */
  throttled(sentAtMs: number, nowMs: number): void {
    if (sentAtMs < this.#droppedAtMs || nowMs - this.#droppedAtMs < SAME_THROTTLING_MS) return;
    this.#throttledRate = this.#perSecond;
    this.#droppedAtMs = nowMs;
    this.#growthSeconds = 0;
    this.#perSecond = Math.max(MIN_PER_SECOND, this.#perSecond * BACKOFF);
  }
}

/** Seconds the cubic curve takes to climb from the dropped rate back to `throttledRate` (CUBIC's K). */
function cubicPeriod(throttledRate: number): number {
  return Math.cbrt((throttledRate * (1 - BACKOFF)) / CUBIC_SCALE);
}
