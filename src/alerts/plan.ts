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
import { type AlertOperations, getAlertOperations } from './alert-operations.js';
import {
  isDestructive,
  type OperationCode,
  operationDisplayName,
  UNSUPPORTED_OPERATIONS,
} from './operation-codes.js';
import type { Operation } from './operations.js';
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
}

/** The operation a batch applies, exactly as it will be sent. */
export interface PlannedOperation {
  /** `OperationCode`. */
  readonly code: OperationCode;
  /** Human-readable name, e.g. `Block IP`. */
  readonly displayName: string;
  /** What it does, e.g. `Block IP until …`. */
  readonly description: string;
  /** `OperationParams` (a JSON object string). */
  readonly params: string;
  /** `MarkMissParam`: the alert type's existing whitelist rules merged with the new ones. */
  readonly markMissParam?: string;
  /** Whether it changes state on hosts or in the whitelist: `isDestructive` of `code`. */
  readonly destructive: boolean;
}

/** One `HandleSecurityEvents` call of a plan: one operation for up to `batchSize` alerts. */
export interface PlannedBatch {
  /** The operation, with its parameters. */
  readonly operation: PlannedOperation;
  /** The alerts it applies to. */
  readonly alertIds: readonly string[];
}

/** An alert the plan leaves out, and why. */
export interface SkippedAlert {
  /** The alert. */
  readonly alertId: string;
  /** The operation that was asked for. */
  readonly operation: OperationCode;
  /** Why it is not handled, and what to do instead. */
  readonly reason: string;
  /** Error code behind the skip, when an error caused it (e.g. `SecurityEventNotExists`). */
  readonly errorCode?: string;
}

/**
 * What would be done: plain data, printable with {@link formatPlan} and serializable with
 * `JSON.stringify`. Nothing has been changed when a plan exists; {@link AlertHandler.execute} carries it out.
 */
export interface Plan {
  /** When the plan was made (ISO 8601). */
  readonly createdAt: string;
  /** The calls to make, in order. */
  readonly batches: readonly PlannedBatch[];
  /** Alerts left out, with reasons. */
  readonly skipped: readonly SkippedAlert[];
  /** Whether any batch is destructive (by its code: `isDestructive`). */
  readonly destructive: boolean;
}

/** Options of {@link AlertHandler.plan}. */
export interface PlanOptions {
  /**
   * Alerts per `HandleSecurityEvents` call, 1 to 100.
   * @defaultValue 20
   */
  batchSize?: number;
  /**
   * Operation queries in flight at once.
   * @defaultValue 5
   */
  concurrency?: number;
  /** Aborts the queries; the plan then rejects with an {@link AbortError}. */
  signal?: AbortSignal;
}

/** Rules of {@link PlanOptions}. */
export const PLAN_OPTION_RULES = {
  batchSize: { kind: 'integer', min: 1, max: 100 },
  concurrency: { kind: 'integer', min: 1, max: 64 },
  signal: { kind: 'signal' },
} as const satisfies OptionRules;

/** Errors that concern the caller, not one alert: they stop the plan instead of skipping an alert. */
const FATAL_ERRORS = [AbortError, NoPermissionError, AuthenticationError, CredentialsError, ValidationError];

interface Resolved {
  readonly alertId: string;
  readonly operation: Operation;
  readonly operations: AlertOperations;
}

/**
 * Builds a plan: queries each alert's operations (at most `concurrency` at once), skips with a reason
 * every alert whose operation cannot run (not offered, `UserCanOperate=false`, not possible through
 * the API, alert not found), merges whitelist rules with the existing ones, and groups alerts that
 * share code, parameters and whitelist into batches of at most `batchSize`.
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
  const { batchSize = 20, concurrency = 5, signal } = options;
  const normalized = normalizeRequests(requests);
  const skipped: SkippedAlert[] = [];
  const resolved: Resolved[] = [];

  const answers = await mapWithConcurrency(normalized, concurrency, async ({ alertId, operation }) => {
    const unsupported = UNSUPPORTED_OPERATIONS.get(operation.code);
    if (unsupported !== undefined) return skip(alertId, operation, unsupported);
    try {
      const operations = await getAlertOperations(calls, alertId, lang, { signal });
      return { alertId, operation, operations };
    } catch (error) {
      if (FATAL_ERRORS.some((type) => error instanceof type)) throw error;
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
  return {
    createdAt: new Date().toISOString(),
    batches: toBatches(resolved, batchSize),
    skipped,
    destructive: resolved.some((entry) => isDestructive(entry.operation.code)),
  };
}

/**
 * The batches of the resolved alerts. Whitelist additions of alerts that share the same existing rules
 * and fields (the same kind of alert) are merged together, so that no batch's wholesale replacement
 * drops another batch's new rules.
 */
