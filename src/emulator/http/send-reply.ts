import type { ServerResponse } from 'node:http';
import type { EmulatorBodyStream, EmulatorReply } from './handler.js';
import { jsonText } from './json-text.js';

const JSON_TYPE = 'application/json;charset=utf-8';
const TEXT_TYPE = 'text/plain;charset=utf-8';

/** The body a reply sends, known before it is written. */
export interface ReplyBody {
  /** Its length in bytes, when it is sent at all and its length is known. */
  readonly bytes?: number;
  /** Its text, when it is sent at once (not streamed). */
  readonly text?: string;
}

/**
 * Writes a reply: after `delayMs` (a wait the client's going away cancels), destroys the connection
 * (`dropConnection`), leaves it open with nothing sent (`neverAnswer`), or sends the status, the
 * headers plus `x-acs-request-id`, and the body (objects as JSON, bigints as exact digits, strings as
 * they are, streams piece by piece as the client reads them). Returns the body it sends.
 */
export function sendReply(response: ServerResponse, reply: EmulatorReply, requestId: string): ReplyBody {
  const answers = reply.dropConnection !== true && reply.neverAnswer !== true;
  const text = answers && reply.stream === undefined ? textOf(reply) : undefined;
  const delayMs = reply.delayMs ?? 0;
  const write = () => {
    if (reply.dropConnection === true) response.socket?.destroy();
    else if (reply.stream !== undefined) writeStream(response, reply, reply.stream, requestId);
    else if (text !== undefined) writeWhole(response, reply, text, requestId);
  };
  if (delayMs <= 0) write();
  else {
    const timer = setTimeout(write, delayMs);
    response.once('close', () => clearTimeout(timer));
  }
  if (!answers) return {};
  if (text === undefined) return reply.stream?.length === undefined ? {} : { bytes: reply.stream.length };
  return { bytes: Buffer.byteLength(text), text };
}

function textOf(reply: EmulatorReply): string {
  const { body } = reply;
  return typeof body === 'string' ? body : jsonText(body);
}

function headersOf(reply: EmulatorReply, contentType: string, requestId: string): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': contentType };
  for (const name in reply.headers) headers[name.toLowerCase()] = reply.headers[name] as string;
  headers['x-acs-request-id'] = requestId;
  return headers;
}

function writeWhole(response: ServerResponse, reply: EmulatorReply, text: string, requestId: string): void {
  const contentType = typeof reply.body === 'string' ? TEXT_TYPE : JSON_TYPE;
  const headers = headersOf(reply, contentType, requestId);
  headers['content-length'] = String(Buffer.byteLength(text));
  response.writeHead(reply.status, headers);
  // A string goes out with the headers in one write, with no copy into a buffer first.
  response.end(text);
}

/** Writes a streamed body, each piece once the client took the one before; stops when it goes away. */
function writeStream(
  response: ServerResponse,
  reply: EmulatorReply,
  stream: EmulatorBodyStream,
  requestId: string,
): void {
  response.writeHead(reply.status, {
    ...headersOf(reply, JSON_TYPE, requestId),
    ...(stream.length !== undefined && { 'content-length': String(stream.length) }),
  });
  let closed = false;
  response.once('close', () => {
    closed = true;
  });
  const taken = () =>
    new Promise<void>((resolve) => {
      const done = () => {
        response.off('drain', done);
        response.off('close', done);
        resolve();
      };
      response.on('drain', done);
      response.on('close', done);
    });
  const pump = async () => {
    for (const chunk of stream.chunks()) {
      if (closed) return;
      if (!response.write(chunk)) await taken();
    }
    if (!closed) response.end();
  };
  pump().catch(() => response.destroy());
}
