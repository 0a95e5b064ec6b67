/**
 * The adaptive send rate on the fake clock: how it grows while requests wait for it, how a throttled
 * reply lowers it (once per throttling), and how it climbs back, measured in starts per second of fake
 * time, so the figures are exact whatever the load of the machine.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { seededRandom } from '../../src/emulator/random.js';
import { AdaptiveRate, INITIAL_REQUESTS_PER_SECOND } from '../../src/transport/adaptive-rate.js';
import { RequestLimiter } from '../../src/transport/limiter.js';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
});

afterEach(() => {
  vi.useRealTimers();
});

/**
 * Keeps `lanes` callers asking the limiter for a start, back to back, for `ms` of fake time; each start
 * lasts `holdMs`. Returns the fake time of every start, and a way to throttle the request that started
 * at a given time.
 */
async function saturate(
  limiter: RequestLimiter,
  ms: number,
  options: { lanes?: number; holdMs?: number } = {},
) {
  const { lanes = 64, holdMs = 0 } = options;
  const starts: number[] = [];
  const origin = performance.now();
  let stop = false;
  const lane = async () => {
    while (!stop) {
      const release = await limiter.acquire(undefined, 'DescribeSuspEvents');
      if (stop) {
        release();
        return;
      }
      starts.push(performance.now() - origin);
      if (holdMs > 0) await new Promise((resolve) => setTimeout(resolve, holdMs));
      release();
    }
  };
  const running = Promise.all(Array.from({ length: lanes }, lane));
  await vi.advanceTimersByTimeAsync(ms);
  stop = true;
  await vi.advanceTimersByTimeAsync(5_000);
  await running;
  return starts;
}

/**
 * Keeps 16 callers sending through `limiter` for `ms` of fake time against a service that answers in
 * `latencyMs` and throttles a request (answering at once) when `throttles` says so for its start time;
 * the limiter hears of each throttled reply. Returns the start times and the throttled replies.
 */
async function serve(
  limiter: RequestLimiter,
  ms: number,
  throttles: (startedMs: number) => boolean,
  latencyMs = 100,
) {
  const starts: number[] = [];
  let throttled = 0;
  const origin = performance.now();
  let stop = false;
  const lane = async () => {
    while (!stop) {
      const release = await limiter.acquire(undefined, 'DescribeSuspEvents');
      const started = performance.now();
      if (stop) {
        release();
        return;
      }
      starts.push(started - origin);
      const isThrottled = throttles(started - origin);
      await new Promise((resolve) => setTimeout(resolve, isThrottled ? 1 : latencyMs));
      if (isThrottled) {
        throttled += 1;
        limiter.throttled(started);
      }
      release();
    }
  };
  const running = Promise.all(Array.from({ length: 16 }, lane));
  await vi.advanceTimersByTimeAsync(ms);
  stop = true;
  // Callers still waiting for a rate at its floor take up to half a minute to get through.
  await vi.advanceTimersByTimeAsync(60_000);
  await running;
  return { starts, throttled };
}

/** A service's flow control: the first `limit` requests of each second of the clock pass. */
function flowControl(limit: number): (startedMs: number) => boolean {
  let second = -1;
  let inSecond = 0;
  return (startedMs) => {
    const now = Math.floor(startedMs / 1000);
    if (now !== second) {
      second = now;
      inSecond = 0;
    }
    inSecond += 1;
    return inSecond > limit;
  };
}

/** The median of `values`. */
function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/** Starts in each whole second of `starts`, from 0. */
function perSecond(starts: readonly number[]): number[] {
  const counts: number[] = [];
  for (const at of starts) {
    const second = Math.floor(at / 1000);
    counts[second] = (counts[second] ?? 0) + 1;
  }
  return Array.from(counts, (count) => count ?? 0);
}

