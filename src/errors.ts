/**
 * The SDK's error hierarchy. Every error thrown by this package is an {@link SdkError} with a stable
 * `name` and `code`, a message that says what to do next, and no secret (AccessKey secret, STS token,
 * signature or signed URL) in any field, message or cause.
 *
 * @packageDocumentation
 */

/** Fields shared by every {@link SdkError}. */
export interface SdkErrorOptions {
  /** Stable machine-readable code: the service's code (`Throttling.User`) or the SDK's own. */
  code: string;
  /** RequestId the service assigned, when the request reached it. */
  requestId?: string | undefined;
  /** HTTP status of the service's answer, when there was one. */
  statusCode?: number | undefined;
  /** The API action being called, e.g. `HandleSecurityEvents`. */
  action?: string | undefined;
  /** Whether the same call may succeed if retried and cannot apply a change twice. */
  retryable?: boolean | undefined;
  /** The underlying error, already stripped of secrets. */
  cause?: unknown;
}

/**
 * Base class of every error this SDK throws.
 *
 * @example
 * ```ts
 * try {
 *   await client.describeSuspEvents({ PageSize: '20' });
 * } catch (error) {
 *   if (error instanceof SdkError) console.error(error.code, error.requestId, error.message);
 * }
 * ```
 */
export class SdkError extends Error {
  override name = 'SdkError';
  /** Stable machine-readable code. */
  readonly code: string;
  /** RequestId of the call, when the service answered. Quote it to Alibaba Cloud support. */
  readonly requestId: string | undefined;
  /** HTTP status of the answer, when there was one. */
  readonly statusCode: number | undefined;
  /** API action that failed, when the error came from a call. */
  readonly action: string | undefined;
  /** Whether retrying the same call may succeed without applying a change twice. */
  readonly retryable: boolean;
  /**
   * Attempts the failed call made, the first included (`3` after two retries); `undefined` when the error
   * did not come from a call (bad input found before sending, a per-alert handling result).
   */
  readonly attempts: number | undefined = undefined;
  /**
   * Milliseconds the failed call spent waiting between its attempts (the retry backoff), `0` when it did
   * not retry; `undefined` when the error did not come from a call.
   */
  readonly totalDelayMs: number | undefined = undefined;

  constructor(message: string, options: SdkErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code;
    this.requestId = options.requestId;
    this.statusCode = options.statusCode;
    this.action = options.action;
    this.retryable = options.retryable ?? false;
  }

  /**
   * A plain object for logs and JSON output (the cause is summarized, never expanded).
   *
   * @example
   * ```ts
   * } catch (error) {
   *   if (error instanceof SdkError) logger.error({ err: error.toJSON() }, 'Security Center call failed');
   *   // JSON.stringify(error) gives the same: {"name":"ThrottlingError","code":"Throttling.User",…,"attempts":3}
   * }
   * ```
   */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      requestId: this.requestId,
      statusCode: this.statusCode,
      action: this.action,
      retryable: this.retryable,
      attempts: this.attempts,
      totalDelayMs: this.totalDelayMs,
    };
  }
}

/** One problem found in a value: where (`path`, e.g. `SuspEvents[0].Level`) and what. */
export interface ValidationIssue {
  /** Dotted path to the offending field; empty for the value itself. */
  path: string;
  /** What is wrong with it. */
  message: string;
}

/**
 * Bad input, found before any request was sent. `field` names the first offending field.
 *
 * @example
 * ```ts
 * new SasClient({}) // throws ValidationError: set `regionId` or `endpoint`
 * ```
 */
export class ValidationError extends SdkError {
  override name = 'ValidationError';
  /** The first offending field, e.g. `PageSize` or `regionId`. */
  readonly field: string | undefined;
  /** Every problem found. */
  readonly issues: readonly ValidationIssue[];

  constructor(
    message: string,
    options: { field?: string; issues?: readonly ValidationIssue[]; action?: string; cause?: unknown } = {},
  ) {
    super(message, { code: 'ValidationError', action: options.action, cause: options.cause });
    this.field = options.field ?? options.issues?.[0]?.path;
    this.issues = options.issues ?? (this.field === undefined ? [] : [{ path: this.field, message }]);
  }
}

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
}

