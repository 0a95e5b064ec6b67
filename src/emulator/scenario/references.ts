import type { EmulatorWhitelistRule } from '../state/handling/whitelist-store.js';
import { WHITELIST_FIELDS_BY_ALERT_TYPE } from '../state/operations/mark-fields.js';
import type { SuspEventRecord } from '../state/susp-event.js';
import { formatPath } from '../zod-issues.js';
import type { ScenarioFields } from './scenario-fields.js';
import { scenarioAlerts } from './scenario-records.js';

/** A consistency problem of a scenario, at a JSON path. */
export interface ReferenceIssue {
  /** Where, e.g. `['offlineAlerts', 0]`. */
  readonly path: readonly PropertyKey[];
  /** What is wrong, e.g. `no alert has Id 7009999`. */
  readonly message: string;
}

type AlertsById = ReadonlyMap<number, SuspEventRecord>;

/**
 * What a well-formed scenario gets wrong: alert and risk IDs used twice (in `alerts` and `history`
 * too), hosts listed twice, and
 * alert IDs, hosts and alert types that no alert of the scenario has, which would silently do nothing.
 */
export function referenceIssues(scenario: ScenarioFields): ReferenceIssue[] {
  const alerts = scenarioAlerts(scenario);
  const byId: AlertsById = new Map(alerts.map((alert) => [alert.Id, alert]));
  const records = Array.isArray(scenario.alerts) ? scenario.alerts : [];
  const risks = Array.isArray(scenario.risks) ? scenario.risks : [];
  const hosts = scenario.hosts ?? [];
  const history = Array.isArray(scenario.history) ? scenario.history : [];
  return [
    ...duplicates(
      history.map((handling) => handling.alert.Id),
      (index) => ['history', index, 'alert', 'Id'],
      'alert Id',
    ),
    ...history.flatMap((handling, index) =>
      byId.has(handling.alert.Id)
        ? [
            {
              path: ['history', index, 'alert', 'Id'],
              message: `alert Id ${handling.alert.Id} is also in alerts`,
            },
          ]
        : [],
    ),
    ...duplicates(
      records.map((alert) => alert.Id),
      (index) => ['alerts', index, 'Id'],
      'alert Id',
    ),
    ...duplicates(
      risks.map((risk) => risk.RiskId),
      (index) => ['risks', index, 'RiskId'],
      'RiskId',
    ),
    ...duplicates(
      hosts.map((host) => host.uuid),
      (index) => ['hosts', index, 'uuid'],
      'host',
    ),
    ...hosts.flatMap((host, index) =>
      alerts.some((alert) => alert.Uuid === host.uuid)
        ? []
        : [{ path: ['hosts', index, 'uuid'], message: `no alert is on host ${host.uuid}` }],
    ),
    ...unknownAlerts(scenario.offlineAlerts, ['offlineAlerts'], byId),
    ...offlineAlertIssues(scenario, byId),
    ...unknownAlerts(scenario.goneProcesses, ['goneProcesses'], byId),
    ...unknownAlerts(scenario.neverFinish?.alertIds, ['neverFinish', 'alertIds'], byId),
    ...Object.keys(scenario.operations ?? {}).flatMap((key) =>
      /^\d+$/.test(key) && byId.has(Number(key))
        ? []
        : [{ path: ['operations', key], message: `no alert has Id ${key}` }],
    ),
    ...Object.entries(scenario.whitelistRules ?? {}).flatMap(([type, rules]) =>
      whitelistIssues(type, rules, alerts),
    ),
  ];
}

function duplicates(
  values: readonly (string | number)[],
  pathOf: (index: number) => PropertyKey[],
  label: string,
): ReferenceIssue[] {
  return values.flatMap((value, index) => {
    const first = values.indexOf(value);
    return first === index
      ? []
      : [
          {
            path: pathOf(index),
            message: `duplicate ${label} ${value}, also at ${formatPath(pathOf(first))}`,
          },
        ];
  });
}

function unknownAlerts(
  ids: readonly number[] | undefined,
  base: readonly PropertyKey[],
  byId: AlertsById,
): ReferenceIssue[] {
  return (ids ?? []).flatMap((id, index) =>
    byId.has(id) ? [] : [{ path: [...base, index], message: `no alert has Id ${id}` }],
  );
}

/** Offline alerts need a host, and one that `hosts` does not declare online. */
function offlineAlertIssues(scenario: ScenarioFields, byId: AlertsById): ReferenceIssue[] {
  return (scenario.offlineAlerts ?? []).flatMap((id, index) => {
    if (!byId.has(id)) return [];
    const uuid = byId.get(id)?.Uuid;
    const path = ['offlineAlerts', index];
    if (uuid === undefined) return [{ path, message: `alert ${id} has no Uuid, so no host to take offline` }];
    const online = (scenario.hosts ?? []).findIndex((host) => host.uuid === uuid && host.online);
    return online === -1
      ? []
      : [{ path, message: `the host of alert ${id} is declared online at ${formatPath(['hosts', online])}` }];
  });
}

/** Rules need an alert of their type, and a field and operator that type offers. */
function whitelistIssues(
  type: string,
  rules: readonly EmulatorWhitelistRule[],
  alerts: readonly SuspEventRecord[],
): ReferenceIssue[] {
  if (!alerts.some((alert) => alert.AlarmEventType === type)) {
    return [{ path: ['whitelistRules', type], message: `no alert has the type ${JSON.stringify(type)}` }];
  }
  if (!Object.hasOwn(WHITELIST_FIELDS_BY_ALERT_TYPE, type)) return [];
  const fields = WHITELIST_FIELDS_BY_ALERT_TYPE[type] ?? [];
  return rules.flatMap((rule, index): ReferenceIssue[] => {
    const path = ['whitelistRules', type, index];
    const field = fields.find((candidate) => candidate.name === rule.field);
    if (field === undefined) {
      const offered = fields.map((candidate) => candidate.name).join(', ');
      const message = `${type} alerts offer no field ${JSON.stringify(rule.field)}, only ${offered}`;
      return [{ path: [...path, 'field'], message }];
    }
    if (field.operators.includes(rule.operate)) return [];
    const message = `${field.name} takes no ${JSON.stringify(rule.operate)}, only ${field.operators.join(', ')}`;
    return [{ path: [...path, 'operate'], message }];
  });
}
