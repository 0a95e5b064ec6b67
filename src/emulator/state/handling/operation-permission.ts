import type { EmulatorReply } from '../../http/handler.js';
import type { OperationTable } from '../operations/operation-table.js';
import { editionNoPermission, operationNotSupported } from '../sas-errors.js';
import type { SuspEventRecord } from '../susp-event.js';
import { API_UNSUPPORTED_OPERATIONS } from './operation-effects.js';

/**
 * Whether every event may be handled with the operation: `400 OperationNotSupported` when the API
 * cannot run it or an event does not offer it, `400 NoPermission` when an event offers it with
 * `UserCanOperate: false`; `undefined` when all is well.
 */
export function refuseOperation(
  alerts: readonly SuspEventRecord[],
  operationCode: string,
  table: OperationTable,
): EmulatorReply | undefined {
  if (API_UNSUPPORTED_OPERATIONS.has(operationCode)) {
    return operationNotSupported(`${operationCode} cannot be run through the API.`);
  }
  for (const alert of alerts) {
    const offered = table.offeredFor(alert).find((operation) => operation.code === operationCode);
    if (offered === undefined) {
      return operationNotSupported(`security event ${alert.Id} does not offer ${operationCode}.`);
    }
    if (!offered.userCanOperate) return editionNoPermission();
  }
  return undefined;
}
