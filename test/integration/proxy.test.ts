/**
 * Clients behind a forward proxy, over real sockets on 127.0.0.1: the proxy of the environment
 * (`HTTP_PROXY`, `HTTPS_PROXY`) or of the `proxy` option, `NO_PROXY` and `proxy: false` going around it,
 * https endpoints through a CONNECT tunnel (the endpoint's certificate checked, `ca` honoured), plain
 * http by absolute URI, a tunnel refused or a proxy down as typed errors that name the proxy, and the
 * proxy's credentials sent to it alone, never printed.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sampleAlerts } from '../../src/emulator/index.js';
import {
  AlertHandler,
  NetworkError,
  Operations,
  type RequestAuditEvent,
  SasClient,
  ValidationError,
} from '../../src/index.js';
import { caught, failure } from '../support/caught.js';
import { closedPort } from '../support/closed-port.js';
import { collect } from '../support/collect.js';
import { allSucceeded, FAST_POLL } from '../support/emulator-handler.js';
import { useEmulators } from '../support/emulators.js';
import { startHttpProxy, startTlsFront, TEST_TLS } from '../support/http-proxy.js';
import { expectUntrustedCertificate } from '../support/untrusted-certificate.js';

const start = useEmulators();
/** Resolved by the test proxy alone, as a corporate proxy resolves names its clients cannot. */
const HOSTS = { 'emulator.test': '127.0.0.1', 'secure.test': '127.0.0.1' };
const QUICK_RETRY = { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 };
const PROXY_VARIABLES = ['http_proxy', 'HTTP_PROXY', 'https_proxy', 'HTTPS_PROXY', 'no_proxy', 'NO_PROXY'];

/** Sets exactly these proxy variables, whatever the developer's own environment holds. */
function proxyEnvironment(variables: Record<string, string>): void {
  for (const name of PROXY_VARIABLES) vi.stubEnv(name, variables[name]);
}
afterEach(() => {
  vi.unstubAllEnvs();
});

async function emulatorWithAlerts(count = 3) {
  return start({ state: { alerts: sampleAlerts(count) } });
}

/** An emulator behind the test HTTPS front: `secure.test:<port>` through the test proxy. */
async function secureEmulator(count = 3) {
  const emulator = await emulatorWithAlerts(count);
  const front = await startTlsFront(emulator.endpoint);
  return { emulator, front, endpoint: `https://secure.test:${front.port}` };
}

