import type { EmulatorOptions } from '../options.js';
import type { EmulatorHost, EmulatorStateOptions } from '../state/state-options.js';
import type { SuspEventRecord } from '../state/susp-event.js';
import { scenarioAlerts, scenarioHistory, scenarioRisks } from './scenario-records.js';
import type { Scenario } from './scenario-schema.js';

/**
 * The emulator options of a scenario: its `seed`, its `faults`, and its model as `state`, samples
 * (alerts, history, risks) generated, `offlineAlerts` turned into offline `hosts` and operation codes into `{ code }`. Add a port
 * or keys to taste.
 *
 * @example
 * ```ts
 * const emulator = await startEmulator({ ...scenarioToOptions(DEFAULT_SCENARIO), port: 8080 });
 * ```
 */
export function scenarioToOptions(scenario: Scenario): EmulatorOptions & { state: EmulatorStateOptions } {
  const alerts = scenarioAlerts(scenario);
  const risks = scenarioRisks(scenario);
  const history = scenarioHistory(scenario);
  const { operations, neverFinish } = scenario;
  const state: EmulatorStateOptions = {
    alerts,
    ...(history && { history }),
    hosts: hostsOf(scenario, alerts),
    ...(scenario.goneProcesses && { goneProcesses: scenario.goneProcesses }),
    ...(scenario.deniedOperations && { deniedOperations: scenario.deniedOperations }),
    ...(operations && {
      operations: Object.fromEntries(
        Object.entries(operations).map(([id, offered]) => [
          id,
          offered.map((operation) => (typeof operation === 'string' ? { code: operation } : operation)),
        ]),
      ),
    }),
    ...(scenario.whitelistRules && { whitelistRules: scenario.whitelistRules }),
    ...(scenario.taskPolls !== undefined && { taskPolls: scenario.taskPolls }),
    ...(neverFinish && { neverFinish }),
    ...(risks && { risks }),
    ...(scenario.riskResponseShape && { riskResponseShape: scenario.riskResponseShape }),
    ...(scenario.paging && { paging: scenario.paging }),
  };
  return {
    ...(scenario.seed !== undefined && { seed: scenario.seed }),
    ...(scenario.faults && { faults: scenario.faults }),
    state,
  };
}

/** `hosts`, then the hosts of `offlineAlerts` not listed there, offline. */
function hostsOf(scenario: Scenario, alerts: readonly SuspEventRecord[]): EmulatorHost[] {
  const hosts: EmulatorHost[] = [...(scenario.hosts ?? [])];
  for (const id of scenario.offlineAlerts ?? []) {
    const uuid = alerts.find((alert) => alert.Id === id)?.Uuid;
    if (uuid !== undefined && !hosts.some((host) => host.uuid === uuid)) hosts.push({ uuid, online: false });
  }
  return hosts;
}
