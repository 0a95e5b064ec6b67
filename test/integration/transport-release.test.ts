/**
 * A finished call leaves nothing behind that would keep its request, answer and body alive: no timer
 * (deadline, pacing, backoff) outlives the call. `@alicloud/openapi-client` 0.4 leaves one read timer
 * per call alive for its whole read timeout (docs/upstream/openapi-client-read-timer.md), which on a
 * long walk holds that many finished requests; this client must not.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Emulator, sampleAlerts, startEmulator } from '../../src/emulator/index.js';
import { SasClient } from '../../src/index.js';
import { useFakeClock } from '../support/fake-clock.js';

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

/** Runs `work` to its end, moving the fake clock a millisecond at a time while real I/O goes on. */
async function driven<T>(work: Promise<T>): Promise<T> {
  let done = false;
  const settled = work.finally(() => {
    done = true;
  });
  while (!done) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    await vi.advanceTimersByTimeAsync(1);
  }
  return settled;
}

describe('what a finished call leaves behind', () => {
  it('no timer: the deadline, the pacing and the backoff of every call are gone once it answered', async () => {
    emulator = await startEmulator({
      alerts: sampleAlerts(100),
      // One throttled attempt: a backoff and a resend, under the 10 s deadline of each attempt.
      faults: [{ action: 'DescribeSuspEvents', queue: ['throttle'] }],
    });
    useFakeClock();
    const sas = new SasClient({ endpoint: emulator.url, credential: emulator.credentials });
    for (let page = 1; page <= 5; page++) {
      const answer = await driven(sas.describeSuspEvents({ CurrentPage: String(page), PageSize: '20' }));
      expect(answer.SuspEvents).toHaveLength(20);
      expect(vi.getTimerCount()).toBe(0);
    }
    const pages = await driven(
      Promise.all([1, 2, 3, 4].map((page) => sas.describeSuspEvents({ CurrentPage: String(page) }))),
    );
    expect(pages).toHaveLength(4);
    expect(vi.getTimerCount()).toBe(0);
    expect(emulator.count('DescribeSuspEvents')).toBe(10);
  });
});
