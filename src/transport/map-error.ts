import {
  ApiError,
  type ApiErrorOptions,
  AuthenticationError,
  CredentialsError,
  InvalidParameterError,
  InvalidResponseError,
  NetworkError,
  NoPermissionError,
  OperationNotSupportedError,
  OperationTaskNotExistsError,
  SdkError,
  SecurityEventNotExistsError,
  ServerError,
  ThrottlingError,
  TimeoutError,
} from '../errors.js';
import { sanitizeError } from './redact.js';
import { isRetryable } from './retry-policy.js';

/** What the mapper needs to know about the failed call. */
export interface ErrorContext {
  /** Action being called. */
  action: string;
  /** RAM action the call needs. */
  ramAction: string;
  /** Whether the action changes state (a retry is then allowed only when nothing was applied). */
  mutating: boolean;
  /** The attempt's deadline, for timeout messages. */
  timeoutMs: number;
  /** Removes secrets from any text taken from the raw error. */
  redact: (text: string) => string;
}

/**
 * Network failures after which nothing can have reached the service: the connection never opened. The
 * only such list: every other part reads the {@link SdkError.delivery} decided from it.
 */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);
/** Network failures worth retrying for a read. */
const TRANSIENT_CODES = new Set([
  ...NOT_SENT_CODES,
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ECONNABORTED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'ESOCKETTIMEDOUT',
  'UND_ERR_SOCKET',
]);

const AUTHENTICATION_HINTS: Record<string, string> = {
  SignatureDoesNotMatch: 'Check that the AccessKey secret belongs to the AccessKey ID.',
  IncompleteSignature:
    'The request was not signed as the service expects; check the endpoint and signature settings.',
  SignatureNonceUsed: 'A request was replayed with a used nonce; send it again.',
  InvalidSignatureMethod: 'Use the default signature (`signatureVersion: "v3"`).',
};

interface RawResponseError {
  code?: unknown;
  statusCode?: unknown;
  data?: Record<string, unknown>;
  accessDeniedDetail?: unknown;
}

/** Turns anything `@alicloud/openapi-client` throws into the SDK's typed error. */
export function mapClientError(raw: unknown, context: ErrorContext): SdkError {
  if (raw instanceof SdkError) return raw;
  const cause = sanitizeError(raw, context.redact);
  const error = raw as (Error & RawResponseError) | undefined;
  const base = { action: context.action, cause };

  if (error?.data !== undefined && typeof error.data === 'object' && error.data !== null) {
    return mapServiceError(error, context, cause);
  }
  if (error?.name === 'RequestTimeoutError') return timeoutError(context, cause);
  if (error?.code === 'InvalidCredentials') {
    return new CredentialsError(
      'No credentials are configured. Set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET, or pass `credential`.',
      { ...base, code: 'InvalidCredentials', delivery: 'notSent' },
    );
  }
  if (error?.name === 'SyntaxError' || error?.message === 'The value is not a object') {
    return new InvalidResponseError(
      `${context.action}: the service answered with a body that is not a JSON object, typically a gateway error page (HTTP 502/503). ` +
        (context.mutating
          ? 'Whether the change was applied is unknown: check the alerts before handling them again.'
          : 'Retry later.'),
      {
        ...base,
        code: 'MalformedResponse',
        delivery: 'unknown',
        retryable: isRetryable({ transient: true, delivery: 'unknown' }, context.mutating),
      },
    );
  }
  const networkCode = typeof error?.code === 'string' ? error.code : undefined;
  if (networkCode !== undefined && (/^E[A-Z_]+$/.test(networkCode) || TRANSIENT_CODES.has(networkCode))) {
    const delivery = NOT_SENT_CODES.has(networkCode) ? 'notSent' : 'unknown';
    const retryable = isRetryable(
      { transient: TRANSIENT_CODES.has(networkCode), delivery },
      context.mutating,
    );
    const next =
      delivery === 'unknown' && context.mutating
        ? ' The request may have reached the service: check before handling again.'
        : '';
    return new NetworkError(
      `${context.action}: network error ${networkCode} (${context.redact(error?.message ?? '')}). Check connectivity to the endpoint.${next}`,
      { ...base, code: networkCode, delivery, retryable },
    );
  }
  return new SdkError(
    `${context.action} failed unexpectedly: ${context.redact(error?.message ?? String(raw))}`,
    { ...base, code: 'UnexpectedError', delivery: 'unknown' },
  );
}

/**
 * The error reported inside a 200 answer of the `{ code, success: false, message, requestId }` shape
 * some Sddp actions use, or `undefined` when the body reports no failure.
 */
export function envelopeFailure(body: unknown, context: ErrorContext): SdkError | undefined {
  if (typeof body !== 'object' || body === null || (body as { success?: unknown }).success !== false)
    return undefined;
  const envelope = body as Record<string, unknown>;
  const status = Number(envelope.code ?? envelope.Code);
  const code =
    envelope.Code ?? envelope.errorCode ?? (Number.isInteger(status) ? `Http${status}` : 'UnknownError');
  const data = {
    Code: String(code),
    Message: envelope.message ?? envelope.Message,
    RequestId: envelope.requestId ?? envelope.RequestId,
  };
  const statusCode = Number.isInteger(status) && status >= 400 ? status : undefined;
  return mapServiceError(
    Object.assign(new Error('success: false'), { data, statusCode }),
    context,
    new Error('success: false'),
  );
}

