import type { EmulatorProduct, EmulatorReply } from './handler.js';

/** What the emulator knows about a request when it completes the answer. */
export interface ReplyContext {
  /** The RequestId generated for the request. */
  readonly requestId: string;
  /** Host the request was sent to, reported as `HostId` in errors. */
  readonly hostId: string;
  /** Product the request was routed to, when it was. */
  readonly product?: EmulatorProduct;
}

/** A reply ready to send, and the RequestId it carries. */
export interface CompletedReply {
  readonly reply: EmulatorReply;
  readonly requestId: string;
  /** Error code of the body, when it has one. */
  readonly code?: string;
}

/**
 * Completes a JSON object body the way the service shapes its answers: a `RequestId` (the body's own
 * wins, so that recorded answers keep theirs) and, for errors (status ≥ 400 with a `Code`), the
 * `RequestId, HostId, Code, Message, Recommend` envelope. Bodies of the `{ code, data, requestId, success }`
 * shape get a lower-case `requestId` when they have none (and their `code` is the error code when
 * `success` is `false`); strings and arrays are left alone.
 */
export function completeReply(reply: EmulatorReply, context: ReplyContext): CompletedReply {
  const { body } = reply;
  if (typeof body === 'string' || Array.isArray(body)) return { reply, requestId: context.requestId };
  const { RequestId: ownId, Code: ownCode, ...fields } = body as Record<string, unknown>;
  if (typeof fields.requestId === 'string') return { reply, requestId: fields.requestId };
  if (ownId === undefined && 'success' in fields && 'data' in fields) {
    return {
      reply: { ...reply, body: { ...body, requestId: context.requestId } },
      requestId: context.requestId,
      ...(fields.success === false && typeof fields.code === 'string' && { code: fields.code }),
    };
  }
  const requestId = typeof ownId === 'string' ? ownId : context.requestId;
  const code = typeof ownCode === 'string' ? ownCode : undefined;
  if (code === undefined)
    return { reply: { ...reply, body: { RequestId: requestId, ...fields } }, requestId };
  if (reply.status < 400) {
    return { reply: { ...reply, body: { RequestId: requestId, Code: code, ...fields } }, requestId, code };
  }
  const { HostId: hostId, Message: message, Recommend: recommend, ...rest } = fields;
  const completed = {
    RequestId: requestId,
    HostId: hostId ?? context.hostId,
    Code: code,
    Message: message ?? '',
    Recommend: recommend ?? troubleshootUrl(code, requestId, context.product),
    ...rest,
  };
  return { reply: { ...reply, body: completed }, requestId, code };
}

function troubleshootUrl(code: string, requestId: string, product: EmulatorProduct | undefined): string {
  const query = new URLSearchParams({ q: code, ...(product && { product }), requestId });
  return `https://api.aliyun.com/troubleshoot?${query}`;
}
