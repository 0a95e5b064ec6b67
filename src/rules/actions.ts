/**
 * Rule actions: checked when the set is parsed (the operation's input must build, with placeholders
 * for values taken from the alert), and resolved for an alert into a {@link ResolvedAction} whose
 * values are concrete.
 *
 * @packageDocumentation
 */
import type { Alert } from '../alerts/alert.js';
import type { OperationCode } from '../alerts/operation-codes.js';
import { type OperationInput, Operations, type WhitelistOptions } from '../alerts/operations.js';
import { ValidationError, type ValidationIssue } from '../errors.js';
import { alertValue } from './conditions.js';
import type { AlertValueReference, HandleSpec, RuleAction, WhitelistRuleTemplate } from './rule-set.js';

/**
 * What a rule decided for an alert, with every value taken from the alert filled in. `handle` gives
 * the operation's code and the input `Operations.fromCode(operation, input)` takes.
 */
export type ResolvedAction =
  | {
      readonly handle: {
        readonly operation: OperationCode;
        readonly input?: OperationInput;
        readonly reason: string;
      };
    }
  | { readonly skip: { readonly reason: string } };

/** An action resolved for an alert, or the references the alert could not fill. */
export type Resolution = { readonly action: ResolvedAction } | { readonly missing: readonly string[] };

/** A compiled action. */
export type CompiledAction = (alert: Alert) => Resolution;

/**
 * Compiles a rule's action. Its input is built once with `Operations.fromCode` (values taken from the
 * alert replaced by placeholders) so that a bad duration or whitelist rule is reported now, with
 * `path`; the problems go to `issues`.
 */
export function compileAction(
  action: RuleAction,
  defaultReason: string,
  path: string,
  issues: ValidationIssue[],
): CompiledAction {
  if ('skip' in action) {
    const resolved: Resolution = { action: { skip: { reason: action.skip.reason } } };
    return () => resolved;
  }
  const spec = action.handle;
  const reason = spec.reason ?? defaultReason;
  checkBuilds(spec, `${path}.handle.input`, issues);
  if (spec.operation !== 'advance_mark_mis_info') {
    const input = 'input' in spec ? (spec.input as OperationInput | undefined) : undefined;
    const resolved: Resolution = {
      action: {
        handle:
          input === undefined
            ? { operation: spec.operation, reason }
            : { operation: spec.operation, input, reason },
      },
    };
    return () => resolved;
  }
  const { rules, scope } = spec.input;
  return (alert) => {
    const missing: string[] = [];
    const resolvedRules = rules.map((rule, index) => {
      if (typeof rule.value === 'string')
        return { field: rule.field, operate: rule.operate, value: rule.value };
      const value = referenced(alert, rule.value);
      if (value === undefined)
        missing.push(`${path}.handle.input.rules[${index}].value (${describeReference(rule.value)})`);
      return { field: rule.field, operate: rule.operate, value: value ?? '' };
    });
    if (missing.length > 0) return { missing };
    const whitelist: WhitelistOptions = { rules: resolvedRules, scope };
    return { action: { handle: { operation: spec.operation, input: whitelist, reason } } };
  };
}

/** The value a reference names in the alert, trimmed; `undefined` when it is missing or empty. */
function referenced(alert: Alert, reference: AlertValueReference): string | undefined {
  const value =
    'field' in reference
      ? alertValue(alert, reference.field)
      : alert.details.find((detail) => detail.name === reference.detail)?.value;
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

function describeReference(reference: AlertValueReference): string {
  return 'field' in reference ? `field ${reference.field}` : `detail ${JSON.stringify(reference.detail)}`;
}

/** Builds the operation once, placeholders for references, and reports what its builder refuses. */
function checkBuilds(spec: HandleSpec, path: string, issues: ValidationIssue[]): void {
  try {
    switch (spec.operation) {
      case 'block_ip':
        Operations.fromCode(spec.operation, spec.input);
        break;
      case 'kill_and_quara':
        Operations.fromCode(spec.operation, spec.input);
        break;
      case 'advance_mark_mis_info':
        Operations.fromCode(spec.operation, { ...spec.input, rules: spec.input.rules.map(placeholder) });
        break;
      default:
        Operations.fromCode(spec.operation);
    }
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    for (const issue of error.issues) issues.push({ path: `${path}.${issue.path}`, message: issue.message });
  }
}

/** A whitelist rule whose value, when taken from the alert, is a distinct value its operator accepts. */
function placeholder(
  rule: WhitelistRuleTemplate,
  index: number,
): { field: string; operate: WhitelistRuleTemplate['operate']; value: string } {
  if (typeof rule.value === 'string') return { field: rule.field, operate: rule.operate, value: rule.value };
  return {
    field: rule.field,
    operate: rule.operate,
    value: rule.operate === 'inIpSegment' ? `2001:db8::${index.toString(16)}` : `alert-value-${index}`,
  };
}
