import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { onTestFinished } from 'vitest';

/** A proxy in front of an emulator that holds one request until the test lets it go. */
export interface PauseProxy {
  /** `127.0.0.1:PORT`, to give the client instead of the emulator's. */
  readonly endpoint: string;
  /** Actions of the requests that reached the proxy, in arrival order. */
  readonly seen: readonly string[];
  /** Resolves once the held request arrived (it is not forwarded yet). */
  readonly reached: Promise<void>;
  /** Forwards the held request, and every later one as it comes. */
  release(): void;
}

/**
 * Starts a proxy on 127.0.0.1 that forwards every request to `upstream` unchanged, except the `nth`
 * request of `action`, which it holds until {@link PauseProxy.release} (the requests after it wait
 * too). Closed when the test finishes.
 */
export async function startPauseProxy(upstream: string, action: string, nth = 1): Promise<PauseProxy> {
  const [host, port] = upstream.split(':') as [string, string];
  const seen: string[] = [];
  let onReached: () => void = () => undefined;
  const reached = new Promise<void>((resolve) => {
    onReached = resolve;
  });
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let holding = false;

  const serve = async (request: IncomingMessage, response: ServerResponse) => {
    const body = Buffer.concat(await request.toArray());
    const name = String(request.headers['x-acs-action'] ?? '');
    seen.push(name);
    if (seen.filter((each) => each === action).length === nth && name === action) {
      holding = true;
      onReached();
    }
    if (holding) await released;
    const upstreamRequest = httpRequest({
      host,
      port: Number(port),
      method: request.method,
      path: request.url,
      headers: request.headers,
    });
    upstreamRequest.once('error', () => response.destroy());
    upstreamRequest.once('response', (upstreamResponse) => {
      response.writeHead(upstreamResponse.statusCode ?? 502, upstreamResponse.headers);
      upstreamResponse.pipe(response);
    });
    upstreamRequest.end(body);
  };

  const server = createServer((request, response) => {
    serve(request, response).catch(() => response.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(
    () =>
      new Promise<void>((resolve) => {
        release();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  const { port: own } = server.address() as AddressInfo;
  return { endpoint: `127.0.0.1:${own}`, seen, reached, release: () => release() };
}
