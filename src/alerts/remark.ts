/**
 * The `Remark` a batch's `HandleSecurityEvents` call carries: its checks, its one placeholder (the id
 * of the execution that sends it, put in when it is sent), and the stamp that names the rule behind a
 * handling.
 *
 * @packageDocumentation
 */
import { ValidationError, type ValidationIssue } from '../errors.js';
import { describeValue } from '../util/describe-value.js';

/**
 * The longest remark, in characters (Unicode code points), once {@link REMARK_EXECUTION_ID} is put in.
 * The API documents no limit for `Remark`; this one is the SDK's own: the field travels in the query
 * string of a signed request, and a short note (a {@link remarkStamp} is at most 220 characters) is
 * what the console shows beside a handling.
 */
export const MAX_REMARK_LENGTH = 256;

/**
 * The placeholder a remark may hold for the id of the execution that sends it
 * (`exec-20261201-081010-3fa9c2d1`): the plan keeps it as written, and each batch sends its remark with
 * it replaced by the id of the execution running it, the one in `report.executionId`, the audit events
 * and the journal.
 */
export const REMARK_EXECUTION_ID = '{executionId}';

/** The length of an execution id, `exec-20261201-081010-3fa9c2d1`. */
const EXECUTION_ID_LENGTH = 29;

/** What a remark must not hold: control characters (line breaks included), separators, direction marks. */
const UNPRINTABLE = /[\p{Cc}\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

/**
 * Why `value` cannot be a remark, or `undefined` when it can: a string, not empty once trimmed, at most
 * {@link MAX_REMARK_LENGTH} characters with an execution id in place of each {@link REMARK_EXECUTION_ID},
 * and without control characters, line breaks or direction marks.
 */
export function remarkProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return `must be a string, got ${describeValue(value)}`;
  if (value.trim() === '') return 'must not be empty';
  const placeholders = value.split(REMARK_EXECUTION_ID).length - 1;
  const length = [...value].length + placeholders * (EXECUTION_ID_LENGTH - REMARK_EXECUTION_ID.length);
  if (length > MAX_REMARK_LENGTH) {
    return `is ${length} characters long${placeholders > 0 ? ` with ${REMARK_EXECUTION_ID} put in` : ''}; at most ${MAX_REMARK_LENGTH} are sent`;
  }
  if (UNPRINTABLE.test(value)) return 'must not contain control characters, line breaks or direction marks';
  return undefined;
}

/**
 * A remark as the plan keeps it: trimmed.
 *
 * @throws {@link ValidationError} naming `field` when it is not a valid remark ({@link remarkProblem})
 */
export function checkedRemark(value: unknown, field: string): string {
  const problem = remarkProblem(value);
  if (problem !== undefined) throw new ValidationError(`\`${field}\` ${problem}.`, { field });
  return (value as string).trim();
}

/**
 * A remark as it is sent by execution `executionId`: each {@link REMARK_EXECUTION_ID} replaced by it.
 *
 * @example
 * ```ts
 * resolveRemark('rule prod@3/block run {executionId}', 'exec-20261201-081010-3fa9c2d1');
 * // 'rule prod@3/block run exec-20261201-081010-3fa9c2d1'
 * ```
 */
export function resolveRemark(remark: string, executionId: string): string {
  return remark.replaceAll(REMARK_EXECUTION_ID, executionId);
}

/** The rule behind a handling, as {@link remarkStamp} writes it into a remark. */
export interface RemarkStamp {
  /** The rule set's name: a letter or digit, then letters, digits, `.`, `_` and `-`; 1 to 64 of them. */
  readonly ruleSet: string;
  /** The rule set's version: a positive safe integer. */
  readonly version: number;
  /** The rule's id, as `ruleSet` is spelled. */
  readonly ruleId: string;
  /**
   * The run that sent it, as `ruleSet` is spelled. Without it, the stamp holds
   * {@link REMARK_EXECUTION_ID}, and each batch sends the id of the execution that runs it.
   */
  readonly runId?: string;
}

/** A name in a stamp: no space, `@` or `/`, so that the stamp reads back. */
const STAMP_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

const STAMP_NAME_RULE = 'a letter or digit, then letters, digits, ".", "_" and "-", 64 at most';

/** `rule <ruleSet>@<version>/<ruleId> run <runId or {executionId}>`. */
const STAMP_PATTERN =
  /^rule ([A-Za-z0-9][A-Za-z0-9._-]{0,63})@([1-9]\d{0,15})\/([A-Za-z0-9][A-Za-z0-9._-]{0,63}) run ([A-Za-z0-9][A-Za-z0-9._-]{0,63}|\{executionId\})$/;

/**
 * The remark naming the rule behind a handling, in one stable form that {@link parseRemarkStamp} reads
 * back: `rule <ruleSet>@<version>/<ruleId> run <runId>`. Without `runId`, the run is
 * {@link REMARK_EXECUTION_ID}: each batch then sends the id of the execution that runs it. At most 220
 * characters, within {@link MAX_REMARK_LENGTH}.
 *
 * @throws {@link ValidationError} naming the field (`ruleSet`, `version`, `ruleId`, `runId`) that a
 * stamp cannot hold
 *
 * @example
 * ```ts
 * const remark = remarkStamp({ ruleSet: 'prod-playbook', version: 3, ruleId: 'brute-force-block' });
 * // 'rule prod-playbook@3/brute-force-block run {executionId}'
 * const plan = await alerts.plan([{ alertId: '7009607', operation: Operations.ignore(), remark }]);
 * ```
 */
export function remarkStamp(stamp: RemarkStamp): string {
  const issues: ValidationIssue[] = [];
  const { ruleSet, version, ruleId, runId } = stamp ?? ({} as RemarkStamp);
  for (const [field, value] of [
    ['ruleSet', ruleSet],
    ['ruleId', ruleId],
    ...(runId === undefined ? [] : [['runId', runId] as const]),
  ] as const) {
    if (typeof value !== 'string' || !STAMP_NAME.test(value)) {
      issues.push({ path: field, message: `must be ${STAMP_NAME_RULE}, got ${describeValue(value)}` });
    }
  }
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) {
    issues.push({ path: 'version', message: `must be a positive integer, got ${describeValue(version)}` });
  }
  const first = issues[0];
  if (first !== undefined) {
    throw new ValidationError(`remarkStamp: \`${first.path}\` ${first.message}.`, { issues });
  }
  return `rule ${ruleSet}@${version}/${ruleId} run ${runId ?? REMARK_EXECUTION_ID}`;
}

/**
 * The rule a remark names, when it is a {@link remarkStamp} (sent or as planned); `undefined` for any
 * other text. A stamp still holding {@link REMARK_EXECUTION_ID} reads back without `runId`.
 *
 * @example
 * ```ts
 * parseRemarkStamp('rule prod-playbook@3/brute-force-block run exec-20261201-081010-3fa9c2d1');
 * // { ruleSet: 'prod-playbook', version: 3, ruleId: 'brute-force-block', runId: 'exec-20261201-081010-3fa9c2d1' }
 * parseRemarkStamp('closed by hand'); // undefined
 * ```
 */
export function parseRemarkStamp(text: string): RemarkStamp | undefined {
  const match = typeof text === 'string' ? STAMP_PATTERN.exec(text) : null;
  if (match === null) return undefined;
  const [, ruleSet, version, ruleId, runId] = match as unknown as [string, string, string, string, string];
  const number = Number(version);
  if (!Number.isSafeInteger(number)) return undefined;
  return { ruleSet, version: number, ruleId, ...(runId !== REMARK_EXECUTION_ID && { runId }) };
}
