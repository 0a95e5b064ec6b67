/**
 * A plan as data: its types, its format version, the digest that seals its content, and the check
 * that every stored plan goes through ({@link parsePlan}), and that execution runs on every plan it is
 * given before its first request.
 *
 * @packageDocumentation
 */
import { ValidationError, type ValidationIssue } from '../errors.js';
import { isDestructive, type OperationCode, operationDisplayName } from './operation-codes.js';
import { checkPlan, PLAN_FORMAT_VERSION } from './plan-checks.js';
import { digestOf } from './plan-digest.js';
import { PlanExpiredError } from './plan-expired-error.js';

export { ALERT_ID_PATTERN, MAX_BATCH_ALERTS, PLAN_FORMAT_VERSION } from './plan-checks.js';

/**
 * The operation a batch applies, as it will be sent; a block for a duration gets its `expireTime`
 * when the batch is sent.
 */
export interface PlannedOperation {
  /** `OperationCode`. */
  readonly code: OperationCode;
  /** Human-readable name, e.g. `Block IP`. */
  readonly displayName: string;
  /** What it does, e.g. `Block IP for 7 days after sending` or `Block IP until …`. */
  readonly description: string;
  /**
   * `OperationParams` (a JSON object string); `{"expireTime":0}` for a block with `expireAfterMs`,
   * whose batch sends the send time plus `expireAfterMs` instead.
   */
  readonly params: string;
  /**
   * For `block_ip` built with a `duration`: how long the block lasts, in milliseconds (1 minute to 365
   * days), from when its batch is sent. Absent otherwise.
   */
  readonly expireAfterMs?: number;
  /** `MarkMissParam`: the alert type's existing whitelist rules merged with the new ones. */
  readonly markMissParam?: string;
  /**
   * `true` when `code` is one this package does not know (built with `Operations.unknownCode`): its
   * `params` are sent as given. A plan with such a code and without this mark is not valid.
   */
  readonly unknownCode?: true;
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
 * `JSON.stringify`. Nothing has been changed when a plan exists; {@link AlertHandler.execute} carries it
 * out, after checking it as {@link parsePlan} does.
 */
export interface Plan {
  /** Format version ({@link PLAN_FORMAT_VERSION}). */
  readonly version: typeof PLAN_FORMAT_VERSION;
  /** When the plan was made (ISO 8601). */
  readonly createdAt: string;
  /** When the plan expires (ISO 8601), when `PlanOptions.ttlMs` was given: execution refuses it after. */
  readonly expiresAt?: string;
  /** Whether any batch is destructive (by its code: `isDestructive`). */
  readonly destructive: boolean;
  /** The calls to make, in order. */
  readonly batches: readonly PlannedBatch[];
  /** Alerts left out, with reasons. */
  readonly skipped: readonly SkippedAlert[];
  /**
   * SHA-256 (hex) of the plan's content: every other field, as canonical JSON (keys sorted, no
   * spaces). Any change to the plan after it was made shows as a mismatch. It proves integrity, not
   * authorship: anyone who changes a plan can compute a new digest.
   */
  readonly digest: string;
}

/** What a plan is made of; {@link sealPlan} derives the rest (version, display names, flags, digest). */
export interface PlanContent {
  /** When the plan was made (ISO 8601). */
  readonly createdAt: string;
  /** When the plan expires (ISO 8601), if it does. */
  readonly expiresAt?: string | undefined;
  /** The calls to make, in order. */
  readonly batches: readonly {
    readonly operation: Pick<
      PlannedOperation,
      'code' | 'description' | 'params' | 'expireAfterMs' | 'markMissParam' | 'unknownCode'
    >;
    readonly alertIds: readonly string[];
  }[];
  /** Alerts left out, with reasons. */
  readonly skipped: readonly SkippedAlert[];
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
 * Makes a plan of its content: the format version, each operation's display name and `destructive`
 * flag (from its code), the plan's flag, and the digest. The one way plans are made, by the planner
 * and by tests that write plans by hand.
 *
 * @example
 * ```ts
 * const plan = sealPlan({
 *   createdAt: new Date().toISOString(),
 *   batches: [{ operation: Operations.ignore(), alertIds: ['7009605'] }],
 *   skipped: [],
 * });
 * ```
 */
export function sealPlan(content: PlanContent): Plan {
  const batches = content.batches.map(({ operation, alertIds }) => ({
    operation: {
      code: operation.code,
      displayName: operationDisplayName(operation.code),
      description: operation.description,
      params: operation.params,
      ...(operation.expireAfterMs !== undefined && { expireAfterMs: operation.expireAfterMs }),
      ...(operation.markMissParam !== undefined && { markMissParam: operation.markMissParam }),
      ...(operation.unknownCode === true && { unknownCode: true as const }),
      destructive: isDestructive(operation.code),
    },
    alertIds: [...alertIds],
  }));
  const unsealed: Omit<Plan, 'digest'> = {
    version: PLAN_FORMAT_VERSION,
    createdAt: content.createdAt,
    ...(content.expiresAt !== undefined && { expiresAt: content.expiresAt }),
    destructive: isPlanDestructive({ batches }),
    batches,
    skipped: content.skipped.map(({ alertId, operation, reason, errorCode }) => ({
      alertId,
      operation,
      reason,
      ...(errorCode !== undefined && { errorCode }),
    })),
  };
  // The content is JSON data by its types, so it always has a digest.
  return { ...unsealed, digest: digestOf(unsealed) as string };
}

/**
 * Reads a stored plan (its JSON text, or the value `JSON.parse` gave) and checks it: the format
 * version; times in ISO 8601 (`expiresAt` after `createdAt`); alert IDs of digits; 1 to 100 alerts per
 * batch; no alert in two batches, nor in a batch and among the skipped; operation codes this package
 * knows and the API can run, or, marked `unknownCode: true`, a code it does not know (as
 * `Operations.unknownCode` builds it, with a JSON object as `OperationParams`); `OperationParams` as
 * each known code takes them; `expireAfterMs` on `block_ip`
 * only, from 1 minute to 365 days; `MarkMissParam` (whitelist rules) on `advance_mark_mis_info` only;
 * `destructive` flags as the codes decide; no unknown field;
 * and the digest, which any change to the content breaks. An expired plan is still read (to print or
 * audit it); execution refuses it.
 *
 * @returns a copy of the plan, once it passed every check
 * @throws {@link ValidationError} listing every problem in `issues`, each with its path, e.g.
 * `batches[1].alertIds[3]`
 *
 * @example
 * ```ts
 * const made = await alerts.plan([{ alertId: '7009607', operation: Operations.ignore() }], { ttlMs: 3_600_000 });
 * await writeFile('plan.json', JSON.stringify(made));
 * // later, maybe elsewhere:
 * const plan = parsePlan(await readFile('plan.json', 'utf8'));
 * console.log(formatPlan(plan));
 * const report = await alerts.execute(plan);
 * ```
 */
export function parsePlan(input: unknown): Plan {
  const value = typeof input === 'string' ? parseJson(input) : input;
  const issues: ValidationIssue[] = [];
  checkPlan(value, issues);
  const first = issues[0];
  if (first !== undefined) {
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more problems, in issues)` : '';
    throw new ValidationError(
      `The plan is not valid: \`${first.path || 'plan'}\` ${first.message}${more}. ` +
        'Nothing was sent: make a new plan with plan() and review it.',
      { issues },
    );
  }
  return structuredClone(value) as Plan;
}

/**
 * The plan to execute: checked as {@link parsePlan} does, and not expired at `nowMs`.
 *
 * @throws {@link ValidationError} when the plan is not valid
 * @throws {@link PlanExpiredError} when its `expiresAt` has passed
 *
 * @example
 * ```ts
 * const checked = executablePlan(plan, Date.now());
 * ```
 */
export function executablePlan(input: unknown, nowMs: number): Plan {
  const plan = parsePlan(input);
  if (plan.expiresAt !== undefined && nowMs >= Date.parse(plan.expiresAt)) {
    throw new PlanExpiredError(
      `The plan expired at ${plan.expiresAt} (it was made at ${plan.createdAt}). Nothing was sent: ` +
        'make a new plan with plan(), review it, and execute that one.',
      { expiresAt: plan.expiresAt },
    );
  }
  return plan;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ValidationError(
      `The plan is not JSON (${(error as Error).message}). Nothing was sent: store plans with JSON.stringify(plan).`,
      { issues: [{ path: '', message: 'is not JSON' }], cause: error },
    );
  }
}