describe('a proxy from the environment', () => {
  it('HTTP_PROXY carries the calls to an http endpoint, by absolute URI, over kept-alive connections', async () => {
    const emulator = await emulatorWithAlerts();
    const proxy = await startHttpProxy({ hosts: HOSTS });
    const port = emulator.endpoint.split(':')[1];
    proxyEnvironment({ HTTP_PROXY: proxy.url });
    const sas = new SasClient({ endpoint: `http://emulator.test:${port}`, credential: emulator.credentials });
    for (let call = 0; call < 3; call++) {
      expect((await sas.describeSuspEvents({})).SuspEvents).toHaveLength(3);
    }
    expect(proxy.forwarded()).toBe(3);
    expect(proxy.requests[0]?.target).toMatch(new RegExp(`^http://emulator\\.test:${port}/`));
    expect(proxy.connections()).toBe(1);
  });

  it('HTTPS_PROXY carries the calls to an https endpoint through one CONNECT tunnel, kept alive', async () => {
    const { emulator, front, endpoint } = await secureEmulator();
    const proxy = await startHttpProxy({ hosts: HOSTS });
    proxyEnvironment({ HTTPS_PROXY: proxy.url, HTTP_PROXY: 'http://127.0.0.1:9' });
    const sas = new SasClient({ endpoint, credential: emulator.credentials, ca: TEST_TLS.ca });
    for (let call = 0; call < 3; call++) {
      expect((await sas.describeSuspEvents({})).SuspEvents).toHaveLength(3);
    }
    expect(proxy.requests.map((entry) => [entry.method, entry.target])).toEqual([
      ['CONNECT', `secure.test:${front.port}`],
    ]);
    expect(front.headers).toHaveLength(3);
  });

  it('NO_PROXY sends the calls to its hosts directly', async () => {
    const emulator = await emulatorWithAlerts();
    const proxy = await startHttpProxy({ refuseWith: 403 });
    const port = emulator.endpoint.split(':')[1];
    // 0.0.0.0 reaches this machine without being a loopback name, which would skip the proxy anyway.
    proxyEnvironment({ HTTP_PROXY: proxy.url, NO_PROXY: 'example.com, 0.0.0.0' });
    const sas = new SasClient({ endpoint: `http://0.0.0.0:${port}`, credential: emulator.credentials });
    expect((await sas.describeSuspEvents({})).SuspEvents).toHaveLength(3);
    expect(proxy.requests).toEqual([]);

    proxyEnvironment({ HTTP_PROXY: proxy.url, NO_PROXY: 'example.com' });
    const proxied = new SasClient({
      endpoint: `http://0.0.0.0:${port}`,
      credential: emulator.credentials,
      retry: false,
    });
    // The proxy's 403 page is the answer read: only a 407 is known to be the proxy's own.
    expect(await failure(proxied.describeSuspEvents({}))).toMatchObject({ statusCode: 403 });
    expect(proxy.requests.map((entry) => entry.target)).toEqual([`http://0.0.0.0:${port}/`]);
  });

  it('is never used for a loopback endpoint, so that an emulator on 127.0.0.1 is reached directly', async () => {
    const emulator = await emulatorWithAlerts();
    const proxy = await startHttpProxy({ refuseWith: 403 });
    proxyEnvironment({ HTTP_PROXY: proxy.url, http_proxy: proxy.url });
    const sas = new SasClient({ endpoint: `http://${emulator.endpoint}`, credential: emulator.credentials });
    expect((await sas.describeSuspEvents({})).SuspEvents).toHaveLength(3);
    expect(proxy.requests).toEqual([]);
  });

  it('`proxy: false` goes around it', async () => {
    const emulator = await emulatorWithAlerts();
    const proxy = await startHttpProxy({ refuseWith: 403 });
    const port = emulator.endpoint.split(':')[1];
    proxyEnvironment({ HTTP_PROXY: proxy.url });
    const sas = new SasClient({
      endpoint: `http://0.0.0.0:${port}`,
      credential: emulator.credentials,
      proxy: false,
    });
    expect((await sas.describeSuspEvents({})).SuspEvents).toHaveLength(3);
    expect(proxy.requests).toEqual([]);
  });

  it('is read when the client is built: a later change of the environment does not move it', async () => {
    const emulator = await emulatorWithAlerts();
    const proxy = await startHttpProxy({ hosts: HOSTS });
    const port = emulator.endpoint.split(':')[1];
    proxyEnvironment({ HTTP_PROXY: proxy.url });
    const sas = new SasClient({ endpoint: `http://emulator.test:${port}`, credential: emulator.credentials });
    proxyEnvironment({ HTTP_PROXY: 'http://127.0.0.1:9' });
    expect((await sas.describeSuspEvents({})).SuspEvents).toHaveLength(3);
    expect(proxy.forwarded()).toBe(1);
  });
});

describe('the `proxy` option', () => {
  it('wins over the environment, and applies to a loopback endpoint too', async () => {
    const emulator = await emulatorWithAlerts();
    const proxy = await startHttpProxy();
    proxyEnvironment({ HTTP_PROXY: 'http://127.0.0.1:9', NO_PROXY: '*' });
    const sas = new SasClient({
      endpoint: `http://${emulator.endpoint}`,
      credential: emulator.credentials,
      proxy: proxy.url,
    });
    expect((await sas.describeSuspEvents({})).SuspEvents).toHaveLength(3);
    expect(proxy.forwarded()).toBe(1);
  });

  it('takes a URL object, and an https:// proxy (trusted through `ca`)', async () => {
    const { emulator, endpoint, front } = await secureEmulator();
    const proxy = await startHttpProxy({ hosts: HOSTS, tls: true });
    proxyEnvironment({});
    const sas = new SasClient({
      endpoint,
      credential: emulator.credentials,
      proxy: new URL(proxy.url),
      ca: [TEST_TLS.ca.toString('utf8')],
    });
    expect((await sas.describeSuspEvents({})).SuspEvents).toHaveLength(3);
    expect(proxy.tunnels()).toBe(1);
    expect(front.headers).toHaveLength(1);

    // An http endpoint through the https proxy: forwarded by absolute URI over TLS to the proxy.
    const plain = new SasClient({
      endpoint: `http://${emulator.endpoint}`,
      credential: emulator.credentials,
      proxy: proxy.url,
      ca: TEST_TLS.ca,
    });
    expect((await plain.describeSuspEvents({})).SuspEvents).toHaveLength(3);
    expect(proxy.forwarded()).toBe(1);
    // Without `ca`, the proxy's own certificate is the one not trusted, and the proxy is named.
    const untrusting = new SasClient({
      endpoint: `http://${emulator.endpoint}`,
      credential: emulator.credentials,
      proxy: proxy.url,
      retry: false,
    });
    expectUntrustedCertificate(
      await failure(untrusting.describeSuspEvents({})),
      `the proxy ${proxy.address}`,
    );
  });

  it('checks the endpoint certificate through the tunnel: untrusted without `ca`', async () => {
    const { emulator, endpoint } = await secureEmulator();
    const proxy = await startHttpProxy({ hosts: HOSTS });
    const sas = new SasClient({ endpoint, credential: emulator.credentials, proxy: proxy.url });
    expectUntrustedCertificate(await failure(sas.describeSuspEvents({})), /secure\.test:\d+/);
  });

  it('checks the certificate against the endpoint host, not the proxy', async () => {
    const emulator = await emulatorWithAlerts();
    const front = await startTlsFront(emulator.endpoint);
    const proxy = await startHttpProxy({ hosts: { 'other.test': '127.0.0.1' } });
    const sas = new SasClient({
      endpoint: `https://other.test:${front.port}`,
      credential: emulator.credentials,
      proxy: proxy.url,
      ca: TEST_TLS.ca,
    });
    const error = await failure(sas.describeSuspEvents({}));
    expect(error).toMatchObject({
      name: 'NetworkError',
      code: 'ERR_TLS_CERT_ALTNAME_INVALID',
      delivery: 'notSent',
    });
  });

  it('refuses a proxy URL that is not http:// or https://, before anything is sent', () => {
    const error = caught(() => new SasClient({ endpoint: 'secure.test', proxy: 'socks5://127.0.0.1:1080' }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ field: 'proxy' });
  });
});

