/**
 * The network options without a proxy, over real sockets on 127.0.0.1: `ca` to trust an endpoint's
 * certificate, `agent` to size and shape the connection pools, every one checked before anything is
 * sent; and a proxy that misbehaves while opening a tunnel (hangs up, speaks no HTTP, never answers).
 */
import { once } from 'node:events';
import { type AddressInfo, createServer, type Socket } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { sampleAlerts } from '../../src/emulator/index.js';
import { AlertHandler, RiskHandler, SasClient, TimeoutError, ValidationError } from '../../src/index.js';
import { caught, failure } from '../support/caught.js';
import { useEmulators } from '../support/emulators.js';
import { startTlsFront, TEST_TLS } from '../support/http-proxy.js';
import { expectUntrustedCertificate } from '../support/untrusted-certificate.js';
import { json, startLoopback } from './transport-server.js';

const start = useEmulators();
const CREDENTIAL = { accessKeyId: 'LTAItestkey', accessKeySecret: 'test-secret-value' };
const PAGE = { RequestId: 'r', Count: 0, CurrentPage: 1, PageSize: 20, TotalCount: 0, SuspEvents: [] };

describe('`ca`', () => {
  it('an endpoint whose certificate no trusted authority signed fails as untrusted; with `ca` it is trusted', async () => {
    const emulator = await start({ state: { alerts: sampleAlerts(2) } });
    const front = await startTlsFront(emulator.endpoint);
    const endpoint = `https://127.0.0.1:${front.port}`;
    const untrusted = new SasClient({ endpoint, credential: emulator.credentials });
    expectUntrustedCertificate(await failure(untrusted.describeSuspEvents({})), `127.0.0.1:${front.port}`);

    for (const ca of [TEST_TLS.ca, TEST_TLS.ca.toString('utf8'), [TEST_TLS.ca]]) {
      const trusted = new SasClient({ endpoint, credential: emulator.credentials, ca });
      expect((await trusted.describeSuspEvents({})).SuspEvents).toHaveLength(2);
    }
  });

  it.each([
    [42, /`ca` must be a PEM certificate/],
    [[], /`ca` must be a PEM certificate/],
    [[TEST_TLS.ca, 7], /`ca` must be a PEM certificate .* got 7/],
  ])('refuses a `ca` of %#, before anything is sent', (ca, message) => {
    const error = caught(() => new SasClient({ endpoint: '127.0.0.1:1', ca: ca as never }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ field: 'ca' });
    expect((error as Error).message).toMatch(message);
  });
});

describe('`agent`', () => {
  it('by default, calls one after another reuse one kept-alive connection', async () => {
    const server = await startLoopback(json(200, PAGE));
    const sas = new SasClient({ endpoint: server.endpoint, protocol: 'http', credential: CREDENTIAL });
    for (let call = 0; call < 3; call++) await sas.describeSuspEvents({});
    expect(server.acceptedSockets()).toBe(1);
  });

  it('`keepAlive: false` opens a connection per call, and keeps none', async () => {
    const server = await startLoopback(json(200, PAGE));
    const sas = new SasClient({
      endpoint: server.endpoint,
      protocol: 'http',
      credential: CREDENTIAL,
      agent: { keepAlive: false },
    });
    for (let call = 0; call < 3; call++) await sas.describeSuspEvents({});
    expect(server.acceptedSockets()).toBe(3);
    expect(await server.settled()).toBe(0);
  });

  it('`maxSockets` bounds the connections of 12 calls at once', async () => {
    const server = await startLoopback(async (_request, response) => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      json(200, PAGE)(_request, response, '');
    });
    const sas = new SasClient({
      endpoint: server.endpoint,
      protocol: 'http',
      credential: CREDENTIAL,
      agent: { maxSockets: 2, maxFreeSockets: 2, keepAliveMsecs: 500 },
      // All 12 at once, not spaced by the adaptive rate: what is measured is the pool.
      adaptiveRate: false,
    });
    await Promise.all(Array.from({ length: 12 }, () => sas.describeSuspEvents({})));
    expect(server.count('DescribeSuspEvents')).toBe(12);
    expect(server.acceptedSockets()).toBe(2);
  });

  it.each([
    [{ maxSockets: 0 }, 'agent.maxSockets', /must be an integer from 1/],
    [{ maxFreeSockets: 1.5 }, 'agent.maxFreeSockets', /must be an integer from 1/],
    [{ keepAliveMsecs: -1 }, 'agent.keepAliveMsecs', /must be milliseconds/],
    [{ keepAlive: 'yes' }, 'agent.keepAlive', /must be true or false/],
    [{ timeout: 5 }, 'agent.timeout', /is not an option here/],
  ])('refuses %j, naming the field', (agent, path, message) => {
    const error = caught(() => new SasClient({ endpoint: '127.0.0.1:1', agent: agent as never }));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]?.path).toBe(path);
    expect((error as Error).message).toMatch(message);
  });

  it('is accepted, with `proxy` and `ca`, by the handlers', () => {
    const options = {
      regionId: 'cn-shanghai',
      credential: CREDENTIAL,
      proxy: 'http://proxy.example.com:3128',
      ca: TEST_TLS.ca,
      agent: { maxSockets: 4 },
    };
    expect(new AlertHandler(options)).toBeInstanceOf(AlertHandler);
    expect(new RiskHandler({ ...options, regionId: 'cn-zhangjiakou' })).toBeInstanceOf(RiskHandler);
    expect(caught(() => new AlertHandler({ ...options, proxy: 3128 as never }))).toMatchObject({
      name: 'ValidationError',
      field: 'proxy',
    });
  });
});

