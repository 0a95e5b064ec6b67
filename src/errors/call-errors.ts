/** Calls that got no usable answer: unreadable bodies, network failures, deadlines, aborts, credentials. */
import { type Delivery, SdkError, type SdkErrorOptions, type ValidationIssue } from './sdk-error.js';

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
 * The answer was larger than the client's `maxResponseBytes` (10 MiB by default): reading stopped at the
 * cap and the connection was closed, so that one answer cannot exhaust the process's memory. Not
 * retryable: the same request would get the same answer. After a handling call, whether the change was
 * applied is unknown (`delivery: 'unknown'`): check the alerts before handling them again.
 *
 * @example
 * ```ts
 * try {
 *   await sas.describeSuspEvents({ PageSize: '100' });
 * } catch (error) {
 *   if (!(error instanceof ResponseTooLargeError)) throw error;
 *   // Ask for smaller pages, or raise the cap: new SasClient({ ..., maxResponseBytes: 32 * 1024 * 1024 }).
 *   console.error(`Answer over ${error.maxResponseBytes} bytes (read ${error.receivedBytes}).`);
 * }
 * ```
 */
export class ResponseTooLargeError extends InvalidResponseError {
  override name = 'ResponseTooLargeError';
  /** The cap that was exceeded, in bytes. */
  readonly maxResponseBytes: number;
  /**
   * Bytes known when reading stopped: those received (the first one past the cap included), or the
   * length the answer declared in its `Content-Length` when that alone exceeded the cap.
   */
  readonly receivedBytes: number;

  constructor(
    message: string,
    options: SdkErrorOptions & { maxResponseBytes: number; receivedBytes: number },
  ) {
    super(message, options);
    this.maxResponseBytes = options.maxResponseBytes;
    this.receivedBytes = options.receivedBytes;
  }

  /**
   * The fields of {@link SdkError.toJSON} plus the cap and the bytes received.
   *
   * @example
   * ```ts
   * try {
   *   await sas.describeSuspEvents({ PageSize: '100' });
   * } catch (error) {
   *   if (error instanceof ResponseTooLargeError) console.error(JSON.stringify(error));
   *   // {"name":"ResponseTooLargeError","code":"ResponseTooLarge",…,"maxResponseBytes":10485760,"receivedBytes":10485761}
   * }
   * ```
   */
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), maxResponseBytes: this.maxResponseBytes, receivedBytes: this.receivedBytes };
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

/** One place the default credential chain looked, and why it gave nothing. Never holds a secret. */
export interface CredentialSourceTried {
  /** The source, e.g. `environment variables` or `Alibaba Cloud CLI profile`. */
  readonly source: string;
  /**
   * What was found there, in plain words: which variables are set or not (never their values), which
   * file was looked for and whether it exists.
   */
  readonly detail: string;
}

/**
 * No usable credentials: none configured, or the credential provider failed. When the default chain
 * found nothing, the message and {@link CredentialsError.sourcesTried} name each source it tried, in
 * order, and why it gave nothing.
 *
 * @example
 * ```ts
 * try {
 *   await sas.describeSuspEvents({ PageSize: '20' });
 * } catch (error) {
 *   if (!(error instanceof CredentialsError)) throw error;
 *   // The message lists where the default chain looked: configure one of them, or pass `credential`.
 *   console.error(error.message);
 *   for (const { source, detail } of error.sourcesTried) console.error(`${source}: ${detail}`);
 * }
 * ```
 */
export class CredentialsError extends SdkError {
  override name = 'CredentialsError';
  protected static override readonly defaultDelivery: Delivery = 'notSent';
  /**
   * The sources the default credential chain tried, in order, and why each gave nothing; empty when the
   * credentials came from the `credential` option.
   */
  readonly sourcesTried: readonly CredentialSourceTried[];
  /**
   * The RAM role that could not be assumed when the credentials were to come from an
   * {@link AssumeRoleCredentials}, e.g. `acs:ram::1234567890123456:role/ResourceDirectoryAccountAccessRole`:
   * its account ID names the account the call was for.
   */
  readonly roleArn: string | undefined;

  constructor(
    message: string,
    options: SdkErrorOptions & { sourcesTried?: readonly CredentialSourceTried[]; roleArn?: string },
  ) {
    super(message, options);
    this.sourcesTried = options.sourcesTried ?? [];
    this.roleArn = options.roleArn;
  }

  /**
   * The fields of {@link SdkError.toJSON} plus the sources tried and the role.
   *
   * @example
   * ```ts
   * const failed = await sas.describeSuspEvents({ PageSize: '20' }).catch((error: unknown) => error);
   * if (failed instanceof CredentialsError) console.error(JSON.stringify(failed)); // {…,"sourcesTried":[{"source":"environment variables",…}]}
   * ```
   */
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), sourcesTried: this.sourcesTried, roleArn: this.roleArn };
  }
}
