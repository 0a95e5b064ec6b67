import { apiError } from '../errors.js';
import type { EmulatorReply } from '../http/handler.js';

/** `400 IllegalParam`, the Security Center's generic refusal, with what exactly was wrong. */
export function illegalParam(detail: string): EmulatorReply {
  return apiError(400, 'IllegalParam', `Illegal param: ${detail}`);
}

/** `400 SecurityEventNotExists`: no alert event has the ID. */
export function securityEventNotExists(): EmulatorReply {
  return apiError(400, 'SecurityEventNotExists', 'Security event not exists.');
}

/** `400 MissingSecurityEventId`: `DescribeSecurityEventOperations` was called without an ID. */
export function missingSecurityEventId(): EmulatorReply {
  return apiError(400, 'MissingSecurityEventId', 'SecurityEventId is mandatory for this action.');
}

/** `400 OperationTaskNotExists`: no handling task has the ID. */
export function operationTaskNotExists(): EmulatorReply {
  return apiError(400, 'OperationTaskNotExists', 'The specified operation task does not exist');
}

/** `400 NoPermission`: the edition does not allow the operation (`UserCanOperate` is false). */
export function editionNoPermission(): EmulatorReply {
  return apiError(400, 'NoPermission', 'no permission');
}

/** `400 OperationNotSupported`: the operation does not apply to an alert, or not through the API. */
export function operationNotSupported(detail: string): EmulatorReply {
  return apiError(400, 'OperationNotSupported', `The operation is not supported: ${detail}`);
}