function mapServiceError(error: Error & RawResponseError, context: ErrorContext, cause: Error): ApiError {
  const data = error.data ?? {};
  const text = (value: unknown) =>
    typeof value === 'string' && value !== '' ? context.redact(value) : undefined;
  const statusCode =
    typeof error.statusCode === 'number' ? error.statusCode : Number(data.statusCode) || undefined;
  const code = text(data.Code) ?? text(data.code) ?? `Http${statusCode ?? 'Error'}`;
  const requestId = text(data.RequestId) ?? text(data.requestId);
  const serviceMessage = text(data.Message) ?? text(data.message);
  const options: ApiErrorOptions = {
    code,
    requestId,
    statusCode,
    action: context.action,
    cause,
    hostId: text(data.HostId),
    recommend: text(data.Recommend),
    serviceMessage,
    accessDeniedDetail: error.accessDeniedDetail ?? data.AccessDeniedDetail,
  };
  const said = `(${code}${serviceMessage ? `: ${serviceMessage}` : ''}${requestId ? `, request id ${requestId}` : ''})`;
  const { action } = context;

  if (statusCode === 429 || code.startsWith('Throttling')) {
    return new ThrottlingError(
      `${action} was throttled ${said}. Lower the request rate or concurrency; retries back off automatically.`,
      {
        ...options,
        delivery: 'refused',
        retryable: isRetryable({ transient: true, delivery: 'refused' }, context.mutating),
      },
    );
  }
  if (/^(SignatureDoesNotMatch|IncompleteSignature|SignatureNonceUsed|InvalidSignatureMethod)$/.test(code)) {
    return new AuthenticationError(
      `${action} was not authenticated ${said}. ${AUTHENTICATION_HINTS[code]}`,
      options,
    );
  }
  if (code.startsWith('InvalidAccessKeyId')) {
    return new AuthenticationError(
      `${action} was not authenticated ${said}. The AccessKey ID is unknown or disabled: check it in the RAM console.`,
      options,
    );
  }
  if (code.startsWith('InvalidTimeStamp')) {
    return new AuthenticationError(
      `${action} was not authenticated ${said}. The local clock is off by more than 15 minutes: synchronize it (NTP).`,
      options,
    );
  }
  if (code.startsWith('InvalidSecurityToken')) {
    return new AuthenticationError(
      `${action} was not authenticated ${said}. The STS token is invalid or expired: obtain fresh temporary credentials.`,
      options,
    );
  }
  if (/^(NoPermission|Forbidden)/.test(code) || statusCode === 403) {
    return new NoPermissionError(
      `${action} was denied ${said}. Grant the RAM action ${context.ramAction} to the RAM user or role that calls it.`,
      { ...options, ramAction: context.ramAction },
    );
  }
  if (code === 'SecurityEventNotExists' || code === 'InvalidSecurityEventId') {
    return new SecurityEventNotExistsError(
      `${action}: the alert event does not exist or is not visible to this account ${said}. Check the id; it may already be handled (list with Dealed: 'Y').`,
      options,
    );
  }
  if (code === 'OperationTaskNotExists') {
    return new OperationTaskNotExistsError(
      `${action}: the handling task does not exist ${said}. Use the TaskId returned by HandleSecurityEvents.`,
      options,
    );
  }
  if (code === 'OperationNotSupported') {
    return new OperationNotSupportedError(
      `${action}: the operation is not supported for this alert ${said}. Query the alert's operations and pick one with UserCanOperate=true.`,
      options,
    );
  }
  if (/^(IllegalParam|InvalidParameter|MissingParameter|Missing[A-Z]|Invalid[A-Z])/.test(code)) {
    return new InvalidParameterError(
      `${action}: the service rejected a parameter ${said}. Fix the request.`,
      options,
    );
  }
  if (statusCode !== undefined && statusCode >= 500) {
    // A service error on its side: the change may have been made before it failed.
    const delivery = 'unknown';
    return new ServerError(
      `${action} failed on the service side ${said}. ` +
        (context.mutating
          ? 'Whether the change was applied is unknown: check before handling again.'
          : 'Retry later.'),
      { ...options, delivery, retryable: isRetryable({ transient: true, delivery }, context.mutating) },
    );
  }
  return new ApiError(`${action} failed ${said}.`, options);
}

/** The error of a call that got no answer within its deadline; retryable only for reads. */
export function timeoutError(context: ErrorContext, cause?: Error): TimeoutError {
  const next = context.mutating
    ? 'Whether the change was applied is unknown: check the task or the alerts before handling again.'
    : 'Retry, or raise `timeoutMs`.';
  return new TimeoutError(`${context.action} got no answer within ${context.timeoutMs} ms. ${next}`, {
    code: 'RequestTimeout',
    action: context.action,
    cause,
    timeoutMs: context.timeoutMs,
    delivery: 'unknown',
    retryable: isRetryable({ transient: true, delivery: 'unknown' }, context.mutating),
  });
}
