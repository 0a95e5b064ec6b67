import { z } from 'zod';
import { ACTIONS_BY_PRODUCT } from '../routing.js';
import { FAULT_KINDS, STUCK_TASK_ACTION } from './fault-kind.js';
import type { FaultAction, FaultRule } from './fault-rule.js';

const ACTIONS: readonly string[] = Object.values(ACTIONS_BY_PRODUCT).flat();

const action = z.string().refine((name) => name === '*' || ACTIONS.includes(name), {
  error: (issue) =>
    `unknown action ${JSON.stringify(issue.input)}: expected "*" or one of ${ACTIONS.join(', ')}`,
});
const kind = z.enum(FAULT_KINDS, {
  error: (issue) =>
    `unknown fault kind ${JSON.stringify(issue.input)}: expected one of ${FAULT_KINDS.join(', ')}`,
});

/**
 * One fault rule as written in a scenario or given to the emulator: `{ action, rate, kinds }` or
 * `{ action, queue }`, with an optional `latencyMs`, `withParam` and `after`. Checked field by field, then as a whole: a rule
 * has either `rate` and `kinds` or `queue`, and only a rule for `HandleSecurityEvents` may use
 * `stuckTask`.
 */
export const FaultRuleSchema = z
  .strictObject({
    action,
    rate: z.number().min(0).max(1).optional(),
    kinds: z.array(kind).min(1).optional(),
    queue: z.array(kind).min(1).optional(),
    latencyMs: z.number().int().min(0).optional(),
    withParam: z.string().min(1).optional(),
    after: z.number().int().min(0).optional(),
  })
  .check((context) => {
    const { value } = context;
    const issue = (path: PropertyKey[], message: string) =>
      context.issues.push({ code: 'custom', input: value, path, message });
    const byRate = value.rate !== undefined || value.kinds !== undefined;
    if (byRate && value.queue !== undefined) {
      issue(['queue'], 'give either rate and kinds or queue, not both');
    } else if (!byRate && value.queue === undefined) {
      issue([], 'expected { "action", "rate", "kinds" } or { "action", "queue" }');
    } else if (byRate && value.rate === undefined) {
      issue(['rate'], 'required with kinds: the probability of a fault, from 0 to 1');
    } else if (byRate && value.kinds === undefined) {
      issue(['kinds'], 'required with rate: the fault kinds to draw from');
    }
    if (value.action === STUCK_TASK_ACTION) return;
    for (const list of ['kinds', 'queue'] as const) {
      for (const [index, listed] of (value[list] ?? []).entries()) {
        if (listed !== 'stuckTask') continue;
        issue(
          [list, index],
          `stuckTask applies to ${STUCK_TASK_ACTION} only, not to ${JSON.stringify(value.action)}`,
        );
      }
    }
  })
  .transform((value): FaultRule => {
    const common = {
      action: value.action as FaultAction,
      ...(value.latencyMs !== undefined && { latencyMs: value.latencyMs }),
      ...(value.withParam !== undefined && { withParam: value.withParam }),
      ...(value.after !== undefined && { after: value.after }),
    };
    return value.queue === undefined
      ? { ...common, rate: value.rate ?? 0, kinds: value.kinds ?? [] }
      : { ...common, queue: value.queue };
  });

/** A list of {@link FaultRuleSchema} rules: the `faults` of a scenario or of the emulator's options. */
export const FaultOptionsSchema = z.array(FaultRuleSchema);
