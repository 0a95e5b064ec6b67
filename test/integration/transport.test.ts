import { inspect } from 'node:util';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import {
  apiError,
  type EmulatorHandler,
  type EmulatorReply,
  startEmulator,
} from '../../src/emulator/index.js';
import {
  AbortError,
  AuthenticationError,
  InvalidResponseError,
  NetworkError,
  SasClient,
  ServerError,
  ThrottlingError,
  TimeoutError,
  ValidationError,
} from '../../src/index.js';
import type { RequestAuditEvent } from '../../src/transport/options.js';
import { closedPort } from '../support/closed-port.js';
import { useEmulatorClients } from '../support/emulator-clients.js';
import { until, useFakeClock } from '../support/fake-clock.js';

const FAST_RETRY = { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 };
const OK_PAGE = {
  RequestId: 'REQ-OK',
  Count: 0,
  CurrentPage: 1,
  PageSize: 20,
  TotalCount: 0,
  SuspEvents: [],
};
const TASK = { RequestId: 'REQ-TASK', HandleSecurityEventsResponse: { TaskId: 15411 } };
const HANDLE = { SecurityEventIds: ['1'], OperationCode: 'ignore', OperationParams: '{}' } as const;

const setup = useEmulatorClients({ retry: FAST_RETRY });

/** A handler that answers from a list, one reply per request, repeating the last. */
function sequence(...replies: EmulatorReply[]): EmulatorHandler {
  let index = 0;
  return () => replies[Math.min(index++, replies.length - 1)] as EmulatorReply;
}

const throttled = apiError(400, 'Throttling.User', 'Request was denied due to user flow control.');
const serverError = apiError(500, 'ServerError', 'ServerError');

describe('retries', () => {
  it('retries a throttled read and reports every attempt to the audit hook', async () => {
    const { sas, audit, emulator } = await setup({
      DescribeSuspEvents: sequence(throttled, throttled, { status: 200, body: OK_PAGE }),
    });
    const page = await sas.describeSuspEvents({ PageSize: '20' });
    expect(page.RequestId).toBe('REQ-OK');
    expect(emulator.count('DescribeSuspEvents')).toBe(3);
    expect(audit.map((event) => [event.attempt, event.outcome, event.willRetry])).toEqual([
      [1, 'error', true],
      [2, 'error', true],
      [3, 'success', false],
    ]);
    expect(audit[0]?.error).toBeInstanceOf(ThrottlingError);
    expect(audit[2]?.params).toEqual({ PageSize: '20' });
  });

  it('gives up after maxAttempts with the last typed error', async () => {
    const { sas, emulator } = await setup({ DescribeSuspEvents: () => throttled });
    await expect(sas.describeSuspEvents()).rejects.toBeInstanceOf(ThrottlingError);
    expect(emulator.count('DescribeSuspEvents')).toBe(3);
  });

  it('retries a read after a 5xx and a reset connection', async () => {
    const { sas, emulator } = await setup({
      DescribeSuspEvents: sequence(
        serverError,
        { status: 200, body: {}, dropConnection: true },
        { status: 200, body: OK_PAGE },
      ),
    });
    await expect(sas.describeSuspEvents()).resolves.toMatchObject({ RequestId: 'REQ-OK' });
    expect(emulator.count('DescribeSuspEvents')).toBe(3);
  });

  it('retries HandleSecurityEvents after throttling, which proves nothing was applied', async () => {
    const { sas, emulator } = await setup({
      HandleSecurityEvents: sequence(throttled, { status: 200, body: TASK }),
    });
    await expect(sas.handleSecurityEvents(HANDLE)).resolves.toMatchObject({
      HandleSecurityEventsResponse: { TaskId: 15411 },
    });
    expect(emulator.count('HandleSecurityEvents')).toBe(2);
  });

  it.each([
    ['a 5xx', serverError, ServerError],
    ['a reset connection', { status: 200, body: {}, dropConnection: true }, NetworkError],
  ] as const)('never retries HandleSecurityEvents after %s', async (_label, reply, type) => {
    const { sas, emulator } = await setup({ HandleSecurityEvents: () => reply });
    const error = await sas.handleSecurityEvents(HANDLE).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(type);
    expect((error as NetworkError).retryable).toBe(false);
    expect(emulator.count('HandleSecurityEvents')).toBe(1);
  });

  it('never retries HandleSecurityEvents after a timeout', async () => {
    const { sas, emulator } = await setup(
      { HandleSecurityEvents: () => ({ status: 200, body: TASK, delayMs: 2_000 }) },
      { timeoutMs: 100 },
    );
    await expect(sas.handleSecurityEvents(HANDLE)).rejects.toBeInstanceOf(TimeoutError);
    expect(emulator.count('HandleSecurityEvents')).toBe(1);
  });

  it('retries a refused connection, even for HandleSecurityEvents, then reports a NetworkError', async () => {
    const port = await closedPort();
    const audit: RequestAuditEvent[] = [];
    const sas = new SasClient({
      endpoint: `127.0.0.1:${port}`,
      protocol: 'http',
      credential: { accessKeyId: 'LTAIexample', accessKeySecret: 'NeverShownSecret123' },
      retry: FAST_RETRY,
      onAudit: (event) => {
        if (event.kind === 'request') audit.push(event);
      },
    });
    const error = await sas.handleSecurityEvents(HANDLE).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).code).toBe('ECONNREFUSED');
    expect(audit).toHaveLength(3);
    expect((error as Error).message).not.toMatch(/http:\/\/|NeverShownSecret123/);
  });

  it('respects the total retry budget', async () => {
    const { sas, emulator } = await setup(
      { DescribeSuspEvents: () => ({ ...throttled, delayMs: 60 }) },
      { retry: { maxAttempts: 10, baseDelayMs: 1, maxDelayMs: 1, maxElapsedMs: 100 } },
    );
    await expect(sas.describeSuspEvents()).rejects.toBeInstanceOf(ThrottlingError);
    expect(emulator.count('DescribeSuspEvents')).toBeLessThanOrEqual(3);
  });
});

