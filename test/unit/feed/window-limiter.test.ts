import { describe, expect, it, vi } from 'vitest';
import { WindowLimiter } from '../../../src/feed/sinks/window-limiter.js';
import { AbortError } from '../../../src/index.js';
import { failure } from '../../support/caught.js';
import { settleOnClock, useFakeClock } from '../../support/fake-clock.js';

describe('WindowLimiter', () => {
  it('lets through at most `messages` in any window, counting each until `windowMs` after it ended', async () => {
    useFakeClock();
    const limiter = new WindowLimiter([{ messages: 3, windowMs: 60_000 }]);
    const signal = new AbortController().signal;
    const started: number[] = [];
    const ended: number[] = [];
    const run = async () => {
      for (let request = 0; request < 10; request++) {
        const release = await limiter.acquire(signal, 'test');
        started.push(performance.now());
        // Each request takes 5 s on the network.
        await new Promise((resolve) => setTimeout(resolve, 5_000));
        ended.push(performance.now());
        release();
      }
    };
    await settleOnClock(run());
    // Request n + 3 starts no earlier than 60 s after request n ended.
    for (let index = 3; index < started.length; index++) {
      expect(started[index]).toBeGreaterThanOrEqual((ended[index - 3] as number) + 60_000);
    }
    // One at a time: each starts after the one before ended.
    for (let index = 1; index < started.length; index++) {
      expect(started[index]).toBeGreaterThanOrEqual(ended[index - 1] as number);
    }
    expect(started.slice(0, 3)).toEqual([0, 5_000, 10_000]);
    expect(started[3]).toBe(65_000);
  });

  it('keeps every limit: 5 a second and 100 a minute', async () => {
    useFakeClock();
    const limiter = new WindowLimiter([
      { messages: 5, windowMs: 1_000 },
      { messages: 100, windowMs: 60_000 },
    ]);
    const signal = new AbortController().signal;
    const started: number[] = [];
    const run = async () => {
      for (let request = 0; request < 130; request++) {
        const release = await limiter.acquire(signal, 'test');
        started.push(performance.now());
        release();
      }
    };
    await settleOnClock(run());
    const inWindow = (from: number, windowMs: number) =>
      started.filter((at) => at >= from && at < from + windowMs).length;
    expect(Math.max(...started.map((from) => inWindow(from, 1_000)))).toBe(5);
    expect(Math.max(...started.map((from) => inWindow(from, 60_000)))).toBe(100);
  });

  it('gives up waiting when the signal aborts, and counts nothing for it', async () => {
    useFakeClock();
    const limiter = new WindowLimiter([{ messages: 1, windowMs: 60_000 }]);
    const controller = new AbortController();
    (await limiter.acquire(controller.signal, 'test'))();
    const waiting = limiter.acquire(controller.signal, 'test');
    await vi.advanceTimersByTimeAsync(30_000);
    controller.abort();
    expect(await failure(waiting)).toBeInstanceOf(AbortError);
    // The next one waits for the window of the first request only.
    const next = limiter.acquire(new AbortController().signal, 'test');
    await vi.advanceTimersByTimeAsync(30_000);
    (await next)();
    expect(performance.now()).toBe(60_000);
  });
});
