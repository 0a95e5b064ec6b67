import type { EmulatorHandler } from '../../http/handler.js';
import { securityEventNotExists } from '../sas-errors.js';
import type { SasModel } from '../sas-model.js';
import type { SuspEventRecord } from '../susp-event.js';
import { readHandleRequest } from './handle-request.js';
import { eventResult } from './operation-effects.js';
import { refuseOperation } from './operation-permission.js';
import { replaceWhitelists } from './replace-whitelists.js';

const HANDLING = 16;

/**
 * `HandleSecurityEvents` over the model. A request that passes the service's checks (see
 * `readHandleRequest`; unknown events get `400 SecurityEventNotExists`, operations an event does not
 * allow `400 OperationNotSupported` or `400 NoPermission`) starts a task and answers its `TaskId`.
 * Its events turn to status 16 (being handled) until the task is reported final; with
 * `advance_mark_mis_info` and a `MarkMissParam`, the events' types get exactly those whitelist rules,
 * at once. `Remark` is kept with the handling (`handleLog()`, and `history()` once the task succeeds,
 * the signing AccessKey ID as its operator); no alert field serves it, as on the service. Refused
 * requests change nothing.
 */
export function handleSecurityEvents(model: SasModel): EmulatorHandler {
  return ({ params, accessKeyId }) => {
    const read = readHandleRequest(params, model.now());
    if (!read.ok) return read.reply;
    const request = read.value;
    const alerts: SuspEventRecord[] = [];
    for (const id of request.securityEventIds) {
      const alert = model.alerts.get(id);
      if (alert === undefined) return securityEventNotExists();
      alerts.push(alert);
    }
    const refusal = refuseOperation(alerts, request.operationCode, model.operations);
    if (refusal !== undefined) return refusal;
    if (request.operationCode === 'advance_mark_mis_info' && request.markMissParam !== undefined) {
      replaceWhitelists(model.whitelist, alerts, request.markMissParam);
    }
    const results = alerts.map((alert) =>
      eventResult(alert, request.operationCode, model.alerts, model.neverFinish),
    );
    const remark = request.remark === undefined ? {} : { remark: request.remark };
    const taskId = model.tasks.create(request.operationCode, results, { operator: accessKeyId, ...remark });
    for (const alert of alerts) model.alerts.update(alert.Id, { EventStatus: HANDLING });
    model.log.add({
      taskId,
      operationCode: request.operationCode,
      operationParams: request.operationParams,
      ...(request.markMissParam !== undefined && { markMissParam: request.markMissParam }),
      securityEventIds: request.securityEventIds,
      ...remark,
    });
    return { status: 200, body: { HandleSecurityEventsResponse: { TaskId: taskId } } };
  };
}
