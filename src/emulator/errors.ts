import type { EmulatorReply } from './http/handler.js';

/**
 * Builds an error answer the way the service words one; the emulator completes the body with
 * `RequestId`, `HostId` and `Recommend`.
 *
 * @example
 * ```ts
 * const handlers = {
 *   HandleSecurityEvents: () => apiError(400, 'Throttling.User', 'Request was denied due to user flow control.'),
 * };
 * ```
 */
export function apiError(status: number, code: string, message: string): EmulatorReply {
  return { status, body: { Code: code, Message: message } };
}

/** Gateway-level errors the emulator itself answers, with the service's status and wording. */
export const GATEWAY_ERRORS = {
  IncompleteSignature: [400, 'The request signature does not conform to Aliyun standards.'],
  InvalidSignatureMethod: [400, 'Specified signature method is not valid.'],
  SignatureDoesNotMatch: [400, 'Specified signature is not matched with our calculation.'],
  SignatureNonceUsed: [400, 'Specified signature nonce was used already.'],
  'InvalidTimeStamp.Format': [400, 'Specified time stamp or date value is not well formatted.'],
  'InvalidTimeStamp.Expired': [400, 'Specified time stamp or date value is expired.'],
  'InvalidAccessKeyId.NotFound': [404, 'Specified access key is not found.'],
  MissingSecurityToken: [400, 'SecurityToken is mandatory for this action.'],
  'InvalidSecurityToken.MismatchWithAccessKey': [400, 'Specified SecurityToken mismatch with the AccessKey.'],
  'InvalidSecurityToken.Expired': [400, 'Specified SecurityToken is expired.'],
  'InvalidApi.NotFound': [404, 'Specified api is not found, please check your url and method.'],
  InternalError: [500, 'The request processing has failed due to some unknown error, exception or failure.'],
} as const satisfies Record<string, readonly [number, string]>;

/** Code of a {@link GATEWAY_ERRORS} entry. */
export type GatewayErrorCode = keyof typeof GATEWAY_ERRORS;

/** A gateway-level refusal: its code and, optionally, what exactly was wrong (never a secret). */
export interface GatewayFailure {
  readonly code: GatewayErrorCode;
  readonly detail?: string;
}

/** Turns a {@link GatewayFailure} into an answer. */
export function gatewayError(failure: GatewayFailure): EmulatorReply {
  const [status, message] = GATEWAY_ERRORS[failure.code];
  return apiError(
    status,
    failure.code,
    failure.detail === undefined ? message : `${message} ${failure.detail}`,
  );
}
