/**
 * The request limiter under fake timers: how many requests start per second, how evenly, and in
 * which order, measured on the fake clock, so the figures are exact whatever the load of the machine.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AbortError } from '../../src/index.js';
import { fixedRate, RequestLimiter } from '../../src/transport/limiter.js';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
});

afterEach(() => {
  vi.useRealTimers();
});

/**
 * Starts `count` requests at once through `limiter`; each records the fake time it was let through
 * and frees its slot at once (or after `holdMs` of fake time).
 */
function burst(limiter: RequestLimiter, count: number, holdMs = 0) {
  const origin = performance.now();
  const starts: number[] = [];
  const order: number[] = [];
  const done = Promise.all(
    Array.from({ length: count }, async (_, index) => {
      const release = await limiter.acquire(undefined, 'DescribeSuspEvents');
      starts.push(performance.now() - origin);
      order.push(index);
      if (holdMs > 0) await new Promise((resolve) => setTimeout(resolve, holdMs));
      release();
    }),
  );
  return { starts, order, done };
}

/** The most starts that fall in any window of `windowMs` beginning at a start. */
function peakInWindow(starts: readonly number[], windowMs: number): number {
  return Math.max(...starts.map((from) => starts.filter((at) => at >= from && at < from + windowMs).length));
}

describe('RequestLimiter, maxPerSecond', () => {
  it('starts requests at most N per second, evenly spaced at 1000/N ms', async () => {
    const limiter = new RequestLimiter(100, fixedRate(50));
    const { starts, done } = burst(limiter, 11);
    await vi.advanceTimersByTimeAsync(1_000);
    await done;
    expect(starts).toEqual([0, 20, 40, 60, 80, 100, 120, 140, 160, 180, 200]);
  });

  it('never lets more than N start in any second of a long burst', async () => {
    const limiter = new RequestLimiter(100, fixedRate(4));
    const { starts, done } = burst(limiter, 20);
    await vi.advanceTimersByTimeAsync(10_000);
    await done;
    expect(starts).toHaveLength(20);
    expect(peakInWindow(starts, 1_000)).toBe(4);
    const gaps = starts.slice(1).map((at, index) => at - (starts[index] as number));
    expect(new Set(gaps)).toEqual(new Set([250]));
  });

  it('lets nothing through before its turn', async () => {
    const limiter = new RequestLimiter(100, fixedRate(10));
    const { starts } = burst(limiter, 5);
    await vi.advanceTimersByTimeAsync(0);
    expect(starts).toEqual([0]);
    await vi.advanceTimersByTimeAsync(99);
    expect(starts).toEqual([0]);
    await vi.advanceTimersByTimeAsync(1);
    expect(starts).toEqual([0, 100]);
  });

  it('saves up no burst while idle: after a pause the next requests are spaced again', async () => {
    const limiter = new RequestLimiter(100, fixedRate(10));
    await burst(limiter, 1).done;
    await vi.advanceTimersByTimeAsync(5_000);
    const { starts, done } = burst(limiter, 3);
    await vi.advanceTimersByTimeAsync(1_000);
    await done;
    expect(starts).toEqual([0, 100, 200]);
  });

  it('serves waiting requests in order', async () => {
    const limiter = new RequestLimiter(100, fixedRate(20));
    const { order, done } = burst(limiter, 8);
    await vi.advanceTimersByTimeAsync(1_000);
    await done;
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('frees the slot of a request aborted while it waits for its turn, which then starts nothing', async () => {
    const limiter = new RequestLimiter(1, fixedRate(10));
    const first = await limiter.acquire(undefined, 'DescribeSuspEvents');
    first();
    const controller = new AbortController();
    const aborted = limiter.acquire(controller.signal, 'DescribeSuspEvents');
    const caught = aborted.catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(50);
    controller.abort();
    expect(await caught).toBeInstanceOf(AbortError);
    // The only slot is free again, and the aborted request took no turn: the next request starts at the
    // turn it would have had, 100 ms after the first (50 ms after this burst began).
    const { starts, done } = burst(limiter, 1);
    await vi.advanceTimersByTimeAsync(1_000);
    await done;
    expect(starts).toEqual([50]);
  });
});

describe('RequestLimiter, maxConcurrent', () => {
  it('keeps at most maxConcurrent in flight and hands a freed slot to the next in line', async () => {
    const limiter = new RequestLimiter(3, undefined);
    const { starts, order, done } = burst(limiter, 7, 100);
    await vi.advanceTimersByTimeAsync(0);
    expect(starts).toEqual([0, 0, 0]);
    await vi.advanceTimersByTimeAsync(100);
    expect(starts).toEqual([0, 0, 0, 100, 100, 100]);
    await vi.advanceTimersByTimeAsync(200);
    await done;
    expect(starts).toEqual([0, 0, 0, 100, 100, 100, 200]);
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('takes a free slot synchronously when no rate applies, and refuses when all are taken', () => {
    const limiter = new RequestLimiter(2, undefined);
    const first = limiter.tryAcquire();
    const second = limiter.tryAcquire();
    expect(first).toBeTypeOf('function');
    expect(second).toBeTypeOf('function');
    expect(limiter.tryAcquire()).toBeUndefined();
    first?.();
    first?.(); // releasing twice frees one slot only
    expect(limiter.tryAcquire()).toBeTypeOf('function');
    expect(limiter.tryAcquire()).toBeUndefined();
  });

  it('takes a slot synchronously under a rate only when the rate lets a request start now', async () => {
    const limiter = new RequestLimiter(2, fixedRate(10));
    expect(limiter.tryAcquire()).toBeTypeOf('function');
    expect(limiter.tryAcquire()).toBeUndefined();
    await vi.advanceTimersByTimeAsync(100);
    expect(limiter.tryAcquire()).toBeTypeOf('function');
  });
});
