import { z } from 'zod';
import { ACTIONS_BY_PRODUCT } from '../routing.js';
import { FAULT_KINDS, FIELD_VARIANTS, SDDP_ACTIONS, STUCK_TASK_ACTION } from './fault-kind.js';
import type { FaultAction, FaultRule } from './fault-rule.js';
import { FIELD_PATH } from './field-paths.js';

const ACTIONS: readonly string[] = Object.values(ACTIONS_BY_PRODUCT).flat();
/** The largest `sizeBytes`: 1 GiB. */
const MAX_SIZE_BYTES = 1_073_741_824;
/** The deepest `depth`: ten million arrays, 20 MB of brackets. */
const MAX_DEPTH = 10_000_000;

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
 * `{ action, queue }`, with an optional `accountId`, `latencyMs`, `withParam`, `after`, `fields`, `code`, `sizeBytes`
 * and `depth`. Checked field by field, then as a whole: a rule has either `rate` and `kinds` or `queue`;
 * only a rule for `HandleSecurityEvents` may use `stuckTask`, only one for a Data Security Center action
 * `successFalse` and `wrappedSuccessFalse`; `fields` needs a kind that takes them.
 */
export const FaultRuleSchema = z
  .strictObject({
    action,
    accountId: z.string().regex(/^\d+$/, { error: 'expected an account ID of digits' }).optional(),
    rate: z.number().min(0).max(1).optional(),
    kinds: z.array(kind).min(1).optional(),
    queue: z.array(kind).min(1).optional(),
    latencyMs: z.number().int().min(0).optional(),
    withParam: z.string().min(1).optional(),
    after: z.number().int().min(0).optional(),
    fields: z
      .array(
        z.string().regex(FIELD_PATH, {
          error: (issue) =>
            `not a field path: ${JSON.stringify(issue.input)}; expected names joined by "." with [] or [n] after a list, e.g. "SuspEvents[].InternetIp"`,
        }),
      )
      .min(1)
      .optional(),
    code: z.string().min(1).optional(),
    sizeBytes: z.number().int().min(1).max(MAX_SIZE_BYTES).optional(),
    depth: z.number().int().min(1).max(MAX_DEPTH).optional(),
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
    const listed = (['kinds', 'queue'] as const).flatMap((list) =>
      (value[list] ?? []).map((kind, index) => ({ kind, path: [list, index] })),
    );
    for (const { kind, path } of listed) {
      if (kind === 'stuckTask' && value.action !== STUCK_TASK_ACTION) {
        issue(path, `stuckTask applies to ${STUCK_TASK_ACTION} only, not to ${JSON.stringify(value.action)}`);
      }
      if (
        (kind === 'successFalse' || kind === 'wrappedSuccessFalse') &&
        !SDDP_ACTIONS.includes(value.action)
      ) {
        const actions = SDDP_ACTIONS.join(' and ');
        issue(path, `${kind} applies to ${actions} only, not to ${JSON.stringify(value.action)}`);
      }
    }
    if (value.fields !== undefined && !listed.some(({ kind }) => FIELD_VARIANTS.has(kind))) {
      issue(['fields'], `only ${[...FIELD_VARIANTS].join(', ')} take fields`);
    }
  })
  .transform((value): FaultRule => {
    const common = {
      action: value.action as FaultAction,
      ...(value.accountId !== undefined && { accountId: value.accountId }),
      ...(value.latencyMs !== undefined && { latencyMs: value.latencyMs }),
      ...(value.withParam !== undefined && { withParam: value.withParam }),
      ...(value.after !== undefined && { after: value.after }),
      ...(value.fields !== undefined && { fields: value.fields }),
      ...(value.code !== undefined && { code: value.code }),
      ...(value.sizeBytes !== undefined && { sizeBytes: value.sizeBytes }),
      ...(value.depth !== undefined && { depth: value.depth }),
    };
    return value.queue === undefined
      ? { ...common, rate: value.rate ?? 0, kinds: value.kinds ?? [] }
      : { ...common, queue: value.queue };
  });

/** A list of {@link FaultRuleSchema} rules: the `faults` of a scenario or of the emulator's options. */
export const FaultOptionsSchema = z.array(FaultRuleSchema);
