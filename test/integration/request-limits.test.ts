import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Emulator, startEmulator } from '../../src/emulator/index.js';
import { AbortError, SasClient, ValidationError } from '../../src/index.js';
import { until, useFakeClock } from '../support/fake-clock.js';

const PAGE = { RequestId: 'R', TotalCount: 0, SuspEvents: [] };

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

/** An emulator whose DescribeSuspEvents answers after `delayMs`, recording when each request came. */
async function slowEmulator(delayMs: number) {
  const starts: number[] = [];
  emulator = await startEmulator({
    handlers: {
      DescribeSuspEvents: async () => {
        starts.push(performance.now());
        if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
        return { status: 200, body: PAGE };
      },
    },
  });
  return { emulator, starts };
}

/**
 * An emulator whose DescribeSuspEvents holds each request until `group` are in flight, then answers
 * them all, recording the peak of requests in flight. It answers only while the client keeps `group`
 * requests in flight, whatever the time each takes to arrive.
 */
async function gatedEmulator(group: number) {
  let inFlight = 0;
  let peak = 0;
  let waiting: (() => void)[] = [];
  emulator = await startEmulator({
    handlers: {
      DescribeSuspEvents: async () => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        const held = new Promise<void>((resolve) => waiting.push(resolve));
        if (inFlight >= group) {
          for (const release of waiting) release();
          waiting = [];
        }
        await held;
        inFlight--;
        return { status: 200, body: PAGE };
      },
    },
  });
  return { emulator, peak: () => peak };
}

describe('request limits of a client', () => {
  it('keeps at most maxConcurrentRequests in flight', async () => {
    const { emulator, peak } = await gatedEmulator(3);
    const sas = new SasClient({
      endpoint: emulator.endpoint,
      protocol: 'http',
      credential: emulator.credentials,
      maxConcurrentRequests: 3,
    });
    await Promise.all(Array.from({ length: 12 }, () => sas.describeSuspEvents()));
    expect(peak()).toBe(3);
    expect(emulator.count('DescribeSuspEvents')).toBe(12);
  });

  it('spaces requests at maxRequestsPerSecond', async () => {
    // The arrival times are read on a fake clock the test advances: exact figures under any load. The
    // limiter's own timing is covered in test/unit/limiter.test.ts; bench/rate.ts measures the real rate.
    const { emulator, starts } = await slowEmulator(0);
    useFakeClock();
    const sas = new SasClient({
      endpoint: emulator.endpoint,
      protocol: 'http',
      credential: emulator.credentials,
      maxRequestsPerSecond: 50,
    });
    const origin = performance.now();
    const calls = Promise.all(Array.from({ length: 11 }, () => sas.describeSuspEvents()));
    for (let arrived = 1; arrived < 11; arrived++) {
      await until(() => starts.length >= arrived);
      await vi.advanceTimersByTimeAsync(20);
    }
    await calls;
    // One request every 1000 / 50 = 20 ms of the (fake) clock, none earlier than its turn.
    expect(starts.map((at) => at - origin)).toEqual([0, 20, 40, 60, 80, 100, 120, 140, 160, 180, 200]);
  });

  it('sends at 70 % of its rate once the service throttles it, and resends the throttled call', async () => {
    emulator = await startEmulator({
      handlers: { DescribeSuspEvents: () => ({ status: 200, body: PAGE }) },
      faults: [{ action: 'DescribeSuspEvents', queue: ['throttle'] }],
    });
    useFakeClock();
    // When each attempt started, on the fake clock: its audit event comes at its end, `durationMs` later.
    const attempts: { outcome: string; startedAt: number }[] = [];
    const sas = new SasClient({
      endpoint: emulator.endpoint,
      protocol: 'http',
      credential: emulator.credentials,
      maxRequestsPerSecond: 10,
      retry: { baseDelayMs: 0 },
      onAudit: (event) => {
        if (event.kind === 'request') {
          attempts.push({ outcome: event.outcome, startedAt: performance.now() - event.durationMs });
        }
      },
    });
    const drive = async (count: number) => {
      while (attempts.length < count) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        await vi.advanceTimersByTimeAsync(1);
      }
    };
    const origin = performance.now();
    const first = sas.describeSuspEvents();
    await drive(2);
    await first;
    const more = Promise.all(Array.from({ length: 4 }, () => sas.describeSuspEvents()));
    await drive(6);
    await more;
    expect(attempts.map((attempt) => attempt.outcome)).toEqual(['error', ...Array(5).fill('success')]);
    const starts = attempts.map((attempt) => attempt.startedAt - origin);
    // Throttled at 10/s: the resend keeps its turn 100 ms later, then one request every 1000 / 7 ms
    // on average (142.9 ms; timers round each wait to whole milliseconds).
    expect(starts.slice(0, 2)).toEqual([0, 100]);
    const average = ((starts[5] as number) - (starts[1] as number)) / 4;
    expect(average).toBeGreaterThan(139);
    expect(average).toBeLessThan(144);
    const gaps = starts.slice(2).map((at, index) => at - (starts[index + 1] as number));
    for (const gap of gaps) expect(gap).toBeGreaterThan(135);
    expect(emulator.count('DescribeSuspEvents')).toBe(6);
  });

  it('lets a waiting call leave the queue when it is aborted, sending nothing', async () => {
    const { emulator } = await slowEmulator(200);
    const sas = new SasClient({
      endpoint: emulator.endpoint,
      protocol: 'http',
      credential: emulator.credentials,
      maxConcurrentRequests: 1,
    });
    const first = sas.describeSuspEvents();
    const controller = new AbortController();
    const second = sas.describeSuspEvents({}, { signal: controller.signal });
    controller.abort();
    await expect(second).rejects.toBeInstanceOf(AbortError);
    await first;
    expect(emulator.count('DescribeSuspEvents')).toBe(1);
  });

  it('validates the limits', () => {
    const base = { regionId: 'cn-shanghai' };
    expect(() => new SasClient({ ...base, maxConcurrentRequests: 0 })).toThrow(ValidationError);
    expect(() => new SasClient({ ...base, maxConcurrentRequests: 1.5 })).toThrow(/maxConcurrentRequests/);
    expect(() => new SasClient({ ...base, maxRequestsPerSecond: 0 })).toThrow(/maxRequestsPerSecond/);
    expect(() => new SasClient({ ...base, adaptiveRate: 'on' as never })).toThrow(/adaptiveRate/);
  });
});
