/**
 * The rate a client sends at, adapted to the service's throttling the way the AWS SDKs' adaptive retry
 * mode adapts theirs: a rate that grows while requests go through and drops on a throttled reply, then
 * grows back along a cubic curve (as TCP CUBIC does) that is flat around the rate the service accepted.
 * Each drop is checked against what followed it: throttling that a lower rate does not make rarer is
 * not the rate's doing, and does not hold the rate down.
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
 * that the rate stays near the one the service accepted for about a minute before it probes past it:
 * each probe past the service's limit costs a throttled reply or two.
 */
const CUBIC_SCALE = 5e-5;
/**
 * Scale of the cubic growth past the rate the service accepted: flatter than the climb back, so that
 * the rate probes the limit only about every two minutes (each probe costs a throttled reply or two).
 */
const PROBE_SCALE = 3e-5;
/** The longest a drop lasts: the rate is back where it dropped from this long after, at most. */
const MAX_RECOVERY_SECONDS = 60;
/**
 * The rate aimed at after a throttled reply, as a share of the rate the service accepted in the second
 * before it: a little below, so that the rate stays clear of the limit while it is flat.
 */
const ACCEPTED_SHARE = 0.97;
/** The lowest rate (the AWS SDKs' minimum fill rate). */
const MIN_PER_SECOND = 0.5;
/**
 * Throttled replies within this long of a drop count as the same throttling: services count requests
 * per second, and the requests already sent in that second meet the same limit. It is also the span of
 * requests compared before and after a drop.
 */
const SAME_THROTTLING_MS = 1000;
/**
 * Below the rate the service accepted before, the share of a second's requests throttled (beyond the
 * tolerated share) that shows the service's limit came down.
 */
const LIMIT_CAME_DOWN_SHARE = 0.25;
/**
 * How long after a drop a lone throttled reply below the accepted rate undoes it: later, the drop has
 * shown that it stopped the throttling, and a lone throttled reply is the service's jitter.
 */
const JUDGED_MS = 10_000;
/** How long throttling found not to follow the rate is tolerated before a drop is tried again. */
const BACKGROUND_MS = 60_000;
/** Requests are counted in slots of this long, by the time they were sent. */
const SLOT_MS = 100;
/** Slots kept: long enough for the reply to a request sent a few seconds ago. */
const SLOTS = 128;
const SLOTS_PER_SPAN = SAME_THROTTLING_MS / SLOT_MS;
/** Slots the share of throttling that does not follow the rate is measured over: ten seconds. */
const BACKGROUND_SPAN_SLOTS = 100;

/** Requests sent, and how many of them were throttled. */
interface Tally {
  sent: number;
  throttled: number;
}

/** A drop of the rate, and how often the requests sent in the second after it were throttled. */
interface Drop {
  /** When it was made, on the clock of the calls. */
  atMs: number;
  /** The first slot of the second the drop is judged by: the second after the one it was made in. */
  afterSlot: number;
  after: Tally;
  /** The state to go back to if the drop turns out not to have helped. */
  undo: { perSecond: number; throttledRate: number | undefined; startRate: number; growthSeconds: number };
}

