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
