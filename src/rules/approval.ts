/**
 * Approvals of response plans: bound to a plan's digest (and signed with HMAC-SHA256 when a secret is
 * given), checked before destructive handlings are sent.
 *
 * @packageDocumentation
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { AlertHandler } from '../alerts/alert-handler.js';
import type { ExecuteOptions } from '../alerts/execute.js';
import { isDestructive } from '../alerts/operation-codes.js';
import { digestOf, isPlainObject } from '../alerts/plan-digest.js';
import { type Plan, sealPlan } from '../alerts/plan-format.js';
import type { HandlingReport } from '../alerts/report.js';
import { ValidationError } from '../errors.js';
import type { Store } from '../stores/store.js';
import { describeValue } from '../util/describe-value.js';
import { parseResponsePlan, type ResponsePlan } from './response-plan.js';
import { APPROVAL_REQUIRED, SendGuards } from './send-guards.js';

/** Format version of an {@link Approval}. */
export const APPROVAL_FORMAT_VERSION = 1;

/**
 * An approval of one response plan: plain data, stored and passed around with `JSON.stringify`. It
 * never holds the secret.
 */
export interface Approval {
  /** Format version ({@link APPROVAL_FORMAT_VERSION}). */
  readonly version: typeof APPROVAL_FORMAT_VERSION;
  /** The approved response plan's digest: a plan changed after approval no longer matches. */
  readonly digest: string;
  /** Who approved. */
  readonly approver: string;
  /** Who asked for the approval, when known. */
  readonly requester?: string;
  /** When it was given (ISO 8601). */
  readonly approvedAt: string;
  /** When it stops being valid (ISO 8601). */
  readonly expiresAt: string;
  /**
   * `hmac-sha256`: `signature` is an HMAC with the caller's secret, which only its holders can make;
   * `sha256`: a plain hash, which binds the approval to the plan but anyone can compute.
   */
  readonly binding: 'hmac-sha256' | 'sha256';
  /** The binding over every other field (hex). */
  readonly signature: string;
}

/** Options of {@link approve}. */
export interface ApproveOptions {
  /** Who approves (a name or an account id). */
  readonly approver: string;
  /** When the approval stops being valid. */
  readonly expiresAt: Date | string | number;
  /** Who asked for the approval: with `requireDistinctApprover`, the approver must be someone else. */
  readonly requester?: string;
  /**
   * The HMAC key (at least 16 bytes): without it the approval only binds to the plan, it does not prove
   * who gave it. Never stored in the approval nor printed.
   */
  readonly secret?: string | Uint8Array;
  /**
   * When the approval is given.
   * @defaultValue the current time
   */
  readonly now?: Date | number;
}

/** Why an approval is refused. */
export type ApprovalRefusal =
  | 'missing'
  | 'malformed'
  | 'digestMismatch'
  | 'expired'
  | 'signatureMismatch'
  | 'secretRequired'
  | 'unsigned'
  | 'sameApprover'
  | 'requesterUnknown';

/** What {@link verifyApproval} found. */
export type ApprovalVerification =
  | { readonly ok: true; readonly approval: Approval }
  | { readonly ok: false; readonly reason: ApprovalRefusal; readonly message: string };

/** Options of {@link verifyApproval}. */
export interface VerifyApprovalOptions {
  /**
   * The time to check expiry at.
   * @defaultValue the current time
   */
  readonly now?: Date | number;
  /** The HMAC key the approval was signed with; when given, unsigned (`sha256`) approvals are refused. */
  readonly secret?: string | Uint8Array;
  /**
   * Refuse an approval whose approver is its requester (or that names no requester).
   * @defaultValue false
   */
  readonly requireDistinctApprover?: boolean;
}

const MIN_SECRET_BYTES = 16;

