import { readFileSync } from 'node:fs';
import {
  Agent,
  createServer as createHttpServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { type AddressInfo, connect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { onTestFinished } from 'vitest';

/** The test-only certificate and key of `test/fixtures/tls` (see its README), and their CA. */
export const TEST_TLS = {
  ca: readFileSync(new URL('../fixtures/tls/ca.crt', import.meta.url)),
  cert: readFileSync(new URL('../fixtures/tls/server.crt', import.meta.url)),
  key: readFileSync(new URL('../fixtures/tls/server.key', import.meta.url)),
};

/** How a {@link startHttpProxy} proxy behaves. */
export interface HttpProxyOptions {
  /** Requires `Proxy-Authorization: Basic` of this user and password; 407 otherwise. */
  auth?: { user: string; password: string };
  /** Answers every request and every CONNECT with this status (e.g. 403, 502) instead of serving it. */
  refuseWith?: number;
  /** Names the proxy resolves itself, as a corporate proxy does for hosts its clients cannot resolve. */
  hosts?: Readonly<Record<string, string>>;
  /** Serves the proxy over TLS (an `https://` proxy) with the test certificate. */
  tls?: boolean;
}

/** What a proxy was asked: one entry per request or CONNECT. */
export interface ProxiedRequest {
  /** `CONNECT`, or the method of a forwarded request. */
  method: string;
  /** `host:port` of a CONNECT, the absolute URI of a forwarded request. */
  target: string;
  /** The `Proxy-Authorization` header as received. */
  proxyAuthorization: string | undefined;
  /** Whether it was served (forwarded, or tunnelled). */
  served: boolean;
}

/** A forward proxy on 127.0.0.1 for one test (closed when the test ends). */
export interface HttpProxy {
  /** `http://127.0.0.1:<port>` (`https://` with `tls`), for the `proxy` option or `HTTPS_PROXY`. */
  url: string;
  /** `127.0.0.1:<port>`, as the SDK's messages name it. */
  address: string;
  /** Everything it was asked, in order. */
  requests: ProxiedRequest[];
  /** Requests forwarded by absolute URI (plain http through the proxy). */
  forwarded(): number;
  /** CONNECT tunnels opened. */
  tunnels(): number;
  /** Client connections the proxy accepted: fewer than requests when connections are reused. */
  connections(): number;
}

/**
 * Starts a forward proxy as corporate egress proxies behave: a request by absolute URI is forwarded (plain
 * http), a CONNECT opens a TCP tunnel (https); it can require Basic credentials (407 without them),
 * refuse everything with a status, resolve names of its own, and speak TLS to its clients.
 */
export async function startHttpProxy(options: HttpProxyOptions = {}): Promise<HttpProxy> {
  const requests: ProxiedRequest[] = [];
  const sockets = new Set<Duplex>();
  let connections = 0;
  const upstream = new Agent({ keepAlive: true });
  const resolve = (host: string) => options.hosts?.[host] ?? host;

  /** Why this request may not pass (a status and its reason), or `undefined` when it may. */
  const refusal = (request: IncomingMessage): [number, string] | undefined => {
    if (options.refuseWith !== undefined)
      return [options.refuseWith, STATUS_TEXT[options.refuseWith] ?? 'Refused'];
    if (options.auth === undefined) return undefined;
    const expected = `Basic ${Buffer.from(`${options.auth.user}:${options.auth.password}`).toString('base64')}`;
    return request.headers['proxy-authorization'] === expected
      ? undefined
      : [407, STATUS_TEXT[407] as string];
  };
  const log = (request: IncomingMessage, target: string, served: boolean) => {
    requests.push({
      method: request.method ?? '',
      target,
      proxyAuthorization: request.headers['proxy-authorization'],
      served,
    });
  };

  const forward = (request: IncomingMessage, response: ServerResponse) => {
    const target = request.url ?? '';
    const refused = refusal(request);
    log(request, target, refused === undefined);
    if (refused !== undefined) {
      response.writeHead(refused[0], refused[1], { 'proxy-authenticate': 'Basic realm="test"' }).end();
      return;
    }
    const url = new URL(target);
    const { 'proxy-authorization': _auth, 'proxy-connection': _connection, ...headers } = request.headers;
    const outgoing = httpRequest(
      {
        host: resolve(url.hostname),
        port: url.port,
        method: request.method,
        path: `${url.pathname}${url.search}`,
        headers,
        agent: upstream,
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    outgoing.on('error', () => {
      if (!response.headersSent) response.writeHead(502, 'Bad Gateway').end();
      else response.destroy();
    });
    request.pipe(outgoing);
  };

  const tunnel = (request: IncomingMessage, client: Duplex, head: Buffer) => {
    const target = request.url ?? '';
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    const refused = refusal(request);
    log(request, target, refused === undefined);
    if (refused !== undefined) {
      client.end(
        `HTTP/1.1 ${refused[0]} ${refused[1]}\r\nProxy-Authenticate: Basic realm="test"\r\nContent-Length: 0\r\n\r\n`,
      );
      return;
    }
    const [, host = '', port = ''] = /^\[?(.*?)\]?:(\d+)$/.exec(target) ?? [];
    const server: Socket = connect(Number(port), resolve(host));
    sockets.add(server);
    server.on('close', () => sockets.delete(server));
    server.on('connect', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) server.write(head);
      server.pipe(client);
      client.pipe(server);
    });
    server.on('error', () => {
      if (server.connecting) client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n');
      else client.destroy();
    });
    client.on('close', () => server.destroy());
  };

  const server: Server = options.tls
    ? createHttpsServer({ key: TEST_TLS.key, cert: TEST_TLS.cert }, forward)
    : createHttpServer(forward);
  server.on(options.tls ? 'secureConnection' : 'connection', (socket: Socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('connect', tunnel);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  onTestFinished(async () => {
    for (const socket of sockets) socket.destroy();
    upstream.destroy();
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    address: `127.0.0.1:${port}`,
    requests,
    forwarded: () => requests.filter((entry) => entry.served && entry.method !== 'CONNECT').length,
    tunnels: () => requests.filter((entry) => entry.served && entry.method === 'CONNECT').length,
    connections: () => connections,
  };
}

const STATUS_TEXT: Readonly<Record<number, string>> = {
  403: 'Forbidden',
  407: 'Proxy Authentication Required',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

/** An HTTPS server in front of a plain-http one (an emulator), with the test certificate. */
export interface TlsFront {
  /** The port it listens on, on 127.0.0.1. */
  port: number;
  /** The headers of every request it passed on, in order. */
  headers: IncomingHttpHeaders[];
}

/**
 * Starts an HTTPS server on 127.0.0.1 (the test certificate: `localhost`, `secure.test`, `127.0.0.1`) that
 * passes every request as it is to the plain-http `backend` (`host:port`, e.g. an emulator's endpoint),
 * and closes when the test ends.
 */
export async function startTlsFront(backend: string): Promise<TlsFront> {
  const headers: IncomingHttpHeaders[] = [];
  const [host, port] = backend.split(':');
  const upstream = new Agent({ keepAlive: true });
  const server = createHttpsServer({ key: TEST_TLS.key, cert: TEST_TLS.cert }, (request, response) => {
    headers.push(request.headers);
    const outgoing = httpRequest(
      { host, port, method: request.method, path: request.url, headers: request.headers, agent: upstream },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    outgoing.on('error', () => response.writeHead(502).end());
    request.pipe(outgoing);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  onTestFinished(async () => {
    upstream.destroy();
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  });
  return { port: (server.address() as AddressInfo).port, headers };
}
