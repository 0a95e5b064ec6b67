import defaultJson from '../../../scenarios/default.json' with { type: 'json' };
import minimalJson from '../../../scenarios/minimal.json' with { type: 'json' };
import { parseScenario } from './parse-scenario.js';
import type { Scenario } from './scenario-schema.js';

/**
 * The default scenario (`scenarios/default.json`): 45 pending alerts of every level and type, one per
 * host, and 12 risk events. Handling every alert with its recommended operation sends batches of at
 * most 20 (the 21 `block_ip` alerts as 20 + 1) and ends with 42 successes, one `block_ip.AgentOffline`
 * (alert 7009639, host offline), one `kill_and_quara.ProcessNotExist` (alert 7009634, process exited)
 * and one alert timed out (7009630, whose handling never finishes). Suspicious processes offer
 * `kill_and_quara` as well as `kill_process`; Unusual Logon and Suspicious process alerts have a
 * whitelist rule in place each.
 *
 * @example
 * ```ts
 * const emulator = await startEmulator(scenarioToOptions(DEFAULT_SCENARIO));
 * const alerts = new AlertHandler({ endpoint: emulator.endpoint, protocol: 'http', credential: emulator.credentials });
 * ```
 */
export const DEFAULT_SCENARIO: Scenario = parseScenario(defaultJson, 'scenarios/default.json');

/**
 * The scenarios that come with the emulator, by name: `default` ({@link DEFAULT_SCENARIO}) and
 * `minimal` (`scenarios/minimal.json`: three alerts written out with wire field names, one on an
 * offline host, and two risk events).
 *
 * @example
 * ```ts
 * const emulator = await startEmulator(scenarioToOptions(BUILTIN_SCENARIOS.minimal));
 * ```
 */
export const BUILTIN_SCENARIOS: Readonly<Record<'default' | 'minimal', Scenario>> = {
  default: DEFAULT_SCENARIO,
  minimal: parseScenario(minimalJson, 'scenarios/minimal.json'),
};
