/**
 * Advanced whitelist rules (`advance_mark_mis_info`), in one shape: the rule model, the rules a caller
 * writes and their checks, conversion from the service's `MarkField` and `MarkFieldsSource`, the merge
 * that keeps every existing rule, the check against an alert's fields, and the `MarkMissParam` text.
 *
 * `HandleSecurityEvents` replaces an alert type's whitelist rules wholesale with its `MarkMissParam`,
 * so a request must carry the existing rules merged with the new ones.
 *
 * @packageDocumentation
 */
import { isIP } from 'node:net';
import { InvalidResponseError, ValidationError, type ValidationIssue } from '../errors.js';
import type { MarkField, MarkFieldSource } from '../generated/index.js';

/** Match operators of whitelist rules. `inIpSegment` takes an IP address or a CIDR block. */
export const WHITELIST_OPERATORS = [
  'contains',
  'notContains',
  'regex',
  'strEqual',
  'strNotEqual',
  'inIpSegment',
] as const;

/** A match operator of a whitelist rule (see {@link WHITELIST_OPERATORS}). */
export type WhitelistOperator = (typeof WHITELIST_OPERATORS)[number];

/** Where a new rule applies: `ALL` machines, or only the alert's own machine (`part`). */
export type WhitelistScope = 'ALL' | 'part';

/**
 * One whitelist rule, with the keys `MarkMissParam` uses. Open types: rules already in place may
 * carry a server UUID as scope or an operator this package does not know.
 */
export interface WhitelistRule {
  /** Scope: `ALL`, `part`, or the UUID of the server the rule is bound to. */
  readonly uuid: WhitelistScope | (string & {});
  /** Field the rule tests (a `MarkFieldsSource[].FiledName`), e.g. `loginSourceIp`. */
  readonly field: string;
  /** Match operator. */
  readonly operate: WhitelistOperator | (string & {});
  /** Value the field is matched against. */
  readonly fieldValue: string;
}

/** One new whitelist rule, as a caller writes it. */
export interface WhitelistRuleInput {
  /** Field to test: a `FiledName` of the alert's `MarkFieldsSource`, e.g. `loginSourceIp`. */
  field: string;
  /** Match operator; `inIpSegment` takes an IP address or a CIDR block. */
  operate: WhitelistOperator;
  /** Value to match; surrounding whitespace is removed. */
  value?: string;
  /** The same as `value`, under its wire name (as in `MarkMissParam`); give one of the two. */
  fieldValue?: string;
}

/** A field an alert can be whitelisted on (from `MarkFieldsSource`). */
export interface WhitelistField {
  /** Field name to use in a rule, e.g. `loginSourceIp`. */
  readonly field: string;
  /** Display name of the field. */
  readonly alias: string | undefined;
  /** The alert's current value of the field: the natural rule value. */
  readonly currentValue: string | undefined;
  /** Operators the field supports, e.g. `['strEqual', 'contains', 'inIpSegment']`. */
  readonly supportedOperators: readonly string[];
}

/** The service's description of a whitelistable field as a {@link WhitelistField}; `undefined` without a name. */
export function whitelistFieldFromSource(source: MarkFieldSource): WhitelistField | undefined {
  if (source.FiledName === undefined) return undefined;
  return {
    field: source.FiledName,
    alias: source.FiledAliasName,
    currentValue: source.MarkMisValue,
    supportedOperators: source.SupportedMisType ?? [],
  };
}

/**
 * Converts an existing rule as `DescribeSecurityEventOperations` reports it (`MarkField`) to a
 * {@link WhitelistRule}: `FiledName` → `field`, `MarkMisType` → `operate`, `MarkMisValue` →
 * `fieldValue`, `Uuid` → `uuid`.
 *
 * @throws {@link InvalidResponseError} when one of those four is missing: resending such a rule
 * could change or drop it.
 *
 * @example
 * ```ts
 * ruleFromMarkField({ FiledName: 'loginSourceIp', MarkMisType: 'strEqual', MarkMisValue: '198.51.100.23', Uuid: 'ALL' });
 * // { uuid: 'ALL', field: 'loginSourceIp', operate: 'strEqual', fieldValue: '198.51.100.23' }
 * ```
 */
