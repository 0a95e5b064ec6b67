import type { z } from 'zod';

/** One problem of a scenario: where in the JSON, and what is wrong there. */
export interface ScenarioIssue {
  /** JSON path, e.g. `hosts[2].online` or `whitelistRules["Unusual Logon"][0].field`; `''` for the whole file. */
  readonly path: string;
  /** What is wrong, e.g. `Invalid input: expected boolean, received string`. */
  readonly message: string;
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
