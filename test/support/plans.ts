import { sealPlan } from '../../src/alerts/plan-format.js';
import { Operations, type Plan } from '../../src/index.js';

/**
 * A plan written by hand (building one sends operation queries): `ignore` for each batch of alert IDs,
 * sealed as the planner seals its plans, so that execution accepts it.
 *
 * @example
 * ```ts
 * const plan = ignorePlan([['7009605'], ['7009606']]); // two batches
 * ```
 */
export function ignorePlan(batches: readonly (readonly string[])[]): Plan {
  return sealPlan({
    createdAt: new Date(0).toISOString(),
    batches: batches.map((alertIds) => ({ operation: Operations.ignore(), alertIds })),
    skipped: [],
  });
}
