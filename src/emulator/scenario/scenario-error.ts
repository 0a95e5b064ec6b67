import type { ScenarioIssue } from '../zod-issues.js';

/**
 * Thrown when a scenario cannot be read, is not JSON or does not follow `ScenarioSchema`. The message
 * has one line per problem, each naming the file and the JSON path:
 *
 * ```text
 * scenarios/night-shift.json: hosts[2].online: Invalid input: expected boolean, received string
 * scenarios/night-shift.json: offlineAlerts[0]: no alert has Id 7009999
 * ```
 *
 * @example
 * ```ts
 * try {
 *   emulator = await startEmulator(scenarioToOptions(await loadScenario('scenarios/night-shift.json')));
 * } catch (error) {
 *   if (!(error instanceof ScenarioError)) throw error;
 *   for (const issue of error.issues) console.error(`${error.source}: ${issue.path}: ${issue.message}`);
 * }
 * ```
 */
export class ScenarioError extends Error {
  override name = 'ScenarioError';
  /** The file or label the scenario came from. */
  readonly source: string;
  /** Every problem found. */
  readonly issues: readonly ScenarioIssue[];

  constructor(source: string, issues: readonly ScenarioIssue[]) {
    super(issues.map((issue) => [source, issue.path, issue.message].filter(Boolean).join(': ')).join('\n'));
    this.source = source;
    this.issues = issues;
  }
}
