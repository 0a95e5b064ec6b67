import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { afterEach } from 'vitest';

/** One request a receiver got: where, what, and when by `performance.now()` (the fake clock in tests). */
export interface Received {
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly at: number;
}

/** How a receiver answers one request. */
export interface Answer {
  readonly status?: number;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

/** A local HTTP receiver on 127.0.0.1 that records every request and answers as `answer` says. */
export interface Receiver {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  readonly received: Received[];
  /** Decides the answer to each request (the default: 200, empty body). */
  answer: (request: Received, index: number) => Answer;
}

/** For a suite: `start()` starts a receiver, closed after the test. */
export function useReceivers(): () => Promise<Receiver> {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(
      servers.splice(0).map(
        (server) =>
          new Promise<void>((resolve) => {
            server.closeAllConnections();
            server.close(() => resolve());
          }),
      ),
    );
  });
  return async () => {
    const receiver: Receiver = { origin: '', received: [], answer: () => ({}) };
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const url = new URL(request.url ?? '/', 'http://127.0.0.1');
        const received: Received = {
          path: url.pathname,
          query: url.searchParams,
          headers: request.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          at: performance.now(),
        };
        receiver.received.push(received);
        const answer = receiver.answer(received, receiver.received.length - 1);
        response.writeHead(answer.status ?? 200, answer.headers).end(answer.body ?? '');
      });
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    Object.assign(receiver, {
      origin: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
    });
    return receiver;
  };
}