function toBatches(resolved: readonly Resolved[], batchSize: number): PlannedBatch[] {
  const additionsByKind = new Map<string, WhitelistRule[]>();
  for (const entry of resolved) {
    if (entry.operation.rules === undefined) continue;
    validateRulesFor(entry);
    const kind = whitelistKind(entry.operations);
    additionsByKind.set(kind, mergeWhitelistRules(additionsByKind.get(kind) ?? [], entry.operation.rules));
  }

  const groups = new Map<string, { operation: PlannedOperation; alertIds: string[] }>();
  for (const entry of resolved) {
    const { operation } = entry;
    const additions = operation.rules && additionsByKind.get(whitelistKind(entry.operations));
    const markMissParam =
      additions && serializeWhitelistRules(mergeWhitelistRules(entry.operations.whitelistRules, additions));
    const key = JSON.stringify([operation.code, operation.params, markMissParam ?? null]);
    const group = groups.get(key) ?? {
      operation: {
        code: operation.code,
        displayName: operationDisplayName(operation.code),
        description: operation.description,
        params: operation.params,
        ...(markMissParam !== undefined && { markMissParam }),
        destructive: isDestructive(operation.code),
      },
      alertIds: [],
    };
    group.alertIds.push(entry.alertId);
    groups.set(key, group);
  }

  return [...groups.values()].flatMap(({ operation, alertIds }) =>
    Array.from({ length: Math.ceil(alertIds.length / batchSize) }, (_, index) => ({
      operation,
      alertIds: alertIds.slice(index * batchSize, (index + 1) * batchSize),
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

function normalizeRequests(requests: readonly HandleRequest[]): { alertId: string; operation: Operation }[] {
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
    if (typeof operation?.code !== 'string' || typeof operation.params !== 'string') {
      throw new ValidationError('`operation` must be built with Operations.*, e.g. Operations.ignore().', {
        field: `requests[${index}].operation`,
      });
    }
    return { alertId, operation };
  });
}

/** An alert ID as the API takes it: a string of digits. */
export function normalizeAlertId(value: unknown, field: string): string {
  const alertId = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
  if (typeof alertId !== 'string' || !/^\d{1,19}$/.test(alertId)) {
    throw new ValidationError(`\`${field}\` must be an alert ID (digits), got ${describeValue(value)}.`, {
      field,
    });
  }
  return alertId;
}

/**
 * Whether a plan has a destructive batch, by the batches' codes ({@link isDestructive}); the plan's
 * own `destructive` flag is not read.
 *
 * @example
 * ```ts
 * if (isPlanDestructive(plan)) console.log('Review the plan before executing it.');
 * ```
 */
export function isPlanDestructive(plan: Pick<Plan, 'batches'>): boolean {
  return plan.batches.some((batch) => isDestructive(batch.operation.code));
}

/**
 * A plan as text: each batch with its operation, parameters and alert IDs, then the skipped alerts.
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
  plan.batches.forEach((batch, index) => {
    const { operation } = batch;
    lines.push(
      `  Batch ${index + 1}: ${operation.description} [${operation.code}]${isDestructive(operation.code) ? ' (destructive)' : ''}`,
      `    OperationParams: ${operation.params}`,
      ...(operation.markMissParam === undefined ? [] : [`    MarkMissParam: ${operation.markMissParam}`]),
      `    Alerts (${batch.alertIds.length}): ${batch.alertIds.join(', ')}`,
    );
  });
  if (plan.skipped.length > 0) lines.push('  Skipped:');
  for (const entry of plan.skipped)
    lines.push(`    [Alert ${entry.alertId}] ${entry.operation}: ${entry.reason}`);
  return lines.join('\n');
}
