import { createHash } from 'node:crypto';
import { createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as OpenApiModule from '@alicloud/openapi-client';
import { RuntimeOptions } from '@alicloud/tea-util';
import { afterEach, describe, expect, it } from 'vitest';
import {
  apiError,
  type Emulator,
  type EmulatorOptions,
  type EmulatorRequest,
  parseCassette,
  sampleAlerts,
  startEmulator,
} from '../../src/emulator/index.js';
import { unwrapDefault } from '../../src/transport/interop.js';
import { Util } from '../support/openapi-util.js';

// --- the real client, unwrapped from its CommonJS module ------------------------------------------

interface CallResult {
  statusCode: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

interface OpenApiClient {
  callApi(
    params: OpenApiModule.Params,
    request: OpenApiModule.OpenApiRequest,
    runtime: RuntimeOptions,
  ): Promise<CallResult>;
}

interface ClientError extends Error {
  code?: string;
  statusCode?: number;
  data?: Record<string, unknown>;
}

const Client = unwrapDefault<new (config: OpenApiModule.Config) => OpenApiClient>(OpenApiModule);

const SAS_VERSION = '2018-12-03';

interface ClientConfig {
  accessKeyId?: string;
  accessKeySecret?: string;
  securityToken?: string;
  signatureAlgorithm?: string;
}

function clientFor(endpoint: string, config: ClientConfig): OpenApiClient {
  return new Client(new OpenApiModule.Config({ ...config, endpoint, protocol: 'http' }));
}

interface CallOptions {
  body?: Record<string, unknown>;
  version?: string;
  runtime?: Record<string, unknown>;
}

function call(
  client: OpenApiClient,
  action: string,
  query: Record<string, unknown> = {},
  options: CallOptions = {},
): Promise<CallResult> {
  const params = new OpenApiModule.Params({
    action,
    version: options.version ?? SAS_VERSION,
    protocol: 'HTTPS',
    pathname: '/',
    method: 'POST',
    authType: 'AK',
    style: 'RPC',
    reqBodyType: 'formData',
    bodyType: 'json',
  });
  const request = new OpenApiModule.OpenApiRequest({
    query: Util.query(query),
    ...(options.body && { body: options.body }),
  });
  return client.callApi(params, request, new RuntimeOptions(options.runtime ?? {}));
}

async function failure(promise: Promise<unknown>): Promise<ClientError> {
  try {
    await promise;
  } catch (error) {
    return error as ClientError;
  }
  throw new Error('The call succeeded but was expected to fail.');
}

// --- raw HTTP: capture what the client signs, send it again as is ----------------------------------

interface RawRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Buffer;
}

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

/** Lets the real client sign a request against a throwaway loopback server, and returns it unsent. */
async function captureSigned(
  config: ClientConfig,
  action: string,
  query: Record<string, unknown> = {},
  body?: Record<string, unknown>,
): Promise<RawRequest> {
  let captured: RawRequest | undefined;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(request.headers)) {
        if (typeof value === 'string' && name !== 'connection') headers[name] = value;
      }
      captured = {
        method: request.method ?? 'GET',
        path: request.url ?? '/',
        headers,
        body: Buffer.concat(chunks),
      };
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    await call(clientFor(`127.0.0.1:${port}`, config), action, query, body === undefined ? {} : { body });
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  if (captured === undefined) throw new Error('Nothing was captured.');
  return captured;
}

function sendRaw(emulator: Emulator, raw: RawRequest): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: '127.0.0.1',
        port: emulator.port,
        method: raw.method,
        path: raw.path,
        headers: raw.headers,
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    request.on('error', reject);
    request.end(raw.body);
  });
}

function codeOf(response: RawResponse): unknown {
  return (JSON.parse(response.text) as { Code?: unknown }).Code;
}

// --- fixtures ----------------------------------------------------------------------------------------

const running: Emulator[] = [];

async function emulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const started = await startEmulator(options);
  running.push(started);
  return started;
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((started) => started.close()));
});

function echo(): {
  seen: EmulatorRequest[];
  handler: (request: EmulatorRequest) => { status: number; body: object };
} {
  const seen: EmulatorRequest[] = [];
  return {
    seen,
    handler: (request) => {
      seen.push(request);
      return { status: 200, body: { Echo: request.params } };
    },
  };
}

