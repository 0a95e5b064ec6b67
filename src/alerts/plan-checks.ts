/**
 * The structural checks of a stored plan: fields and their types, times, alert IDs, batch sizes,
 * operation codes, parameters and block durations, `destructive` flags, and the digest over the content.
 *
 * @packageDocumentation
 */
import type { ValidationIssue } from '../errors.js';
import { describeValue } from '../util/describe-value.js';
import { parseJsonObject } from '../util/parse-json-object.js';
import {
  isDestructive,
  isKnownOperationCode,
  type OperationCode,
  UNKNOWN_OPERATION_CODE_PATTERN,
  UNSUPPORTED_OPERATIONS,
  unknownOperationCodeProblem,
} from './operation-codes.js';
import { expireAfterMsProblem, operationParamsProblem, whitelistRuleListIssues } from './operation-params.js';
import { digestOf, isPlainObject } from './plan-digest.js';

/** The format version of the plans this package makes and reads. */
export const PLAN_FORMAT_VERSION = 1;

/** Alerts one `HandleSecurityEvents` call takes at most (the API's limit). */
export const MAX_BATCH_ALERTS = 100;

/** An alert ID as the API takes it: a string of 1 to 19 digits. */
export const ALERT_ID_PATTERN = /^\d{1,19}$/;

const PLAN_KEYS = ['version', 'createdAt', 'expiresAt', 'destructive', 'batches', 'skipped', 'digest'];
const BATCH_KEYS = ['operation', 'alertIds'];
const OPERATION_KEYS = [
  'code',
  'displayName',
  'description',
  'params',
  'expireAfterMs',
  'markMissParam',
  'unknownCode',
  'destructive',
];
const SKIPPED_KEYS = ['alertId', 'operation', 'reason', 'errorCode'];

/** Where each alert of the plan was first seen, e.g. `batches[0]`. */
type Seen = Map<string, string>;

/**
 * Checks a plan's structure, as `parsePlan` describes it, and its digest; pushes every problem
 * found to `issues`, each with its path.
 */
export function checkPlan(value: unknown, issues: ValidationIssue[]): void {
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
  const unknown = unknownCodeIssues(operation, path, ['expireAfterMs', 'markMissParam']);
  if (unknown !== undefined) {
    issues.push(...unknown);
    if (unknown.length > 0) return undefined;
    expectFlag(operation.destructive, true, `${path}.destructive`, issues);
    return operation.code as string;
  }
  const code = knownCode(operation.code, `${path}.code`, issues);
  if (code === undefined) return undefined;
  const unsupported = UNSUPPORTED_OPERATIONS.get(code);
  if (unsupported !== undefined) {
    issues.push({ path: `${path}.code`, message: `${code} ${unsupported}` });
    return undefined;
  }
  const problem = operationParamsProblem(code, operation.params, operation.expireAfterMs);
  if (problem !== undefined) issues.push({ path: `${path}.params`, message: problem });
  const durationProblem = expireAfterMsProblem(code, operation.expireAfterMs);
  if (durationProblem !== undefined) issues.push({ path: `${path}.expireAfterMs`, message: durationProblem });
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
  // Nothing is sent for a skipped alert: a code this package does not know needs no mark there.
  const code = entry.operation;
  if (typeof code !== 'string' || !UNKNOWN_OPERATION_CODE_PATTERN.test(code)) {
    issues.push({
      path: `${path}.operation`,
      message: `must be an operation code (a lowercase letter, then lowercase letters, digits and underscores), got ${describeValue(code)}`,
    });
  }
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
  issues.push({
    path,
    message: `must be an operation code this package knows, got ${describeValue(value)}; a code it does not know is marked unknownCode: true (built with Operations.unknownCode)`,
  });
  return undefined;
}

/**
 * The problems of an operation (a batch's, or one given to `plan()`) of a code this package does not
 * know: it must carry the mark `unknownCode: true` that `Operations.unknownCode` sets, a code spelled
 * like one that is neither known nor unsupported, a JSON object string as `params`, and none of
 * `otherKeys` (what only known codes carry). `undefined` when the operation is one of a known code
 * without the mark: the caller checks it as such. A known code with the mark is a problem.
 *
 * @example
 * ```ts
 * unknownCodeIssues({ code: 'isolate_host', params: '{}', unknownCode: true }, 'op', []); // []
 * unknownCodeIssues({ code: 'ignore', params: '{}' }, 'op', []); // undefined
 * ```
 */
export function unknownCodeIssues(
  operation: Readonly<Record<string, unknown>>,
  path: string,
  otherKeys: readonly string[],
): ValidationIssue[] | undefined {
  const { code, params, unknownCode } = operation;
  if (typeof code === 'string' && isKnownOperationCode(code)) {
    return unknownCode === undefined
      ? undefined
      : [
          {
            path: `${path}.unknownCode`,
            message: `is only for a code this package does not know, and it knows ${code}`,
          },
        ];
  }
  if (unknownCode !== true) {
    const issues: ValidationIssue[] = [];
    knownCode(code, `${path}.code`, issues);
    return issues;
  }
  const issues: ValidationIssue[] = [];
  const codeProblem = unknownOperationCodeProblem(code);
  if (codeProblem !== undefined) issues.push({ path: `${path}.code`, message: codeProblem });
  if (typeof params !== 'string' || parseJsonObject(params) === undefined) {
    issues.push({
      path: `${path}.params`,
      message: `must be a JSON object as a string, got ${describeValue(params)}`,
    });
  }
  for (const key of otherKeys) {
    if (operation[key] !== undefined) {
      issues.push({ path: `${path}.${key}`, message: 'is not sent with a code this package does not know' });
    }
  }
  return issues;
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
