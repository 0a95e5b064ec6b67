import type { ServerResponse } from 'node:http';
import type { EmulatorReply } from './handler.js';

const JSON_TYPE = 'application/json;charset=utf-8';
const TEXT_TYPE = 'text/plain;charset=utf-8';

/**
 * Writes a reply: after `delayMs` (a wait the client's going away cancels), destroys the connection
 * (`dropConnection`), leaves it open with nothing sent (`neverAnswer`), or sends the status, the
 * headers plus `x-acs-request-id`, and the body (objects as JSON, strings as they are).
 */
export function sendReply(response: ServerResponse, reply: EmulatorReply, requestId: string): void {
  const delayMs = reply.delayMs ?? 0;
  if (delayMs <= 0) {
    write(response, reply, requestId);
    return;
  }
  const timer = setTimeout(() => write(response, reply, requestId), delayMs);
  response.once('close', () => clearTimeout(timer));
}

function write(response: ServerResponse, reply: EmulatorReply, requestId: string): void {
  if (reply.dropConnection === true) {
    response.socket?.destroy();
    return;
  }
  if (reply.neverAnswer === true) return;
  const { body } = reply;
  const payload = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  const headers = Object.entries(reply.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]);
  response.writeHead(reply.status, {
    'content-type': typeof body === 'string' ? TEXT_TYPE : JSON_TYPE,
    ...Object.fromEntries(headers),
    'content-length': String(payload.length),
    'x-acs-request-id': requestId,
  });
  response.end(payload);
}
