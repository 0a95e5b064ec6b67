import type { EmulatorHandlers } from '../http/handler.js';
import { ActivityTimeline } from './activity/activity-timeline.js';
import { refire, setStatus } from './activity/alert-changes.js';
import { AlertStore } from './alert-store.js';
import { suspEventsHandler } from './describe-susp-events.js';
import { describeSecurityEventOperationStatus } from './handling/describe-security-event-operation-status.js';
import { HandleLog } from './handling/handle-log.js';
import { handleSecurityEvents } from './handling/handle-security-events.js';
import { TaskStore } from './handling/task-store.js';
import { WhitelistStore } from './handling/whitelist-store.js';
import { handledAlert } from './history/handled-alert.js';
import { HandlingHistory } from './history/past-handling.js';
import { describeSecurityEventOperations } from './operations/describe-security-event-operations.js';
import { OperationTable } from './operations/operation-table.js';
import { describeRiskRules } from './risks/describe-risk-rules.js';
import { preHandleAuditRisk } from './risks/pre-handle-audit-risk.js';
import { RiskStore } from './risks/risk-store.js';
import type { SasModel } from './sas-model.js';
import type { EmulatorStateOptions } from './state-options.js';
import type { EmulatorStateView } from './state-view.js';

/** A model built from {@link EmulatorStateOptions}: what tests read, and the handlers that serve it. */
export interface EmulatorState {
  readonly view: EmulatorStateView;
  /** Handlers of the Sas actions when alerts were given, of the Sddp actions when risks were given. */
  readonly handlers: EmulatorHandlers;
  /** Keeps a handling task `Processing` for good; unknown task IDs are ignored. */
  stallTask(taskId: number): void;
}

/**
 * Builds the model of one emulator.
 *
 * @param seed - Decides the first task ID.
 * @param now - The emulator's clock, epoch milliseconds.
 * @throws RangeError when `taskPolls` is not a non-negative integer or `Number.POSITIVE_INFINITY`,
 *   a `history` entry has an unknown operation code or a status that is not a handled one, or an
 *   `activity` change names an alert that does not exist by its time or a status a person cannot set
 * @throws TypeError when two alerts (of `alerts`, `history` and `arrivals`) have the same `Id`
 */
export function createEmulatorState(
  options: EmulatorStateOptions,
  seed: string,
  now: () => number,
): EmulatorState {
  const taskPolls = options.taskPolls ?? 1;
  if (!(taskPolls === Number.POSITIVE_INFINITY || (Number.isInteger(taskPolls) && taskPolls >= 0))) {
    throw new RangeError(`taskPolls must be a non-negative integer or Infinity, got ${taskPolls}.`);
  }
  const offline = (options.hosts ?? []).filter((host) => host.online === false).map((host) => host.uuid);
  const handled = (options.history ?? []).map(handledAlert);
  const alerts = [...(options.alerts ?? []), ...handled.map((past) => past.alert)];
  const arrivals = options.arrivals ?? [];
  const sas: SasModel = {
    alerts: new AlertStore(alerts, offline, options.goneProcesses, { arrivals, now }),
    operations: new OperationTable(options.operations, options.deniedOperations),
    whitelist: new WhitelistStore(options.whitelistRules),
    tasks: new TaskStore(seed, taskPolls),
    log: new HandleLog(),
    history: new HandlingHistory(handled.map((past) => past.entry)),
    neverFinish: options.neverFinish ?? {},
    now,
  };
  const timeline = new ActivityTimeline(options.activity ?? [], sas.alerts);
  const risks = new RiskStore(options.risks ?? []);
  const sasHandlers: EmulatorHandlers = {
    DescribeSuspEvents: suspEventsHandler((selection) => sas.alerts.select(selection), options.paging),
    DescribeSecurityEventOperations: describeSecurityEventOperations(sas),
    HandleSecurityEvents: handleSecurityEvents(sas),
    DescribeSecurityEventOperationStatus: describeSecurityEventOperationStatus(sas),
  };
  const handlers: EmulatorHandlers = {
    ...((options.alerts ?? options.history ?? options.arrivals) !== undefined &&
      caughtUp(sasHandlers, () => timeline.catchUp(sas))),
    ...(options.risks !== undefined && {
      DescribeRiskRules: describeRiskRules(risks, options.riskResponseShape ?? 'flat', options.paging),
      PreHandleAuditRisk: preHandleAuditRisk(risks, now),
    }),
  };
  const view = caughtUp(viewOf(sas, risks), () => timeline.catchUp(sas));
  return { view, handlers, stallTask: (taskId) => sas.tasks.stall(taskId) };
}

/** The functions of `target`, each bringing the model up to its clock (`catchUp`) before it runs. */
function caughtUp<T extends object>(target: T, catchUp: () => void): T {
  const wrapped = Object.entries(target).map(([name, run]: [string, (...args: unknown[]) => unknown]) => [
    name,
    (...args: unknown[]) => {
      catchUp();
      return run(...args);
    },
  ]);
  return Object.fromEntries(wrapped) as T;
}

function viewOf(sas: SasModel, risks: RiskStore): EmulatorStateView {
  const copy = structuredClone;
  return {
    refire: (id, at) => copy(refire(sas, Number(id), at ?? sas.now())),
    setStatus: (id, status, options) => copy(setStatus(sas, Number(id), status, options)),
    alert: (id) => copy(sas.alerts.get(Number(id))),
    alerts: () => copy(sas.alerts.list()),
    whitelistRules: (alertType) => copy(sas.whitelist.rules(alertType)),
    whitelistHistory: (alertType) => copy(sas.whitelist.history(alertType)),
    handledCount: (alertId) => sas.log.countFor(Number(alertId)),
    handleLog: () => copy(sas.log.entries()),
    history: () => copy(sas.history.entries()),
    tasks: () => copy(sas.tasks.all()),
    risk: (id) => copy(risks.get(Number(id))),
    risks: () => copy(risks.list()),
  };
}