/**
 * Approves a response plan: an {@link Approval} bound to its digest, valid until `expiresAt`. With a
 * `secret`, it is signed with HMAC-SHA256 and only holders of the secret can make or verify it;
 * without one, it binds (a changed plan no longer matches) but does not authenticate: anyone can
 * write such an approval.
 *
 * @throws {@link ValidationError} when the response plan does not match its digest, `approver` or
 * `requester` is empty, `expiresAt` is not after `now`, or the secret is shorter than 16 bytes
 *
 * @example
 * ```ts
 * const rules = ResponseRules.parse(DEFAULT_RESPONSE_RULES);
 * const rplan = await rules.plan(alerts, { dealt: false }, { maxDestructivePerRun: 5 });
 * const approval = approve(rplan, {
 *   approver: 'alice',
 *   requester: 'ci-bot',
 *   expiresAt: Date.now() + 3_600_000,
 *   secret: process.env.APPROVAL_KEY,
 * });
 * ```
 */
export function approve(rplan: ResponsePlan, options: ApproveOptions): Approval {
  const checked = parseResponsePlan(rplan);
  const { approver, requester, secret } = options ?? ({} as ApproveOptions);
  for (const [field, value] of [
    ['approver', approver],
    ...(requester === undefined ? [] : [['requester', requester] as const]),
  ] as const) {
    if (typeof value !== 'string' || value.trim() === '') {
      throw new ValidationError(`approve: \`${field}\` must be a name, got ${describeValue(value)}.`, {
        field,
      });
    }
  }
  const nowMs = epochMs(options.now ?? Date.now(), 'now');
  const expiresMs = epochMs(options.expiresAt, 'expiresAt');
  if (expiresMs <= nowMs) {
    throw new ValidationError('approve: `expiresAt` must be after now.', { field: 'expiresAt' });
  }
  if (secret !== undefined) checkSecret(secret, 'approve');
  const unsigned: Omit<Approval, 'signature'> = {
    version: APPROVAL_FORMAT_VERSION,
    digest: checked.digest,
    approver,
    ...(requester !== undefined && { requester }),
    approvedAt: new Date(nowMs).toISOString(),
    expiresAt: new Date(expiresMs).toISOString(),
    binding: secret === undefined ? 'sha256' : 'hmac-sha256',
  };
  return { ...unsigned, signature: signatureOf(unsigned, secret) };
}

/**
 * Checks an approval against a response plan: the plan matches its own digest and the approval's, the
 * approval is not expired at `now`, its signature holds (an HMAC with `secret` when one is given; an
 * approval signed with a secret needs it), and, with `requireDistinctApprover`, its approver is not
 * its requester. Never throws for a bad approval: the refusal says why.
 *
 * @example
 * ```ts
 * const verdict = verifyApproval(rplan, approval, { secret: process.env.APPROVAL_KEY, requireDistinctApprover: true });
 * if (!verdict.ok) console.error(verdict.reason, verdict.message);
 * ```
 */
export function verifyApproval(
  rplan: ResponsePlan,
  approval: Approval | undefined,
  options: VerifyApprovalOptions = {},
): ApprovalVerification {
  if (approval === undefined) return refuse('missing', 'No approval was given.');
  if (!isApproval(approval)) return refuse('malformed', 'The approval is not an approval object.');
  let planDigest: string;
  try {
    planDigest = parseResponsePlan(rplan).digest;
  } catch {
    return refuse('digestMismatch', 'The response plan does not match its digest: it was changed.');
  }
  if (approval.digest !== planDigest) {
    return refuse(
      'digestMismatch',
      'The approval is for another plan, or the plan changed after it was approved.',
    );
  }
  const { secret } = options;
  if (secret !== undefined) checkSecret(secret, 'verifyApproval');
  if (approval.binding === 'hmac-sha256' && secret === undefined) {
    return refuse('secretRequired', 'The approval is signed: verify it with its secret.');
  }
  if (approval.binding === 'sha256' && secret !== undefined) {
    return refuse('unsigned', 'The approval is not signed with the secret: anyone could have written it.');
  }
  const { signature, ...unsigned } = approval;
  if (!sameHex(signature, signatureOf(unsigned, secret))) {
    return refuse('signatureMismatch', 'The approval was changed or signed with another secret.');
  }
  const nowMs = epochMs(options.now ?? Date.now(), 'now');
  if (nowMs >= Date.parse(approval.expiresAt)) {
    return refuse('expired', `The approval expired at ${approval.expiresAt}.`);
  }
  if (options.requireDistinctApprover === true) {
    if (approval.requester === undefined) {
      return refuse(
        'requesterUnknown',
        'The approval names no requester, so it cannot show a second person approved.',
      );
    }
    if (approval.requester.trim().toLowerCase() === approval.approver.trim().toLowerCase()) {
      return refuse(
        'sameApprover',
        `${approval.approver} approved their own request: another person must approve.`,
      );
    }
  }
  return { ok: true, approval };
}

