import type { Plan } from '../../src/index.js';

/**
 * A plan written by hand (building one sends operation queries): `ignore` for each batch of alert IDs.
 *
 * @example
 * ```ts
 * const plan = ignorePlan([['7009605'], ['7009606']]); // two batches
 * ```
 */
export function ignorePlan(batches: readonly (readonly string[])[]): Plan {
  return {
    createdAt: new Date(0).toISOString(),
    batches: batches.map((alertIds) => ({
      operation: {
        code: 'ignore',
        displayName: 'Ignore',
        description: 'Ignore',
        params: '{}',
        destructive: false,
      },
      alertIds,
    })),
    skipped: [],
    destructive: false,
  };
}
