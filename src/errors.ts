/**
 * The SDK's error hierarchy. Every error thrown by this package is an {@link SdkError} with a stable
 * `name` and `code`, a message that says what to do next, and no secret (AccessKey secret, STS token,
 * signature or signed URL) in any field, message or cause.
 *
 * @packageDocumentation
 */

export {
  ApiError,
  type ApiErrorOptions,
  AuthenticationError,
  InvalidParameterError,
  NoPermissionError,
  OperationNotSupportedError,
  OperationTaskNotExistsError,
  SecurityEventNotExistsError,
  ServerError,
  ThrottlingError,
} from './errors/api-errors.js';
export {
  AbortError,
  type CredentialSourceTried,
  CredentialsError,
  InvalidResponseError,
  NetworkError,
  ResponseTooLargeError,
  TimeoutError,
} from './errors/call-errors.js';
export {
  ExecutionInterruptedError,
  ExecutionLockedError,
  ExecutionNotFoundError,
  JournalUnavailableError,
} from './errors/execution-errors.js';
export {
  AgentOfflineError,
  ConfirmationRequiredError,
  HandlingError,
  type HandlingErrorOptions,
  handlingErrorFromCode,
  ProcessNotExistError,
} from './errors/handling-errors.js';
export { PagingError, type PagingErrorCode, type PagingErrorOptions } from './errors/paging-errors.js';
export {
  type Delivery,
  isSdkError,
  SdkError,
  type SdkErrorOptions,
  ValidationError,
  type ValidationIssue,
} from './errors/sdk-error.js';
