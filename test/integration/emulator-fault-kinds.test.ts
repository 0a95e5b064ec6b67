import { describe, expect, it, vi } from 'vitest';
import type { FaultKind } from '../../src/emulator/index.js';
import {
  AuthenticationError,
  InvalidResponseError,
  NetworkError,
  SasClient,
  type SdkError,
  ServerError,
  ThrottlingError,
  TimeoutError,
} from '../../src/index.js';
import { useEmulators } from '../support/emulators.js';
import { until, useFakeClock } from '../support/fake-clock.js';
import { ALERTS, failure, faultSetup } from '../support/fault-emulator.js';

const setup = faultSetup(useEmulators());

describe('each fault, as the client meets it', () => {
  it.each<[FaultKind, number, new (...args: never[]) => SdkError, Record<string, unknown>]>([
    ['throttle', 400, ThrottlingError, { code: 'Throttling.User', statusCode: 400, retryable: true }],
    ['internalError', 500, ServerError, { code: 'InternalError', statusCode: 500, retryable: true }],
    ['html503', 503, InvalidResponseError, { code: 'MalformedResponse', retryable: true }],
    ['malformedJson', 200, InvalidResponseError, { code: 'MalformedResponse', retryable: true }],
    ['resetBeforeApply', 0, NetworkError, { code: 'ECONNRESET', retryable: true }],
    ['hang', 0, TimeoutError, { code: 'RequestTimeout', retryable: true }],
  ])(
    '%s on a read: status %i answered, the client gets the expected error',
    async (kind, status, type, fields) => {
      const { emulator, sas } = await setup(
        { faults: [{ action: 'DescribeSuspEvents', queue: [kind] }] },
        { timeoutMs: 300 },
      );

      const error = await failure(sas.describeSuspEvents({ PageSize: '5' }));
      const page = await sas.describeSuspEvents({ PageSize: '5' });

      expect(error).toBeInstanceOf(type);
      expect(error).toMatchObject(fields);
      expect(page.TotalCount).toBe(ALERTS.length);
      expect(emulator.received.map(({ status, fault }) => ({ status, fault }))).toEqual([
        { status, fault: kind },
        { status: 200, fault: undefined },
      ]);
    },
  );

  it('a read retried through a queue of every fault that applies nothing succeeds', async () => {
    const queue: FaultKind[] = [
      'throttle',
      'internalError',
      'html503',
      'malformedJson',
      'resetBeforeApply',
      'hang',
    ];
    const { emulator, sas } = await setup(
      { faults: [{ action: 'DescribeSuspEvents', queue }] },
      { timeoutMs: 250, retry: { maxAttempts: 7, baseDelayMs: 1, maxDelayMs: 2 } },
    );

    const page = await sas.describeSuspEvents({ PageSize: '5' });

    expect(page.SuspEvents).toHaveLength(5);
    expect(emulator.received.map((entry) => entry.fault)).toEqual([...queue, undefined]);
    expect(emulator.faults.injected().total).toBe(6);
  });

  it('latency answers normally, latencyMs late', async () => {
    const { emulator, sas } = await setup({
      faults: [{ action: 'DescribeSuspEvents', queue: ['latency'], latencyMs: 150 }],
    });

    useFakeClock();
    let answered = false;
    const page = sas.describeSuspEvents({ PageSize: '5' }).finally(() => {
      answered = true;
    });
    await until(() => emulator.count() === 1);
    await vi.advanceTimersByTimeAsync(149);
    expect(answered).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect((await page).TotalCount).toBe(ALERTS.length);
  });

  it('faults only requests that pass the signature check', async () => {
    const { emulator, sas } = await setup({ faults: [{ action: '*', queue: ['throttle'] }] });
    const forged = new SasClient({
      endpoint: emulator.endpoint,
      protocol: 'http',
      credential: { ...emulator.credentials, accessKeySecret: 'not-the-secret' },
      retry: false,
    });

    expect(await failure(forged.describeSuspEvents({}))).toBeInstanceOf(AuthenticationError);
    expect(await failure(sas.describeSuspEvents({}))).toBeInstanceOf(ThrottlingError);
    expect(emulator.received.map(({ code, fault }) => ({ code, fault }))).toEqual([
      { code: 'SignatureDoesNotMatch', fault: undefined },
      { code: 'Throttling.User', fault: 'throttle' },
    ]);
  });
});
