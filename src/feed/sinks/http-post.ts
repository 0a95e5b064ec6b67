/**
 * One POST of a sink: sends a JSON body, reads the answer's status, `Retry-After` and the start of its
 * body, under an idle timeout and the caller's signal.
 *
 * @packageDocumentation
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** The most of an answer's body kept: enough for any chat service's JSON verdict. */
const MAX_KEPT_BYTES = 64 * 1024;

/** An answer: its status, its `Retry-After` header, and its body (the first 64 KiB). */
export interface PostAnswer {
  readonly statusCode: number;
  readonly retryAfter: string | undefined;
  readonly body: string;
}

/** The exchange got no answer within `timeoutMs` of silence. */
export class PostTimeout extends Error {
  override name = 'PostTimeout';
}

/**
 * POSTs `body` to `url` and reads the answer. Rejects with Node's network error, a {@link PostTimeout}
 * when the connection stays silent for `timeoutMs`, or Node's `AbortError` when `signal` aborts; the
 * connection of a failed exchange is destroyed.
 */
export function post(
  url: URL,
  body: string,
  headers: Readonly<Record<string, string>>,
  options: { timeoutMs: number; signal: AbortSignal },
): Promise<PostAnswer> {
  return new Promise<PostAnswer>((resolve, reject) => {
    const outgoing = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, {
      method: 'POST',
      headers: {
        ...headers,
        'content-type': 'application/json; charset=utf-8',
        'content-length': String(Buffer.byteLength(body)),
      },
      signal: options.signal,
    });
    outgoing.setTimeout(options.timeoutMs, () => outgoing.destroy(new PostTimeout('No answer in time.')));
    outgoing.on('error', reject);
    outgoing.on('response', (response: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let kept = 0;
      response.on('data', (chunk: Buffer) => {
        if (kept >= MAX_KEPT_BYTES) return;
        chunks.push(chunk);
        kept += chunk.length;
      });
      response.on('error', reject);
      response.on('end', () => {
        const retryAfter = response.headers['retry-after'];
        resolve({
          statusCode: response.statusCode ?? 0,
          retryAfter,
          body: Buffer.concat(chunks).subarray(0, MAX_KEPT_BYTES).toString('utf8'),
        });
      });
      // A connection closed before the whole answer came: the error event says why.
      response.on('close', () => {
        if (!response.complete)
          reject(Object.assign(new Error('The answer was cut short.'), { code: 'ECONNRESET' }));
      });
    });
    outgoing.end(body);
  });
}

/**
 * Milliseconds a `Retry-After` header asks to wait: seconds, or an HTTP date (against `nowMs`);
 * `undefined` when absent or unreadable.
 */
export function retryAfterMs(header: string | undefined, nowMs: number): number | undefined {
  if (header === undefined) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // An HTTP date names its day and month (`Sun, 01 Dec 2024 00:01:30 GMT`); `Date.parse` takes far more.
  if (!/[a-z]/i.test(text)) return undefined;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}