const STS_KEY = {
  accessKeyId: 'LTAIemulatorSts',
  accessKeySecret: 'sts-secret',
  securityToken: 'sts-token-1',
};

// --- tests -------------------------------------------------------------------------------------------

describe('signed calls from @alicloud/openapi-client', () => {
  it('routes an ACS3-signed call to its handler with the flat wire parameters', async () => {
    const { seen, handler } = echo();
    const server = await emulator({ handlers: { HandleSecurityEvents: handler } });
    const client = clientFor(server.endpoint, server.credentials);
    const operationParams = JSON.stringify({ expireTime: 1_800_000_000_000, note: "a b!*'()" });

    const result = await call(
      client,
      'HandleSecurityEvents',
      {
        SecurityEventIds: ['7009607', '7009586'],
        OperationCode: 'block_ip',
        OperationParams: operationParams,
      },
      { body: { TacticId: 'TA0001' } },
    );

    expect(seen).toEqual([
      {
        product: 'Sas',
        version: SAS_VERSION,
        action: 'HandleSecurityEvents',
        params: {
          'SecurityEventIds.1': '7009607',
          'SecurityEventIds.2': '7009586',
          OperationCode: 'block_ip',
          OperationParams: operationParams,
          TacticId: 'TA0001',
        },
        accessKeyId: server.credentials.accessKeyId,
        signatureVersion: 'v3',
      },
    ]);
    expect(result.statusCode).toBe(200);
    expect(result.headers['content-type']).toBe('application/json;charset=utf-8');
    expect(result.body.RequestId).toMatch(
      /^[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$/,
    );
    expect(result.headers['x-acs-request-id']).toBe(result.body.RequestId);
  });

  it('accepts the legacy HMAC-SHA1 signature and strips its fields from the parameters', async () => {
    const { seen, handler } = echo();
    const server = await emulator({ handlers: { HandleSecurityEvents: handler } });
    const client = clientFor(server.endpoint, { ...server.credentials, signatureAlgorithm: 'v2' });

    await call(
      client,
      'HandleSecurityEvents',
      { SecurityEventIds: ['7009607', '7009586'], OperationCode: 'ignore', RegionId: 'cn-shanghai' },
      { body: { TacticId: 'TA0001' } },
    );

    expect(seen[0]?.signatureVersion).toBe('v1');
    expect(seen[0]?.params).toEqual({
      'SecurityEventIds.1': '7009607',
      'SecurityEventIds.2': '7009586',
      OperationCode: 'ignore',
      RegionId: 'cn-shanghai',
      TacticId: 'TA0001',
    });
  });

  it.each([
    ['ACS3', undefined],
    ['v1', 'v2'],
  ])('checks the STS token of a key that has one (%s)', async (_name, signatureAlgorithm) => {
    const server = await emulator({
      keys: [STS_KEY],
      handlers: { DescribeSuspEvents: () => ({ status: 200, body: {} }) },
    });
    const sign = (config: ClientConfig) =>
      clientFor(server.endpoint, { ...config, ...(signatureAlgorithm && { signatureAlgorithm }) });

    const ok = await call(sign(STS_KEY), 'DescribeSuspEvents');
    const wrong = await failure(
      call(sign({ ...STS_KEY, securityToken: 'sts-token-2' }), 'DescribeSuspEvents'),
    );
    const missing = await failure(call(sign({ ...STS_KEY, securityToken: undefined }), 'DescribeSuspEvents'));
    const unexpected = await failure(
      call(sign({ ...server.credentials, securityToken: 'sts-token-1' }), 'DescribeSuspEvents'),
    );

    expect(ok.statusCode).toBe(200);
    expect([wrong.code, wrong.statusCode]).toEqual(['InvalidSecurityToken.MismatchWithAccessKey', 400]);
    expect([missing.code, missing.statusCode]).toEqual(['MissingSecurityToken', 400]);
    expect(unexpected.code).toBe('InvalidSecurityToken.MismatchWithAccessKey');
    expect(JSON.stringify([wrong.data, missing.data])).not.toContain('sts-token-1');
  });
});

describe('signature failures', () => {
  it.each([
    ['ACS3', undefined],
    ['v1', 'v2'],
  ])(
    'answers SignatureDoesNotMatch to a wrong secret, echoing no secret (%s)',
    async (_name, signatureAlgorithm) => {
      const server = await emulator();
      const client = clientFor(server.endpoint, {
        accessKeyId: server.credentials.accessKeyId,
        accessKeySecret: 'not-the-secret',
        ...(signatureAlgorithm && { signatureAlgorithm }),
      });

      const error = await failure(call(client, 'DescribeSuspEvents'));

      expect(error.code).toBe('SignatureDoesNotMatch');
      expect(error.statusCode).toBe(400);
      expect(error.data).toMatchObject({
        Code: 'SignatureDoesNotMatch',
        Message: 'Specified signature is not matched with our calculation.',
        HostId: server.endpoint,
      });
      expect(Object.keys(error.data ?? {})).toEqual([
        'RequestId',
        'HostId',
        'Code',
        'Message',
        'Recommend',
        'statusCode',
      ]);
      expect(JSON.stringify(error.data)).not.toContain(server.credentials.accessKeySecret);
      expect(server.received).toEqual([
        expect.objectContaining({ action: 'DescribeSuspEvents', status: 400, code: 'SignatureDoesNotMatch' }),
      ]);
    },
  );

  it('answers 404 InvalidAccessKeyId.NotFound to an unknown key', async () => {
    const server = await emulator();
    const client = clientFor(server.endpoint, { accessKeyId: 'LTAIunknown', accessKeySecret: 'whatever' });

    const error = await failure(call(client, 'DescribeSuspEvents'));

    expect([error.code, error.statusCode]).toEqual(['InvalidAccessKeyId.NotFound', 404]);
    expect(server.received[0]?.accessKeyId).toBe('LTAIunknown');
  });

  it('answers InvalidTimeStamp.Expired outside the tolerance window, and accepts inside it', async () => {
    const skewed = await emulator({
      now: () => Date.now() + 16 * 60_000,
      handlers: { DescribeSuspEvents: () => ({ status: 200, body: {} }) },
    });
    const tolerant = await emulator({
      now: () => Date.now() + 14 * 60_000,
      handlers: { DescribeSuspEvents: () => ({ status: 200, body: {} }) },
    });
    const strict = await emulator({ now: () => Date.now() - 5_000, timestampToleranceMs: 1_000 });

    const expired = await failure(call(clientFor(skewed.endpoint, skewed.credentials), 'DescribeSuspEvents'));
    const accepted = await call(clientFor(tolerant.endpoint, tolerant.credentials), 'DescribeSuspEvents');
    const tight = await failure(
      call(
        clientFor(strict.endpoint, { ...strict.credentials, signatureAlgorithm: 'v2' }),
        'DescribeSuspEvents',
      ),
    );

    expect([expired.code, expired.statusCode]).toEqual(['InvalidTimeStamp.Expired', 400]);
    expect(accepted.statusCode).toBe(200);
    expect(tight.code).toBe('InvalidTimeStamp.Expired');
  });

  it('answers InvalidTimeStamp.Format to a signed but unreadable date', async () => {
    const server = await emulator();
    const { accessKeyId, accessKeySecret } = server.credentials;
    const payloadHash = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
    const headers: Record<string, string> = {
      host: server.endpoint,
      'x-acs-action': 'DescribeSuspEvents',
      'x-acs-version': SAS_VERSION,
      'x-acs-date': '2026/01/15 08:00:00',
      'x-acs-signature-nonce': 'nonce-format',
      'x-acs-content-sha256': payloadHash,
    };
    const query = { PageSize: '20' };
    headers.authorization = Util.getAuthorization(
      { pathname: '/', method: 'POST', query, headers },
      'ACS3-HMAC-SHA256',
      payloadHash,
      accessKeyId,
      accessKeySecret,
    );

    const response = await sendRaw(server, {
      method: 'POST',
      path: '/?PageSize=20',
      headers,
      body: Buffer.alloc(0),
    });

    expect([response.status, codeOf(response)]).toEqual([400, 'InvalidTimeStamp.Format']);
  });

  it.each([
    ['ACS3', undefined],
    ['v1', 'v2'],
  ])('answers SignatureNonceUsed to a replayed request (%s)', async (_name, signatureAlgorithm) => {
    const server = await emulator({ handlers: { DescribeSuspEvents: () => ({ status: 200, body: {} }) } });
    const raw = await captureSigned(
      { ...server.credentials, ...(signatureAlgorithm && { signatureAlgorithm }) },
      'DescribeSuspEvents',
      { PageSize: 20 },
      { TacticId: 'TA0001' },
    );

    const first = await sendRaw(server, raw);
    const replayed = await sendRaw(server, raw);

    expect(first.status).toBe(200);
    expect([replayed.status, codeOf(replayed)]).toEqual([400, 'SignatureNonceUsed']);
  });

  it('answers SignatureDoesNotMatch to a tampered body, with or without a matching hash header', async () => {
    const server = await emulator({ handlers: { HandleSecurityEvents: () => ({ status: 200, body: {} }) } });
    const raw = await captureSigned(
      server.credentials,
      'HandleSecurityEvents',
      { OperationCode: 'ignore' },
      {
        TacticId: 'TA0001',
      },
    );
    expect(raw.headers['transfer-encoding']).toBe('chunked');
    const tamperedBody = Buffer.from(raw.body.toString('utf8').replace('TA0001', 'TA0002'));
    const rehashed = createHash('sha256').update(tamperedBody).digest('hex');

    const bodyOnly = await sendRaw(server, { ...raw, body: tamperedBody });
    const withHash = await sendRaw(server, {
      ...raw,
      headers: { ...raw.headers, 'x-acs-content-sha256': rehashed },
      body: tamperedBody,
    });
    const intact = await sendRaw(server, raw);

    expect([bodyOnly.status, codeOf(bodyOnly)]).toEqual([400, 'SignatureDoesNotMatch']);
    expect(JSON.parse(bodyOnly.text).Message).toContain('x-acs-content-sha256');
    expect([withHash.status, codeOf(withHash)]).toEqual([400, 'SignatureDoesNotMatch']);
    expect(intact.status).toBe(200);
  });

  it('answers IncompleteSignature to a missing or garbled Authorization and to unsigned x-acs headers', async () => {
    const server = await emulator();
    const raw = await captureSigned(server.credentials, 'DescribeSuspEvents');
    const { authorization: _dropped, ...unsignedHeaders } = raw.headers;

    const missing = await sendRaw(server, { ...raw, headers: unsignedHeaders });
    const garbled = await sendRaw(server, {
      ...raw,
      headers: { ...raw.headers, authorization: 'ACS3-HMAC-SHA256 Credential=x' },
    });
    const otherAlgorithm = await sendRaw(server, {
      ...raw,
      headers: { ...raw.headers, authorization: (raw.headers.authorization ?? '').replace('SHA256', 'SM3') },
    });
    const extraHeader = await sendRaw(server, { ...raw, headers: { ...raw.headers, 'x-acs-extra': '1' } });

    expect([missing.status, codeOf(missing)]).toEqual([400, 'IncompleteSignature']);
    expect(codeOf(garbled)).toBe('IncompleteSignature');
    expect(codeOf(otherAlgorithm)).toBe('InvalidSignatureMethod');
    expect(codeOf(extraHeader)).toBe('IncompleteSignature');
    expect(JSON.parse(extraHeader.text).Message).toContain('x-acs-extra');
  });
});

describe('routing and handlers', () => {
  it('answers 404 InvalidApi.NotFound to an unknown action or version', async () => {
    const server = await emulator({ handlers: { DescribeRiskRules: () => ({ status: 200, body: {} }) } });
    const client = clientFor(server.endpoint, server.credentials);

    const unknownAction = await failure(call(client, 'DescribeNothing'));
    const wrongProduct = await failure(call(client, 'DescribeRiskRules'));
    const sddp = await call(client, 'DescribeRiskRules', {}, { version: '2019-01-03' });

    expect([unknownAction.code, unknownAction.statusCode]).toEqual(['InvalidApi.NotFound', 404]);
    expect(wrongProduct.code).toBe('InvalidApi.NotFound');
    expect(sddp.statusCode).toBe(200);
  });

  it('completes apiError replies into the service envelope', async () => {
    const server = await emulator({
      seed: 'envelope',
      handlers: {
        HandleSecurityEvents: () =>
          apiError(400, 'Throttling.User', 'Request was denied due to user flow control.'),
      },
    });

    const error = await failure(call(clientFor(server.endpoint, server.credentials), 'HandleSecurityEvents'));

    expect(error.code).toBe('Throttling.User');
    expect(error.message).toContain('Request was denied due to user flow control.');
    expect(error.data).toMatchObject({
      Code: 'Throttling.User',
      HostId: server.endpoint,
      Recommend: expect.stringContaining('q=Throttling.User&product=Sas'),
    });
    expect(server.received[0]).toMatchObject({
      status: 400,
      code: 'Throttling.User',
      requestId: error.data?.RequestId,
    });
  });

  it('answers 500 InternalError when a handler throws', async () => {
    const server = await emulator({
      handlers: {
        DescribeSuspEvents: () => {
          throw new Error('boom');
        },
      },
    });

    const error = await failure(call(clientFor(server.endpoint, server.credentials), 'DescribeSuspEvents'));

    expect([error.code, error.statusCode]).toEqual(['InternalError', 500]);
    expect(error.data?.Message).toContain('boom');
  });

  it('sends string bodies as they are, such as an HTML 503 page', async () => {
    const page = '<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>';
    const server = await emulator({
      handlers: {
        DescribeSuspEvents: () => ({ status: 503, body: page, headers: { 'Content-Type': 'text/html' } }),
      },
    });

    const error = await failure(call(clientFor(server.endpoint, server.credentials), 'DescribeSuspEvents'));
    const raw = await sendRaw(server, await captureSigned(server.credentials, 'DescribeSuspEvents'));

    expect(error.name).toBe('SyntaxError');
    expect(raw.status).toBe(503);
    expect(raw.headers['content-type']).toBe('text/html');
    expect(raw.text).toBe(page);
    expect(raw.headers['x-acs-request-id']).toMatch(/^[0-9A-F-]{36}$/);
    expect(server.received.map((entry) => entry.status)).toEqual([503, 503]);
  });

  it('delays answers by delayMs and cancels the wait when the client gives up', async () => {
    const server = await emulator({
      handlers: {
        DescribeSuspEvents: ({ params }) => ({ status: 200, body: {}, delayMs: Number(params.DelayMs) }),
      },
    });
    const client = clientFor(server.endpoint, server.credentials);

    const started = Date.now();
    await call(client, 'DescribeSuspEvents', { DelayMs: 300 });
    const elapsed = Date.now() - started;
    const timedOut = await failure(
      call(
        client,
        'DescribeSuspEvents',
        { DelayMs: 60_000 },
        { runtime: { readTimeout: 200, connectTimeout: 200 } },
      ),
    );
    const closeStarted = Date.now();
    await server.close();

    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(timedOut.name).toBe('RequestTimeoutError');
    expect(Date.now() - closeStarted).toBeLessThan(1_000);
  });

  it('drops the connection without answering on dropConnection', async () => {
    const server = await emulator({
      handlers: { HandleSecurityEvents: () => ({ status: 200, body: {}, dropConnection: true }) },
    });

    const error = await failure(call(clientFor(server.endpoint, server.credentials), 'HandleSecurityEvents'));

    expect(error.code).toBe('ECONNRESET');
    expect(error.statusCode).toBeUndefined();
    expect(server.received).toEqual([expect.objectContaining({ action: 'HandleSecurityEvents', status: 0 })]);
  });
});

describe('cassettes', () => {
  const request = (params: Record<string, string>) => ({
    product: 'Sas' as const,
    version: SAS_VERSION,
    action: 'DescribeSuspEvents',
    params,
  });
  const cassetteText = JSON.stringify({
    name: 'describe-susp-events',
    source: 'hand-written for the emulator tests',
    interactions: [
      {
        request: request({ PageSize: '20' }),
        response: {
          status: 400,
          body: {
            RequestId: 'RECORDED-THROTTLED',
            Code: 'Throttling.User',
            Message: 'Request was denied due to user flow control.',
          },
        },
      },
      {
        request: request({ PageSize: '20' }),
        response: { status: 200, body: { RequestId: 'RECORDED-PAGE-1', TotalCount: 21, SuspEvents: [] } },
      },
      {
        request: request({ PageSize: '20', CurrentPage: '2' }),
        response: { status: 200, body: { RequestId: 'RECORDED-PAGE-2', TotalCount: 21, SuspEvents: [] } },
      },
    ],
  });

  it('replays interactions in order, strictly, and reports the unused ones', async () => {
    const server = await emulator({ cassettes: [parseCassette(cassetteText)] });
    const client = clientFor(server.endpoint, server.credentials);

    const throttled = await failure(call(client, 'DescribeSuspEvents', { PageSize: 20 }));
    const firstPage = await call(client, 'DescribeSuspEvents', { PageSize: 20 });
    const wrongPage = await failure(call(client, 'DescribeSuspEvents', { PageSize: 20, CurrentPage: 3 }));
    const pendingBefore = server.pendingInteractions();
    const secondPage = await call(client, 'DescribeSuspEvents', { PageSize: 20, CurrentPage: 2 });
    const exhausted = await failure(call(client, 'DescribeSuspEvents', { PageSize: 20 }));
    const unrecorded = await failure(call(client, 'HandleSecurityEvents', { OperationCode: 'ignore' }));

    expect([throttled.code, throttled.data?.RequestId]).toEqual(['Throttling.User', 'RECORDED-THROTTLED']);
    expect(firstPage.body).toEqual({ RequestId: 'RECORDED-PAGE-1', TotalCount: 21, SuspEvents: [] });
    expect(firstPage.headers['x-acs-request-id']).toBe('RECORDED-PAGE-1');
    expect(wrongPage.code).toBe('Emulator.UnexpectedRequest');
    expect(wrongPage.data?.Message).toBe(
      'Unexpected DescribeSuspEvents request: the closest unused one (describe-susp-events #2) differs in ' +
        'CurrentPage (sent "3", recorded "2").',
    );
    expect(pendingBefore).toEqual([
      { cassette: 'describe-susp-events', index: 2, request: request({ PageSize: '20', CurrentPage: '2' }) },
    ]);
    expect(secondPage.body.RequestId).toBe('RECORDED-PAGE-2');
    expect(exhausted.data?.Message).toContain(
      'no unused recorded interaction for DescribeSuspEvents is left',
    );
    expect(unrecorded.code).toBe('Emulator.UnexpectedRequest');
    expect(server.pendingInteractions()).toEqual([]);
  });

  it('takes cassettes loaded after start, ahead of handlers for the actions they record', async () => {
    const server = await emulator({
      handlers: { DescribeSuspEvents: () => ({ status: 200, body: { From: 'handler' } }) },
    });
    const client = clientFor(server.endpoint, server.credentials);
    const before = await call(client, 'DescribeSuspEvents', { PageSize: 20 });

    server.loadCassette(parseCassette(cassetteText));
    const throttled = await failure(call(client, 'DescribeSuspEvents', { PageSize: 20 }));

    expect(before.body.From).toBe('handler');
    expect(throttled.code).toBe('Throttling.User');
    expect(server.pendingInteractions()).toHaveLength(2);
  });
});

describe('alert state', () => {
  const alerts = sampleAlerts(45, 'paging');

  it('pages DescribeSuspEvents like the service: 20, 20, 5', async () => {
    const server = await emulator({ alerts });
    const client = clientFor(server.endpoint, server.credentials);

    const pages = [];
    for (const page of [1, 2, 3, 4]) {
      pages.push((await call(client, 'DescribeSuspEvents', { CurrentPage: page, PageSize: 20 })).body);
    }

    expect(pages.map((page) => page.Count)).toEqual([20, 20, 5, 0]);
    expect(pages.map((page) => page.TotalCount)).toEqual([45, 45, 45, 45]);
    expect(pages[2]).toMatchObject({ CurrentPage: 3, PageSize: 20 });
    const ids = pages.flatMap((page) => (page.SuspEvents as { Id: number }[]).map((event) => event.Id));
    expect(ids).toEqual(alerts.map((alert) => alert.Id));
    expect(Object.keys(pages[0] ?? {})).toEqual([
      'RequestId',
      'Count',
      'CurrentPage',
      'PageSize',
      'TotalCount',
      'SuspEvents',
    ]);
  });

  it('filters by Levels, Dealed and Status, and caps PageSize at 100', async () => {
    const server = await emulator({ alerts });
    const client = clientFor(server.endpoint, server.credentials);
    const list = async (query: Record<string, unknown>) =>
      (await call(client, 'DescribeSuspEvents', query)).body;
    const expected = alerts.filter((alert) => alert.Level === 'serious' || alert.Level === 'remind').length;

    const byLevel = await list({ Levels: 'serious,remind', PageSize: 100 });
    const pending = await list({ Dealed: 'N' });
    const dealt = await list({ Dealed: 'Y' });
    const ignored = await list({ Status: 2 });
    const capped = await list({ PageSize: 500 });
    const bad = await failure(call(client, 'DescribeSuspEvents', { CurrentPage: 'x' }));

    expect(expected).toBeGreaterThan(0);
    expect(expected).toBeLessThan(45);
    expect(byLevel.TotalCount).toBe(expected);
    expect((byLevel.SuspEvents as { Level: string }[]).every((event) => event.Level !== 'suspicious')).toBe(
      true,
    );
    expect([pending.TotalCount, pending.Count, pending.PageSize]).toEqual([45, 20, 20]);
    expect(dealt.TotalCount).toBe(0);
    expect(ignored.TotalCount).toBe(0);
    expect([capped.PageSize, capped.Count]).toEqual([100, 45]);
    expect([bad.code, bad.statusCode]).toEqual(['InvalidParameter', 400]);
  });

  it('lets handlers take precedence over the alert state', async () => {
    const server = await emulator({
      alerts,
      handlers: { DescribeSuspEvents: () => ({ status: 200, body: { TotalCount: -1 } }) },
    });

    const result = await call(clientFor(server.endpoint, server.credentials), 'DescribeSuspEvents');

    expect(result.body.TotalCount).toBe(-1);
  });
});

describe('bookkeeping', () => {
  it('counts every request it received, rejected ones included, until reset', async () => {
    const server = await emulator({ alerts: sampleAlerts(3) });
    const client = clientFor(server.endpoint, server.credentials);
    const intruder = clientFor(server.endpoint, {
      accessKeyId: server.credentials.accessKeyId,
      accessKeySecret: 'wrong',
    });

    await call(client, 'DescribeSuspEvents', { PageSize: 1 });
    await call(client, 'DescribeSuspEvents', { PageSize: 2 });
    await failure(call(intruder, 'HandleSecurityEvents', { SecurityEventIds: ['1'] }));

    expect(server.count()).toBe(3);
    expect(server.count('DescribeSuspEvents')).toBe(2);
    expect(server.count('HandleSecurityEvents')).toBe(1);
    expect(
      server.received.map(({ action, params, status, code, accessKeyId }) => ({
        action,
        params,
        status,
        code,
        accessKeyId,
      })),
    ).toEqual([
      {
        action: 'DescribeSuspEvents',
        params: { PageSize: '1' },
        status: 200,
        code: undefined,
        accessKeyId: server.credentials.accessKeyId,
      },
      {
        action: 'DescribeSuspEvents',
        params: { PageSize: '2' },
        status: 200,
        code: undefined,
        accessKeyId: server.credentials.accessKeyId,
      },
      {
        action: 'HandleSecurityEvents',
        params: { 'SecurityEventIds.1': '1' },
        status: 400,
        code: 'SignatureDoesNotMatch',
        accessKeyId: server.credentials.accessKeyId,
      },
    ]);
    server.reset();
    expect(server.count()).toBe(0);
    expect(server.received).toEqual([]);
  });

  it('derives RequestIds from the seed, so runs repeat', async () => {
    const idsOf = async (seed: string) => {
      const server = await emulator({ seed, alerts: [] });
      const client = clientFor(server.endpoint, server.credentials);
      const ids = [];
      for (let index = 0; index < 3; index++)
        ids.push((await call(client, 'DescribeSuspEvents')).body.RequestId);
      return ids;
    };

    const first = await idsOf('seed-a');
    const again = await idsOf('seed-a');
    const other = await idsOf('seed-b');

    expect(again).toEqual(first);
    expect(new Set(first).size).toBe(3);
    expect(other).not.toEqual(first);
  });

  it('generates a test key per start unless one is given', async () => {
    const a = await emulator();
    const b = await emulator();
    const fixed = await emulator({ accessKeyId: 'LTAIemulatorFixed', accessKeySecret: 'fixed-secret' });

    expect(a.credentials.accessKeyId).toMatch(/^LTAIemulator/);
    expect(a.credentials.accessKeySecret).not.toBe(b.credentials.accessKeySecret);
    expect(fixed.credentials).toEqual({ accessKeyId: 'LTAIemulatorFixed', accessKeySecret: 'fixed-secret' });
    expect(a.endpoint).toBe(`127.0.0.1:${a.port}`);
    expect(a.url).toBe(`http://127.0.0.1:${a.port}`);
    expect(a.protocol).toBe('http');
  });
});
