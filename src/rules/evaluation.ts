/**
 * What evaluating an alert against a rule set gives: the deciding rule and its action, every match,
 * and a trace of every rule.
 *
 * @packageDocumentation
 */
import type { ResolvedAction } from './actions.js';
import type { ConditionTrace } from './conditions.js';
import type { ResponseRuleInput, RuleStatus } from './rule-set.js';

/** A rule of a parsed set: as written, with `terminal` and `status` filled in. */
export interface ResponseRule extends ResponseRuleInput {
  readonly terminal: boolean;
  readonly status: RuleStatus;
}

/**
 * What became of one rule:
 * - `matched`: enabled, its condition held and its action resolved;
 * - `notMatched`: its condition did not hold;
 * - `dryRunMatched`: a `dryRun` rule whose condition held: reported, decides nothing;
 * - `unresolved`: its condition held but its action takes a value the alert does not have
 *   ({@link RuleTrace.missing}); it decides nothing and evaluation goes on;
 * - `disabled`, `expired` (its `expiresAt` is not after `now`): not evaluated;
 * - `notReached`: an earlier terminal rule ended the evaluation.
 */
export type RuleOutcome =
  | 'matched'
  | 'notMatched'
  | 'dryRunMatched'
  | 'unresolved'
  | 'disabled'
  | 'expired'
  | 'notReached';

/** The trace of one rule, in evaluation order. */
export interface RuleTrace {
  /** The rule. */
  readonly rule: ResponseRule;
  /** What became of it. */
  readonly outcome: RuleOutcome;
  /** Why its condition held or not: present when it was evaluated, unless `explain: false`. */
  readonly conditions?: ConditionTrace;
  /** For `unresolved`: the values the action takes from the alert that it lacks. */
  readonly missing?: readonly string[];
}

/** A rule that matched, with its action resolved for the alert. */
export interface RuleMatch {
  readonly rule: ResponseRule;
  readonly action: ResolvedAction;
}

/** A `dryRun` rule that matched: what it would have done. */
export interface DryRunMatch extends RuleMatch {
  /** Whether it would have decided, had it been enabled: no enabled rule had matched before it. */
  readonly decisive: boolean;
}

/** The result of `ResponseRules#evaluate`. */
export interface RuleEvaluation {
  /** The rule set: its name and version. */
  readonly ruleSet: { readonly name: string; readonly version: number };
  /** The time the evaluation used (expiry and relative times), as epoch milliseconds. */
  readonly nowMs: number;
  /** The deciding rule: the first enabled rule that matched; `undefined` when none did. */
  readonly rule: ResponseRule | undefined;
  /** Its action, resolved for the alert; `undefined` when no rule matched: decide by hand. */
  readonly action: ResolvedAction | undefined;
  /** Every enabled rule that matched before evaluation ended, in order; the first decides. */
  readonly matches: readonly RuleMatch[];
  /** The `dryRun` rules that matched before evaluation ended: what they would have done. */
  readonly dryRunMatches: readonly DryRunMatch[];
  /** Every rule of the set, in evaluation order, with what became of it. */
  readonly trace: readonly RuleTrace[];
}