export function ruleFromMarkField(markField: MarkField): WhitelistRule {
  const { Uuid: uuid, FiledName: field, MarkMisType: operate, MarkMisValue: fieldValue } = markField;
  if (uuid === undefined || field === undefined || operate === undefined || fieldValue === undefined) {
    const missing = (['Uuid', 'FiledName', 'MarkMisType', 'MarkMisValue'] as const).filter(
      (key) => markField[key] === undefined,
    );
    throw new InvalidResponseError(
      `An existing whitelist rule lacks ${missing.join(', ')}, so it cannot be kept when rules are replaced. ` +
        'Review the whitelist rules of this alert type in the Security Center console before adding rules.',
      {
        code: 'InvalidResponse',
        action: 'DescribeSecurityEventOperations',
        issues: missing.map((key) => ({ path: `MarkField.${key}`, message: 'missing' })),
      },
    );
  }
  return { uuid, field, operate, fieldValue };
}

/**
 * Merges new whitelist rules into the existing ones: a set union on (uuid, field, operate,
 * fieldValue). Existing rules come first, in their order, then the new ones in theirs; a rule that
 * is already present (also twice within `existing`) appears once. No existing rule is ever dropped,
 * and merging the same additions again changes nothing. Pure: the inputs are not modified.
 *
 * The service binds a rule of scope `part` to the machine of each alert it is added for: it shows
 * afterwards with that machine's UUID. Given `hosts` (the UUIDs of the machines of the alerts the rules
 * are for), a `part` addition whose rule is already bound to every one of them is present too, so that
 * whitelisting twice sends no duplicate.
 *
 * @throws {@link InvalidResponseError} when an existing `MarkField` lacks a part (see {@link ruleFromMarkField}).
 *
 * @example
 * ```ts
 * const ops = await alerts.getOperations('7009586');
 * const rules = mergeWhitelistRules(ops.whitelistRules, [
 *   { uuid: 'ALL', field: 'loginSourceIp', operate: 'strEqual', fieldValue: '198.51.100.23' },
 * ]);
 * const markMissParam = JSON.stringify(rules);
 * ```
 */
export function mergeWhitelistRules(
  existing: readonly (WhitelistRule | MarkField)[],
  additions: readonly WhitelistRule[],
  options: { readonly hosts?: readonly string[] } = {},
): WhitelistRule[] {
  const merged = new Map<string, WhitelistRule>();
  const hosts = options.hosts ?? [];
  const bound = (rule: WhitelistRule) =>
    rule.uuid === 'part' &&
    hosts.length > 0 &&
    hosts.every((host) => merged.has(ruleKey({ ...rule, uuid: host })));
  for (const item of [...existing.map(toRule), ...additions]) {
    const rule: WhitelistRule = {
      uuid: item.uuid,
      field: item.field,
      operate: item.operate,
      fieldValue: item.fieldValue,
    };
    const key = ruleKey(rule);
    if (!merged.has(key) && !bound(rule)) merged.set(key, rule);
  }
  return [...merged.values()];
}

/**
 * Checks new rules against the fields an alert offers ({@link AlertOperations.whitelistFields}): each
 * rule's field must be offered, and its operator must be one the field supports (any of
 * {@link WHITELIST_OPERATORS} when the field lists none).
 *
 * @throws {@link ValidationError} naming `rules[i].field` or `rules[i].operate`; `issues` lists every problem.
 *
 * @example
 * ```ts
 * const ops = await alerts.getOperations('7009586');
 * validateWhitelistRules(operation.rules ?? [], ops.whitelistFields);
 * ```
 */
export function validateWhitelistRules(
  rules: readonly WhitelistRule[],
  fields: readonly Pick<WhitelistField, 'field' | 'supportedOperators'>[],
): void {
  const names = fields.map((offered) => offered.field).join(', ') || 'none';
  const issues: ValidationIssue[] = [];
  rules.forEach((rule, index) => {
    const source = fields.find((candidate) => candidate.field === rule.field);
    if (source === undefined) {
      issues.push({
        path: `rules[${index}].field`,
        message: `'${rule.field}' is not a whitelist field of this alert; use one of: ${names}`,
      });
      return;
    }
    const supported: readonly string[] = source.supportedOperators.length
      ? source.supportedOperators
      : WHITELIST_OPERATORS;
    if (!supported.includes(rule.operate)) {
      issues.push({
        path: `rules[${index}].operate`,
        message: `field '${rule.field}' does not support '${rule.operate}'; use one of: ${supported.join(', ')}`,
      });
    }
  });
  const first = issues[0];
  if (first !== undefined) {
    throw new ValidationError(`${first.path}: ${first.message}`, { issues });
  }
}

