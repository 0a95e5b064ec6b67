/**
 * What a failed call says of its retries (`attempts`, `totalDelayMs` on the error, `delayMs` and
 * `willRetry` on each audit event), and that a call whose signal has aborted sends nothing, not even
 * after the caller has been told it was aborted.
 */
import { describe, expect, it } from 'vitest';
import { apiError } from '../../src/emulator/index.js';
import { AbortError, ServerError, ThrottlingError, ValidationError } from '../../src/index.js';
import { useEmulatorClients } from '../support/emulator-clients.js';

const OK_PAGE = { RequestId: 'REQ-OK', TotalCount: 0, SuspEvents: [] };
const throttled = apiError(400, 'Throttling.User', 'Request was denied due to user flow control.');
const HANDLE = { SecurityEventIds: ['7009605'], OperationCode: 'ignore', OperationParams: '{}' } as const;

const setup = useEmulatorClients({ retry: { maxAttempts: 3, baseDelayMs: 20, maxDelayMs: 40 } });

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

describe('attempts and totalDelayMs', () => {
  it('count every attempt and the backoff waited between them', async () => {
    const { sas, audit } = await setup({ DescribeSuspEvents: () => throttled });
    const error = await sas.describeSuspEvents().catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ThrottlingError);
    const { attempts, totalDelayMs } = error as ThrottlingError;
    expect(attempts).toBe(3);
    expect(audit.map((event) => event.attempt)).toEqual([1, 2, 3]);
    expect(audit[0]?.delayMs).toBe(0);
    // Full jitter: before retry n, a random wait of at most min(maxDelayMs, baseDelayMs * 2^(n-1)).
    expect(audit[1]?.delayMs).toBeLessThanOrEqual(20 + 15);
    expect(audit[2]?.delayMs).toBeLessThanOrEqual(40 + 15);
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
    const error = await sas
      .describeSuspEvents({ PageSize: 20 as unknown as string })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ attempts: undefined, totalDelayMs: undefined });
    expect(JSON.stringify(error)).not.toMatch(/attempts|totalDelayMs/);
  });

  it('count the attempts made when the signal aborts during a backoff', async () => {
    const { sas, emulator } = await setup(
      { DescribeSuspEvents: () => throttled },
      { retry: { maxAttempts: 5, baseDelayMs: 5_000, maxDelayMs: 5_000 } },
    );
    const controller = new AbortController();
    const call = sas.describeSuspEvents({}, { signal: controller.signal }).catch((caught: unknown) => caught);
    await new Promise((resolve) => setTimeout(resolve, 100));
    controller.abort();
    const error = await call;

    expect(error).toBeInstanceOf(AbortError);
    // The first backoff was a random wait of up to 5 s; the abort may have come before it started.
    expect((error as AbortError).attempts).toBe(emulator.count());
    expect((error as AbortError).totalDelayMs).toBeLessThan(1_000);
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