/**
 * The send rate of one client. Before any throttled reply it starts at `initialPerSecond` and grows by
 * 15 % for each second during which requests waited for it. A throttled reply (`Throttling*`, HTTP 429)
 * cuts it to 70 % of the rate it was sending at, and starts a cubic curve that climbs back in about a
 * minute (never more) to just below what the service accepted in the second before, stays near it, then
 * probes beyond. Time only counts while requests wait for the rate, so a client that sends slowly does
 * not build up a rate it never used. It never exceeds `ceilingPerSecond`.
 *
 * Throttled replies to requests sent before a drop, or within a second after it, do not drop it again:
 * services count requests per second. Throttling that a drop does not stop is not the rate's doing
 * (another client's, or the service's own), and does not hold the rate down: within 10 s of a drop, a
 * throttled reply while the rate is below what the service accepted undoes the drop, unless more than
 * a quarter of a second's requests were throttled (the limit came down). When throttling goes on after
 * two drops in a row and the requests after the second were throttled as often as those after the
 * first, the second is undone, and that share of throttled replies (over the last 10 s) is tolerated for
 * a minute before drops are tried again.
 *
 * @example
 * ```ts
 * const rate = new AdaptiveRate({ initialPerSecond: 20 });
 * rate.sent(performance.now());
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
  /** The rate the curve climbs back to (W_max of CUBIC), or `undefined` before any throttled reply. */
  #throttledRate: number | undefined;
  /** The rate the curve starts from, right after the last drop. */
  #startRate = 0;
  /** When the rate last dropped (or a drop was undone), on the clock of the calls. */
  #droppedAtMs = Number.NEGATIVE_INFINITY;
  #firstSentMs: number | undefined;
  #perSecond: number;
  /** Requests sent and throttled, by slot of send time: slot `n` lives at index `n % SLOTS`. */
  readonly #slots = Array.from({ length: SLOTS }, () => ({ slot: -1, sent: 0, throttled: 0 }));
  /** The last drop, and the one before it when it belongs to the same throttling. */
  #drop: Drop | undefined;
  #previousDrop: Drop | undefined;
  /** The share of throttled replies found not to follow the rate, and until when it is tolerated. */
  #background: { share: number; untilMs: number } | undefined;

  constructor(options: { initialPerSecond?: number; ceilingPerSecond?: number } = {}) {
    this.#ceiling = options.ceilingPerSecond ?? Number.POSITIVE_INFINITY;
    this.#initial = Math.min(options.initialPerSecond ?? INITIAL_REQUESTS_PER_SECOND, this.#ceiling);
    this.#perSecond = this.#initial;
  }

  /** Requests per second to send at now. */
  get perSecond(): number {
    return this.#perSecond;
  }

  /** A request was sent at `atMs`. */
  sent(atMs: number): void {
    this.#firstSentMs ??= atMs;
    const slot = slotOf(atMs);
    this.#slotAt(slot).sent += 1;
    const drop = this.#drop;
    if (drop !== undefined && inSpan(slot, drop.afterSlot)) drop.after.sent += 1;
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
        : cubicRate(this.#startRate, throttled, seconds);
    this.#perSecond = Math.min(this.#ceiling, Math.max(MIN_PER_SECOND, grown));
  }

  /**
   * A request sent at `sentAtMs` was throttled, as `nowMs` learnt: the rate drops, unless that request
   * was sent before the last drop or within a second after it, unless the last drop turns out not to
   * have helped (then it is undone), and unless the throttling is no more than is tolerated.
   */
  throttled(sentAtMs: number, nowMs: number): void {
    const slot = slotOf(sentAtMs);
    const counted = this.#slotAt(slot);
    if (counted.slot === slot) counted.throttled += 1;
    const drop = this.#drop;
    if (drop !== undefined && inSpan(slot, drop.afterSlot)) drop.after.throttled += 1;
    if (sentAtMs < this.#droppedAtMs + SAME_THROTTLING_MS) return;
    if (drop !== undefined && slot < drop.afterSlot + SLOTS_PER_SPAN) return; // still being judged
    const previous = this.#previousDrop;
    if (drop !== undefined && previous !== undefined && !helped(previous, drop)) {
      this.#undo(drop, nowMs, share(this.#span(slot, BACKGROUND_SPAN_SLOTS)));
      return;
    }
    const recent = this.#span(slot);
    const background =
      this.#background !== undefined && nowMs < this.#background.untilMs ? this.#background.share : 0;
    if (background > 0 && tolerated(recent, background)) return;
    // Below what the service accepted before a drop of the last few seconds, throttling the drop did
    // not stop is not the rate's doing, unless a large share of a second is throttled (the limit came
    // down): the drop is undone.
    const accepted = this.#throttledRate;
    const below = accepted !== undefined && this.#perSecond < accepted;
    if (below && drop !== undefined && nowMs - drop.atMs < JUDGED_MS) {
      if (share(recent) <= background + LIMIT_CAME_DOWN_SHARE) {
        this.#undo(drop, nowMs, undefined);
        return;
      }
    }
    this.#cut(recent, nowMs);
  }

  /** Drops the rate, aiming the curve below what the service accepted in the second of `recent`. */
  #cut(recent: Tally, nowMs: number): void {
    // The rate actually sent at (a client may send slower than its rate), once it has sent for a second.
    const measured =
      this.#firstSentMs !== undefined && nowMs - this.#firstSentMs >= SAME_THROTTLING_MS
        ? Math.max(recent.sent, MIN_PER_SECOND)
        : Number.POSITIVE_INFINITY;
    const sending = Math.min(this.#perSecond, measured);
    const dropped = Math.max(MIN_PER_SECOND, sending * BACKOFF);
    const accepted = sending * (1 - share(recent)) * ACCEPTED_SHARE;
    const last = this.#drop;
    // Throttling that goes on past the second after the last drop is the same episode: keep that drop
    // to compare this one with.
    this.#previousDrop =
      last !== undefined && slotOf(nowMs) <= last.afterSlot + 3 * SLOTS_PER_SPAN ? last : undefined;
    this.#drop = {
      atMs: nowMs,
      afterSlot: slotOf(nowMs) + SLOTS_PER_SPAN,
      after: { sent: 0, throttled: 0 },
      undo: {
        perSecond: this.#perSecond,
        throttledRate: this.#throttledRate,
        startRate: this.#startRate,
        growthSeconds: this.#growthSeconds,
      },
    };
    this.#throttledRate = Math.max(dropped, accepted);
    this.#startRate = dropped;
    this.#droppedAtMs = nowMs;
    this.#growthSeconds = 0;
    this.#perSecond = Math.min(this.#ceiling, dropped);
  }

  /**
   * Goes back to the rate before `drop`; with a `background` share, tolerates that share of throttled
   * replies for a while.
   */
  #undo(drop: Drop, nowMs: number, background: number | undefined): void {
    this.#perSecond = drop.undo.perSecond;
    this.#throttledRate = drop.undo.throttledRate;
    this.#startRate = drop.undo.startRate;
    this.#growthSeconds = drop.undo.growthSeconds;
    this.#droppedAtMs = nowMs;
    this.#drop = undefined;
    this.#previousDrop = undefined;
    if (background !== undefined) this.#background = { share: background, untilMs: nowMs + BACKGROUND_MS };
  }

  /** The requests sent in the `slots` (a second by default) that end with `lastSlot`. */
  #span(lastSlot: number, slots = SLOTS_PER_SPAN): Tally {
    const tally = { sent: 0, throttled: 0 };
    for (let slot = lastSlot - slots + 1; slot <= lastSlot; slot++) {
      const counted = this.#slots[indexOf(slot)];
      if (counted === undefined || counted.slot !== slot) continue;
      tally.sent += counted.sent;
      tally.throttled += counted.throttled;
    }
    return tally;
  }

  /** The counts of `slot`, emptied first if they still hold an older slot's. */
  #slotAt(slot: number): { slot: number; sent: number; throttled: number } {
    const counted = this.#slots[indexOf(slot)] as { slot: number; sent: number; throttled: number };
    if (counted.slot < slot) {
      counted.slot = slot;
      counted.sent = 0;
      counted.throttled = 0;
    }
    return counted;
  }
}