/**
 * The answer could not be used: not JSON (often a gateway's HTML error page), not an object, or a
 * field of the wrong type. `path` names the field when one is at fault.
 *
 * @example
 * ```ts
 * try {
 *   await sas.describeSuspEvents({ PageSize: '20' });
 * } catch (error) {
 *   if (!(error instanceof InvalidResponseError)) throw error;
 *   // `MalformedResponse` (often a gateway's HTML page) or `InvalidResponse`: retry, report if it persists.
 *   console.error(error.code, error.path ?? '(body)', error.requestId);
 * }
 * ```
 */
export class InvalidResponseError extends SdkError {
  override name = 'InvalidResponseError';
  /** The offending field, e.g. `SuspEvents[0].Level`. */
  readonly path: string | undefined;
  /** Every problem found in the body. */
  readonly issues: readonly ValidationIssue[];

  constructor(message: string, options: SdkErrorOptions & { issues?: readonly ValidationIssue[] }) {
    super(message, options);
    this.issues = options.issues ?? [];
    this.path = this.issues[0]?.path;
  }
}

/**
 * The request could not reach the service or its answer was cut (`ECONNREFUSED`, `ECONNRESET`, DNS…).
 *
 * @example
 * ```ts
 * try {
 *   await sas.describeSuspEvents({ PageSize: '20' });
 * } catch (error) {
 *   // `code` is Node's; check connectivity to the endpoint. After a handling call, check the alert first.
 *   if (error instanceof NetworkError) console.error(`${error.code}: cannot reach Security Center`);
 *   else throw error;
 * }
 * ```
 */
export class NetworkError extends SdkError {
  override name = 'NetworkError';
}

/**
 * The call did not complete within its deadline. Whether a change was applied is unknown.
 *
 * @example
 * ```ts
 * try {
 *   await sas.describeSuspEvents({ PageSize: '100' }, { timeoutMs: 5000 });
 * } catch (error) {
 *   // Raise `timeoutMs`, or retry later; after a handling call, check the alert before sending it again.
 *   if (error instanceof TimeoutError) console.error(`No answer within ${error.timeoutMs} ms.`);
 *   else throw error;
 * }
 * ```
 */
export class TimeoutError extends SdkError {
  override name = 'TimeoutError';
  /** The deadline that was exceeded. */
  readonly timeoutMs: number;

  constructor(message: string, options: SdkErrorOptions & { timeoutMs: number }) {
    super(message, options);
    this.timeoutMs = options.timeoutMs;
  }
}

/**
 * The caller aborted the call through its `AbortSignal`.
 *
 * @example
 * ```ts
 * const controller = new AbortController();
 * process.once('SIGINT', () => controller.abort());
 * try {
 *   await alerts.getOperations('7009607', { signal: controller.signal });
 * } catch (error) {
 *   if (!(error instanceof AbortError)) throw error; // stopped on purpose: nothing to report
 * }
 * ```
 */
export class AbortError extends SdkError {
  override name = 'AbortError';
}

/**
 * No usable credentials: none configured, or the credential provider failed.
 *
 * @example
 * ```ts
 * try {
 *   await sas.describeSuspEvents({ PageSize: '20' });
 * } catch (error) {
 *   // The message lists where the default chain looked: configure one of them, or pass `credential`.
 *   if (error instanceof CredentialsError) console.error(error.message);
 *   else throw error;
 * }
 * ```
 */
export class CredentialsError extends SdkError {
  override name = 'CredentialsError';
}

/** Where a per-alert handling result came from. */
export interface HandlingErrorOptions {
  /** The service's result code, e.g. `kill_and_quara.AgentOffline`. */
  code: string;
  /** The alert (security event) the result belongs to. */
  alertId: string;
  /** The operation that was applied, e.g. `kill_and_quara`. */
  operation: string;
  /** The handling task, when known. */
  taskId?: number | undefined;
}

