/**
 * Checks of operations that come back as data (stored plans, hand-made operations): the
 * `OperationParams` each code takes, the duration of a block that ends a while after it is sent, and
 * whitelist rule lists as `MarkMissParam` carries them.
 *
 * @packageDocumentation
 */
import type { ValidationIssue } from '../errors.js';
import { describeValue } from '../util/describe-value.js';
import { parseJsonObject } from '../util/parse-json-object.js';
import { BLOCK_DURATION_RANGE, isBlockDurationMs } from './block-expiry.js';
import type { OperationCode } from './operation-codes.js';

/** The `subOperation`s of `kill_and_quara`: kill and quarantine the file (the default), or kill only. */
export const KILL_SUB_OPERATIONS = ['killAndQuaraFileByMd5andPath', 'killByMd5andPath'] as const;
/** The `subOperation` of `virus_quara` and `virus_quara_bin`. */
export const QUARANTINE_SUB_OPERATION = 'quaraFileByMd5andPath';
/**
 * The `OperationParams` of a `block_ip` that ends a duration (`expireAfterMs`) after it is sent: the
 * same for every such block, whenever it was built. The `expireTime` to send is set when the batch is
 * sent (`paramsAtSendTime`); this placeholder, an instant long past, is never a block's real end.
 */
export const RELATIVE_BLOCK_PARAMS = '{"expireTime":0}';
/** The keys of a whitelist rule in `MarkMissParam`. */
const RULE_KEYS = ['uuid', 'field', 'operate', 'fieldValue'] as const;

/**
 * What is wrong with the `OperationParams` of an operation, or `undefined` when nothing is: it must be
 * a JSON object string, `{"expireTime":<epoch ms>}` (a positive integer) for `block_ip`, or
 * {@link RELATIVE_BLOCK_PARAMS} for a `block_ip` with an `expireAfterMs`,
 * `{"subOperation":"killAndQuaraFileByMd5andPath"}` or `{"subOperation":"killByMd5andPath"}` for
 * `kill_and_quara`, `{"subOperation":"quaraFileByMd5andPath"}` for `virus_quara` and `virus_quara_bin`,
 * and `{}` for every other code. Checks what `Operations` builds, when it comes back as data.
 *
 * @param expireAfterMs - The operation's `expireAfterMs`: when present, a `block_ip` ends that long
 * after it is sent (see {@link expireAfterMsProblem} for its own checks).
 *
 * @example
 * ```ts
 * operationParamsProblem('block_ip', '{"expireTime":1768464000000}'); // undefined
 * operationParamsProblem('block_ip', '{"expireTime":0}', 604_800_000); // undefined
 * operationParamsProblem('ignore', '{"expireTime":1}'); // 'ignore takes {}, got {"expireTime":1}'
 * ```
 */
export function operationParamsProblem(
  code: OperationCode,
  params: unknown,
  expireAfterMs?: unknown,
): string | undefined {
  const parsed = typeof params === 'string' ? parseJsonObject(params) : undefined;
  if (parsed === undefined) return `must be a JSON object as a string, got ${brief(params)}`;
  const keys = Object.keys(parsed);
  const only = (key: string, ok: (value: unknown) => boolean) =>
    keys.length === 1 && keys[0] === key && ok(parsed[key]);
  switch (code) {
    case 'block_ip':
      if (expireAfterMs !== undefined) {
        return params === RELATIVE_BLOCK_PARAMS
          ? undefined
          : `block_ip with expireAfterMs takes ${RELATIVE_BLOCK_PARAMS} (its end is set when sent), got ${brief(params)}`;
      }
      return only('expireTime', (value) => Number.isSafeInteger(value) && (value as number) > 0)
        ? undefined
        : `block_ip takes {"expireTime":<epoch milliseconds, an integer>}, got ${brief(params)}`;
    case 'kill_and_quara':
      return only('subOperation', (value) => (KILL_SUB_OPERATIONS as readonly unknown[]).includes(value))
        ? undefined
        : `kill_and_quara takes {"subOperation":"${KILL_SUB_OPERATIONS.join('" or "')}"}, got ${brief(params)}`;
    case 'virus_quara':
    case 'virus_quara_bin':
      return only('subOperation', (value) => value === QUARANTINE_SUB_OPERATION)
        ? undefined
        : `${code} takes {"subOperation":"${QUARANTINE_SUB_OPERATION}"}, got ${brief(params)}`;
    default:
      return keys.length === 0 ? undefined : `${code} takes {}, got ${brief(params)}`;
  }
}

/**
 * What is wrong with the `expireAfterMs` of an operation, or `undefined` when nothing is: absent, or,
 * on `block_ip` only, a duration in whole milliseconds from 1 minute to 365 days.
 *
 * @example
 * ```ts
 * expireAfterMsProblem('block_ip', 604_800_000); // undefined
 * expireAfterMsProblem('ignore', 604_800_000); // 'is only for block_ip ...'
 * ```
 */
export function expireAfterMsProblem(code: OperationCode, expireAfterMs: unknown): string | undefined {
  if (expireAfterMs === undefined) return undefined;
  if (code !== 'block_ip') return 'is only for block_ip (Operations.blockIp with a duration)';
  return isBlockDurationMs(expireAfterMs)
    ? undefined
    : `must be ${BLOCK_DURATION_RANGE}, got ${brief(expireAfterMs)}`;
}

/**
 * The problems of a whitelist rule list as `MarkMissParam` carries it (parsed): a non-empty array of
 * `{ uuid, field, operate, fieldValue }`, all strings, `uuid`, `field` and `operate` not empty, no other
 * key. Each problem's path starts with `path`, e.g. `rules[2].fieldValue`.
 *
 * @example
 * ```ts
 * whitelistRuleListIssues([{ uuid: 'ALL', field: 'loginUser', operate: 'strEqual', fieldValue: 'root' }], 'rules'); // []
 * whitelistRuleListIssues([], 'rules'); // [{ path: 'rules', message: 'must be a non-empty array of whitelist rules …' }]
 * ```
 */
export function whitelistRuleListIssues(rules: unknown, path: string): ValidationIssue[] {
  if (!Array.isArray(rules) || rules.length === 0) {
    return [
      {
        path,
        message: `must be a non-empty array of whitelist rules { uuid, field, operate, fieldValue }, got ${brief(rules)}`,
      },
    ];
  }
  return rules.flatMap((rule: unknown, index): ValidationIssue[] => {
    const at = `${path}[${index}]`;
    if (typeof rule !== 'object' || rule === null || Array.isArray(rule)) {
      return [
        { path: at, message: `must be a rule { uuid, field, operate, fieldValue }, got ${brief(rule)}` },
      ];
    }
    const record = rule as Record<string, unknown>;
    const extra = Object.keys(record).filter((key) => !(RULE_KEYS as readonly string[]).includes(key));
    return [
      ...extra.map((key) => ({ path: `${at}.${key}`, message: 'is not a part of a whitelist rule' })),
      ...RULE_KEYS.flatMap((key) => {
        const value = record[key];
        const ok = typeof value === 'string' && (key === 'fieldValue' || value !== '');
        return ok
          ? []
          : [
              {
                path: `${at}.${key}`,
                message: `must be a ${key === 'fieldValue' ? '' : 'non-empty '}string`,
              },
            ];
      }),
    ];
  });
}

/** A value for a message, cut to a readable length. */
function brief(value: unknown): string {
  const text = describeValue(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