describe('a proxy that refuses or is down', () => {
  it('a tunnel refused with 407 is a NetworkError naming the proxy and the endpoint; nothing was sent', async () => {
    const { emulator, endpoint, front } = await secureEmulator();
    const proxy = await startHttpProxy({ hosts: HOSTS, auth: { user: 'alice', password: 'right' } });
    const sas = new SasClient({
      endpoint,
      credential: emulator.credentials,
      proxy: proxy.url,
      ca: TEST_TLS.ca,
      retry: QUICK_RETRY,
    });
    const error = await failure(sas.describeSuspEvents({}));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ code: 'ProxyRefused', delivery: 'notSent', retryable: false, attempts: 1 });
    expect((error as Error).message).toBe(
      `DescribeSuspEvents: the proxy ${proxy.address} refused the tunnel to secure.test:${front.port}: 407 Proxy Authentication Required. ` +
        'Check the proxy credentials (user:password@ in the proxy URL).',
    );
    expect(front.headers).toEqual([]);
  });

  it('a request refused with 407 by the proxy of an http endpoint is the same error', async () => {
    const emulator = await emulatorWithAlerts();
    const proxy = await startHttpProxy({ auth: { user: 'alice', password: 'right' } });
    const sas = new SasClient({
      endpoint: `http://${emulator.endpoint}`,
      credential: emulator.credentials,
      proxy: proxy.url,
    });
    const error = await failure(sas.describeSuspEvents({}));
    expect(error).toMatchObject({
      name: 'NetworkError',
      code: 'ProxyRefused',
      delivery: 'notSent',
      retryable: false,
    });
    expect((error as Error).message).toMatch(
      `the proxy ${proxy.address} refused the request to ${emulator.endpoint}: 407 Proxy Authentication Required`,
    );
    expect(emulator.count()).toBe(0);
  });

  it('a tunnel refused with 403 is not retried; with 502 it is, handling calls included, since nothing was sent', async () => {
    const { emulator, endpoint } = await secureEmulator();
    const forbidding = await startHttpProxy({ refuseWith: 403 });
    const credential = emulator.credentials;
    const options = { endpoint, credential, ca: TEST_TLS.ca, retry: QUICK_RETRY };
    const forbidden = await failure(
      new SasClient({ ...options, proxy: forbidding.url }).describeSuspEvents({}),
    );
    expect(forbidden).toMatchObject({ code: 'ProxyRefused', retryable: false, attempts: 1 });
    expect((forbidden as Error).message).toMatch(
      /refused the tunnel to secure\.test:\d+: 403 Forbidden\. Check that the proxy allows/,
    );

    const failing = await startHttpProxy({ refuseWith: 502 });
    const handle = new SasClient({ ...options, proxy: failing.url }).handleSecurityEvents({
      SecurityEventIds: ['1'],
      OperationCode: 'ignore',
      OperationParams: '{}',
    });
    const badGateway = await failure(handle);
    expect(badGateway).toMatchObject({
      code: 'ProxyRefused',
      delivery: 'notSent',
      retryable: true,
      attempts: 3,
    });
    expect((badGateway as Error).message).toMatch(/502 Bad Gateway\. The proxy could not reach the endpoint/);
    expect(failing.requests).toHaveLength(3);
  });

  it('a proxy that cannot be reached is named, not the endpoint; nothing was sent', async () => {
    const port = await closedPort();
    for (const endpoint of ['https://secure.test', 'http://emulator.test']) {
      const sas = new SasClient({
        endpoint,
        credential: { accessKeyId: 'LTAItestkey', accessKeySecret: 'test-secret-value' },
        proxy: `http://127.0.0.1:${port}`,
        retry: false,
      });
      const error = await failure(sas.describeSuspEvents({}));
      expect(error).toMatchObject({
        name: 'NetworkError',
        code: 'ECONNREFUSED',
        delivery: 'notSent',
        retryable: true,
      });
      expect((error as Error).message).toBe(
        `DescribeSuspEvents: could not reach the proxy 127.0.0.1:${port}: the connection was refused (ECONNREFUSED). ` +
          'Check the proxy URL (the `proxy` option, or HTTPS_PROXY / HTTP_PROXY), and that the proxy runs.',
      );
    }
  });
});