/**
 * Options of {@link executeResponsePlan}: those of `execute` (but `concurrency` is 1 and
 * `overlapPolling` false unless given, so that the circuit breaker sees each batch finish before the
 * next is sent), and the approval.
 */
export interface ExecuteResponsePlanOptions extends ExecuteOptions, VerifyApprovalOptions {
  /** The approval of the response plan; without a valid one, no destructive batch is sent. */
  readonly approval?: Approval;
}

/**
 * Executes a response plan's inner plan with `alerts.execute`. Destructive batches (by their codes,
 * `isDestructive`) are sent only with a valid approval ({@link verifyApproval}); without one, the
 * other batches are sent and each alert of a destructive batch gets a `skipped` outcome whose reason
 * starts with {@link APPROVAL_REQUIRED} and says why.
 *
 * The plan's guards are checked again right before each batch is sent, with its alerts as just re-read
 * (`ExecuteOptions.beforeSend`): the circuit breaker, the approval of a destructive batch at that time
 * (it may have expired during the run), protected assets, and the per-run caps counted over the alerts
 * actually let through, so that batches in flight at once never send more than the caps together. Once
 * the breaker trips, the batches not yet sent are skipped (the report is `aborted`). Alerts a guard holds
 * back end `skipped`, with the guard in their reason.
 *
 * @throws {@link ValidationError} when the response plan does not pass {@link parseResponsePlan}
 * (nothing is sent); and whatever `alerts.execute` throws
 *
 * @example
 * ```ts
 * const report = await executeResponsePlan(alerts, rplan, { approval, secret: process.env.APPROVAL_KEY, journal });
 * console.log(report.summary());
 * ```
 */
export async function executeResponsePlan(
  alerts: AlertHandler,
  rplan: ResponsePlan,
  options: ExecuteResponsePlanOptions = {},
): Promise<HandlingReport> {
  return runGuarded(rplan, options, (plan, executeOptions) => alerts.execute(plan, executeOptions));
}

/**
 * Finishes an execution of a response plan that {@link executeResponsePlan} started with a journal and
 * did not end (its process stopped): with `alerts.resume`, the plan's guards and the approval checked
 * again before each batch still to send, as {@link executeResponsePlan} checks them. The caps count
 * the alerts let through from the resumption on.
 *
 * @throws {@link ValidationError} when the response plan does not pass {@link parseResponsePlan}
 * (nothing is sent); and whatever `alerts.resume` throws
 *
 * @example
 * ```ts
 * const report = await resumeResponsePlan(alerts, rplan, executionId, { approval, journal });
 * ```
 */
export async function resumeResponsePlan(
  alerts: AlertHandler,
  rplan: ResponsePlan,
  executionId: string,
  options: ExecuteResponsePlanOptions & { readonly journal: Store },
): Promise<HandlingReport> {
  return runGuarded(rplan, options, (_plan, executeOptions) =>
    alerts.resume(executionId, { ...executeOptions, journal: options.journal }),
  );
}

