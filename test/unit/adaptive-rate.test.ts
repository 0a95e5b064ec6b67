/**
 * The adaptive send rate on the fake clock: how it grows while requests wait for it, how a throttled
 * reply lowers it (once per throttling), and how it climbs back, measured in starts per second of fake
 * time, so the figures are exact whatever the load of the machine.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
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

  it('drops to 70 % on a throttled reply, once for the requests of the same second', () => {
    const rate = new AdaptiveRate({ initialPerSecond: 50 });
    rate.throttled(10_000, 10_100);
    expect(rate.perSecond).toBeCloseTo(35, 6);
    // Sent before the drop, or answered within a second of it: the same throttling.
    rate.throttled(10_050, 10_200);
    rate.throttled(10_150, 10_900);
    expect(rate.perSecond).toBeCloseTo(35, 6);
    // A request sent after the drop and throttled more than a second later: a new one.
    rate.throttled(10_500, 11_200);
    expect(rate.perSecond).toBeCloseTo(24.5, 6);
  });

  it('climbs back to the throttled rate in about a minute, stays near it, then probes beyond', () => {
    const rate = new AdaptiveRate({ initialPerSecond: 50 });
    rate.throttled(0, 0);
    const rateAfter = (seconds: number) => {
      const probe = new AdaptiveRate({ initialPerSecond: 50 });
      probe.throttled(0, 0);
      probe.grow(seconds * 1000);
      return probe.perSecond;
    };
    expect(rateAfter(10)).toBeGreaterThan(40);
    expect(rateAfter(30)).toBeGreaterThan(47);
    expect(rateAfter(30)).toBeLessThan(50);
    expect(rateAfter(67)).toBeCloseTo(50, 1);
    expect(rateAfter(90)).toBeLessThan(51);
    expect(rateAfter(150)).toBeGreaterThan(75);
  });

  it('never exceeds its ceiling, nor falls below half a request per second', () => {
    const rate = new AdaptiveRate({ initialPerSecond: 50, ceilingPerSecond: 50 });
    rate.grow(600_000);
    expect(rate.perSecond).toBe(50);
    const low = new AdaptiveRate({ initialPerSecond: 1 });
    for (let second = 0; second < 20; second++) low.throttled(second * 2000, second * 2000 + 1);
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
    const starts = await saturate(limiter, 90_000);
    const counts = perSecond(starts);
    expect(counts[0]).toBeGreaterThanOrEqual(35);
    expect(counts[0]).toBeLessThanOrEqual(37);
    expect(Math.max(...counts.slice(0, 60))).toBeLessThanOrEqual(50);
    expect(counts.slice(30, 60).every((count) => count >= 47)).toBe(true);
    expect(Math.max(...counts.slice(80, 90))).toBeGreaterThan(50);
  });
});
