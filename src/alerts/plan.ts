import {
  AbortError,
  AuthenticationError,
  CredentialsError,
  NoPermissionError,
  SdkError,
  SecurityEventNotExistsError,
  ValidationError,
} from '../errors.js';
import { checkOptions, type OptionRules } from '../util/check-options.js';
import { mapWithConcurrency } from '../util/concurrency.js';
import { describeValue } from '../util/describe-value.js';
import { printable } from '../util/printable.js';
import { type AlertOperations, getAlertOperations } from './alert-operations.js';
import { describeBlockDuration } from './block-expiry.js';
import { isCallerError } from './caller-errors.js';
import { isDestructive, isKnownOperationCode, UNSUPPORTED_OPERATIONS } from './operation-codes.js';
import { expireAfterMsProblem, operationParamsProblem, whitelistRuleListIssues } from './operation-params.js';
import type { Operation } from './operations.js';
import { unknownCodeIssues } from './plan-checks.js';
import {
  ALERT_ID_PATTERN,
  isPlanDestructive,
  MAX_BATCH_ALERTS,
  type Plan,
  type PlanContent,
  type SkippedAlert,
  sealPlan,
} from './plan-format.js';
import { checkedRemark, REMARK_EXECUTION_ID } from './remark.js';
import type { SasCalls } from './sas-calls.js';
import {
  mergeWhitelistRules,
  serializeWhitelistRules,
  validateWhitelistRules,
  type WhitelistRule,
} from './whitelist.js';

/** One alert and the operation to apply to it. */
export interface HandleRequest {
  /** The alert (security event) ID, the `Id` of `DescribeSuspEvents`. */
  alertId: string | number;
  /** What to do, built with {@link Operations}. */
  operation: Operation;
  /**
   * `Remark`, the note stored with the handling (e.g. a {@link remarkStamp}): at most
   * {@link MAX_REMARK_LENGTH} characters, one line; trimmed. Each `{executionId}` in it
   * ({@link REMARK_EXECUTION_ID}) is sent as the id of the execution that sends it. Overrides
   * `PlanOptions.remark`.
   */
  remark?: string;
}

// The plan's data types live with its format; they are named here too, where plans are made.
export type { Plan, PlannedBatch, PlannedOperation, SkippedAlert } from './plan-format.js';

/** Options of {@link AlertHandler.plan}. */
export interface PlanOptions {
  /**
   * Alerts per `HandleSecurityEvents` call, 1 to 100.
   * @defaultValue 20
   */
  batchSize?: number;
  /**
   * Operation queries in flight at once. The client's adaptive rate (see `adaptiveRate`) decides how
   * fast they start; this only has to be enough to reach it at the service's latency: 16 keep 50
   * requests/s going at up to 300 ms a call.
   * @defaultValue 16
   */
  concurrency?: number;
  /** Aborts the queries; the plan then rejects with an {@link AbortError}. */
  signal?: AbortSignal;
  /**
   * How long the plan may be executed, in milliseconds from its creation (an integer from 1 to 365
   * days' worth): it gets an `expiresAt`, after which execution refuses it with a
   * {@link PlanExpiredError}. Without it, the plan does not expire.
   */
  ttlMs?: number;
  /** The remark of every request that gives none of its own (see {@link HandleRequest.remark}). */
  remark?: string;
}

/** The longest `ttlMs`: 365 days. */
const MAX_TTL_MS = 365 * 24 * 60 * 60 * 1000;

/** {@link PlanOptions.concurrency} when not given: as many as a client's `maxConcurrentRequests`. */
const DEFAULT_PLAN_CONCURRENCY = 16;

/** Rules of {@link PlanOptions}. */
export const PLAN_OPTION_RULES = {
  batchSize: { kind: 'integer', min: 1, max: MAX_BATCH_ALERTS },
  concurrency: { kind: 'integer', min: 1, max: 64 },
  signal: { kind: 'signal' },
  ttlMs: { kind: 'integer', min: 1, max: MAX_TTL_MS },
  remark: { kind: 'any' },
} as const satisfies OptionRules;

