import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { onTestFinished } from 'vitest';
import { SasClient } from '../../src/clients/sas-client.js';
import { SddpClient } from '../../src/clients/sddp-client.js';
import type { ClientOptions, RequestAuditEvent } from '../../src/transport/options.js';

/**
 * A loopback HTTP server of the transport tests, written apart from the emulator: it checks no
 * signature and answers whatever its handler writes, so a test can send what no well-behaved service
 * sends (a 50 MB body, JSON nested 100,000 levels deep, an answer that never comes). It counts the
 * connections it holds open, to show which ones a client leaves behind.
 */
export interface LoopbackServer {
  /** `127.0.0.1:<port>`, for a client's `endpoint`. */
  endpoint: string;
  /** Requests received, per action (the `x-acs-action` header, or `Action` for the v1 signature). */
  count(action?: string): number;
  /** Connections open right now. */
  openSockets(): number;
  /** Connections ever accepted. */
  acceptedSockets(): number;
  /** Resolves once no connection is open (or rejects after `limit` checks of 10 ms). */
  settled(limit?: number): Promise<number>;
}

/** What the handler is given: the request, its body, and the action it names. */
export type LoopbackHandler = (
  request: IncomingMessage,
  response: ServerResponse,
  action: string,
) => void | Promise<void>;

/** Starts a loopback server for one test; it closes (every connection included) when the test ends. */
export async function startLoopback(handler: LoopbackHandler): Promise<LoopbackServer> {
  const open = new Set<Socket>();
  let accepted = 0;
  const counts = new Map<string, number>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://loopback');
      const action = String(request.headers['x-acs-action'] ?? url.searchParams.get('Action') ?? '');
      counts.set(action, (counts.get(action) ?? 0) + 1);
      counts.set('', (counts.get('') ?? 0) + 1);
      // A handler that throws answers 500: a test sees the failure, not a hang.
      Promise.resolve(handler(request, response, action)).catch((error: unknown) => {
        if (!response.headersSent) response.writeHead(500).end(String(error));
      });
    });
  });
  server.keepAliveTimeout = 60_000;
  server.on('connection', (socket: Socket) => {
    accepted++;
    open.add(socket);
    socket.on('close', () => open.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `127.0.0.1:${port}`,
    count: (action = '') => counts.get(action) ?? 0,
    openSockets: () => open.size,
    acceptedSockets: () => accepted,
    settled: async (limit = 200) => {
      for (let check = 0; check < limit && open.size > 0; check++) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return open.size;
    },
  };
}

/** Answers `body` as JSON with `status`. */
export function json(status: number, body: unknown): LoopbackHandler {
  return (_request, response) => {
    response
      .writeHead(status, { 'content-type': 'application/json;charset=utf-8' })
      .end(JSON.stringify(body));
  };
}

/** Answers the text `body` as it is, with `status` and a JSON content type. */
export function text(status: number, body: string): LoopbackHandler {
  return (_request, response) => {
    response.writeHead(status, { 'content-type': 'application/json;charset=utf-8' }).end(body);
  };
}

/** Both clients of a loopback server, with test keys and the audit events they report. */
export function clientsOf(server: LoopbackServer, options: Partial<ClientOptions> = {}) {
  const audit: RequestAuditEvent[] = [];
  const connection: ClientOptions = {
    endpoint: server.endpoint,
    protocol: 'http',
    credential: { accessKeyId: 'LTAItestkey', accessKeySecret: 'test-secret-value' },
    retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 },
    onAudit: (event) => audit.push(event),
    ...options,
  };
  return { audit, connection, sas: new SasClient(connection), sddp: new SddpClient(connection) };
}