describe('proxy credentials', () => {
  const PASSWORD = 'pr0xy-s3cret-pass';
  const BASIC = `Basic ${Buffer.from(`alice:${PASSWORD}`).toString('base64')}`;

  it('go to the proxy alone, as Basic Proxy-Authorization, never to the endpoint', async () => {
    const { emulator, endpoint, front } = await secureEmulator();
    const proxy = await startHttpProxy({ hosts: HOSTS, auth: { user: 'alice', password: PASSWORD } });
    const sas = new SasClient({
      endpoint,
      credential: emulator.credentials,
      proxy: `http://alice:${PASSWORD}@${proxy.address}`,
      ca: TEST_TLS.ca,
    });
    expect((await sas.describeSuspEvents({})).SuspEvents).toHaveLength(3);
    expect(proxy.requests.map((entry) => entry.proxyAuthorization)).toEqual([BASIC]);
    expect(front.headers[0]?.['proxy-authorization']).toBeUndefined();

    const plain = new SasClient({
      endpoint: `http://${emulator.endpoint}`,
      credential: emulator.credentials,
      proxy: `http://alice:${PASSWORD}@${proxy.address}`,
    });
    expect((await plain.describeSuspEvents({})).SuspEvents).toHaveLength(3);
    expect(proxy.requests.at(-1)?.proxyAuthorization).toBe(BASIC);
  });

  it('never appear in errors, their causes, audit events or messages', async () => {
    const audit: RequestAuditEvent[] = [];
    const refusing = await startHttpProxy({ auth: { user: 'alice', password: 'another-password' } });
    const down = await closedPort();
    const errors: unknown[] = [];
    for (const proxy of [refusing.address, `127.0.0.1:${down}`]) {
      for (const endpoint of ['https://secure.test', 'http://emulator.test']) {
        const sas = new SasClient({
          endpoint,
          credential: { accessKeyId: 'LTAItestkey', accessKeySecret: 'test-secret-value' },
          proxy: `http://alice:${PASSWORD}@${proxy}`,
          retry: false,
          onAudit: (event) => audit.push(event),
        });
        errors.push(await failure(sas.describeSuspEvents({})));
      }
    }
    expect(errors.map((error) => (error as Error).name)).toEqual(Array(4).fill('NetworkError'));
    const seen = [
      ...errors.flatMap((error) => {
        const { message, stack, cause } = error as Error & { cause?: Error };
        return [message, stack, JSON.stringify(error), cause?.message, cause?.stack, JSON.stringify(cause)];
      }),
      JSON.stringify(audit),
    ].join('\n');
    for (const secret of [PASSWORD, encodeURIComponent(PASSWORD), BASIC, BASIC.slice(6)]) {
      expect(seen).not.toContain(secret);
    }
    expect(audit).toHaveLength(4);
  });
});

describe('AlertHandler through a proxy', () => {
  it('lists, plans and executes alerts of the emulator through a CONNECT tunnel, end to end', async () => {
    const { emulator, endpoint } = await secureEmulator(25);
    const proxy = await startHttpProxy({ hosts: HOSTS, auth: { user: 'ops', password: 'tunnel' } });
    proxyEnvironment({ HTTPS_PROXY: `http://ops:tunnel@${proxy.address}` });
    const alerts = new AlertHandler({
      endpoint,
      credential: emulator.credentials,
      ca: TEST_TLS.ca,
      lang: 'en',
      poll: FAST_POLL,
      retry: { baseDelayMs: 1, maxDelayMs: 5 },
    });
    const listed = await collect(alerts.listAlerts({ dealt: false, pageSize: 20 }));
    expect(listed).toHaveLength(25);
    const plan = await alerts.plan(
      listed.map((alert) => ({ alertId: alert.id, operation: Operations.ignore() })),
    );
    const report = await alerts.execute(plan);
    expect(report.counts).toEqual(allSucceeded(25));
    expect(await collect(alerts.listAlerts({ dealt: false }))).toHaveLength(0);
    expect(proxy.tunnels()).toBeGreaterThanOrEqual(1);
    expect(proxy.forwarded()).toBe(0);
    // Everything reached the emulator through the proxy: it was asked for no direct connection.
    expect(emulator.count('HandleSecurityEvents')).toBe(2);
  });
});