/** A request as checked: its alert ID normalized, its remark trimmed. */
interface Checked {
  readonly alertId: string;
  readonly operation: Operation;
  readonly remark: string | undefined;
}

interface Resolved extends Checked {
  readonly operations: AlertOperations;
}

/**
 * Builds a plan: queries each alert's operations (at most `concurrency` at once), skips with a reason
 * every alert whose operation cannot run (not offered, `UserCanOperate=false`, not possible through
 * the API, alert not found), merges whitelist rules with the existing ones, and groups alerts whose
 * operations mean the same (code, parameters, block duration, whitelist) and that share a remark into
 * batches of at most `batchSize`, however many times and whenever the operations were built.
 *
 * @throws {@link ValidationError} on bad requests or whitelist rules the alert does not support
 * @throws {@link NoPermissionError}, {@link AuthenticationError}, {@link CredentialsError} (nothing is planned)
 *
 * @example
 * ```ts
 * const plan = await buildPlan(sas, [{ alertId: '7009607', operation: Operations.blockIp({ duration: '7d' }) }]);
 * console.log(formatPlan(plan));
 * ```
 */
export async function buildPlan(
  calls: Pick<SasCalls, 'describeSecurityEventOperations'>,
  requests: readonly HandleRequest[],
  options: PlanOptions = {},
  lang?: 'zh' | 'en',
): Promise<Plan> {
  checkOptions(options, PLAN_OPTION_RULES, 'plan');
  const { batchSize = 20, concurrency = DEFAULT_PLAN_CONCURRENCY, signal, ttlMs } = options;
  const remark = options.remark === undefined ? undefined : checkedRemark(options.remark, 'remark');
  const normalized = normalizeRequests(requests, remark);
  const skipped: SkippedAlert[] = [];
  const resolved: Resolved[] = [];

  const answers = await mapWithConcurrency(normalized, concurrency, async (request) => {
    const { alertId, operation } = request;
    const unsupported = UNSUPPORTED_OPERATIONS.get(operation.code);
    if (unsupported !== undefined) return skip(alertId, operation, unsupported);
    try {
      const operations = await getAlertOperations(calls, alertId, lang, { signal });
      return { ...request, operations };
    } catch (error) {
      // The caller's to fix, not one alert's: the plan stops instead of skipping the alert.
      if (isCallerError(error)) throw error;
      if (error instanceof SecurityEventNotExistsError) {
        return skip(
          alertId,
          operation,
          'The alert does not exist or is not visible (it may already be handled).',
          error,
        );
      }
      if (error instanceof SdkError) {
        return skip(alertId, operation, `Its operations could not be queried: ${error.message}`, error);
      }
      throw error;
    }
  });

  for (const answer of answers) {
    if ('reason' in answer) {
      skipped.push(answer);
      continue;
    }
    const offered = answer.operations.operations.find(
      (candidate) => candidate.code === answer.operation.code,
    );
    if (offered === undefined) {
      skipped.push(skip(answer.alertId, answer.operation, 'The alert does not offer this operation.'));
    } else if (!offered.userCanOperate) {
      skipped.push(
        skip(
          answer.alertId,
          answer.operation,
          'Your Security Center edition does not allow it (UserCanOperate=false).',
        ),
      );
    } else {
      resolved.push(answer);
    }
  }
  const createdMs = Date.now();
  return sealPlan({
    createdAt: new Date(createdMs).toISOString(),
    ...(ttlMs !== undefined && { expiresAt: new Date(createdMs + ttlMs).toISOString() }),
    batches: toBatches(resolved, batchSize),
    skipped,
  });
}

/**
 * The batches of the resolved alerts. Whitelist additions of alerts that share the same existing rules
 * and fields (the same kind of alert) are merged together, so that no batch's wholesale replacement
 * drops another batch's new rules.
 */
