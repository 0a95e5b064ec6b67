/**
 * HTTPS through a forward proxy: a keep-alive `https.Agent` whose connections are CONNECT tunnels
 * through the proxy, with TLS to the endpoint inside (SNI and certificate check against the endpoint's
 * host). Built on Node's own modules; the agent pools the tunnels per endpoint, as it pools direct
 * connections.
 *
 * @packageDocumentation
 */
import { Agent as HttpsAgent, type AgentOptions as HttpsAgentOptions, type RequestOptions } from 'node:https';
import { isIP, connect as netConnect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { connect as tlsConnect } from 'node:tls';
import type { ProxyServer } from './proxy.js';

/**
 * The proxy refused to carry a request: it answered a CONNECT (or a request by absolute URI) with a
 * status other than 2xx, so nothing reached the endpoint.
 */
export class ProxyRefused extends Error {
  override name = 'ProxyRefused';
  readonly code = 'ProxyRefused';
  constructor(
    /** The proxy's `host:port`. */
    readonly proxy: string,
    /** The endpoint's `host:port`. */
    readonly target: string,
    /** What was refused: the tunnel of an https endpoint, or a request to an http one. */
    readonly refused: 'tunnel' | 'request',
    /** The proxy's status and reason phrase, e.g. 407 `Proxy Authentication Required`. */
    readonly status: number,
    readonly reason: string,
  ) {
    super(`The proxy ${proxy} refused the ${refused} to ${target}: ${status} ${reason}`.trim());
  }
}

/** A failure to reach the proxy itself, marked with the proxy's `host:port` (see {@link proxyOfFailure}). */
const PROXY_OF_FAILURE = Symbol('proxy of the failure');

/** Marks `error` as a failure to reach or speak to `proxy`, not the endpoint. */
export function markProxyFailure<E extends Error>(error: E, proxy: ProxyServer): E {
  return Object.assign(error, { [PROXY_OF_FAILURE]: proxy.address });
}

/** The `host:port` of the proxy that `error` failed to reach, when it is such a failure. */
export function proxyOfFailure(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const address = (error as { [PROXY_OF_FAILURE]?: unknown })[PROXY_OF_FAILURE];
  return typeof address === 'string' ? address : undefined;
}

/** Longest CONNECT answer head read before the proxy is taken as broken. */
const MAX_HEAD_BYTES = 16 * 1024;

/** Settings of a {@link TunnelAgent}. */
export interface TunnelAgentOptions extends HttpsAgentOptions {
  /** How long opening a tunnel may take: connecting to the proxy and its CONNECT answer. */
  tunnelTimeoutMs: number;
}

/**
 * A keep-alive `https.Agent` whose connections go through `proxy`: each new one asks the proxy to
 * CONNECT to the endpoint, then speaks TLS to the endpoint inside the tunnel. Its pools are per
 * endpoint, like a plain agent's; `ca` (an agent option) applies to the endpoint and to an https proxy.
 */
export class TunnelAgent extends HttpsAgent {
  readonly #proxy: ProxyServer;
  readonly #tunnelTimeoutMs: number;

  constructor(proxy: ProxyServer, { tunnelTimeoutMs, ...options }: TunnelAgentOptions) {
    super(options);
    this.#proxy = proxy;
    this.#tunnelTimeoutMs = tunnelTimeoutMs;
  }

  /** Opens a tunnel, then TLS to the endpoint through it; Node's agent takes the callback form. */
  override createConnection(
    options: RequestOptions,
    callback?: (error: Error | null, stream: Duplex) => void,
  ): undefined {
    const host = String(options.host ?? options.hostname ?? 'localhost');
    const target = `${isIP(host) === 6 ? `[${host}]` : host}:${options.port ?? 443}`;
    openTunnel(this.#proxy, target, this.options.ca, this.#tunnelTimeoutMs).then(
      (socket) => {
        const secure = super.createConnection({ ...options, socket } as RequestOptions) as Duplex;
        callback?.(null, secure);
      },
      (error: Error) => callback?.(error, undefined as unknown as Duplex),
    );
    return undefined;
  }
}

/**
 * Connects to `proxy` and asks it to CONNECT to `target`; resolves with the connection once the proxy
 * answers 2xx. Rejects with {@link ProxyRefused} on another status, or with the connection's error
 * marked by {@link markProxyFailure}.
 */
function openTunnel(
  proxy: ProxyServer,
  target: string,
  ca: HttpsAgentOptions['ca'],
  timeoutMs: number,
): Promise<Duplex> {
  const socket: Socket =
    proxy.protocol === 'https'
      ? tlsConnect({
          host: proxy.hostname,
          port: proxy.port,
          ...(isIP(proxy.hostname) === 0 ? { servername: proxy.hostname } : {}),
          ...(ca === undefined ? {} : { ca }),
          ALPNProtocols: ['http/1.1'],
        })
      : netConnect({ host: proxy.hostname, port: proxy.port });
  const authorization =
    proxy.authorization === undefined ? '' : `Proxy-Authorization: ${proxy.authorization}\r\n`;
  // Written at once: the socket holds it until connected (and, to an https proxy, secured).
  socket.write(`CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n${authorization}\r\n`);

  return new Promise<Duplex>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const settle = (error: Error | undefined) => {
      socket.off('readable', onReadable);
      socket.off('error', onError);
      socket.off('end', onEnd);
      socket.off('timeout', onTimeout);
      socket.setTimeout(0);
      if (error === undefined) {
        resolve(socket);
        return;
      }
      socket.destroy();
      reject(error instanceof ProxyRefused ? error : markProxyFailure(error, proxy));
    };
    const onError = (error: Error) => settle(error);
    const onEnd = () =>
      settle(
        Object.assign(new Error('it closed the connection before answering CONNECT'), {
          code: 'ECONNRESET',
        }),
      );
    const onTimeout = () =>
      settle(
        Object.assign(new Error(`it did not answer CONNECT within ${timeoutMs} ms`), {
          code: 'ETIMEDOUT',
        }),
      );
    const onReadable = () => {
      for (
        let chunk = socket.read() as Buffer | null;
        chunk !== null;
        chunk = socket.read() as Buffer | null
      ) {
        chunks.push(chunk);
        received += chunk.length;
        const head = Buffer.concat(chunks, received);
        const end = head.indexOf('\r\n\r\n');
        if (end === -1) {
          if (received > MAX_HEAD_BYTES) settle(answerError('an answer head over 16 KiB'));
          continue;
        }
        const status = /^HTTP\/1\.[01] (\d{3})(?: ([^\r\n]*))?\r\n/.exec(head.toString('latin1', 0, end + 2));
        if (status === null) {
          settle(answerError('an answer that is not HTTP'));
          return;
        }
        const code = Number(status[1]);
        if (code < 200 || code > 299) {
          settle(new ProxyRefused(proxy.address, target, 'tunnel', code, status[2]?.trim() ?? ''));
          return;
        }
        // The endpoint speaks only once TLS starts: anything past the head is the proxy's mistake.
        if (head.length > end + 4) socket.unshift(head.subarray(end + 4));
        settle(undefined);
        return;
      }
    };
    socket.on('readable', onReadable);
    socket.on('error', onError);
    socket.on('end', onEnd);
    socket.on('timeout', onTimeout);
    socket.setTimeout(timeoutMs);
  });
}

function answerError(what: string): Error {
  return Object.assign(new Error(`it answered CONNECT with ${what}`), { code: 'ProxyInvalidAnswer' });
}