/**
 * A handling task ran but failed for one alert. Not thrown by calls: reported per alert by the
 * handling workflow. Subclasses name the known causes.
 *
 * @example
 * ```ts
 * const report = await alerts.execute(plan);
 * for (const { error } of report.failed) {
 *   if (error instanceof HandlingError) console.error(error.alertId, error.operation, error.code);
 * }
 * ```
 */
export class HandlingError extends SdkError {
  override name = 'HandlingError';
  /** The alert the result belongs to. */
  readonly alertId: string;
  /** The operation that failed. */
  readonly operation: string;
  /** The handling task, when known. */
  readonly taskId: number | undefined;

  constructor(message: string, options: HandlingErrorOptions) {
    super(message, { code: options.code, action: 'HandleSecurityEvents' });
    this.alertId = options.alertId;
    this.operation = options.operation;
    this.taskId = options.taskId;
  }
}

/**
 * The Security Center agent on the alert's host is offline (`*.AgentOffline`).
 *
 * @example
 * ```ts
 * const report = await alerts.execute(plan);
 * for (const { alertId, error } of report.failed) {
 *   // Bring the agent back online (check the host and the agent service), then handle the alert again.
 *   if (error instanceof AgentOfflineError) console.warn(`Alert ${alertId}: agent offline`);
 * }
 * ```
 */
export class AgentOfflineError extends HandlingError {
  override name = 'AgentOfflineError';
}

/**
 * The process to kill no longer exists (`*.ProcessNotExist`); quarantining the file may still work.
 *
 * @example
 * ```ts
 * const report = await alerts.execute(plan);
 * const gone = report.failed.filter(({ error }) => error instanceof ProcessNotExistError);
 * if (gone.length > 0) {
 *   const ids = gone.map(({ alertId }) => alertId);
 *   await alerts.handle(ids, Operations.quarantineBinary(), { confirm: true });
 * }
 * ```
 */
export class ProcessNotExistError extends HandlingError {
  override name = 'ProcessNotExistError';
}

/**
 * Maps a per-alert result code of a handling task (`<operation>.<result>`) to its error.
 *
 * @example
 * ```ts
 * handlingErrorFromCode('kill_and_quara.AgentOffline', { alertId: '7009607' }); // AgentOfflineError
 * ```
 */
export function handlingErrorFromCode(
  code: string,
  context: { alertId: string; taskId?: number | undefined },
): HandlingError {
  const dot = code.indexOf('.');
  const operation = dot > 0 ? code.slice(0, dot) : 'unknown';
  const result = dot > 0 ? code.slice(dot + 1) : code;
  const options = { code, operation, ...context };
  if (result === 'AgentOffline') {
    return new AgentOfflineError(
      `Alert ${context.alertId}: the Security Center agent on its host is offline, so ${operation} could not run. ` +
        'Bring the agent back online (check the host and the agent service), then handle the alert again.',
      options,
    );
  }
  if (result === 'ProcessNotExist') {
    return new ProcessNotExistError(
      `Alert ${context.alertId}: the process to stop no longer exists. ` +
        'Quarantine the file instead with virus_quara_bin (Operations.quarantineBinary()).',
      options,
    );
  }
  return new HandlingError(
    `Alert ${context.alertId}: ${operation} failed with ${code}. Check the alert in the Security Center console.`,
    options,
  );
}

/**
 * A destructive operation (block, kill, quarantine, whitelist) was asked for without confirmation.
 * Nothing was sent. Review the plan (`plan()` then `execute()`), or pass `confirm: true`.
 *
 * @example
 * ```ts
 * const operation = Operations.blockIp({ duration: '7d' });
 * try {
 *   await alerts.handle(['7009607'], operation);
 * } catch (error) {
 *   if (!(error instanceof ConfirmationRequiredError)) throw error;
 *   const plan = await alerts.plan([{ alertId: '7009607', operation }]);
 *   console.log(formatPlan(plan)); // review it, then: await alerts.execute(plan)
 * }
 * ```
 */
export class ConfirmationRequiredError extends SdkError {
  override name = 'ConfirmationRequiredError';
  /** The operation that needs confirmation. */
  readonly operation: string;

  constructor(message: string, options: { operation: string }) {
    super(message, { code: 'ConfirmationRequired' });
    this.operation = options.operation;
  }
}
