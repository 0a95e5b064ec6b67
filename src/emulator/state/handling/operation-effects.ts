import type { AlertStore } from '../alert-store.js';
import type { NeverFinish } from '../state-options.js';
import type { SuspEventRecord } from '../susp-event.js';
import type { EventResult } from './task-store.js';

/** The operation codes `HandleSecurityEvents` knows. */
export const HANDLE_OPERATION_CODES: ReadonlySet<string> = new Set([
  'block_ip',
  'advance_mark_mis_info',
  'ignore',
  'manual_handled',
  'kill_process',
  'cleanup',
  'kill_and_quara',
  'disable_malicious_defense',
  'client_problem_check',
  'quara',
  'virus_quara',
  'virus_quara_bin',
  'mark_mis_info',
  'kill_virus',
  'stop_container',
  'kill_container_process',
  'defense_mark_mis_info',
]);

/** Operations the API cannot run at all, whatever the alert. */
export const API_UNSUPPORTED_OPERATIONS: ReadonlySet<string> = new Set(['client_problem_check']);

/** Operations carried out by the agent on the host: they fail when it is offline. */
const AGENT_OPERATIONS: ReadonlySet<string> = new Set([
  'block_ip',
  'kill_process',
  'cleanup',
  'kill_and_quara',
  'quara',
  'virus_quara',
  'virus_quara_bin',
  'kill_virus',
  'stop_container',
  'kill_container_process',
]);

/** Operations that stop the alert's process: they fail when it no longer exists. */
const PROCESS_OPERATIONS: ReadonlySet<string> = new Set([
  'kill_process',
  'kill_and_quara',
  'kill_container_process',
]);

/** Operations that whitelist the event: it turns to status 8 (false positive). */
const WHITELISTING: ReadonlySet<string> = new Set([
  'mark_mis_info',
  'advance_mark_mis_info',
  'defense_mark_mis_info',
]);

/** Event status once handled: `2` ignored, `8` whitelisted (false positive), `32` handled. */
export function statusAfterSuccess(operationCode: string): number {
  if (operationCode === 'ignore') return 2;
  if (WHITELISTING.has(operationCode)) return 8;
  return 32;
}

/**
 * What handling one event comes to, decided when the task starts: never finishing when configured
 * so, `<operation>.AgentOffline` when a host operation meets an offline agent,
 * `<operation>.ProcessNotExist` when a kill meets a vanished process, else `<operation>.Success`.
 */
export function eventResult(
  alert: SuspEventRecord,
  operationCode: string,
  alerts: AlertStore,
  neverFinish: NeverFinish,
): EventResult {
  const securityEventId = alert.Id;
  if (neverFinish.alertIds?.includes(alert.Id) || neverFinish.operations?.includes(operationCode)) {
    return { securityEventId, status: 'Processing', errorCode: '' };
  }
  if (AGENT_OPERATIONS.has(operationCode) && !alerts.agentOnline(alert)) {
    return { securityEventId, status: 'Failed', errorCode: `${operationCode}.AgentOffline` };
  }
  if (PROCESS_OPERATIONS.has(operationCode) && !alerts.processExists(alert)) {
    return { securityEventId, status: 'Failed', errorCode: `${operationCode}.ProcessNotExist` };
  }
  return { securityEventId, status: 'Success', errorCode: `${operationCode}.Success` };
}