describe('AdaptiveRate', () => {
  it('starts at 20 requests/s and grows by 15 % for each second requests waited for it', () => {
    const rate = new AdaptiveRate();
    expect(rate.perSecond).toBe(INITIAL_REQUESTS_PER_SECOND);
    rate.grow(1000);
    expect(rate.perSecond).toBeCloseTo(23, 6);
    rate.grow(1000);
    expect(rate.perSecond).toBeCloseTo(20 * 1.15 ** 2, 6);
  });

  it('drops to 70 % on a throttled reply, once for the requests sent before it or in the second after', () => {
    const rate = new AdaptiveRate({ initialPerSecond: 50 });
    rate.throttled(10_000, 10_100);
    expect(rate.perSecond).toBeCloseTo(35, 6);
    // Sent before the drop, or within a second after it: the same throttling.
    rate.throttled(10_050, 10_200);
    rate.throttled(10_900, 11_200);
    expect(rate.perSecond).toBeCloseTo(35, 6);
    // Sent more than a second after the drop, once the second after it is over: a new one, unless it is
    // alone while the rate is still below what the service accepted (48.5/s): then the drop did not stop
    // the throttling, and is undone.
    rate.throttled(12_200, 12_300);
    expect(rate.perSecond).toBe(50);
    rate.throttled(13_400, 13_500);
    expect(rate.perSecond).toBeCloseTo(35, 6);
  });

  it('climbs back to just below the throttled rate within a minute, stays near it, then probes beyond', () => {
    const rateAfter = (seconds: number) => {
      const probe = new AdaptiveRate({ initialPerSecond: 50 });
      probe.throttled(0, 0);
      probe.grow(seconds * 1000);
      return probe.perSecond;
    };
    // 97 % of the 50/s the service accepted: 48.5.
    expect(rateAfter(10)).toBeGreaterThan(40);
    expect(rateAfter(30)).toBeGreaterThan(46);
    expect(rateAfter(30)).toBeLessThan(48.5);
    expect(rateAfter(60)).toBeCloseTo(48.5, 6);
    expect(rateAfter(90)).toBeLessThan(51);
    expect(rateAfter(150)).toBeGreaterThan(65);
  });

  it('undoes a second drop that did not make throttling rarer, and tolerates such throttling', () => {
    const rate = new AdaptiveRate({ initialPerSecond: 20 });
    // 20/s, every other request throttled whatever the rate.
    let sentAt = 0;
    const second = (perSecond: number) => {
      const from = sentAt;
      for (let index = 0; index < perSecond; index++) {
        sentAt = from + (index * 1000) / perSecond;
        rate.sent(sentAt);
        if (index % 2 === 1) rate.throttled(sentAt, sentAt + 1);
      }
      sentAt = from + 1000;
    };
    second(20);
    expect(rate.perSecond).toBeCloseTo(14, 6);
    second(14);
    second(14);
    expect(rate.perSecond).toBeCloseTo(9.8, 6);
    second(10);
    second(10);
    // The requests after the second drop were throttled as often as those after the first: undone.
    expect(rate.perSecond).toBeCloseTo(14, 6);
    for (let index = 0; index < 30; index++) second(14);
    expect(rate.perSecond).toBeCloseTo(14, 6);
  });

  it('never exceeds its ceiling, nor falls below half a request per second', () => {
    const rate = new AdaptiveRate({ initialPerSecond: 50, ceilingPerSecond: 50 });
    rate.grow(600_000);
    expect(rate.perSecond).toBe(50);
    const low = new AdaptiveRate({ initialPerSecond: 1 });
    for (let second = 0; second < 20; second++) {
      low.sent(second * 2000);
      low.throttled(second * 2000, second * 2000 + 1);
    }
    expect(low.perSecond).toBe(0.5);
  });
});

