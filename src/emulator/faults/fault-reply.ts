import { apiError, gatewayError } from '../errors.js';
import type { EmulatorReply } from '../http/handler.js';
import { jsonText } from '../http/json-text.js';
import { type FieldVariant, variantBody } from './body-variants.js';
import { errorIn200, successFalse, wrappedSuccessFalse } from './error-bodies.js';
import {
  DEFAULT_ERROR_CODE,
  DEFAULT_NESTING_DEPTH,
  DEFAULT_OVERSIZED_BYTES,
  type FaultKind,
} from './fault-kind.js';
import type { PickedFault } from './fault-plan.js';
import { isObject } from './field-paths.js';
import { nestedJson } from './nested-json.js';
import { oversizedStream } from './oversized-body.js';
import { truncatedJson } from './truncated-json.js';

/** What a fault needs to know of the request it strikes. */
export interface FaultContext {
  /** The action the request named. */
  readonly action: string;
  /** The RequestId of the answer, for bodies the fault writes itself. */
  readonly requestId: string;
  /** Serves the request as if no fault struck: applies it and returns the answer. */
  readonly apply: () => Promise<EmulatorReply>;
  /** Keeps a task of the model `Processing` for good. */
  readonly stallTask: (taskId: number) => void;
}

const GATEWAY_PAGE = `<!DOCTYPE html>
<html>
<head><title>503 Service Temporarily Unavailable</title></head>
<body>
<center><h1>503 Service Temporarily Unavailable</h1></center>
<hr><center>Tengine</center>
</body>
</html>
`;

const JSON_TYPE = 'application/json;charset=utf-8';

/** No answer: the connection is destroyed. */
const RESET: EmulatorReply = { status: 0, body: '', dropConnection: true };
/** No answer, ever: the connection is left open. */
const HANG: EmulatorReply = { status: 0, body: '', neverAnswer: true };

const REPLIES: Readonly<
  Record<FaultKind, (fault: PickedFault, context: FaultContext) => Promise<EmulatorReply>>
> = {
  throttle: async () => apiError(400, 'Throttling.User', 'Request was denied due to user flow control.'),
  internalError: async () => gatewayError({ code: 'InternalError' }),
  html503: async () => ({
    status: 503,
    body: GATEWAY_PAGE,
    headers: { 'content-type': 'text/html;charset=utf-8' },
  }),
  latency: async (fault, { apply }) => {
    const reply = await apply();
    return { ...reply, delayMs: (reply.delayMs ?? 0) + fault.latencyMs };
  },
  resetBeforeApply: async () => RESET,
  resetAfterApply: async (_, { apply }) => {
    await apply();
    return RESET;
  },
  hang: async () => HANG,
  hangAfterApply: async (_, { apply }) => {
    await apply();
    return HANG;
  },
  applyLate: async (fault, { apply }) => {
    // The caller has its answer (none) long before the change is made; the timer keeps no process alive.
    setTimeout(() => {
      apply().catch(() => undefined);
    }, fault.latencyMs).unref();
    return RESET;
  },
  malformedJson: async (_, { action, requestId }) => ({
    status: 200,
    body: truncatedJson(action, requestId),
    headers: { 'content-type': JSON_TYPE },
  }),
  stuckTask: async (_, { apply, stallTask }) => {
    const reply = await apply();
    const taskId = taskIdOf(reply);
    if (taskId !== undefined) stallTask(taskId);
    return reply;
  },
  nulls: fieldVariant('nulls'),
  numericStrings: fieldVariant('numericStrings'),
  numbersForStrings: fieldVariant('numbersForStrings'),
  booleanStrings: fieldVariant('booleanStrings'),
  booleanNumbers: fieldVariant('booleanNumbers'),
  bigInt64: fieldVariant('bigInt64'),
  missingRequestId: async (_, { apply }) =>
    reshaped(await apply(), (body) => {
      const { RequestId: _id, requestId: _lower, ...rest } = body;
      return { body: jsonText(rest), headers: { 'content-type': JSON_TYPE } };
    }),
  oversized: oversized(false),
  oversizedChunked: oversized(true),
  errorIn200: async (fault) => errorIn200(fault.code ?? DEFAULT_ERROR_CODE),
  successFalse: async (fault) => successFalse(fault.code ?? DEFAULT_ERROR_CODE),
  wrappedSuccessFalse: async (fault) => wrappedSuccessFalse(fault.code ?? DEFAULT_ERROR_CODE),
  deepNesting: async (fault, { action, requestId }) => ({
    status: 200,
    body: nestedJson(action, requestId, fault.depth ?? DEFAULT_NESTING_DEPTH),
    headers: { 'content-type': JSON_TYPE },
  }),
};

/** A response variant that rewrites values of the body: see `variantBody`. */
function fieldVariant(kind: FieldVariant) {
  return async (fault: PickedFault, { apply }: FaultContext): Promise<EmulatorReply> =>
    reshaped(await apply(), (body) => ({ body: variantBody(kind, body, fault.fields) }));
}

/** `oversized` (with a `Content-Length`) or `oversizedChunked` (without). */
function oversized(chunked: boolean) {
  return async (fault: PickedFault, { apply, requestId }: FaultContext): Promise<EmulatorReply> =>
    reshaped(await apply(), (body) => {
      const wrapped = 'success' in body && 'data' in body;
      const full = wrapped ? { ...body, requestId } : { RequestId: requestId, ...body };
      return { body: '', stream: oversizedStream(full, fault.sizeBytes ?? DEFAULT_OVERSIZED_BYTES, chunked) };
    });
}

/**
 * A successful JSON answer (`2xx`, an object body) with `change` applied; any other answer (an error,
 * a body of text) as it is.
 */
function reshaped(
  reply: EmulatorReply,
  change: (body: Record<string, unknown>) => Pick<EmulatorReply, 'body'> & Partial<EmulatorReply>,
): EmulatorReply {
  const { body, status } = reply;
  if (status < 200 || status >= 300 || !isObject(body) || reply.stream !== undefined) return reply;
  const changed = change(body);
  return { ...reply, ...changed, headers: { ...reply.headers, ...changed.headers } };
}

/**
 * The answer to a request a fault struck: the fault's own answer, or none, with the request applied
 * first for the faults that apply it (`latency`, `resetAfterApply`, `hangAfterApply`, `stuckTask` and
 * the response variants, whose answer is the usual one reshaped), or `latencyMs` after the answer for
 * `applyLate`.
 */
export function faultReply(fault: PickedFault, context: FaultContext): Promise<EmulatorReply> {
  return REPLIES[fault.kind](fault, context);
}

/** The `TaskId` a `HandleSecurityEvents` answer carries, if it carries one. */
function taskIdOf(reply: EmulatorReply): number | undefined {
  if (typeof reply.body === 'string') return undefined;
  const answer = (reply.body as { HandleSecurityEventsResponse?: { TaskId?: unknown } })
    .HandleSecurityEventsResponse;
  return typeof answer?.TaskId === 'number' ? answer.TaskId : undefined;
}
