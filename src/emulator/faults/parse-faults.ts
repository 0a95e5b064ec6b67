import { scenarioIssues } from '../zod-issues.js';
import type { FaultRule } from './fault-rule.js';
import { FaultOptionsSchema } from './fault-schema.js';

/**
 * Validates fault rules given in code, with the checks a scenario's `faults` get.
 *
 * @param label - Names the list in error messages: `faults` for the emulator's options, `inject` for
 *   the arguments of `emulator.faults.inject`.
 * @throws TypeError with one line per problem, each with its path: `faults[0].rate: Too big: ...`
 */
export function parseFaultRules(rules: unknown, label: string): FaultRule[] {
  const result = FaultOptionsSchema.safeParse(rules);
  if (result.success) return result.data;
  const lines = scenarioIssues(result.error.issues, [label]).map(
    (issue) => `${issue.path}: ${issue.message}`,
  );
  throw new TypeError(`Invalid fault rules:\n${lines.join('\n')}`);
}
