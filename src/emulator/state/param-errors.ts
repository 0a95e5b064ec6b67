import { apiError } from '../errors.js';
import type { EmulatorReply } from '../http/handler.js';

/** `400 MissingParameter`, in the gateway's words, naming the parameter. */
export function missingParameter(name: string): EmulatorReply {
  return apiError(
    400,
    'MissingParameter',
    `The input parameter "${name}" that is mandatory for processing this request is not supplied.`,
  );
}

/** `400 InvalidParameter`, in the gateway's words, naming the parameter. */
export function invalidParameter(name: string): EmulatorReply {
  return apiError(400, 'InvalidParameter', `The specified value of parameter "${name}" is not valid.`);
}
