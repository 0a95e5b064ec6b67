import { HANDLED_STATUSES } from '../history/handled-alert.js';
import type { SasModel } from '../sas-model.js';
import { formatServiceTime } from '../service-time.js';
import type { SuspEventRecord } from '../susp-event.js';
import type { EmulatorStatusOptions } from './activity.js';

const PENDING = 1;
const HANDLING = 16;
/** Marked as a false positive, by a person or by the system: a whitelist keeps it from firing again. */
const WHITELISTED: ReadonlySet<unknown> = new Set([8, 604]);
/** The operation a console status change is recorded as; `manual_handled` for the others. */
const CONSOLE_OPERATIONS: Readonly<Record<number, string>> = { 2: 'ignore', 8: 'mark_mis_info' };

/**
 * The alert event fires again at `at` (see `EmulatorRefire`); the alert as it is afterwards.
 *
 * @throws RangeError when no alert with this ID exists (yet)
 */
export function refire(model: SasModel, alertId: number, at: number): SuspEventRecord {
  const alert = existing(model, alertId, 'refire');
  if (WHITELISTED.has(alert.EventStatus)) return alert;
  const status = alert.EventStatus === HANDLING ? HANDLING : PENDING;
  return model.alerts.update(alert.Id, {
    EventStatus: status,
    LastTimeStamp: at,
    LastTime: formatServiceTime(at),
  });
}

/**
 * Sets the alert event's status as a person in the console would (see `EmulatorStateView.setStatus`);
 * the alert as it is afterwards.
 *
 * @throws RangeError when no alert with this ID exists (yet), or `status` is neither `1` nor a
 *   handled status
 */
export function setStatus(
  model: SasModel,
  alertId: number,
  status: number,
  options: EmulatorStatusOptions = {},
): SuspEventRecord {
  checkStatus(status, 'setStatus');
  const alert = existing(model, alertId, 'setStatus');
  const at = options.at ?? model.now();
  if (status === PENDING) return model.alerts.update(alert.Id, { EventStatus: status, OperateTime: at });
  const operationCode = CONSOLE_OPERATIONS[status] ?? 'manual_handled';
  model.history.add({
    alertId: alert.Id,
    operationCode,
    operator: options.operator ?? 'console',
    operateTime: at,
    eventStatus: status,
  });
  return model.alerts.update(alert.Id, {
    EventStatus: status,
    OperateErrorCode: `${operationCode}.Success`,
    OperateMsg: 'success',
    OperateTime: at,
  });
}

/**
 * Checks that a person can set `status` in the console.
 *
 * @throws RangeError when it is neither `1` nor a handled status
 */
export function checkStatus(status: number, name: string): void {
  if (status !== PENDING && !HANDLED_STATUSES.has(status)) {
    throw new RangeError(
      `${name}: status ${status} is not one a person sets; give 1 (pending) or a handled status (${[...HANDLED_STATUSES].join(', ')}).`,
    );
  }
}

function existing(model: SasModel, alertId: number, name: string): SuspEventRecord {
  const alert = model.alerts.get(alertId);
  if (alert === undefined) throw new RangeError(`${name}: no alert ${alertId}, or it has not arrived yet.`);
  return alert;
}