function indexOf(slot: number): number {
  return ((slot % SLOTS) + SLOTS) % SLOTS;
}

/** Whether `slot` falls in the second that starts with `firstSlot`. */
function inSpan(slot: number, firstSlot: number): boolean {
  return slot >= firstSlot && slot < firstSlot + SLOTS_PER_SPAN;
}

function slotOf(ms: number): number {
  return Math.floor(ms / SLOT_MS);
}

/** The share of `tally` throttled, 0 when nothing was sent. */
function share(tally: Tally): number {
  return tally.sent === 0 ? 0 : Math.min(1, tally.throttled / tally.sent);
}

/**
 * Whether the `later` of two drops in a row made throttling rarer: the requests of the second after it
 * were throttled less often than those of the second after the `earlier` one. Without requests after
 * either, it is taken to have helped.
 */
function helped(earlier: Drop, later: Drop): boolean {
  const before = earlier.after;
  const after = later.after;
  if (before.sent === 0 || after.sent === 0) return true;
  return after.throttled * before.sent < before.throttled * after.sent;
}

/**
 * Whether `recent` holds no more throttled replies than a share `background` of them explains, give or
 * take its chance variation (three standard deviations, plus one).
 */
function tolerated(recent: Tally, background: number): boolean {
  const expected = recent.sent * background;
  return recent.throttled <= expected + 3 * Math.sqrt(expected * (1 - background)) + 1;
}

/**
 * The rate `seconds` after a drop to `startRate` on the cubic curve back to `throttledRate`: back at it
 * after CUBIC's K (at most {@link MAX_RECOVERY_SECONDS}), flat around it, then growing past it.
 */
function cubicRate(startRate: number, throttledRate: number, seconds: number): number {
  const drop = Math.max(0, throttledRate - startRate);
  const period = Math.min(MAX_RECOVERY_SECONDS, Math.cbrt(drop / CUBIC_SCALE));
  const scale =
    seconds > period ? PROBE_SCALE : period === MAX_RECOVERY_SECONDS ? drop / period ** 3 : CUBIC_SCALE;
  return scale * (seconds - period) ** 3 + throttledRate;
}
