/** The base error, its delivery, and bad input found before sending. */
/**
 * Whether a failed request may have been applied by the service:
 * - `notSent`: it never reached the service (bad input, no credentials, connection refused, aborted
 *   before sending): nothing was applied, it is safe to send again;
 * - `refused`: the service answered with an error (throttled, denied, invalid): nothing was applied;
 * - `unknown`: it may have been applied (no answer in time, a reset connection, a 5xx, an unreadable
 *   answer): check the state before sending it again.
 */
export type Delivery = 'notSent' | 'refused' | 'unknown';

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
  /** Whether the request may have been applied; each error class has its own default. */
  delivery?: Delivery | undefined;
  /** The underlying error, already stripped of secrets. */
  cause?: unknown;
}

/**
 * The mark every {@link SdkError} carries, under a registered symbol: the same in the ESM and the
 * CommonJS build, and in two copies of the package, where `instanceof` is not.
 */
const SDK_ERROR_BRAND = Symbol.for('alicloud-alert-handler.SdkError');

/**
 * Base class of every error this SDK throws. `instanceof` holds within one copy of the package; where
 * an application may load two (its ESM and CommonJS builds, or two versions), use {@link isSdkError},
 * then tell the kinds apart by `name` (`'ThrottlingError'`) or `code`.
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
   * Whether the request may have been applied (see {@link Delivery}). Decided once, where the failure
   * was seen; retries and the reconciliation of handling calls read it.
   */
  readonly delivery: Delivery;
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
    this.delivery = options.delivery ?? (new.target as typeof SdkError).defaultDelivery;
    Object.defineProperty(this, SDK_ERROR_BRAND, { value: true });
  }

  /** What {@link SdkError.delivery} is when the error's creator did not say: unknown, to be safe. */
  protected static readonly defaultDelivery: Delivery = 'unknown';

  /**
   * A plain object for logs and JSON output (the cause is summarized, never expanded).
   *
   * @example
   * ```ts
   * try {
   *   await sas.describeSuspEvents({ PageSize: '20' });
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
      delivery: this.delivery,
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
  protected static override readonly defaultDelivery: Delivery = 'notSent';
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

/**
 * Whether `value` is an error of this SDK, whichever build or copy of the package made it (`instanceof`
 * fails across the ESM and CommonJS builds loaded in one application). Tell the kinds apart by `name`
 * (`'ThrottlingError'`, `'NoPermissionError'`, …) or `code`.
 *
 * @example
 * ```ts
 * try {
 *   await alerts.execute(plan);
 * } catch (error) {
 *   if (isSdkError(error) && error.name === 'ValidationError') console.error(error.message);
 *   else throw error;
 * }
 * ```
 */
export function isSdkError(value: unknown): value is SdkError {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Record<symbol, unknown>)[SDK_ERROR_BRAND] === true
  );
}
