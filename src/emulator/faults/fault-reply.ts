import { apiError, gatewayError } from '../errors.js';
import type { EmulatorReply } from '../http/handler.js';
import type { FaultKind } from './fault-kind.js';
import type { PickedFault } from './fault-plan.js';
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
    headers: { 'content-type': 'application/json;charset=utf-8' },
  }),
  stuckTask: async (_, { apply, stallTask }) => {
    const reply = await apply();
    const taskId = taskIdOf(reply);
    if (taskId !== undefined) stallTask(taskId);
    return reply;
  },
};

/**
 * The answer to a request a fault struck: the fault's own answer, or none, with the request applied
 * first for the faults that apply it (`latency`, `resetAfterApply`, `hangAfterApply`, `stuckTask`), or
 * `latencyMs` after the answer for `applyLate`.
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