function toBatches(resolved: readonly Resolved[], batchSize: number): PlanContent['batches'] {
  const additionsByKind = new Map<string, WhitelistRule[]>();
  for (const entry of resolved) {
    if (entry.operation.rules === undefined) continue;
    validateRulesFor(entry);
    const kind = whitelistKind(entry.operations);
    additionsByKind.set(kind, mergeWhitelistRules(additionsByKind.get(kind) ?? [], entry.operation.rules));
  }

  const groups = new Map<
    string,
    {
      operation: PlanContent['batches'][number]['operation'];
      alertIds: string[];
      remark: string | undefined;
    }
  >();
  for (const entry of resolved) {
    const { operation, remark } = entry;
    const additions = operation.rules && additionsByKind.get(whitelistKind(entry.operations));
    const markMissParam =
      additions && serializeWhitelistRules(mergeWhitelistRules(entry.operations.whitelistRules, additions));
    const { code, params, expireAfterMs, unknownCode } = operation;
    // One call sends one Remark: alerts with different remarks go in different batches.
    const key = JSON.stringify([code, params, expireAfterMs ?? null, markMissParam ?? null, remark ?? null]);
    const group = groups.get(key) ?? {
      operation: {
        code,
        description: operation.description,
        params,
        ...(expireAfterMs !== undefined && { expireAfterMs }),
        ...(markMissParam !== undefined && { markMissParam }),
        ...(unknownCode === true && { unknownCode }),
      },
      alertIds: [],
      remark,
    };
    group.alertIds.push(entry.alertId);
    groups.set(key, group);
  }

  return [...groups.values()].flatMap(({ operation, alertIds, remark }) =>
    Array.from({ length: Math.ceil(alertIds.length / batchSize) }, (_, index) => ({
      operation,
      alertIds: alertIds.slice(index * batchSize, (index + 1) * batchSize),
      ...(remark !== undefined && { remark }),
    })),
  );
}

function validateRulesFor(entry: Resolved): void {
  try {
    validateWhitelistRules(entry.operation.rules ?? [], entry.operations.whitelistFields);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    throw new ValidationError(`Alert ${entry.alertId}: ${error.message}`, {
      field: error.field,
      issues: error.issues,
    });
  }
}

function whitelistKind(operations: AlertOperations): string {
  return JSON.stringify([
    operations.whitelistRules,
    operations.whitelistFields.map((field) => field.field).sort(),
  ]);
}

function skip(alertId: string, operation: Operation, reason: string, error?: SdkError): SkippedAlert {
  return { alertId, operation: operation.code, reason, ...(error && { errorCode: error.code }) };
}

/** The requests checked, each with its own remark or else `remark`, the plan's. */
function normalizeRequests(requests: readonly HandleRequest[], remark: string | undefined): Checked[] {
  if (!Array.isArray(requests) || requests.length === 0) {
    throw new ValidationError('Pass at least one { alertId, operation } request.', { field: 'requests' });
  }
  const seen = new Set<string>();
  return requests.map((request, index) => {
    const alertId = normalizeAlertId(request?.alertId, `requests[${index}].alertId`);
    if (seen.has(alertId)) {
      throw new ValidationError(`Alert ${alertId} is listed twice: give each alert one operation.`, {
        field: `requests[${index}].alertId`,
      });
    }
    seen.add(alertId);
    const operation = request.operation;
    if (
      typeof operation?.code !== 'string' ||
      typeof operation.params !== 'string' ||
      typeof operation.description !== 'string'
    ) {
      throw new ValidationError('`operation` must be built with Operations.*, e.g. Operations.ignore().', {
        field: `requests[${index}].operation`,
      });
    }
    checkOperation(operation, `requests[${index}].operation`);
    const own = request.remark;
    return {
      alertId,
      operation,
      remark: own === undefined ? remark : checkedRemark(own, `requests[${index}].remark`),
    };
  });
}

/**
 * Checks that an operation makes a valid batch (as `parsePlan` will check it): a known code, its
 * parameters, a block duration on `block_ip` only, and whitelist rules on the whitelist only; or a code
 * this package does not know, marked as `Operations.unknownCode` builds it. Codes the API cannot run
 * are skipped later.
 */
