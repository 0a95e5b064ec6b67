/**
 * Counting what rules decided against what people did: per rule, per operation, and the disagreements.
 *
 * @packageDocumentation
 */
import type { OperationCode } from '../alerts/operation-codes.js';
import type { ResolvedAction } from './actions.js';
import type { ResponseRule } from './evaluation.js';
import type { PeopleAction } from './handled-as.js';

/** What the rules decided for an alert: the operation, `skip`, or `none` when no rule decided. */
export type RulesVerdict = OperationCode | 'skip' | 'none';

/**
 * How a decision compares with what people did:
 * - `agreed`: the same operation, or a `skip` where nobody handled the alert;
 * - `disagreed`: another operation, or an operation where nobody handled the alert;
 * - `skippedButHandled`: the rule skips, people handled the alert;
 * - `undetermined`: the rule handles, people handled it with an operation the wire does not tell.
 */
export type Comparison = 'agreed' | 'disagreed' | 'skippedButHandled' | 'undetermined';

/** One rule's decisions against what people did. */
export interface RuleConfusion {
  /** The rule's id. */
  readonly ruleId: string;
  /** Alerts it decided (a `dryRun` rule: would have decided, had it been enabled). */
  readonly decided: number;
  /** Of those, where people did the same (see {@link Comparison}). */
  readonly agreed: number;
  /** Where it would have applied another operation than people, or one where nobody acted. */
  readonly disagreed: number;
  /** The disagreements by what people did instead (`none`: nobody handled the alert). */
  readonly peopleDidInstead: Readonly<Record<string, number>>;
  /** Where it would have skipped and people handled the alert. */
  readonly skippedButHandled: number;
  /** Where people handled the alert with an operation the wire does not tell. */
  readonly undetermined: number;
}

/** The counts over every alert of the period. */
export interface SimulationTotals {
  /** Handled alerts read. */
  readonly alerts: number;
  /** Decided by an enabled rule. */
  readonly decided: number;
  /** Decided and agreeing with people. */
  readonly agreed: number;
  /** Decided and disagreeing with people. */
  readonly disagreed: number;
  /** Skipped by a rule, handled by people. */
  readonly skippedButHandled: number;
  /** Decided, but people's operation is not told. */
  readonly undetermined: number;
  /** No enabled rule decided. */
  readonly undecided: number;
}

/** A decision that differs from what people did. */
export interface Disagreement {
  /** The alert's id. */
  readonly alertId: string;
  /** The alert's name, as the service gave it. */
  readonly alertName: string;
  /** The deciding rule. */
  readonly ruleId: string;
  /** What it would have done: an operation, or `skip`. */
  readonly ruleDid: RulesVerdict;
  /** What people did. */
  readonly peopleDid: PeopleAction;
  /** When people handled the alert (`OperateTime`), when told. */
  readonly handledAt: Date | undefined;
}

/** The verdict of a resolved action. */
export function verdictOf(action: ResolvedAction | undefined): RulesVerdict {
  if (action === undefined) return 'none';
  return 'skip' in action ? 'skip' : action.handle.operation;
}

/** How a rule's verdict compares with what people did. */
export function compare(ruleDid: RulesVerdict, peopleDid: PeopleAction): Comparison {
  if (ruleDid === 'skip') return peopleDid === 'none' ? 'agreed' : 'skippedButHandled';
  if (peopleDid === 'unknown') return 'undetermined';
  return ruleDid === peopleDid ? 'agreed' : 'disagreed';
}

interface MutableConfusion {
  decided: number;
  agreed: number;
  disagreed: number;
  peopleDidInstead: Record<string, number>;
  skippedButHandled: number;
  undetermined: number;
}

/** Counts the decisions of a list of rules. */
export class ConfusionTally {
  readonly #byRule = new Map<string, MutableConfusion>();

  constructor(rules: readonly ResponseRule[]) {
    for (const rule of rules) {
      this.#byRule.set(rule.id, {
        decided: 0,
        agreed: 0,
        disagreed: 0,
        peopleDidInstead: counter(),
        skippedButHandled: 0,
        undetermined: 0,
      });
    }
  }

  /** Counts one decision of `ruleId` and returns how it compares. */
  add(ruleId: string, ruleDid: RulesVerdict, peopleDid: PeopleAction): Comparison {
    const comparison = compare(ruleDid, peopleDid);
    const counts = this.#byRule.get(ruleId);
    if (counts !== undefined) {
      counts.decided += 1;
      counts[comparison] += 1;
      if (comparison === 'disagreed') increment(counts.peopleDidInstead, peopleDid);
    }
    return comparison;
  }

  /** The counts, one entry per rule, in the order given. */
  result(): RuleConfusion[] {
    return [...this.#byRule].map(([ruleId, counts]) => ({
      ruleId,
      ...counts,
      peopleDidInstead: plain(counts.peopleDidInstead),
    }));
  }
}

/** An empty count by key; without a prototype, so that a key from the service (`__proto__`) is a key. */
export function counter(): Record<string, number> {
  return Object.create(null) as Record<string, number>;
}

/** A count by key as a plain object: its keys own properties, even `__proto__`. */
export function plain(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts));
}

/** Adds one to `counts[key]`. */
export function increment(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}
