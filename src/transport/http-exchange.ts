/**
 * One HTTP exchange of the transport: sends a signed request over a keep-alive connection and reads
 * the whole answer, never more than a cap, and closes the connection of an exchange that is abandoned.
 *
 * @packageDocumentation
 */
import {
  Agent as HttpAgent,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
} from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { ResolvedEndpoint } from './endpoint.js';
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

/** Where requests go, parsed once per client. */
export interface HttpTarget {
  protocol: 'http' | 'https';
  hostname: string;
  port: number | undefined;
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
 * One keep-alive pool per protocol for the whole process, shared by every client (as the official
 * client's is). Idle sockets do not keep the process alive. Concurrency is bounded by each client's
 * limiter, not here.
 */
const AGENTS = {
  http: new HttpAgent({ keepAlive: true }),
  https: new HttpsAgent({ keepAlive: true }),
};

/** Parses a resolved endpoint (`host`, `host:port`, `[::1]:port`) into what `http.request` takes. */
export function httpTarget(endpoint: ResolvedEndpoint): HttpTarget {
  const url = new URL(`${endpoint.protocol}://${endpoint.host}`);
  return {
    protocol: endpoint.protocol,
    hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port === '' ? undefined : Number(url.port),
  };
}

/** Sends `request` to `target` and reads its answer, at most `maxResponseBytes` of body. */
export function exchange(target: HttpTarget, request: SignedRequest, maxResponseBytes: number): HttpExchange {
  const send = target.protocol === 'https' ? httpsRequest : httpRequest;
  const outgoing = send({
    hostname: target.hostname,
    port: target.port,
    method: request.method,
    path: request.path,
    headers: request.headers,
    agent: AGENTS[target.protocol],
  });
  const answer = new Promise<HttpAnswer>((resolve, reject) => {
    // Every way an exchange ends goes through here; later events (a destroyed socket's error) are moot.
    const fail = (error: Error) => {
      outgoing.destroy();
      reject(error);
    };
    outgoing.on('error', fail);
    outgoing.on('response', (response: IncomingMessage) => {
      const statusCode = response.statusCode ?? 0;
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
