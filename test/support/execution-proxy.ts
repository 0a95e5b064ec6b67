import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { onTestFinished } from 'vitest';

/**
 * Where to stop a run: at the `nth` request (1-based) of `action`, or of any action when none is named;
 * `before` the emulator gets it (not applied), or `after` the emulator answered it (applied, its answer
 * never delivered).
 */
export interface KillPoint {
  readonly nth: number;
  readonly action?: string;
  readonly when: 'before' | 'after';
}

/** A proxy in front of an emulator that calls `kill` at a {@link KillPoint}. */
export interface KillProxy {
  /** `127.0.0.1:PORT`, to give the client instead of the emulator's. */
  readonly endpoint: string;
  /** Requests that reached the proxy so far, by action, in arrival order. */
  readonly seen: readonly string[];
  /** Resolves when the kill point is reached and `kill` has returned. */
  readonly killed: Promise<KillPoint>;
  /** Whether the kill point was reached. */
  readonly fired: boolean;
}

/**
 * Starts a proxy on 127.0.0.1 that forwards every request to `upstream` (the emulator's endpoint)
 * unchanged, and at `point` calls `kill` (which must stop the client at once, e.g. SIGKILL its process):
 * that request and every later one are never answered. Closed when the test finishes.
 */
export async function startKillProxy(
  upstream: string,
  point: KillPoint,
  kill: () => Promise<void>,
): Promise<KillProxy> {
  const [host, port] = upstream.split(':') as [string, string];
  const seen: string[] = [];
  let fired = false;
  let onKilled: (point: KillPoint) => void = () => undefined;
  const killed = new Promise<KillPoint>((resolve) => {
    onKilled = resolve;
  });
  const fire = async () => {
    fired = true;
    await kill();
    onKilled(point);
  };

  const serve = async (request: IncomingMessage, response: ServerResponse) => {
    const body = Buffer.concat(await request.toArray());
    if (fired) return void response.destroy();
    const action = String(
      request.headers['x-acs-action'] ??
        new URL(request.url ?? '/', 'http://x').searchParams.get('Action') ??
        '',
    );
    seen.push(action);
    const count =
      point.action === undefined ? seen.length : seen.filter((each) => each === point.action).length;
    const here = count === point.nth && (point.action === undefined || point.action === action);
    if (here && point.when === 'before') {
      await fire();
      return void response.destroy();
    }
    const upstreamRequest = httpRequest({
      host,
      port: Number(port),
      method: request.method,
      path: request.url,
      headers: request.headers,
    });
    response.once('close', () => upstreamRequest.destroy());
    const answer = await new Promise<
      { status: number; headers: IncomingMessage['headers']; body: Buffer } | undefined
    >((resolve) => {
      upstreamRequest.once('error', () => resolve(undefined));
      upstreamRequest.once('response', (upstreamResponse) => {
        upstreamResponse
          .toArray()
          .then((chunks) =>
            resolve({
              status: upstreamResponse.statusCode ?? 502,
              headers: upstreamResponse.headers,
              body: Buffer.concat(chunks),
            }),
          )
          .catch(() => resolve(undefined));
      });
      upstreamRequest.end(body);
    });
    if (here) await fire();
    if (answer === undefined || fired) return void response.destroy();
    response.writeHead(answer.status, answer.headers);
    response.end(answer.body);
  };

  const server = createServer((request, response) => {
    serve(request, response).catch(() => response.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  const { port: own } = server.address() as AddressInfo;
  return {
    endpoint: `127.0.0.1:${own}`,
    seen,
    killed,
    get fired() {
      return fired;
    },
  };
}
