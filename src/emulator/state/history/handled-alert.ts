import { HANDLE_OPERATION_CODES, statusAfterSuccess } from '../handling/operation-effects.js';
import type { SuspEventRecord } from '../susp-event.js';
import type { EmulatorHistoryEntry, EmulatorPastHandling } from './past-handling.js';

/** The statuses a handled alert can be left in: every documented one but pending (1) and in progress (16). */
export const HANDLED_STATUSES: ReadonlySet<number> = new Set([2, 4, 8, 32, 64, 128, 512, 513]);

/**
 * A past handling's alert as the service serves it, and its history entry.
 *
 * @throws RangeError when its operation code is unknown or its `eventStatus` is not a handled status
 */
export function handledAlert(handling: EmulatorPastHandling): {
  readonly alert: SuspEventRecord;
  readonly entry: EmulatorHistoryEntry;
} {
  if (!HANDLE_OPERATION_CODES.has(handling.operationCode)) {
    throw new RangeError(
      `history: alert ${handling.alert.Id} has an unknown operationCode ${JSON.stringify(handling.operationCode)}.`,
    );
  }
  const eventStatus = handling.eventStatus ?? statusAfterSuccess(handling.operationCode);
  if (!HANDLED_STATUSES.has(eventStatus)) {
    throw new RangeError(
      `history: alert ${handling.alert.Id} has eventStatus ${eventStatus}; a handled alert's status is one of ${[...HANDLED_STATUSES].join(', ')}.`,
    );
  }
  return {
    alert: {
      ...handling.alert,
      EventStatus: eventStatus,
      OperateErrorCode: `${handling.operationCode}.Success`,
      OperateMsg: 'success',
      OperateTime: handling.operateTime,
    },
    entry: {
      alertId: handling.alert.Id,
      operationCode: handling.operationCode,
      operator: handling.operator,
      operateTime: handling.operateTime,
      eventStatus,
      ...(handling.remark !== undefined && { remark: handling.remark }),
    },
  };
}
