/**
 * A plan as data: its types, its format version, the digest that seals its content, and the check
 * that every stored plan goes through ({@link parsePlan}), and that execution runs on every plan it is
 * given before its first request.
 *
 * @packageDocumentation
 */
import { createHash } from 'node:crypto';
import { ValidationError, type ValidationIssue } from '../errors.js';
import { describeValue } from '../util/describe-value.js';
import {
  isDestructive,
  isKnownOperationCode,
  type OperationCode,
  operationDisplayName,
  UNSUPPORTED_OPERATIONS,
} from './operation-codes.js';
import { operationParamsProblem, whitelistRuleListIssues } from './operations.js';
import { PlanExpiredError } from './plan-expired-error.js';

/** The format version of the plans this package makes and reads. */
export const PLAN_FORMAT_VERSION = 1;

/** Alerts one `HandleSecurityEvents` call takes at most (the API's limit). */
export const MAX_BATCH_ALERTS = 100;

/** An alert ID as the API takes it: a string of 1 to 19 digits. */
export const ALERT_ID_PATTERN = /^\d{1,19}$/;

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
    readonly operation: Pick<PlannedOperation, 'code' | 'description' | 'params' | 'markMissParam'>;
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
      ...(operation.markMissParam !== undefined && { markMissParam: operation.markMissParam }),
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
 * knows and the API can run; `OperationParams` as each code takes them; `MarkMissParam` (whitelist
 * rules) on `advance_mark_mis_info` only; `destructive` flags as the codes decide; no unknown field;
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

const PLAN_KEYS = ['version', 'createdAt', 'expiresAt', 'destructive', 'batches', 'skipped', 'digest'];
const BATCH_KEYS = ['operation', 'alertIds'];
const OPERATION_KEYS = ['code', 'displayName', 'description', 'params', 'markMissParam', 'destructive'];
const SKIPPED_KEYS = ['alertId', 'operation', 'reason', 'errorCode'];

/** Where each alert of the plan was first seen, e.g. `batches[0]`. */
type Seen = Map<string, string>;

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

function checkPlan(value: unknown, issues: ValidationIssue[]): void {
  if (isPlainObject(value) && value.version !== PLAN_FORMAT_VERSION) {
    // The rest of a plan of another format cannot be read as this one: the version is the one problem.
    issues.push({
      path: 'version',
      message: `must be ${PLAN_FORMAT_VERSION} (the plan format this package reads), got ${describeValue(value.version)}`,
    });
    return;
  }
  const plan = record(value, '', PLAN_KEYS, issues);
  if (plan === undefined) return;
  const createdMs = time(plan.createdAt, 'createdAt', issues);
  if (plan.expiresAt !== undefined) {
    const expiresMs = time(plan.expiresAt, 'expiresAt', issues);
    if (createdMs !== undefined && expiresMs !== undefined && expiresMs <= createdMs) {
      issues.push({ path: 'expiresAt', message: 'must be after createdAt' });
    }
  }
  const seen: Seen = new Map();
  const codes = list(plan.batches, 'batches', issues).map((batch, index) =>
    checkBatch(batch, `batches[${index}]`, seen, issues),
  );
  list(plan.skipped, 'skipped', issues).forEach((entry, index) => {
    checkSkipped(entry, `skipped[${index}]`, seen, issues);
  });
  if (Array.isArray(plan.batches) && codes.every((code) => code !== undefined)) {
    expectFlag(plan.destructive, codes.some(isDestructive), 'destructive', issues);
  }
  if (typeof plan.digest !== 'string' || !/^[0-9a-f]{64}$/.test(plan.digest)) {
    issues.push({ path: 'digest', message: 'must be a SHA-256 digest (64 lowercase hexadecimal digits)' });
  } else {
    const { digest, ...content } = plan;
    const expected = digestOf(content);
    if (expected !== undefined && expected !== digest) {
      issues.push({
        path: 'digest',
        message: 'does not match the plan: the plan was changed after it was made',
      });
    }
  }
}

/** Checks a batch; its operation's code when that is valid. */
function checkBatch(value: unknown, path: string, seen: Seen, issues: ValidationIssue[]): string | undefined {
  const batch = record(value, path, BATCH_KEYS, issues);
  if (batch === undefined) return undefined;
  const ids = list(batch.alertIds, `${path}.alertIds`, issues);
  if (Array.isArray(batch.alertIds) && (ids.length === 0 || ids.length > MAX_BATCH_ALERTS)) {
    issues.push({
      path: `${path}.alertIds`,
      message: `must hold 1 to ${MAX_BATCH_ALERTS} alert IDs, holds ${ids.length}`,
    });
  }
  ids.forEach((alertId, index) => {
    checkAlertId(alertId, `${path}.alertIds[${index}]`, path, seen, issues);
  });
  return checkOperation(batch.operation, `${path}.operation`, issues);
}

/** Checks a batch's operation; its code when that is valid. */
function checkOperation(value: unknown, path: string, issues: ValidationIssue[]): string | undefined {
  const operation = record(value, path, OPERATION_KEYS, issues);
  if (operation === undefined) return undefined;
  for (const key of ['displayName', 'description'] as const) {
    if (typeof operation[key] !== 'string')
      issues.push({ path: `${path}.${key}`, message: 'must be a string' });
  }
  const code = knownCode(operation.code, `${path}.code`, issues);
  if (code === undefined) return undefined;
  const unsupported = UNSUPPORTED_OPERATIONS.get(code);
  if (unsupported !== undefined) {
    issues.push({ path: `${path}.code`, message: `${code} ${unsupported}` });
    return undefined;
  }
  const problem = operationParamsProblem(code, operation.params);
  if (problem !== undefined) issues.push({ path: `${path}.params`, message: problem });
  checkMarkMissParam(code, operation.markMissParam, `${path}.markMissParam`, issues);
  expectFlag(operation.destructive, isDestructive(code), `${path}.destructive`, issues);
  return code;
}

