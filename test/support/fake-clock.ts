import { onTestFinished, vi } from 'vitest';

/**
 * Puts the rest of the current test on a fake clock for the waits of the SDK and the emulator:
 * `setTimeout`, `clearTimeout` and `performance.now()` are faked, so backoffs, pacing, deadlines and
 * reply delays last exactly as long as the test advances the clock (`vi.advanceTimersByTimeAsync`),
 * whatever the load of the machine. Sockets, `setImmediate` and `Date` stay real: an emulator on a real
 * HTTP server keeps answering. The real clock comes back when the test finishes.
 */
export function useFakeClock(): void {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
  onTestFinished(() => {
    vi.useRealTimers();
  });
}

/**
 * Lets real I/O (requests to an emulator, their answers) run until `condition` holds; the fake clock
 * does not move meanwhile. The test's timeout bounds the wait.
 */
export async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise<void>((resolve) => setImmediate(resolve));
}

/**
 * Waits for `promise` on the fake clock: whenever real I/O has had its turn and timers are pending, the
 * clock jumps to the next one, so that waits (backoffs, rate limits, spaced feeds) pass at once while
 * local servers go on answering. Time may pass while a request is on the network, as it does for real.
 */
export async function settleOnClock<T>(promise: Promise<T>): Promise<T> {
  let settled = false;
  const tracked = promise.finally(() => {
    settled = true;
  });
  tracked.catch(() => undefined);
  while (!settled) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (!settled && vi.getTimerCount() > 0) await vi.advanceTimersToNextTimerAsync();
  }
  return tracked;
}
