/**
 * A known AccessKey secret and STS token are driven through every way a call can fail: refused keys,
 * broken credential sources of the default chain, network errors (also with the token in a v1 URL),
 * timeouts, gateway pages, `success: false` envelopes, service messages that echo them. Neither may
 * show anywhere a caller can look: the error (message, `String`, `inspect`, JSON, every cause), the
 * audit events, the console, a recorded cassette, or the clients and handlers themselves.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  apiError,
  CassetteRecorder,
  type Emulator,
  type EmulatorHandlers,
  sampleAlerts,
  sampleRisks,
  startEmulator,
} from '../../src/emulator/index.js';
import {
  AlertHandler,
  type AuditEvent,
  AuthenticationError,
  type ClientOptions,
  CredentialsError,
  type InvalidResponseError,
  NetworkError,
  RiskHandler,
  SasClient,
  SddpClient,
  SdkError,
  ServerError,
  TimeoutError,
} from '../../src/index.js';
import { closedPort } from '../support/closed-port.js';
import { isolateCredentialEnvironment } from '../support/credential-environment.js';

/** Shaped like the real ones: a 30-character secret, a long base64 STS token with `+`, `/` and `=`. */
const SECRET = 'Zq7LeakProbeSecret0Xw9Tr4Ub2Vy';
const TOKEN = `CAIS${'LeakProbeToken+9f/3Kx'.repeat(12)}Gq1vRz==`;
const KEY_ID = 'STS.NTLeakProbeKeyId';
const STS = { accessKeyId: KEY_ID, accessKeySecret: SECRET, securityToken: TOKEN };
/** The whole values, their URL-encoded forms, and their first and last 12 characters. */
const FORBIDDEN = [SECRET, TOKEN].flatMap((value) => [
  value,
  encodeURIComponent(value),
  value.slice(0, 12),
  value.slice(-12),
]);

const cleanups: (() => unknown)[] = [];
let written: string[] = [];
const home = isolateCredentialEnvironment();

beforeEach(() => {
  written = [];
  for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      written.push(
        args.map((arg) => (typeof arg === 'string' ? arg : inspect(arg, { depth: 10 }))).join(' '),
      );
    });
  }
});

afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

/** An emulator that accepts {@link STS} (so calls signed with it get through), closed after the test. */
async function emulatorWith(handlers: EmulatorHandlers = {}): Promise<Emulator> {
  const emulator = await startEmulator({
    keys: [STS],
    handlers,
    state: { alerts: sampleAlerts(5), risks: sampleRisks(3) },
  });
  cleanups.push(() => emulator.close());
  return emulator;
}