function checkMarkMissParam(code: string, value: unknown, path: string, issues: ValidationIssue[]): void {
  if (code !== 'advance_mark_mis_info') {
    if (value !== undefined) issues.push({ path, message: 'is only sent with advance_mark_mis_info' });
    return;
  }
  let rules: unknown;
  try {
    rules = typeof value === 'string' ? JSON.parse(value) : undefined;
  } catch {
    // Reported below, as not being a rule list.
  }
  if (rules === undefined) {
    issues.push({ path, message: 'must be the whitelist rules as a JSON array string' });
    return;
  }
  issues.push(...whitelistRuleListIssues(rules, path));
}

function checkSkipped(value: unknown, path: string, seen: Seen, issues: ValidationIssue[]): void {
  const entry = record(value, path, SKIPPED_KEYS, issues);
  if (entry === undefined) return;
  checkAlertId(entry.alertId, `${path}.alertId`, path, seen, issues);
  knownCode(entry.operation, `${path}.operation`, issues);
  if (typeof entry.reason !== 'string') issues.push({ path: `${path}.reason`, message: 'must be a string' });
  if (entry.errorCode !== undefined && typeof entry.errorCode !== 'string') {
    issues.push({ path: `${path}.errorCode`, message: 'must be a string when present' });
  }
}

/** Checks an alert ID and that no earlier batch or skipped entry of the plan holds it. */
function checkAlertId(value: unknown, path: string, owner: string, seen: Seen, issues: ValidationIssue[]) {
  if (typeof value !== 'string' || !ALERT_ID_PATTERN.test(value)) {
    issues.push({ path, message: `must be an alert ID (a string of digits), got ${describeValue(value)}` });
    return;
  }
  const earlier = seen.get(value);
  if (earlier === undefined) {
    seen.set(value, owner);
  } else {
    issues.push({
      path,
      message: `alert ${value} is already in ${earlier === owner ? 'this batch' : earlier}: a plan handles each alert once`,
    });
  }
}

function knownCode(value: unknown, path: string, issues: ValidationIssue[]): OperationCode | undefined {
  if (typeof value === 'string' && isKnownOperationCode(value)) return value;
  issues.push({ path, message: `must be an operation code this package knows, got ${describeValue(value)}` });
  return undefined;
}

function expectFlag(value: unknown, expected: boolean, path: string, issues: ValidationIssue[]): void {
  if (value !== expected) {
    issues.push({ path, message: `must be ${expected}, as the operation codes decide (isDestructive)` });
  }
}

/** `value` as an object with only `keys` (an `undefined` member counts as absent), or `undefined`. */
function record(
  value: unknown,
  path: string,
  keys: readonly string[],
  issues: ValidationIssue[],
): Record<string, unknown> | undefined {
  if (!isPlainObject(value)) {
    issues.push({ path, message: `must be an object, got ${describeValue(value)}` });
    return undefined;
  }
  for (const [key, member] of Object.entries(value)) {
    if (member !== undefined && !keys.includes(key)) {
      issues.push({ path: path === '' ? key : `${path}.${key}`, message: 'is not a field of a plan' });
    }
  }
  return value;
}

/** `value` as an array (its items), or no item when it is not one. */
function list(value: unknown, path: string, issues: ValidationIssue[]): unknown[] {
  if (Array.isArray(value)) return value;
  issues.push({ path, message: `must be an array, got ${describeValue(value)}` });
  return [];
}

/** A time as `Date.toISOString()` writes it, in epoch milliseconds. */
function time(value: unknown, path: string, issues: ValidationIssue[]): number | undefined {
  const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (!Number.isNaN(ms) && new Date(ms).toISOString() === value) return ms;
  issues.push({
    path,
    message: `must be a time in ISO 8601 as Date.toISOString() writes it, got ${describeValue(value)}`,
  });
  return undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** The SHA-256 (hex) of a value's canonical JSON; `undefined` when the value is not JSON data. */
function digestOf(content: unknown): string | undefined {
  const text = canonicalJson(content);
  return text === undefined ? undefined : createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * JSON with object keys sorted (by UTF-16 code units) and no spaces, as RFC 8785 writes the values a plan
 * holds; `undefined` members are left out, as `JSON.stringify` does. `undefined` when the value holds
 * something JSON cannot (a function, a `Date`, `NaN`, an array hole).
 */
function canonicalJson(value: unknown): string | undefined {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return Number.isFinite(value) ? JSON.stringify(value) : undefined;
  if (Array.isArray(value)) {
    const items = Array.from(value, canonicalJson);
    return items.includes(undefined) ? undefined : `[${items.join(',')}]`;
  }
  if (!isPlainObject(value)) return undefined;
  const members: string[] = [];
  for (const key of Object.keys(value).sort()) {
    if (value[key] === undefined) continue;
    const text = canonicalJson(value[key]);
    if (text === undefined) return undefined;
    members.push(`${JSON.stringify(key)}:${text}`);
  }
  return `{${members.join(',')}}`;
}
