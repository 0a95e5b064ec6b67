/**
 * What a failed call says of its retries (`attempts`, `totalDelayMs` on the error, `delayMs` and
 * `willRetry` on each audit event), and that a call whose signal has aborted sends nothing, not even
 * after the caller has been told it was aborted.
 */
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { apiError } from '../../src/emulator/index.js';
import { AbortError, ServerError, ThrottlingError, ValidationError } from '../../src/index.js';
import { useEmulatorClients } from '../support/emulator-clients.js';
import { until, useFakeClock } from '../support/fake-clock.js';

const OK_PAGE = { RequestId: 'REQ-OK', TotalCount: 0, SuspEvents: [] };
const throttled = apiError(400, 'Throttling.User', 'Request was denied due to user flow control.');
const HANDLE = { SecurityEventIds: ['7009605'], OperationCode: 'ignore', OperationParams: '{}' } as const;

// Without the adaptive rate: the waits measured are the backoff's alone.
const setup = useEmulatorClients({
  retry: { maxAttempts: 3, baseDelayMs: 20, maxDelayMs: 40 },
  adaptiveRate: false,
});

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

describe('attempts and totalDelayMs', () => {
  it('count every attempt and the backoff waited between them', async () => {
    const { sas, audit } = await setup({ DescribeSuspEvents: () => throttled });
    // Full jitter: before retry n, a random wait below min(maxDelayMs, baseDelayMs * 2^(n-1)). With the
    // random draw fixed at 0.5 and the clock fake, the waits are exactly 10 and 20 ms of that clock.
    const random = vi.spyOn(Math, 'random').mockReturnValue(0.5);
    onTestFinished(() => {
      random.mockRestore();
    });
    useFakeClock();
    const call = sas.describeSuspEvents().catch((caught: unknown) => caught);
    await until(() => audit.length === 1);
    await vi.advanceTimersByTimeAsync(10);
    await until(() => audit.length === 2);
    await vi.advanceTimersByTimeAsync(20);
    const error = await call;

    expect(error).toBeInstanceOf(ThrottlingError);
    const { attempts, totalDelayMs } = error as ThrottlingError;
    expect(attempts).toBe(3);
    expect(audit.map((event) => event.attempt)).toEqual([1, 2, 3]);
    expect(audit.map((event) => event.delayMs)).toEqual([0, 10, 20]);
    expect(totalDelayMs).toBe(30);
    expect(totalDelayMs).toBeCloseTo(sum(audit.map((event) => event.delayMs)), 6);
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({ attempts: 3, totalDelayMs });
  });

  it('are 1 and 0 when the call is not retried', async () => {
    const { sas } = await setup({ HandleSecurityEvents: () => apiError(500, 'ServerError', 'ServerError') });
    const error = await sas.handleSecurityEvents(HANDLE).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ attempts: 1, totalDelayMs: 0 });
  });

  it('are undefined on errors found before any call', async () => {
    const { sas } = await setup({});
    const error = await sas.describeSuspEvents({ PageSize: 'twenty' }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ attempts: undefined, totalDelayMs: undefined });
    expect(JSON.stringify(error)).not.toMatch(/attempts|totalDelayMs/);
  });

  it('count the attempts made when the signal aborts during a backoff', async () => {
    const { sas, emulator, audit } = await setup(
      { DescribeSuspEvents: () => throttled },
      { retry: { maxAttempts: 5, baseDelayMs: 5_000, maxDelayMs: 5_000 } },
    );
    // The first backoff is a random wait below 5 s; with the draw fixed near its top and the clock fake,
    // the abort comes 100 ms (of that clock) into it.
    const random = vi.spyOn(Math, 'random').mockReturnValue(0.9);
    onTestFinished(() => {
      random.mockRestore();
    });
    useFakeClock();
    const controller = new AbortController();
    const call = sas.describeSuspEvents({}, { signal: controller.signal }).catch((caught: unknown) => caught);
    await until(() => audit.length === 1);
    await vi.advanceTimersByTimeAsync(100);
    controller.abort();
    const error = await call;

    expect(error).toBeInstanceOf(AbortError);
    expect((error as AbortError).attempts).toBe(emulator.count());
    expect((error as AbortError).attempts).toBe(1);
    expect((error as AbortError).totalDelayMs).toBe(100);
  });
});

describe('an aborted call', () => {
  it('sends nothing when its signal has aborted before it starts, not even later', async () => {
    const { sas, emulator, audit } = await setup({
      HandleSecurityEvents: () => ({ status: 200, body: OK_PAGE }),
    });
    const error = await sas
      .handleSecurityEvents(HANDLE, { signal: AbortSignal.abort() })
      .catch((caught: unknown) => caught);
    await new Promise((resolve) => setTimeout(resolve, 200));

    expect(error).toBeInstanceOf(AbortError);
    expect(error).toMatchObject({ attempts: 0, totalDelayMs: 0 });
    expect(emulator.count()).toBe(0);
    expect(audit).toEqual([]);
  });
});

describe('willRetry', () => {
  it('is true on the audit event of a success: false envelope that is retried', async () => {
    let calls = 0;
    const { sddp, audit } = await setup({
      DescribeRiskRules: () =>
        calls++ === 0
          ? { status: 200, body: { success: false, code: 500, message: 'Internal error', requestId: 'R1' } }
          : { status: 200, body: { RequestId: 'R2', Items: [], TotalCount: 0 } },
    });
    await sddp.describeRiskRules();

    expect(audit.map((event) => [event.attempt, event.outcome, event.willRetry])).toEqual([
      [1, 'error', true],
      [2, 'success', false],
    ]);
  });
});
