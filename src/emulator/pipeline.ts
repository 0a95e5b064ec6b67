import { apiError, gatewayError } from './errors.js';
import type { FaultKind } from './faults/fault-kind.js';
import type { FaultPlan } from './faults/fault-plan.js';
import { faultReply } from './faults/fault-reply.js';
import type {
  EmulatorHandler,
  EmulatorHandlers,
  EmulatorProduct,
  EmulatorReply,
  EmulatorRequest,
} from './http/handler.js';
import type { WireRequest } from './http/wire-request.js';
import type { CassettePlayer } from './replay.js';
import { actionParams, namedApi, productOf } from './routing.js';
import { type VerifierOptions, verifySignature } from './signing/verify.js';

/** Everything that decides the answer to a request. */
export interface Pipeline {
  /** Keys, clock and nonces the signature is checked against. */
  readonly verifier: VerifierOptions;
  /** Recorded interactions; they serve the actions they record before any handler. */
  readonly player: CassettePlayer;
  /** The fault rules in force, consulted once a request is verified and routed. */
  readonly faults: FaultPlan;
  /**
   * The account a verified request is served for, and how it is served; or the refusal of a request
   * for an account the caller may not reach.
   */
  readonly serve: (
    accessKeyId: string,
    action: string,
    params: Readonly<Record<string, string>>,
  ) => ServedBy | { readonly reply: EmulatorReply };
}

/** How the requests of one account are served. */
export interface ServedBy {
  readonly accountId: string;
  /** Handler tables consulted in order after the cassettes; the first with a handler for the action wins. */
  readonly handlers: readonly EmulatorHandlers[];
  /** Keeps a task of the account's model `Processing` for good, for the `stuckTask` fault. */
  readonly stallTask: (taskId: number) => void;
}

/** The answer to a request, with what was learnt about it on the way. */
export interface Answer {
  /** The reply, before its body is completed. */
  readonly reply: EmulatorReply;
  /** The action the request named, `''` if none. */
  readonly action: string;
  /** Its parameters without signing fields. */
  readonly params: Record<string, string>;
  /** The AccessKey ID it claimed, if any. */
  readonly accessKeyId?: string;
  /** The account it was served for, once it was authenticated. */
  readonly accountId?: string;
  /** The product it was routed to, once it was. */
  readonly product?: EmulatorProduct;
  /** The fault injected into it, if any. */
  readonly fault?: FaultKind;
}

/**
 * Decides the answer to one request: signature check, routing on action and version (unknown ones get
 * `404 InvalidApi.NotFound`) and on the account it is served for, then a fault if one strikes, then
 * cassettes, then handlers. A request
 * nothing serves gets `400 Emulator.UnexpectedRequest`; a handler that throws, `500 InternalError`.
 *
 * @param requestId - The RequestId of the answer, for the bodies faults write.
 */
export async function answer(request: WireRequest, pipeline: Pipeline, requestId: string): Promise<Answer> {
  const verdict = verifySignature(request, pipeline.verifier);
  const { action, version } = namedApi(request, verdict.ok ? verdict.signatureVersion : undefined);
  const params = actionParams(request);
  const { accessKeyId } = verdict;
  /** The answer with what was learnt so far about the request. */
  const answerWith = (
    reply: EmulatorReply,
    more: Pick<Answer, 'accountId' | 'product' | 'fault'> = {},
  ): Answer =>
    accessKeyId === undefined
      ? { action, params, ...more, reply }
      : { action, params, accessKeyId, ...more, reply };
  if (!verdict.ok) return answerWith(gatewayError(verdict.failure));
  const product = productOf(action, version);
  if (product === undefined) return answerWith(gatewayError({ code: 'InvalidApi.NotFound' }));
  const served = pipeline.serve(verdict.accessKeyId, action, params);
  if ('reply' in served) return answerWith(served.reply, { product });
  const { accountId } = served;
  const routed: EmulatorRequest = {
    product,
    version,
    action,
    params,
    accessKeyId: verdict.accessKeyId,
    accountId,
    signatureVersion: verdict.signatureVersion,
  };
  const fault = pipeline.faults.pick(action, params, accountId);
  if (fault === undefined)
    return answerWith(await dispatch(routed, pipeline.player, served), { accountId, product });
  const reply = await faultReply(fault, {
    action,
    requestId,
    apply: () => dispatch(routed, pipeline.player, served),
    stallTask: served.stallTask,
  });
  return answerWith(reply, { accountId, product, fault: fault.kind });
}

async function dispatch(
  request: EmulatorRequest,
  player: CassettePlayer,
  served: ServedBy,
): Promise<EmulatorReply> {
  if (player.claims(request.action)) return player.take(request);
  let handler: EmulatorHandler | undefined;
  for (const table of served.handlers) {
    handler = table[request.action];
    if (handler !== undefined) break;
  }
  if (handler === undefined) {
    return apiError(
      400,
      'Emulator.UnexpectedRequest',
      `No cassette, handler or alert state serves ${request.action}.`,
    );
  }
  try {
    return await handler(request);
  } catch (error) {
    const detail = `The ${request.action} handler failed: ${error instanceof Error ? error.message : String(error)}`;
    return gatewayError({ code: 'InternalError', detail });
  }
}
