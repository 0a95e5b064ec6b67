/**
 * One HTTP exchange of the transport: sends a signed request over a keep-alive connection and reads
 * the whole answer, never more than a cap, and closes the connection of an exchange that is abandoned.
 *
 * @packageDocumentation
 */
import {
  type Agent as HttpAgent,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type RequestOptions,
} from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type Socket } from 'node:net';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { ResolvedEndpoint } from './endpoint.js';
import { agentFor } from './http-agents.js';
import type { NetworkConfig } from './network-options.js';
import type { ProxyServer } from './proxy.js';
import { markProxyFailure, ProxyRefused } from './proxy-tunnel.js';
import type { SignedRequest } from './signed-request.js';

/** A whole answer: status, headers, and the body's bytes. */
export interface HttpAnswer {
  statusCode: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** An exchange under way: its answer, and a way to give it up that closes its connection. */
export interface HttpExchange {
  /** The whole answer; rejects with Node's network error, or {@link AnswerTooLarge}. */
  readonly answer: Promise<HttpAnswer>;
  /** Gives the exchange up: the connection is destroyed (never reused) and the answer left unread. */
  abandon(): void;
}

/** Where requests go and how, parsed once per client. */
export interface HttpTarget {
  protocol: 'http' | 'https';
  hostname: string;
  port: number | undefined;
  /** The endpoint's `host[:port]`, as the `host` header and messages give it. */
  host: string;
  /** The pool the requests go through (see `http-agents.ts`). */
  agent: HttpAgent;
  /**
   * The proxy of an http endpoint, which is sent each request by absolute URI. (An https endpoint's proxy
   * is its agent's business: a CONNECT tunnel per connection.)
   */
  forwardProxy: ProxyServer | undefined;
}

/** The answer was longer than the cap; reading stopped and the connection was closed. */
export class AnswerTooLarge extends Error {
  override name = 'AnswerTooLarge';
  constructor(
    /** HTTP status of the answer. */
    readonly statusCode: number,
    /** Bytes received when reading stopped, or the length the answer declared. */
    readonly receivedBytes: number,
  ) {
    super(`The answer is larger than the cap (${receivedBytes} bytes or more).`);
  }
}

/**
 * Parses a resolved endpoint (`host`, `host:port`, `[::1]:port`) into what `http.request` takes, with
 * the pool and proxy of the client's network options.
 *
 * @param tunnelTimeoutMs - How long opening a tunnel through a proxy may take.
 */
export function httpTarget(
  endpoint: ResolvedEndpoint,
  network: NetworkConfig,
  tunnelTimeoutMs: number,
): HttpTarget {
  const url = new URL(`${endpoint.protocol}://${endpoint.host}`);
  return {
    protocol: endpoint.protocol,
    hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port === '' ? undefined : Number(url.port),
    host: endpoint.host,
    agent: agentFor(endpoint.protocol, network, tunnelTimeoutMs),
    forwardProxy: endpoint.protocol === 'http' ? network.proxy : undefined,
  };
}

/** Sends `request` to `target` and reads its answer, at most `maxResponseBytes` of body. */
export function exchange(target: HttpTarget, request: SignedRequest, maxResponseBytes: number): HttpExchange {
  const proxy = target.forwardProxy;
  const outgoing =
    proxy === undefined
      ? (target.protocol === 'https' ? httpsRequest : httpRequest)({
          hostname: target.hostname,
          port: target.port,
          method: request.method,
          path: request.path,
          headers: request.headers,
          agent: target.agent,
        })
      : (proxy.protocol === 'https' ? httpsRequest : httpRequest)(forwarded(target, proxy, request));
  // Through a proxy, a failure before the connection to it is made is the proxy's, not the endpoint's.
  let connected = proxy === undefined;
  if (!connected) {
    outgoing.once('socket', (socket: Socket) => {
      if (!socket.connecting) connected = true;
      else socket.once(proxy?.protocol === 'https' ? 'secureConnect' : 'connect', () => (connected = true));
    });
  }
  const answer = new Promise<HttpAnswer>((resolve, reject) => {
    // Every way an exchange ends goes through here; later events (a destroyed socket's error) are moot.
    const fail = (error: Error) => {
      outgoing.destroy();
      reject(connected || proxy === undefined ? error : markProxyFailure(error, proxy));
    };
    outgoing.on('error', fail);
    outgoing.on('response', (response: IncomingMessage) => {
      const statusCode = response.statusCode ?? 0;
      if (proxy !== undefined && statusCode === 407) {
        // The proxy's own answer: the request went no further.
        fail(new ProxyRefused(proxy.address, target.host, 'request', 407, response.statusMessage ?? ''));
        return;
      }
      const declared = Number(response.headers['content-length']);
      if (declared > maxResponseBytes) {
        fail(new AnswerTooLarge(statusCode, declared));
        return;
      }
      const body = decoded(response);
      const chunks: Buffer[] = [];
      let size = 0;
      body.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxResponseBytes) {
          fail(new AnswerTooLarge(statusCode, size));
          if (body !== response) body.destroy();
          return;
        }
        chunks.push(chunk);
      });
      body.on('error', fail);
      response.on('error', fail);
      // A connection closed before the whole answer came, whether or not the stream reports an error.
      response.on('close', () => {
        if (!response.complete)
          fail(Object.assign(new Error('The answer was cut short.'), { code: 'ECONNRESET' }));
      });
      body.on('end', () => {
        resolve({
          statusCode,
          headers: response.headers,
          body: chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size),
        });
      });
    });
    outgoing.end(request.body);
  });
  return { answer, abandon: () => outgoing.destroy() };
}

/** The options of a request sent to `proxy` by absolute URI, its credentials in `Proxy-Authorization`. */
function forwarded(target: HttpTarget, proxy: ProxyServer, request: SignedRequest): RequestOptions {
  return {
    hostname: proxy.hostname,
    port: proxy.port,
    method: request.method,
    path: `http://${target.host}${request.path}`,
    headers:
      proxy.authorization === undefined
        ? request.headers
        : { ...request.headers, 'proxy-authorization': proxy.authorization },
    agent: target.agent,
    // TLS to an https proxy checks the proxy's certificate, not the endpoint's name in `host`.
    ...(proxy.protocol === 'https' ? { servername: isIP(proxy.hostname) === 0 ? proxy.hostname : '' } : {}),
  };
}

/**
 * The body as its sender meant it: the official client inflates `gzip` and `deflate` answers (this one
 * asks for none, but a proxy may compress anyway). The cap applies to the inflated bytes, so that a
 * small compressed answer cannot unfold past it.
 */
function decoded(response: IncomingMessage): Readable {
  switch (response.headers['content-encoding']?.trim().toLowerCase()) {
    case 'gzip':
      return response.pipe(createGunzip());
    case 'deflate':
      return response.pipe(createInflate());
    case 'br':
      return response.pipe(createBrotliDecompress());
    default:
      return response;
  }
}
