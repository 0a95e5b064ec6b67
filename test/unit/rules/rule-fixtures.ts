import { type Alert, toAlert } from '../../../src/alerts/alert.js';
import type { SuspEvent } from '../../../src/generated/index.js';
import { ResponseRules } from '../../../src/rules/response-rules.js';
import type { Condition, ResponseRuleInput, RuleAction } from '../../../src/rules/rule-set.js';

let nextId = 1;

/** An alert from the fields of an event (an `Id` is given). */
export function alertOf(event: Omit<SuspEvent, 'Id'> = {}): Alert {
  return toAlert({ Id: nextId++, ...event });
}

/** A rule with defaults: matches everything, marks handled. */
export function rule(id: string, fields: Partial<ResponseRuleInput> = {}): ResponseRuleInput {
  return {
    id,
    order: 10,
    match: { all: [] },
    action: { handle: { operation: 'manual_handled' } },
    ...fields,
  };
}

/** A set of the given rules. */
export function ruleSet(rules: readonly ResponseRuleInput[]): ResponseRules {
  return ResponseRules.parse({ name: 'test', version: 1, rules });
}

/** Whether `condition` holds for the alert (one rule, evaluated at `nowMs`). */
export function holds(condition: Condition, subject: Alert, nowMs = 0): boolean {
  return ruleSet([rule('r', { match: condition })]).evaluate(subject, { now: nowMs }).rule !== undefined;
}

/** A skip action. */
export const skip = (reason: string): RuleAction => ({ skip: { reason } });
