import type { EmulatorHandler } from '../../http/handler.js';
import { illegalParam, missingSecurityEventId, securityEventNotExists } from '../sas-errors.js';
import type { SasModel } from '../sas-model.js';
import { isDigits } from '../wire-params.js';
import { defaultOperationParams } from './catalog.js';
import { mappingMarkFields } from './mapping-mark-fields.js';
import { markFields, markFieldsSource } from './mark-fields.js';

/**
 * `DescribeSecurityEventOperations` over the model: the operations the event offers (its own, else
 * its type's defaults) with `UserCanOperate`, pre-filled `OperationParams`, and, for
 * `advance_mark_mis_info`, the fields the event offers with its values (`MarkFieldsSource`) and the
 * rules in place for its type (`MarkField`), and, for `defense_mark_mis_info`, the fields of a
 * precise-defense rule (`MappingMarkFields`). No `SecurityEventId` is `400 MissingSecurityEventId`, an
 * unknown one `400 SecurityEventNotExists`.
 *
 * @example
 * ```ts
 * const emulator = await startEmulator({ state: { alerts: sampleAlerts(5), deniedOperations: ['block_ip'] } });
 * // block_ip is now offered with UserCanOperate: false
 * ```
 */
export function describeSecurityEventOperations(model: SasModel): EmulatorHandler {
  return ({ params }) => {
    const id = params.SecurityEventId ?? '';
    if (id === '') return missingSecurityEventId();
    if (!isDigits(id)) return illegalParam('SecurityEventId must be a numeric ID.');
    const alert = model.alerts.get(Number(id));
    if (alert === undefined) return securityEventNotExists();
    const whitelisting = (code: string) => code === 'advance_mark_mis_info';
    const rules = model.whitelist.rules(alert.AlarmEventType ?? '');
    const operations = model.operations.offeredFor(alert).map(({ code, userCanOperate }) => ({
      OperationCode: code,
      UserCanOperate: userCanOperate,
      OperationParams: defaultOperationParams(code, model.now()),
      MarkFieldsSource: whitelisting(code) ? markFieldsSource(alert) : [],
      MarkField: whitelisting(code) ? markFields(alert, rules) : [],
      MappingMarkFields: code === 'defense_mark_mis_info' ? mappingMarkFields(alert) : [],
    }));
    return { status: 200, body: { SecurityEventOperationsResponse: operations } };
  };
}
