import {
  AbortError,
  AuthenticationError,
  CredentialsError,
  NoPermissionError,
  SdkError,
  ValidationError,
} from '../errors.js';

/**
 * Errors of the caller's own making (an abort, bad input, no credentials, an identity the service
 * refuses, a missing permission): asking again for another alert or another time cannot help, so the
 * workflow stops with them (planning, waiting, rechecking) instead of recording them per alert.
 */
const CALLER_ERRORS = [AbortError, ValidationError, CredentialsError, AuthenticationError, NoPermissionError];

/**
 * Whether an error is the caller's to fix (see above), or not an {@link SdkError} at all (a bug).
 *
 * @example
 * ```ts
 * if (isCallerError(error)) throw error; // stop the whole plan: every alert would fail the same way
 * ```
 */
export function isCallerError(error: unknown): boolean {
  return !(error instanceof SdkError) || CALLER_ERRORS.some((type) => error instanceof type);
}
