import { accept, type Checked, refuse } from '../checked.js';
import { illegalParam } from '../sas-errors.js';
import { isDigits, repeatList, type WireParams } from '../wire-params.js';
import { readMarkMissParam } from './mark-miss-param.js';
import { HANDLE_OPERATION_CODES } from './operation-effects.js';
import { readOperationParams } from './operation-params.js';
import type { EmulatorWhitelistRule } from './whitelist-store.js';

const MAX_EVENTS = 100;

/** A `HandleSecurityEvents` request, read and checked. */
export interface HandleRequest {
  /** The events named, each once, in request order. */
  readonly securityEventIds: readonly number[];
  readonly operationCode: string;
  readonly operationParams: Record<string, unknown>;
  readonly markMissParam: readonly EmulatorWhitelistRule[] | undefined;
  /** `Remark`, when one was sent. */
  readonly remark: string | undefined;
}

/**
 * Reads a `HandleSecurityEvents` request the way the service checks it: 1 to 100
 * `SecurityEventIds.N` of digits, a known `OperationCode`, JSON `OperationParams` fit for the
 * operation and a well-formed `MarkMissParam`; else `400 IllegalParam`. Whether the events exist is
 * not checked here. `Remark` is taken as sent: no length limit is documented, none is enforced.
 */
export function readHandleRequest(params: WireParams, now: number): Checked<HandleRequest> {
  const ids = repeatList(params, 'SecurityEventIds');
  if (ids.length === 0) return refuse(illegalParam('SecurityEventIds is empty.'));
  if (ids.length > MAX_EVENTS) {
    return refuse(illegalParam(`at most ${MAX_EVENTS} SecurityEventIds per request, got ${ids.length}.`));
  }
  if (!ids.every(isDigits)) return refuse(illegalParam('SecurityEventIds must be numeric IDs.'));
  const operationCode = params.OperationCode ?? '';
  if (!HANDLE_OPERATION_CODES.has(operationCode)) {
    return refuse(illegalParam(`unknown OperationCode ${JSON.stringify(operationCode)}.`));
  }
  const operationParams = readOperationParams(operationCode, params.OperationParams, now);
  if (!operationParams.ok) return operationParams;
  const markMissParam = readMarkMissParam(params.MarkMissParam);
  if (!markMissParam.ok) return markMissParam;
  return accept({
    securityEventIds: [...new Set(ids.map(Number))],
    operationCode,
    operationParams: operationParams.value,
    markMissParam: markMissParam.value,
    remark: params.Remark,
  });
}