/** A "proxy" on 127.0.0.1 that answers each CONNECT with `answer` (or never), for one test. */
async function rawProxy(
  answer: (socket: Socket) => void,
): Promise<{ url: string; closed: Promise<unknown> }> {
  const sockets = new Set<Socket>();
  let closed!: (value?: unknown) => void;
  const closedOnce = new Promise((resolve) => {
    closed = resolve;
  });
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => closed());
    socket.once('data', () => answer(socket));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  onTestFinished(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, closed: closedOnce };
}

describe('a proxy that misbehaves while opening a tunnel', () => {
  const call = (proxy: string, timeoutMs = 10_000) =>
    new SasClient({
      endpoint: 'secure.test',
      credential: CREDENTIAL,
      proxy,
      retry: false,
      timeoutMs,
    }).describeSuspEvents({});

  it('hanging up before it answers is a NetworkError naming the proxy; nothing was sent', async () => {
    const proxy = await rawProxy((socket) => socket.end());
    const error = await failure(call(proxy.url));
    expect(error).toMatchObject({
      name: 'NetworkError',
      code: 'ECONNRESET',
      delivery: 'notSent',
      retryable: true,
    });
    expect((error as Error).message).toMatch(
      /could not reach the proxy 127\.0\.0\.1:\d+: the connection was reset/,
    );
  });

  it('answering something that is not HTTP is a NetworkError naming the proxy, not retried', async () => {
    const proxy = await rawProxy((socket) => socket.write('SSH-2.0-OpenSSH\r\n\r\n'));
    const error = await failure(call(proxy.url));
    expect(error).toMatchObject({
      name: 'NetworkError',
      code: 'ProxyInvalidAnswer',
      delivery: 'notSent',
      retryable: false,
    });
    expect((error as Error).message).toMatch(
      /could not reach the proxy 127\.0\.0\.1:\d+: it answered CONNECT with an answer that is not HTTP \(ProxyInvalidAnswer\)\./,
    );
  });

  it('an endless answer head is cut at 16 KiB', async () => {
    const proxy = await rawProxy((socket) =>
      socket.write(`HTTP/1.1 200 OK\r\nX-Padding: ${'x'.repeat(20_000)}`),
    );
    const error = await failure(call(proxy.url));
    expect(error).toMatchObject({ name: 'NetworkError', code: 'ProxyInvalidAnswer', delivery: 'notSent' });
    expect((error as Error).message).toMatch(/over 16 KiB/);
  });

  it('never answering times the attempt out, and the connection to it is closed', async () => {
    const proxy = await rawProxy(() => undefined);
    const error = await failure(call(proxy.url, 200));
    expect(error).toBeInstanceOf(TimeoutError);
    await proxy.closed;
  });
});