/**
 * Checks the rules a caller wrote and turns them into {@link WhitelistRule}s with the given scope.
 * Problems are added to `issues` with paths `rules[i].field`, `rules[i].operate`, `rules[i].value`,
 * `rules[i]` (a repeated rule) or `rules`; the rules are returned only when there is none.
 */
export function buildWhitelistRules(
  inputs: readonly WhitelistRuleInput[] | undefined,
  scope: WhitelistScope,
  issues: ValidationIssue[],
): WhitelistRule[] {
  const built: WhitelistRule[] = [];
  if (!Array.isArray(inputs) || inputs.length === 0) {
    issues.push({ path: 'rules', message: 'give at least one rule ({ field, operate, value })' });
    return built;
  }
  inputs.forEach((input: WhitelistRuleInput, index) => {
    const rule = checkedRule(input, scope, `rules[${index}]`, issues);
    if (rule === undefined) return;
    const earlier = built.findIndex((other) => ruleKey(other) === ruleKey(rule));
    if (earlier >= 0) issues.push({ path: `rules[${index}]`, message: `repeats rules[${earlier}]` });
    else built.push(rule);
  });
  return built;
}

/** The `MarkMissParam` of a rule list: a JSON array of `{ uuid, field, operate, fieldValue }`. */
export function serializeWhitelistRules(rules: readonly WhitelistRule[]): string {
  return JSON.stringify(
    rules.map(({ uuid, field, operate, fieldValue }) => ({ uuid, field, operate, fieldValue })),
  );
}

/** Validates one rule input, recording problems in `issues`; the rule when it is valid. */
function checkedRule(
  input: WhitelistRuleInput,
  scope: WhitelistScope,
  path: string,
  issues: ValidationIssue[],
): WhitelistRule | undefined {
  if (typeof input !== 'object' || input === null) {
    issues.push({ path, message: 'must be an object { field, operate, value }' });
    return undefined;
  }
  const before = issues.length;
  const field = typeof input.field === 'string' ? input.field.trim() : '';
  const given = input.value ?? input.fieldValue;
  const value = typeof given === 'string' ? given.trim() : '';
  if (field === '') issues.push({ path: `${path}.field`, message: 'must be a non-empty field name' });
  if (!(WHITELIST_OPERATORS as readonly string[]).includes(input.operate)) {
    issues.push({ path: `${path}.operate`, message: `must be one of: ${WHITELIST_OPERATORS.join(', ')}` });
  }
  if (value === '') {
    issues.push({ path: `${path}.value`, message: 'must be a non-empty value' });
  } else if (input.operate === 'inIpSegment' && !isIpOrCidr(value)) {
    issues.push({
      path: `${path}.value`,
      message: `inIpSegment needs an IP address or CIDR block; got '${value}'`,
    });
  } else if (input.operate === 'regex') {
    const problem = regexProblem(value);
    if (problem !== undefined) {
      issues.push({ path: `${path}.value`, message: `regex does not compile: ${problem}` });
    }
  }
  if (issues.length > before) return undefined;
  return { uuid: scope, field, operate: input.operate, fieldValue: value };
}

/** The identity of a rule: the four parts the service compares. */
function ruleKey(rule: WhitelistRule): string {
  return JSON.stringify([rule.uuid, rule.field, rule.operate, rule.fieldValue]);
}

/** Why a regular expression does not compile, or `undefined` when it does. */
function regexProblem(pattern: string): string | undefined {
  try {
    new RegExp(pattern);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** Whether a value is an IPv4/IPv6 address or a CIDR block (`198.51.100.0/24`, `2001:db8::/32`). */
function isIpOrCidr(value: string): boolean {
  const [address = '', prefix, ...rest] = value.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}

function toRule(item: WhitelistRule | MarkField): WhitelistRule {
  return isWhitelistRule(item) ? item : ruleFromMarkField(item);
}

function isWhitelistRule(item: WhitelistRule | MarkField): item is WhitelistRule {
  return 'field' in item;
}