describe('RequestLimiter with an adaptive rate', () => {
  it('grows from 20/s while callers wait for it, and not while they send slower than it', async () => {
    const limiter = new RequestLimiter(64, new AdaptiveRate());
    const starts = await saturate(limiter, 5_000);
    const counts = perSecond(starts).slice(0, 5);
    // It grows as it goes: 20/s at the start of the first second.
    expect(counts[0]).toBeGreaterThanOrEqual(20);
    expect(counts[0]).toBeLessThanOrEqual(23);
    for (let second = 1; second < 5; second++)
      expect(counts[second]).toBeGreaterThan(counts[second - 1] as number);
    expect(counts[4]).toBeGreaterThanOrEqual(35);
    expect(counts[4]).toBeLessThanOrEqual(40);

    // One caller at a time, 100 ms each: 10/s, below the rate, which therefore does not grow.
    const slow = new AdaptiveRate();
    const slowStarts = await saturate(new RequestLimiter(64, slow), 10_000, { lanes: 1, holdMs: 100 });
    expect(slowStarts.length).toBeGreaterThanOrEqual(100);
    expect(slowStarts.length).toBeLessThanOrEqual(101);
    expect(slow.perSecond).toBe(INITIAL_REQUESTS_PER_SECOND);
  });

  it('sends at 70 % after a throttled reply, then climbs back without probing past the throttled rate for a minute', async () => {
    const rate = new AdaptiveRate({ initialPerSecond: 50 });
    const limiter = new RequestLimiter(64, rate);
    limiter.throttled(performance.now());
    const starts = await saturate(limiter, 120_000);
    const counts = perSecond(starts);
    expect(counts[0]).toBeGreaterThanOrEqual(35);
    expect(counts[0]).toBeLessThanOrEqual(37);
    expect(Math.max(...counts.slice(0, 60))).toBeLessThanOrEqual(50);
    expect(counts.slice(30, 60).every((count) => count >= 47)).toBe(true);
    expect(Math.max(...counts.slice(110, 120))).toBeGreaterThan(50);
  });
});

describe('RequestLimiter with an adaptive rate, against throttling', () => {
  it('keeps sending near its rate when 40 % of requests are throttled whatever the rate', async () => {
    const random = seededRandom('random throttling');
    const { starts, throttled } = await serve(
      new RequestLimiter(64, new AdaptiveRate()),
      120_000,
      () => random() < 0.4,
    );
    const counts = perSecond(starts).slice(0, 120);
    // Cutting the rate does not make such throttling any rarer: the rate must not ratchet down to its
    // floor, but keep around where it started.
    expect(throttled).toBeGreaterThan(0.3 * starts.length);
    expect(median(counts.slice(60))).toBeGreaterThanOrEqual(INITIAL_REQUESTS_PER_SECOND / 2);
    expect(Math.min(...counts.slice(60))).toBeGreaterThanOrEqual(2);
  });

  it('settles below a service that accepts 50 requests a second, with few throttled replies', async () => {
    const { starts, throttled } = await serve(
      new RequestLimiter(64, new AdaptiveRate()),
      500_000,
      flowControl(50),
    );
    const counts = perSecond(starts).slice(0, 500);
    expect(throttled).toBeLessThanOrEqual(10);
    // Within 1.3 times the time the service needs for the accepted requests.
    expect(starts.length - throttled).toBeGreaterThanOrEqual((500 * 50) / 1.3);
    expect(median(counts.slice(20))).toBeLessThanOrEqual(50);
  }, 30_000);

  it('stays below that service when its requests arrive up to 40 ms late, as on a busy machine', async () => {
    const random = seededRandom('arrivals');
    const service = flowControl(50);
    const { starts, throttled } = await serve(
      new RequestLimiter(64, new AdaptiveRate()),
      500_000,
      (startedMs) => service(startedMs + 40 * random()),
    );
    expect(throttled).toBeLessThanOrEqual(10);
    expect(starts.length - throttled).toBeGreaterThanOrEqual((500 * 50) / 1.3);
  }, 30_000);

  it('backs off to a service that accepts 5 requests a second, far below where it starts', async () => {
    const { starts, throttled } = await serve(
      new RequestLimiter(64, new AdaptiveRate()),
      120_000,
      flowControl(5),
    );
    const counts = perSecond(starts).slice(0, 120);
    // Throttled replies stop once it has found the limit: few after the first 20 s.
    expect(throttled).toBeLessThanOrEqual(60);
    expect(Math.max(...counts.slice(20))).toBeLessThanOrEqual(6);
    expect(median(counts.slice(20))).toBeGreaterThanOrEqual(3);
  });
});
