import { readFile } from 'node:fs/promises';
import { scenarioIssues } from '../zod-issues.js';
import { ScenarioError } from './scenario-error.js';
import { type Scenario, ScenarioSchema } from './scenario-schema.js';

/**
 * Validates a scenario, given as JSON text or as an already parsed value.
 *
 * @param json - The scenario: JSON text, or the value `JSON.parse` made of it.
 * @param source - Names the scenario in error messages, usually its file. @defaultValue `'scenario'`
 * @throws {@link ScenarioError} listing every problem, each with its JSON path (`hosts[2].online: ...`)
 *
 * @example
 * ```ts
 * const scenario = parseScenario('{ "alerts": { "sample": 10 }, "offlineAlerts": [7009610] }', 'inline');
 * const emulator = await startEmulator(scenarioToOptions(scenario));
 * ```
 */
export function parseScenario(json: unknown, source = 'scenario'): Scenario {
  const value = typeof json === 'string' ? parseJson(json, source) : json;
  const result = ScenarioSchema.safeParse(value);
  if (!result.success) throw new ScenarioError(source, scenarioIssues(result.error.issues));
  return result.data;
}

/**
 * Reads and validates a scenario file.
 *
 * @throws {@link ScenarioError} when the file cannot be read, is not JSON or is not a valid scenario;
 * every line of the message starts with the path of the file.
 *
 * @example
 * ```ts
 * const emulator = await startEmulator(scenarioToOptions(await loadScenario('scenarios/default.json')));
 * ```
 */
export async function loadScenario(path: string): Promise<Scenario> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ScenarioError(path, [{ path: '', message: `cannot read it (${(error as Error).message})` }]);
  }
  return parseScenario(text, path);
}

function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    throw new ScenarioError(source, [
      { path: '', message: `not JSON: ${message}${lineAndColumn(text, message)}` },
    ]);
  }
}

/** ` (line 3, column 14)` for a message that gives only a position, as older V8 versions word it. */
function lineAndColumn(text: string, message: string): string {
  const position = /at position (\d+)/.exec(message)?.[1];
  if (position === undefined || /\bline\b/.test(message)) return '';
  const before = text.slice(0, Number(position)).split('\n');
  return ` (line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1})`;
}
