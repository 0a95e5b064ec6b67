/** Errors the service answered with. */
import { type Delivery, SdkError, type SdkErrorOptions } from './sdk-error.js';

/** Options of an {@link ApiError}: the service's answer. */
export interface ApiErrorOptions extends SdkErrorOptions {
  /** HostId of the answering gateway. */
  hostId?: string | undefined;
  /** Troubleshooting link the service recommends. */
  recommend?: string | undefined;
  /** The service's own message, as it sent it. */
  serviceMessage?: string | undefined;
  /** Details of an access denial (403 answers). */
  accessDeniedDetail?: unknown;
}

/**
 * The service refused the call: it answered with an error code. Subclasses name the common cases.
 *
 * @example
 * ```ts
 * try {
 *   await sas.describeSuspEvents({ PageSize: '20' });
 * } catch (error) {
 *   if (!(error instanceof ApiError)) throw error;
 *   // A code without a subclass of its own: quote the RequestId to Alibaba Cloud support.
 *   console.error(error.code, error.serviceMessage, error.requestId, error.recommend);
 * }
 * ```
 */
export class ApiError extends SdkError {
  override name = 'ApiError';
  protected static override readonly defaultDelivery: Delivery = 'refused';
  /** HostId of the answering gateway, when given. */
  readonly hostId: string | undefined;
  /** Troubleshooting link the service recommends, when given. */
  readonly recommend: string | undefined;
  /** The service's own message. */
  readonly serviceMessage: string | undefined;
  /** Details of an access denial (403 answers), when given. */
  readonly accessDeniedDetail: unknown;

  constructor(message: string, options: ApiErrorOptions) {
    super(message, options);
    this.hostId = options.hostId;
    this.recommend = options.recommend;
    this.serviceMessage = options.serviceMessage;
    this.accessDeniedDetail = options.accessDeniedDetail;
  }

  /**
   * The fields of {@link SdkError.toJSON} plus the service's own message and the gateway's HostId.
   *
   * @example
   * ```ts
   * try {
   *   await sas.describeSuspEvents({ PageSize: '20' });
   * } catch (error) {
   *   if (error instanceof ApiError) console.error(JSON.stringify(error));
   *   // {"name":"NoPermissionError","code":"NoPermission","statusCode":403,…,"serviceMessage":"…"}
   * }
   * ```
   */
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), serviceMessage: this.serviceMessage, hostId: this.hostId };
  }
}

/**
 * The caller lacks a RAM permission. `ramAction` names the one that is missing.
 *
 * @example
 * ```ts
 * try {
 *   await sas.handleSecurityEvents({ SecurityEventIds: ['7009586'], OperationCode: 'ignore' });
 * } catch (error) {
 *   if (error instanceof NoPermissionError) console.error(`Grant ${error.ramAction} to this RAM identity.`);
 *   else throw error;
 * }
 * ```
 */
export class NoPermissionError extends ApiError {
  override name = 'NoPermissionError';
  /** The RAM action to grant, e.g. `yundun-sas:HandleSecurityEvents`. */
  readonly ramAction: string | undefined;

  constructor(message: string, options: ApiErrorOptions & { ramAction?: string | undefined }) {
    super(message, options);
    this.ramAction = options.ramAction;
  }
}

/**
 * The service throttled the call (`Throttling`, `Throttling.User`, `Throttling.Api`, HTTP 429).
 *
 * @example
 * ```ts
 * try {
 *   await sas.describeSuspEvents({ PageSize: '100' });
 * } catch (error) {
 *   if (!(error instanceof ThrottlingError)) throw error;
 *   // Already retried with backoff: lower the call rate or the concurrency, and try again later.
 *   console.warn(`Throttled (${error.code}), RequestId ${error.requestId}`);
 * }
 * ```
 */
export class ThrottlingError extends ApiError {
  override name = 'ThrottlingError';
}

/**
 * The alert event does not exist or is not visible to the caller (`SecurityEventNotExists`).
 *
 * @example
 * ```ts
 * try {
 *   await alerts.getOperations('7009607');
 * } catch (error) {
 *   // Check the ID; the alert may be handled already (list it with `dealt: true`).
 *   if (error instanceof SecurityEventNotExistsError) console.warn('Alert 7009607 is gone or not visible.');
 *   else throw error;
 * }
 * ```
 */
export class SecurityEventNotExistsError extends ApiError {
  override name = 'SecurityEventNotExistsError';
}

/**
 * The handling task does not exist (`OperationTaskNotExists`).
 *
 * @example
 * ```ts
 * try {
 *   await alerts.waitForTask(taskId, ['7009607']);
 * } catch (error) {
 *   // Use the TaskId that HandleSecurityEvents returned for these alerts.
 *   if (error instanceof OperationTaskNotExistsError) console.error(`No handling task ${taskId}.`);
 *   else throw error;
 * }
 * ```
 */
export class OperationTaskNotExistsError extends ApiError {
  override name = 'OperationTaskNotExistsError';
}

/**
 * The service rejected a parameter (`IllegalParam`, `InvalidParameter`, `Missing…`, `Invalid…`).
 *
 * @example
 * ```ts
 * try {
 *   await sas.handleSecurityEvents({
 *     SecurityEventIds: ['7009607'],
 *     OperationCode: 'block_ip',
 *     OperationParams: '{}',
 *   });
 * } catch (error) {
 *   // IllegalParam here (block_ip needs an expireTime): fix the request, retrying it as is cannot help.
 *   if (error instanceof InvalidParameterError) console.error(error.code, error.serviceMessage);
 *   else throw error;
 * }
 * ```
 */
export class InvalidParameterError extends ApiError {
  override name = 'InvalidParameterError';
}

/**
 * The operation is not supported for this alert (`OperationNotSupported`).
 *
 * @example
 * ```ts
 * try {
 *   await sas.handleSecurityEvents({ SecurityEventIds: ['7009607'], OperationCode: 'kill_process' });
 * } catch (error) {
 *   if (!(error instanceof OperationNotSupportedError)) throw error;
 *   const { operations } = await alerts.getOperations('7009607'); // pick one the alert allows
 *   console.log(operations.filter((op) => op.userCanOperate).map((op) => op.code));
 * }
 * ```
 */
export class OperationNotSupportedError extends ApiError {
  override name = 'OperationNotSupportedError';
}

/**
 * The service did not accept the request's identity: unknown or disabled AccessKey, signature
 * mismatch, expired timestamp, reused nonce or a bad STS token.
 *
 * @example
 * ```ts
 * try {
 *   await sas.describeSuspEvents({ PageSize: '20' });
 * } catch (error) {
 *   // Check the AccessKey (enabled? right secret?), sync the clock, or refresh the STS token.
 *   if (error instanceof AuthenticationError) console.error(error.code, error.message);
 *   else throw error;
 * }
 * ```
 */
export class AuthenticationError extends ApiError {
  override name = 'AuthenticationError';
}

/**
 * The service failed on its side (HTTP 5xx: `InternalError`, `ServiceUnavailable`, `ServerError`).
 *
 * @example
 * ```ts
 * try {
 *   await sas.handleSecurityEvents({ SecurityEventIds: ['7009586'], OperationCode: 'ignore' });
 * } catch (error) {
 *   if (!(error instanceof ServerError)) throw error;
 *   // Reads were retried already; a handling call was not: check the alert before sending it again.
 *   console.error(`${error.code} (HTTP ${error.statusCode}), RequestId ${error.requestId}`);
 * }
 * ```
 */
export class ServerError extends ApiError {
  override name = 'ServerError';
  protected static override readonly defaultDelivery: Delivery = 'unknown';
}
