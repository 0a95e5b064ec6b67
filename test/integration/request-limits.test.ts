import { afterEach, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../src/emulator/index.js';
import { AbortError, SasClient, ValidationError } from '../../src/index.js';

const PAGE = { RequestId: 'R', TotalCount: 0, SuspEvents: [] };

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

/** An emulator whose DescribeSuspEvents answers after `delayMs`, recording the peak of requests in flight. */
async function slowEmulator(delayMs: number) {
  let inFlight = 0;
  let peak = 0;
  const starts: number[] = [];
  emulator = await startEmulator({
    handlers: {
      DescribeSuspEvents: async () => {
        starts.push(performance.now());
        inFlight++;
        peak = Math.max(peak, inFlight);
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        inFlight--;
        return { status: 200, body: PAGE };
      },
    },
  });
  return { emulator, peak: () => peak, starts };
}

describe('request limits of a client', () => {
  it('keeps at most maxConcurrentRequests in flight', async () => {
    const { emulator, peak } = await slowEmulator(30);
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
    const { emulator, starts } = await slowEmulator(0);
    const sas = new SasClient({
      endpoint: emulator.endpoint,
      protocol: 'http',
      credential: emulator.credentials,
      maxRequestsPerSecond: 50,
    });
    await Promise.all(Array.from({ length: 11 }, () => sas.describeSuspEvents()));
    const spanMs = (starts.at(-1) ?? 0) - (starts[0] ?? 0);
    expect(spanMs).toBeGreaterThanOrEqual(180); // 10 gaps of 20 ms, minus timer slack
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
  });
});
