import type { z } from 'zod';

/** One problem of a scenario: where in the JSON, and what is wrong there. */
export interface ScenarioIssue {
  /** JSON path, e.g. `hosts[2].online` or `whitelistRules["Unusual Logon"][0].field`; `''` for the whole file. */
  readonly path: string;
  /** What is wrong, e.g. `Invalid input: expected boolean, received string`. */
  readonly message: string;
}

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

/**
 * Zod's issues as scenario issues. A union that failed is reported through the branch that fits the
 * value's kind (an array, an object, a string), or with the union's own message when none does; an
 * unknown key is reported at its own path.
 */
export function scenarioIssues(
  issues: readonly z.core.$ZodIssue[],
  base: readonly PropertyKey[] = [],
): ScenarioIssue[] {
  return issues.flatMap((issue): ScenarioIssue[] => {
    const path = [...base, ...issue.path];
    if (issue.code === 'invalid_union') {
      const fitting = issue.errors.find((branch) => !branch.every(isRootTypeMismatch));
      if (fitting !== undefined) return scenarioIssues(fitting, path);
    }
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: formatPath([...path, key]), message: 'unknown field' }));
    }
    return [{ path: formatPath(path), message: issue.message }];
  });
}

function isRootTypeMismatch(issue: z.core.$ZodIssue): boolean {
  return issue.code === 'invalid_type' && issue.path.length === 0;
}

/** A JSON path as written in JavaScript: `hosts[2].online`, `operations["7009644"][0]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, index) => {
      if (typeof key === 'number') return `[${key}]`;
      const name = String(key);
      if (!/^[A-Za-z_$][\w$]*$/.test(name)) return `[${JSON.stringify(name)}]`;
      return index === 0 ? name : `.${name}`;
    })
    .join('');
}