function checkOperation(operation: Operation, path: string): void {
  const { code } = operation;
  const unknown = unknownCodeIssues(operation as unknown as Record<string, unknown>, path, [
    'expireAfterMs',
    'markMissParam',
    'rules',
  ]);
  if (unknown !== undefined) {
    const first = unknown[0];
    if (first === undefined) return;
    const fix =
      first.path === `${path}.code`
        ? 'Build a code this package knows with Operations.fromCode(code), one it does not know with Operations.unknownCode(code, params).'
        : 'Build operations with Operations.*.';
    throw new ValidationError(`\`${first.path}\` ${first.message}. ${fix}`, { issues: unknown });
  }
  if (!isKnownOperationCode(code)) return;
  if (UNSUPPORTED_OPERATIONS.has(code)) return;
  for (const [key, problem] of [
    ['params', operationParamsProblem(code, operation.params, operation.expireAfterMs)],
    ['expireAfterMs', expireAfterMsProblem(code, operation.expireAfterMs)],
  ] as const) {
    if (problem !== undefined) {
      throw new ValidationError(`\`${path}.${key}\` ${problem}. Build operations with Operations.*.`, {
        field: `${path}.${key}`,
      });
    }
  }
  const issues =
    code === 'advance_mark_mis_info'
      ? whitelistRuleListIssues(operation.rules, `${path}.rules`)
      : (['rules', 'markMissParam'] as const)
          .filter((key) => operation[key] !== undefined)
          .map((key) => ({
            path: `${path}.${key}`,
            message: 'is only for advance_mark_mis_info (Operations.whitelist)',
          }));
  const first = issues[0];
  if (first !== undefined) throw new ValidationError(`\`${first.path}\` ${first.message}.`, { issues });
}

/** An alert ID as the API takes it: a string of digits. */
export function normalizeAlertId(value: unknown, field: string): string {
  const alertId = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
  if (typeof alertId !== 'string' || !ALERT_ID_PATTERN.test(alertId)) {
    throw new ValidationError(`\`${field}\` must be an alert ID (digits), got ${describeValue(value)}.`, {
      field,
    });
  }
  return alertId;
}

/**
 * A plan as text: its expiry if it has one, each batch with its operation, parameters, remark and alert
 * IDs, then the skipped alerts. A block for a duration shows it, e.g. `expireTime: 7 days after sending`:
 * its `expireTime` is set when the batch is sent.
 * Destructive batches are marked by their code ({@link isDestructive}), whatever the plan's flags say.
 *
 * @example
 * ```ts
 * console.log(formatPlan(plan));
 * ```
 */
export function formatPlan(plan: Plan): string {
  const count = plan.batches.reduce((sum, batch) => sum + batch.alertIds.length, 0);
  const lines = [
    `Plan: ${count} alert${count === 1 ? '' : 's'} in ${plan.batches.length} batch${plan.batches.length === 1 ? '' : 'es'}` +
      `, ${plan.skipped.length} skipped${isPlanDestructive(plan) ? ' (destructive: review before executing)' : ''}`,
  ];
  if (plan.expiresAt !== undefined) {
    lines.push(`  Expires: ${printable(plan.expiresAt)} (execute() refuses it after)`);
  }
  plan.batches.forEach((batch, index) => {
    const { operation } = batch;
    lines.push(
      `  Batch ${index + 1}: ${printable(operation.description)} [${printable(operation.code)}]${isDestructive(operation.code) ? ' (destructive)' : ''}`,
      `    OperationParams: ${
        operation.code === 'block_ip' && operation.expireAfterMs !== undefined
          ? `expireTime: ${describeBlockDuration(operation.expireAfterMs)} after sending`
          : printable(operation.params)
      }`,
      ...(operation.markMissParam === undefined
        ? []
        : [`    MarkMissParam: ${printable(operation.markMissParam)}`]),
      ...(batch.remark === undefined
        ? []
        : [
            `    Remark: ${printable(batch.remark)}${batch.remark.includes(REMARK_EXECUTION_ID) ? ` (${REMARK_EXECUTION_ID}: the id of the execution that sends it)` : ''}`,
          ]),
      `    Alerts (${batch.alertIds.length}): ${printable(batch.alertIds.join(', '))}`,
    );
  });
  if (plan.skipped.length > 0) lines.push('  Skipped:');
  for (const entry of plan.skipped) {
    lines.push(
      `    [Alert ${printable(entry.alertId)}] ${printable(entry.operation)}: ${printable(entry.reason)}`,
    );
  }
  return lines.join('\n');
}