describe('deadlines and abort', () => {
  it('enforces the per-call deadline itself', async () => {
    // The emulator never answers and the client's own timeout is far away: only the per-call deadline
    // can end this call, so no clock needs reading.
    const { sas } = await setup(
      { DescribeSuspEvents: () => ({ status: 200, body: OK_PAGE, neverAnswer: true }) },
      {
        retry: false,
        timeoutMs: 600_000,
      },
    );
    const error = await sas.describeSuspEvents({}, { timeoutMs: 150 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).timeoutMs).toBe(150);
  });

  it('rejects at once when the signal aborts mid-call', async () => {
    // Aborted once the request has reached the emulator, which never answers: nothing but the abort
    // can end the call before the client's timeout, which is far away.
    const controller = new AbortController();
    const { sas } = await setup(
      {
        DescribeSuspEvents: () => {
          controller.abort();
          return { status: 200, body: OK_PAGE, neverAnswer: true };
        },
      },
      { timeoutMs: 600_000 },
    );
    await expect(sas.describeSuspEvents({}, { signal: controller.signal })).rejects.toBeInstanceOf(
      AbortError,
    );
  });

  it('sends nothing when the signal is already aborted', async () => {
    const { sas, emulator } = await setup({ DescribeSuspEvents: () => ({ status: 200, body: OK_PAGE }) });
    await expect(sas.describeSuspEvents({}, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(
      AbortError,
    );
    expect(emulator.count()).toBe(0);
  });

  it('stops retrying when aborted during a backoff', async () => {
    const { sas, emulator, audit } = await setup(
      { DescribeSuspEvents: () => throttled },
      { retry: { maxAttempts: 5, baseDelayMs: 2_000, maxDelayMs: 2_000 } },
    );
    // On the fake clock the backoff lasts until the test advances it: the abort surely comes during it.
    useFakeClock();
    const controller = new AbortController();
    const call = sas.describeSuspEvents({}, { signal: controller.signal });
    call.catch(() => undefined);
    await until(() => audit.length === 1);
    await vi.advanceTimersByTimeAsync(100);
    controller.abort();
    await expect(call).rejects.toBeInstanceOf(AbortError);
    expect(emulator.count()).toBeLessThanOrEqual(2);
  });
});

describe('validation', () => {
  it('rejects a bad request before sending anything, naming the field', async () => {
    const { sas, emulator } = await setup({});
    const error = await sas.describeSuspEvents({ PageSize: 'twenty' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe('PageSize');
    await expect(
      sas.handleSecurityEvents({ ...HANDLE, SecurityEventId: '1' } as unknown as typeof HANDLE),
    ).rejects.toThrow(/SecurityEventId/);
    await expect(sas.describeSecurityEventOperationStatus({})).rejects.toThrow(/TaskId.*SecurityEventIds/);
    expect(emulator.count()).toBe(0);
  });

  it('validates the response, naming the field path, and keeps extra fields', async () => {
    const event = { Id: 1, Level: 'serious', Unexpected: 'kept' };
    const { sas } = await setup({
      DescribeSuspEvents: sequence(
        { status: 200, body: { ...OK_PAGE, SuspEvents: [event] } },
        { status: 200, body: { ...OK_PAGE, TotalCount: 'many', SuspEvents: [event] } },
      ),
    });
    const page = await sas.describeSuspEvents();
    expect(page.SuspEvents?.[0]).toMatchObject({ Unexpected: 'kept' });
    const error = await sas.describeSuspEvents().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as InvalidResponseError).path).toBe('TotalCount');
    expect((error as InvalidResponseError).requestId).toBe('REQ-OK');
  });
});

describe('wire format', () => {
  it('flattens arrays, joins comma lists and puts body parameters in the form body', async () => {
    const seen: Record<string, string>[] = [];
    const { sas } = await setup({
      DescribeSuspEvents: (request) => {
        seen.push({ ...request.params });
        return { status: 200, body: OK_PAGE };
      },
      HandleSecurityEvents: (request) => {
        seen.push({ ...request.params });
        return { status: 200, body: TASK };
      },
    });
    await sas.describeSuspEvents({
      SourceAliUids: [111, 222],
      AssetsTypeList: ['ecs', 'cloud'],
      TacticId: 'TA0001',
    });
    await sas.handleSecurityEvents({
      SecurityEventIds: ['7', '8'],
      OperationCode: 'block_ip',
      OperationParams: JSON.stringify({ expireTime: 1773991205392 }),
    });
    expect(seen[0]).toEqual({
      SourceAliUids: '111,222',
      'AssetsTypeList.1': 'ecs',
      'AssetsTypeList.2': 'cloud',
      TacticId: 'TA0001',
    });
    expect(seen[1]).toEqual({
      'SecurityEventIds.1': '7',
      'SecurityEventIds.2': '8',
      OperationCode: 'block_ip',
      OperationParams: '{"expireTime":1773991205392}',
    });
  });

  it('signs with the legacy v1 signature when asked', async () => {
    const { sas } = await setup(
      { DescribeSuspEvents: () => ({ status: 200, body: OK_PAGE }) },
      { signatureVersion: 'v1' },
    );
    await expect(sas.describeSuspEvents({ PageSize: '5' })).resolves.toMatchObject({ RequestId: 'REQ-OK' });
  });
});

describe('credentials and secrets', () => {
  it('uses STS credentials from a rotating provider', async () => {
    const emulator = await startEmulator({
      keys: [
        { accessKeyId: 'STS.one', accessKeySecret: 'secret-one-000', securityToken: 'token-one' },
        { accessKeyId: 'STS.two', accessKeySecret: 'secret-two-000', securityToken: 'token-two' },
      ],
      handlers: { DescribeSuspEvents: () => ({ status: 200, body: OK_PAGE }) },
    });
    onTestFinished(() => emulator.close());
    const keys = [
      { accessKeyId: 'STS.one', accessKeySecret: 'secret-one-000', securityToken: 'token-one' },
      { accessKeyId: 'STS.two', accessKeySecret: 'secret-two-000', securityToken: 'token-two' },
    ];
    let n = 0;
    const sas = new SasClient({
      endpoint: emulator.endpoint,
      protocol: 'http',
      credential: { getCredential: async () => ({ ...keys[n++ % 2], type: 'sts' }) },
    });
    await sas.describeSuspEvents();
    await sas.describeSuspEvents();
    expect(emulator.received.map((request) => request.accessKeyId)).toEqual(['STS.one', 'STS.two']);
  });

  it('never shows the secret: not in the client, not in an authentication error', async () => {
    const emulator = await startEmulator({});
    onTestFinished(() => emulator.close());
    const secret = 'WrongSecretThatMustStayHidden';
    const sas = new SasClient({
      endpoint: emulator.endpoint,
      protocol: 'http',
      credential: {
        accessKeyId: emulator.credentials.accessKeyId,
        accessKeySecret: secret,
        securityToken: 'tok-123456',
      },
    });
    expect(inspect(sas, { depth: 10, showHidden: true })).not.toContain(secret);
    expect(JSON.stringify(sas)).not.toContain(secret);
    const error = await sas.describeSuspEvents().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthenticationError);
    const everything = inspect(error, { depth: 10, showHidden: true });
    expect(everything).not.toContain(secret);
    expect(everything).not.toContain('tok-123456');
    expect(everything).not.toMatch(/Signature=[0-9a-f]{16}/);
  });

  it('never shows the token or signature of a v1 URL in a network error', async () => {
    const port = await closedPort();
    const sas = new SasClient({
      endpoint: `127.0.0.1:${port}`,
      protocol: 'http',
      signatureVersion: 'v1',
      retry: false,
      credential: {
        accessKeyId: 'STS.id',
        accessKeySecret: 'v1-secret-value',
        securityToken: 'v1-token-value',
      },
    });
    const error = await sas.describeSuspEvents().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NetworkError);
    const everything = inspect(error, { depth: 10, showHidden: true });
    expect(everything).not.toMatch(/v1-token-value|v1-secret-value|Signature=|http:\/\//);
  });

  it('ignores an audit hook that throws', async () => {
    const { sas } = await setup(
      { DescribeSuspEvents: () => ({ status: 200, body: OK_PAGE }) },
      {
        onAudit: () => {
          throw new Error('hook failure');
        },
      },
    );
    await expect(sas.describeSuspEvents()).resolves.toMatchObject({ RequestId: 'REQ-OK' });
  });
});

describe('construction', () => {
  it('says what to set when there is no endpoint, and validates options', () => {
    expect(() => new SasClient({})).toThrow(/regionId.*endpoint/);
    expect(() => new SasClient({ regionId: 'cn-shanghai', timeoutMs: 0 })).toThrow(ValidationError);
    expect(() => new SasClient({ regionId: 'cn-shanghai', retry: { maxAttempts: 0 } })).toThrow(
      /maxAttempts/,
    );
    expect(
      new SasClient({ regionId: 'cn-hangzhou', credential: { accessKeyId: 'a', accessKeySecret: 'b' } }),
    ).toBeInstanceOf(SasClient);
  });
});
