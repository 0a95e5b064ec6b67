/**
 * Advanced whitelist rules (`advance_mark_mis_info`): the rule model, conversion from the service's
 * `MarkField`, the merge that keeps every existing rule, and the check against an alert's fields.
 *
 * `HandleSecurityEvents` replaces an alert type's whitelist rules wholesale with its `MarkMissParam`,
 * so a request must carry the existing rules merged with the new ones.
 *
 * @packageDocumentation
 */
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

/** What {@link validateWhitelistRules} needs of a field an alert offers (`MarkFieldsSource[]`). */
export type WhitelistFieldSource = Pick<MarkFieldSource, 'FiledName' | 'SupportedMisType'>;

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
 * @throws {@link InvalidResponseError} when an existing `MarkField` lacks a part (see {@link ruleFromMarkField}).
 *
 * @example
 * ```ts
 * const rules = mergeWhitelistRules(operation.MarkField ?? [], [
 *   { uuid: 'ALL', field: 'loginSourceIp', operate: 'strEqual', fieldValue: '198.51.100.23' },
 * ]);
 * const markMissParam = JSON.stringify(rules);
 * ```
 */
export function mergeWhitelistRules(
  existing: readonly (WhitelistRule | MarkField)[],
  additions: readonly WhitelistRule[],
): WhitelistRule[] {
  const merged = new Map<string, WhitelistRule>();
  for (const item of [...existing.map(toRule), ...additions]) {
    const rule: WhitelistRule = {
      uuid: item.uuid,
      field: item.field,
      operate: item.operate,
      fieldValue: item.fieldValue,
    };
    const key = JSON.stringify([rule.uuid, rule.field, rule.operate, rule.fieldValue]);
    if (!merged.has(key)) merged.set(key, rule);
  }
  return [...merged.values()];
}

/**
 * Checks new rules against the fields an alert offers (`MarkFieldsSource` of its
 * `advance_mark_mis_info` operation): each rule's field must be offered, and its operator must be
 * one the field supports (any of {@link WHITELIST_OPERATORS} when the field lists none).
 *
 * @throws {@link ValidationError} naming `rules[i].field` or `rules[i].operate`; `issues` lists every problem.
 *
 * @example
 * ```ts
 * const whitelist = ops.find((op) => op.OperationCode === 'advance_mark_mis_info');
 * validateWhitelistRules(operation.rules ?? [], whitelist?.MarkFieldsSource ?? []);
 * ```
 */
export function validateWhitelistRules(
  rules: readonly WhitelistRule[],
  fieldsSource: readonly WhitelistFieldSource[],
): void {
  const offered = fieldsSource.filter((source) => source.FiledName !== undefined);
  const names = offered.map((source) => source.FiledName).join(', ') || 'none';
  const issues: ValidationIssue[] = [];
  rules.forEach((rule, index) => {
    const source = offered.find((candidate) => candidate.FiledName === rule.field);
    if (source === undefined) {
      issues.push({
        path: `rules[${index}].field`,
        message: `'${rule.field}' is not a whitelist field of this alert; use one of: ${names}`,
      });
      return;
    }
    const supported: readonly string[] = source.SupportedMisType?.length
      ? source.SupportedMisType
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

function toRule(item: WhitelistRule | MarkField): WhitelistRule {
  return isWhitelistRule(item) ? item : ruleFromMarkField(item);
}

function isWhitelistRule(item: WhitelistRule | MarkField): item is WhitelistRule {
  return 'field' in item;
}