/** A local HTTP server answering every request with `reply`, closed after the test; its URL. */
async function httpServer(reply: { status: number; body: string }): Promise<string> {
  const server: Server = createServer((_request, response) => {
    response.writeHead(reply.status, { 'content-type': 'application/json' }).end(reply.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => server.close(resolve)));
  const address = server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}/credentials`;
}

/** Connection options to an emulator, fast retries, and the audit hook. */
function connect(
  emulator: Emulator | { endpoint: string },
  onAudit: (event: AuditEvent) => void,
  extra: Partial<ClientOptions> = {},
): ClientOptions {
  return {
    endpoint: emulator.endpoint,
    protocol: 'http',
    credential: STS,
    retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 },
    onAudit,
    ...extra,
  };
}

interface Observed {
  readonly error: unknown;
  readonly events: readonly AuditEvent[];
}

/** Runs a failing call with an audit hook that also records a cassette, and checks every surface. */
async function expectNoLeak(
  call: (onAudit: (event: AuditEvent) => void) => Promise<unknown>,
): Promise<Observed> {
  const events: AuditEvent[] = [];
  const recorder = new CassetteRecorder();
  const onAudit = (event: AuditEvent) => {
    events.push(event);
    recorder.onAudit(event);
  };
  const error = await call(onAudit).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error, 'the call must fail').toBeInstanceOf(SdkError);

  const surfaces: [string, string][] = [
    ['error.message', (error as Error).message],
    ['String(error)', String(error)],
    ['inspect(error)', inspect(error, { depth: 10, showHidden: true })],
    ['JSON.stringify(error)', JSON.stringify(error)],
    ...causes(error).flatMap((cause, depth): [string, string][] => [
      [`cause ${depth}: message and stack`, `${String(cause)}\n${(cause as Error).stack ?? ''}`],
      [`cause ${depth}: inspect`, inspect(cause, { depth: 10, showHidden: true })],
      [`cause ${depth}: JSON`, JSON.stringify(cause) ?? ''],
    ]),
    ...events.flatMap((event, index): [string, string][] => [
      [`audit event ${index}: JSON`, JSON.stringify(event)],
      [`audit event ${index}: inspect`, inspect(event, { depth: 10, showHidden: true })],
    ]),
    ['console', written.join('\n')],
    ['cassette', JSON.stringify(recorder.take('leak-probe', 'secrets test'))],
  ];
  const leaks = surfaces.flatMap(([where, text]) =>
    FORBIDDEN.filter((value) => text.includes(value)).map((value) => `${where} shows ${value.slice(0, 8)}…`),
  );
  expect(leaks).toEqual([]);
  return { error, events };
}

function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let cause = (error as Error).cause; cause !== undefined && chain.length < 10; ) {
    chain.push(cause);
    cause = (cause as Error).cause;
  }
  return chain;
}

describe('refused keys', () => {
  it('a wrong secret for a known STS key (SignatureDoesNotMatch), with v3 and v1 signatures', async () => {
    const emulator = await startEmulator({
      keys: [{ ...STS, accessKeySecret: 'TheRealSecretTheClientLacks000' }],
    });
    cleanups.push(() => emulator.close());
    for (const signatureVersion of ['v3', 'v1'] as const) {
      const { error } = await expectNoLeak((onAudit) =>
        new SasClient(connect(emulator, onAudit, { signatureVersion })).describeSuspEvents({ PageSize: '5' }),
      );
      expect(error).toBeInstanceOf(AuthenticationError);
      expect((error as AuthenticationError).code).toBe('SignatureDoesNotMatch');
    }
  });

  it('an unknown AccessKey ID', async () => {
    const emulator = await emulatorWith();
    const { error } = await expectNoLeak((onAudit) =>
      new AlertHandler(
        connect(emulator, onAudit, { credential: { ...STS, accessKeyId: 'LTAIunknownLeakProbe' } }),
      ).getOperations('7009605'),
    );
    expect((error as AuthenticationError).code).toMatch(/^InvalidAccessKeyId/);
  });
});

describe('the default credential chain', () => {
  it.each([
    [
      'a truncated JSON profile',
      `{"current":"default","profiles":[{"name":"default","mode":"StsToken","access_key_id":"${KEY_ID}","access_key_secret":"${SECRET}","sts_token":"${TOKEN}"`,
    ],
    [
      'a profile written as INI',
      `[default]\naccess_key_id = ${KEY_ID}\naccess_key_secret = ${SECRET}\nsts_token = ${TOKEN}\n`,
    ],
  ])('a malformed ~/.aliyun/config.json: %s', async (_kind, content) => {
    mkdirSync(join(home(), '.aliyun'));
    writeFileSync(join(home(), '.aliyun', 'config.json'), content);
    const emulator = await emulatorWith();
    const { error } = await expectNoLeak((onAudit) =>
      new SasClient(connect(emulator, onAudit, { credential: undefined })).describeSuspEvents(),
    );
    expect(error).toBeInstanceOf(CredentialsError);
    expect(emulator.count()).toBe(0);
  });

  it.each([
    ['a reply without a token', 200, JSON.stringify({ AccessKeyId: KEY_ID, AccessKeySecret: SECRET })],
    [
      'a 500 that carries the credentials',
      500,
      JSON.stringify({ ...credentialsReply(), Code: 'InternalError' }),
    ],
    ['garbage', 200, `AccessKeyId: ${KEY_ID}\nAccessKeySecret: ${SECRET}\nSecurityToken: ${TOKEN}\n<<<`],
    ['a cut JSON reply', 200, JSON.stringify(credentialsReply()).slice(0, -30)],
  ])('a failing ALIBABA_CLOUD_CREDENTIALS_URI: %s', async (_kind, status, body) => {
    process.env.ALIBABA_CLOUD_CREDENTIALS_URI = await httpServer({ status, body });
    const emulator = await emulatorWith();
    const { error } = await expectNoLeak((onAudit) =>
      new AlertHandler(connect(emulator, onAudit, { credential: undefined })).plan([
        {
          alertId: '7009605',
          operation: { code: 'ignore', params: '{}', destructive: false, description: 'Ignore' },
        },
      ]),
    );
    expect(error).toBeInstanceOf(CredentialsError);
    expect(emulator.count()).toBe(0);
  });

  it('the URI serves good STS credentials: the call gets through, nothing shows them', async () => {
    process.env.ALIBABA_CLOUD_CREDENTIALS_URI = await httpServer({
      status: 200,
      body: JSON.stringify(credentialsReply()),
    });
    const emulator = await emulatorWith({
      DescribeSuspEvents: () => apiError(500, 'ServiceUnavailable', 'Try later.'),
    });
    const { error } = await expectNoLeak((onAudit) =>
      new SasClient(connect(emulator, onAudit, { credential: undefined })).describeSuspEvents(),
    );
    expect(error).toBeInstanceOf(ServerError);
    expect(emulator.received[0]?.accessKeyId).toBe(KEY_ID);
  });
});

function credentialsReply() {
  return {
    Code: 'Success',
    AccessKeyId: KEY_ID,
    AccessKeySecret: SECRET,
    SecurityToken: TOKEN,
    Expiration: new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z'),
  };
}

describe('network errors and timeouts', () => {
  it.each(['v3', 'v1'] as const)('a closed port, %s signature', async (signatureVersion) => {
    const endpoint = `127.0.0.1:${await closedPort()}`;
    const { error, events } = await expectNoLeak((onAudit) =>
      new SasClient(connect({ endpoint }, onAudit, { signatureVersion })).handleSecurityEvents({
        SecurityEventIds: ['7009605'],
        OperationCode: 'ignore',
        OperationParams: '{}',
      }),
    );
    expect(error).toBeInstanceOf(NetworkError);
    expect(events).toHaveLength(2);
  });

  it('a connection reset mid-answer, v1 signature', async () => {
    const emulator = await emulatorWith({
      DescribeRiskRules: () => ({ status: 200, body: {}, dropConnection: true }),
    });
    const { error } = await expectNoLeak((onAudit) =>
      new SddpClient(connect(emulator, onAudit, { signatureVersion: 'v1' })).describeRiskRules(),
    );
    expect(error).toBeInstanceOf(NetworkError);
  });

  it('an answer that comes too late', async () => {
    const emulator = await emulatorWith({
      DescribeSuspEvents: () => ({ status: 200, body: { SuspEvents: [] }, delayMs: 2_000 }),
    });
    const { error } = await expectNoLeak(async (onAudit) => {
      for await (const _ of new AlertHandler(connect(emulator, onAudit, { timeoutMs: 100 })).listAlerts())
        break;
    });
    expect(error).toBeInstanceOf(TimeoutError);
  });
});

describe('answers that are not what a client expects', () => {
  it('a 503 HTML page from a gateway, also one that reflects the request', async () => {
    const page = (extra: string) => ({
      status: 503,
      body: `<html><head><title>503 Service Temporarily Unavailable</title></head><body>${extra}</body></html>`,
      headers: { 'content-type': 'text/html' },
    });
    for (const reflected of ['', `<pre>x-acs-security-token: ${TOKEN}\nsecret=${SECRET}</pre>`]) {
      const emulator = await emulatorWith({ DescribeSuspEvents: () => page(reflected) });
      const { error } = await expectNoLeak((onAudit) =>
        new SasClient(connect(emulator, onAudit)).describeSuspEvents(),
      );
      expect((error as InvalidResponseError).code).toBe('MalformedResponse');
    }
  });

  it('a success: false envelope, also one whose message echoes the token', async () => {
    for (const message of ['Internal error', `Token ${TOKEN} rejected for secret ${SECRET}`]) {
      const emulator = await emulatorWith({
        DescribeRiskRules: () => ({
          status: 200,
          body: { success: false, code: 500, message, requestId: 'REQ-1' },
        }),
      });
      const { error } = await expectNoLeak(async (onAudit) => {
        for await (const _ of new RiskHandler(connect(emulator, onAudit)).listRisks()) break;
      });
      expect(error).toBeInstanceOf(ServerError);
    }
  });

  it('a refusal whose message echoes the token, from a handling call', async () => {
    const emulator = await emulatorWith({
      PreHandleAuditRisk: () =>
        apiError(400, 'InvalidParameter', `SecurityToken=${TOKEN} is not allowed here`),
    });
    await expectNoLeak((onAudit) =>
      new RiskHandler(connect(emulator, onAudit)).handleRisk('75110103', 'Reviewed: a scheduled backup job.'),
    );
  });
});

describe('clients and handlers', () => {
  it('show neither the secret nor the token when inspected or serialized, before and after a call', async () => {
    const emulator = await emulatorWith();
    const options = { endpoint: emulator.endpoint, protocol: 'http', credential: STS } as const;
    const provider = { ...options, credential: { getCredential: async () => ({ ...STS, type: 'sts' }) } };
    const built = [
      new SasClient(options),
      new SddpClient(options),
      new AlertHandler(options),
      new RiskHandler(options),
      new SasClient(provider),
      new AlertHandler(provider),
    ];
    await (built[0] as SasClient).describeSuspEvents();
    await (built[5] as AlertHandler).getOperations('7009605');
    for (const object of built) {
      const shown = `${inspect(object, { depth: 10, showHidden: true })}\n${JSON.stringify(object)}`;
      expect(FORBIDDEN.filter((value) => shown.includes(value))).toEqual([]);
    }
  });
});
