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
