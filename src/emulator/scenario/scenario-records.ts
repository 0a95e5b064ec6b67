import type { EmulatorPastHandling } from '../state/history/past-handling.js';
import { sampleHistory } from '../state/history/sample-history.js';
import type { RiskRecord } from '../state/risks/risk-record.js';
import { sampleRisks } from '../state/risks/sample-risks.js';
import { sampleAlerts } from '../state/sample-alerts.js';
import type { SuspEventRecord } from '../state/susp-event.js';
import type { ScenarioFields } from './scenario-fields.js';

/** The scenario's alert events: its records, or its sample generated with its seed. */
export function scenarioAlerts(scenario: ScenarioFields): SuspEventRecord[] {
  const { alerts } = scenario;
  return Array.isArray(alerts) ? [...alerts] : sampleAlerts(alerts.sample, alerts.seed ?? scenario.seed);
}

/** The scenario's risk events, if it has any: its records, or its sample generated with its seed. */
export function scenarioRisks(scenario: ScenarioFields): RiskRecord[] | undefined {
  const { risks } = scenario;
  if (risks === undefined) return undefined;
  return Array.isArray(risks) ? [...risks] : sampleRisks(risks.sample, risks.seed ?? scenario.seed);
}

/** The scenario's handled history, if it has one: its records, or its sample generated with its seed. */
export function scenarioHistory(scenario: ScenarioFields): EmulatorPastHandling[] | undefined {
  const { history } = scenario;
  if (history === undefined) return undefined;
  if (Array.isArray(history)) return [...history];
  const { sample, from, to, operators } = history;
  return sampleHistory(sample, history.seed ?? scenario.seed, {
    from: Date.parse(from),
    to: Date.parse(to),
    ...(operators && { operators }),
  });
}