/** Runs a response plan's inner plan with `run`, its destructive batches held back without a valid approval, its guards checked before each batch. */
async function runGuarded(
  rplan: ResponsePlan,
  options: ExecuteResponsePlanOptions,
  run: (plan: Plan, executeOptions: ExecuteOptions) => Promise<HandlingReport>,
): Promise<HandlingReport> {
  const checked = parseResponsePlan(rplan);
  const { approval, secret, now, requireDistinctApprover, ...executeOptions } = options;
  const { plan } = checked;
  const verification = {
    ...(secret !== undefined && { secret }),
    ...(requireDistinctApprover !== undefined && { requireDistinctApprover }),
  };
  const withheld = plan.batches.filter((batch) => isDestructive(batch.operation.code));
  let toExecute = plan;
  if (withheld.length > 0) {
    const verdict = verifyApproval(checked, approval, {
      ...verification,
      ...(now !== undefined && { now }),
    });
    if (!verdict.ok) {
      toExecute = sealPlan({
        createdAt: plan.createdAt,
        expiresAt: plan.expiresAt,
        batches: plan.batches.filter((batch) => !isDestructive(batch.operation.code)),
        skipped: [
          ...plan.skipped,
          ...withheld.flatMap((batch) =>
            batch.alertIds.map((alertId) => ({
              alertId,
              operation: batch.operation.code,
              reason: `${APPROVAL_REQUIRED}: ${verdict.message} The destructive batch was not sent.`,
            })),
          ),
        ],
      });
    }
  }
  const guards = new SendGuards(checked.guards, {
    // Checked again before each destructive batch, at that time: an approval may expire during a run.
    approvalValid: () => {
      const verdict = verifyApproval(checked, approval, { ...verification, now: now ?? Date.now() });
      return verdict.ok ? verdict : { ok: false, message: verdict.message };
    },
  });
  const breaker = new AbortController();
  const callerSignal = executeOptions.signal;
  callerSignal?.addEventListener('abort', () => breaker.abort(callerSignal.reason), { once: true });
  if (callerSignal?.aborted === true) breaker.abort(callerSignal.reason);
  return run(toExecute, {
    // The breaker judges finished batches: one at a time, each finished before the next is sent, unless
    // the caller says otherwise.
    concurrency: 1,
    overlapPolling: false,
    ...executeOptions,
    signal: breaker.signal,
    beforeSend: (batch) => [...guards.check(batch), ...(executeOptions.beforeSend?.(batch) ?? [])],
    onProgress: (progress) => {
      if (progress.phase === 'finished' && progress.outcomes !== undefined) {
        guards.finished(progress.outcomes);
        if (guards.tripped) breaker.abort();
      }
      executeOptions.onProgress?.(progress);
    },
  });
}

function refuse(reason: ApprovalRefusal, message: string): ApprovalVerification {
  return { ok: false, reason, message };
}

function signatureOf(unsigned: Omit<Approval, 'signature'>, secret: string | Uint8Array | undefined): string {
  const text = JSON.stringify(digestOf(unsigned) ?? '');
  return secret === undefined
    ? createHash('sha256').update(text, 'utf8').digest('hex')
    : createHmac('sha256', secret).update(text, 'utf8').digest('hex');
}

function sameHex(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

function isApproval(value: unknown): value is Approval {
  if (!isPlainObject(value)) return false;
  const { version, digest, approver, requester, approvedAt, expiresAt, binding, signature } = value;
  return (
    version === APPROVAL_FORMAT_VERSION &&
    typeof digest === 'string' &&
    typeof approver === 'string' &&
    (requester === undefined || typeof requester === 'string') &&
    typeof approvedAt === 'string' &&
    typeof expiresAt === 'string' &&
    !Number.isNaN(Date.parse(expiresAt)) &&
    (binding === 'sha256' || binding === 'hmac-sha256') &&
    typeof signature === 'string' &&
    Object.keys(value).length === (requester === undefined ? 7 : 8)
  );
}

function checkSecret(secret: string | Uint8Array, where: string): void {
  const bytes = typeof secret === 'string' ? Buffer.byteLength(secret, 'utf8') : secret?.byteLength;
  if (!(typeof secret === 'string' || secret instanceof Uint8Array) || (bytes ?? 0) < MIN_SECRET_BYTES) {
    throw new ValidationError(
      `${where}: \`secret\` must be a string or bytes of at least ${MIN_SECRET_BYTES} bytes.`,
      {
        field: 'secret',
      },
    );
  }
}

function epochMs(value: Date | string | number, field: string): number {
  const ms = value instanceof Date ? value.getTime() : typeof value === 'string' ? Date.parse(value) : value;
  if (typeof ms !== 'number' || !Number.isFinite(ms)) {
    throw new ValidationError(`\`${field}\` must be a valid time, got ${describeValue(value)}.`, { field });
  }
  return ms;
}
