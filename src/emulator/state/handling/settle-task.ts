import type { AlertStore } from '../alert-store.js';
import type { HandlingHistory } from '../history/past-handling.js';
import { statusAfterSuccess } from './operation-effects.js';
import type { SettledTask } from './task-store.js';

const PENDING = 1;

/**
 * Writes a finished task's results onto its events: a success sets the status the operation leads
 * to and enters the handling in the history (with its operator and remark), a failure puts the event
 * back to pending; both record `OperateErrorCode`, `OperateMsg` and `OperateTime`. Events still
 * processing are left as they are.
 */
export function settleTask(
  alerts: AlertStore,
  history: HandlingHistory,
  task: SettledTask,
  now: number,
): void {
  for (const result of task.results) {
    if (result.status === 'Processing') continue;
    const succeeded = result.status === 'Success';
    const eventStatus = succeeded ? statusAfterSuccess(task.operationCode) : PENDING;
    alerts.update(result.securityEventId, {
      EventStatus: eventStatus,
      OperateErrorCode: result.errorCode,
      OperateMsg: succeeded ? 'success' : 'failed',
      OperateTime: now,
    });
    if (!succeeded) continue;
    history.add({
      alertId: result.securityEventId,
      operationCode: task.operationCode,
      operator: task.context.operator,
      operateTime: now,
      eventStatus,
      ...(task.context.remark !== undefined && { remark: task.context.remark }),
      taskId: task.taskId,
    });
  }
}
