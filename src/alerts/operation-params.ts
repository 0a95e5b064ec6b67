/**
 * Checks of operations that come back as data (stored plans, hand-made operations): the
 * `OperationParams` each code takes, and whitelist rule lists as `MarkMissParam` carries them.
 *
 * @packageDocumentation
 */
import type { ValidationIssue } from '../errors.js';
import { describeValue } from '../util/describe-value.js';
import { parseJsonObject } from '../util/parse-json-object.js';
import type { OperationCode } from './operation-codes.js';

/** The `subOperation`s of `kill_and_quara`: kill and quarantine the file (the default), or kill only. */
export const KILL_SUB_OPERATIONS = ['killAndQuaraFileByMd5andPath', 'killByMd5andPath'] as const;
/** The `subOperation` of `virus_quara` and `virus_quara_bin`. */
export const QUARANTINE_SUB_OPERATION = 'quaraFileByMd5andPath';
/** The keys of a whitelist rule in `MarkMissParam`. */
const RULE_KEYS = ['uuid', 'field', 'operate', 'fieldValue'] as const;

/**
 * What is wrong with the `OperationParams` of an operation, or `undefined` when nothing is: it must be
 * a JSON object string, `{"expireTime":<epoch ms>}` (an integer) for `block_ip`,
 * `{"subOperation":"killAndQuaraFileByMd5andPath"}` or `{"subOperation":"killByMd5andPath"}` for
 * `kill_and_quara`, `{"subOperation":"quaraFileByMd5andPath"}` for `virus_quara` and `virus_quara_bin`,
 * and `{}` for every other code. Checks what `Operations` builds, when it comes back as data.
 *
 * @example
 * ```ts
 * operationParamsProblem('block_ip', '{"expireTime":1768464000000}'); // undefined
 * operationParamsProblem('ignore', '{"expireTime":1}'); // 'ignore takes {}, got {"expireTime":1}'
 * ```
 */
export function operationParamsProblem(code: OperationCode, params: unknown): string | undefined {
  const parsed = typeof params === 'string' ? parseJsonObject(params) : undefined;
  if (parsed === undefined) return `must be a JSON object as a string, got ${brief(params)}`;
  const keys = Object.keys(parsed);
  const only = (key: string, ok: (value: unknown) => boolean) =>
    keys.length === 1 && keys[0] === key && ok(parsed[key]);
  switch (code) {
    case 'block_ip':
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
