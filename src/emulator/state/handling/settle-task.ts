import type { AlertStore } from '../alert-store.js';
import { statusAfterSuccess } from './operation-effects.js';
import type { EventResult } from './task-store.js';

const PENDING = 1;

/**
 * Writes a finished task's results onto its events: a success sets the status the operation leads
 * to, a failure puts the event back to pending; both record `OperateErrorCode`, `OperateMsg` and
 * `OperateTime`. Events still processing are left as they are.
 */
export function settleTask(
  alerts: AlertStore,
  operationCode: string,
  results: readonly EventResult[],
  now: number,
): void {
  for (const result of results) {
    if (result.status === 'Processing') continue;
    const succeeded = result.status === 'Success';
    alerts.update(result.securityEventId, {
      EventStatus: succeeded ? statusAfterSuccess(operationCode) : PENDING,
      OperateErrorCode: result.errorCode,
      OperateMsg: succeeded ? 'success' : 'failed',
      OperateTime: now,
    });
  }
}
