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
  ResponseTooLargeError,
  SdkError,
  SecurityEventNotExistsError,
  ServerError,
  ThrottlingError,
  TimeoutError,
} from '../errors.js';
import { ProxyRefused, proxyOfFailure } from './proxy-tunnel.js';
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
  /** The endpoint's host (and port), for network error messages. */
  host?: string | undefined;
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

/** TLS failures to trust the server's certificate: the connection never carried the request. */
const CERTIFICATE_CODES = new Set([
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** What a network failure means, in plain words, and what to do about it. */
const NETWORK_WORDS: Readonly<Record<string, string>> = {
  ENOTFOUND: 'its name does not resolve. Check `regionId` or `endpoint`, and DNS.',
  EAI_AGAIN: 'its name could not be resolved for now. Check DNS, then retry.',
  ECONNREFUSED:
    'the connection was refused. Check the host and port, and that the service (or emulator) runs.',
  ECONNRESET: 'the connection was reset.',
  ETIMEDOUT: 'the connection timed out. Check the network path (a firewall, a proxy).',
  EHOSTUNREACH: 'the host is unreachable. Check the network path.',
  ENETUNREACH: 'the network is unreachable. Check the network path.',
  EPROTO:
    "the TLS handshake failed. If the endpoint speaks plain HTTP (an emulator), give protocol 'http' or an http:// endpoint.",
};

/**
 * Codes of a failure on the service's side. An error answer says so by its 5xx status; an error inside
 * a 200 only by its code.
 */
const SERVER_SIDE_CODE =
  /^(InternalError|InternalServerError|ServiceUnavailable|ServerError|ServerBusy|SystemBusy|SystemError|ServiceTimeout)(\.|$)/i;

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
    return malformedAnswer(context, cause);
  }
  if (raw instanceof ProxyRefused) return proxyRefusedError(raw, context, cause);
  const networkCode = typeof error?.code === 'string' ? error.code : undefined;
  const proxy = proxyOfFailure(raw);
  if (proxy !== undefined) return proxyUnreachableError(proxy, networkCode, context, cause);
  if (networkCode !== undefined && CERTIFICATE_CODES.has(networkCode)) {
    return new NetworkError(
      `${context.action}: could not reach ${context.host ?? 'the endpoint'}: its certificate is not trusted (${networkCode}). ` +
        'Behind a proxy that inspects TLS, give its CA certificate; otherwise check the endpoint.',
      { ...base, code: networkCode, delivery: 'notSent', retryable: false },
    );
  }
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
    const words = NETWORK_WORDS[networkCode];
    if (words !== undefined && context.host !== undefined) {
      const [what, ...advice] = words.split('. ');
      return new NetworkError(
        `${context.action}: could not reach ${context.host}: ${what} (${networkCode}).${advice.length > 0 ? ` ${advice.join('. ')}` : ''}${next}`,
        { ...base, code: networkCode, delivery, retryable },
      );
    }
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

/** What to check after a proxy's refusal, by its status. */
const PROXY_REFUSAL_ADVICE: Readonly<Record<number, string>> = {
  407: 'Check the proxy credentials (user:password@ in the proxy URL).',
  403: 'Check that the proxy allows connections to this endpoint, or exempt the endpoint with NO_PROXY.',
  502: 'The proxy could not reach the endpoint: check the endpoint, then retry.',
  503: 'The proxy could not reach the endpoint: check the endpoint, then retry.',
  504: 'The proxy could not reach the endpoint in time: retry.',
};

/**
 * A proxy refused to carry the request (a CONNECT answered other than 2xx, or 407 to a request): nothing
 * reached the service, so a retry is safe even for a change; worth it only when the proxy says the
 * endpoint was out of its reach (502, 503, 504).
 */
function proxyRefusedError(refusal: ProxyRefused, context: ErrorContext, cause: Error): NetworkError {
  const transient = refusal.status === 502 || refusal.status === 503 || refusal.status === 504;
  const advice = PROXY_REFUSAL_ADVICE[refusal.status] ?? "Check the proxy's settings for this endpoint.";
  return new NetworkError(
    `${context.action}: the proxy ${refusal.proxy} refused the ${refusal.refused} to ${refusal.target}: ${`${refusal.status} ${refusal.reason}`.trim()}. ${advice}`,
    {
      action: context.action,
      cause,
      code: 'ProxyRefused',
      delivery: 'notSent',
      retryable: isRetryable({ transient, delivery: 'notSent' }, context.mutating),
    },
  );
}

/**
 * The proxy could not be reached, or failed before carrying anything (no tunnel, no connection): the
 * message names the proxy, and nothing reached the service.
 */
function proxyUnreachableError(
  proxy: string,
  code: string | undefined,
  context: ErrorContext,
  cause: Error,
): NetworkError {
  const what = (
    code !== undefined && CERTIFICATE_CODES.has(code)
      ? 'its certificate is not trusted'
      : (NETWORK_WORDS[code ?? '']?.split('. ')[0] ?? context.redact(cause.message))
  ).replace(/\.$/, '');
  return new NetworkError(
    `${context.action}: could not reach the proxy ${proxy}: ${what}${code === undefined ? '' : ` (${code})`}. ` +
      'Check the proxy URL (the `proxy` option, or HTTPS_PROXY / HTTP_PROXY), and that the proxy runs.',
    {
      action: context.action,
      cause,
      code: code ?? 'ProxyUnreachable',
      delivery: 'notSent',
      retryable: isRetryable(
        { transient: TRANSIENT_CODES.has(code ?? ''), delivery: 'notSent' },
        context.mutating,
      ),
    },
  );
}

/**
 * Top-level fields of an answer that say how the call went rather than carry its payload: the request
 * id, the error fields of Alibaba's gateways, and the `{ code, success, message, requestId }` envelope
 * of some Sddp actions (in both cases).
 */
const ENVELOPE_KEYS = new Set([
  'RequestId',
  'requestId',
  'Code',
  'code',
  'Message',
  'message',
  'HostId',
  'hostId',
  'Recommend',
  'recommend',
  'AccessDeniedDetail',
  'accessDeniedDetail',
  'Description',
  'description',
  'Success',
  'success',
  'ErrorCode',
  'errorCode',
  'ErrorMessage',
  'errorMessage',
  'HttpStatusCode',
  'httpStatusCode',
  'statusCode',
]);

/** Codes that report success rather than an error: `200`, `0`, `OK`, `Success`, `true`. */
const SUCCESS_CODE = /^(2\d\d|0|ok|success|successful|true)$/i;

/**
 * The service's error inside a 2xx answer, or `undefined` when the body is its payload:
 * - `Success: false` or `success: false` (also `"false"`, `0`): the call failed, with the body's code if it
 *   has one (`Code`, `code` when not a number, `errorCode`), `Http<code>` for a numeric `code`, or
 *   `UnknownError`;
 * - a `Code` (or `code`) that is not a success code, and none of the action's payload fields
 *   (`payloadKeys`, from the action's descriptor; when there are none, no field other than the
 *   envelope's): the service's error, answered with status 200.
 *
 * Either is mapped exactly as the same code on a 4xx/5xx answer would be (so `Throttling.User` is
 * retried), except that a code naming a failure on the service's side (`InternalError`,
 * `ServiceUnavailable`...) is a {@link ServerError} whatever the status: after a handling call, whether
 * the change was applied is then unknown.
 */
export function errorInBody(
  body: unknown,
  statusCode: number | undefined,
  payloadKeys: readonly string[] | undefined,
  context: ErrorContext,
): SdkError | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const fields = body as Record<string, unknown>;
  const succeeded = fields.Success ?? fields.success;
  if (succeeded === false || succeeded === 'false' || succeeded === 0 || succeeded === '0') {
    return envelopeError(fields, statusCode, context);
  }
  const code = fields.Code ?? fields.code;
  if (!isErrorCode(code) || hasPayload(fields, payloadKeys)) return undefined;
  // The cause names what was seen, never the body (which may echo a secret).
  const cause = new Error(`HTTP ${statusCode ?? 200} answer with an error code`);
  return mapServiceError(
    Object.assign(new Error(cause.message), { statusCode, data: fields }),
    context,
    cause,
  );
}

function envelopeError(
  fields: Record<string, unknown>,
  statusCode: number | undefined,
  context: ErrorContext,
): ApiError {
  const raw = fields.Code ?? fields.code;
  const status =
    typeof raw === 'number' || (typeof raw === 'string' && /^\d{3}$/.test(raw)) ? Number(raw) : NaN;
  const named = [fields.Code, fields.code, fields.errorCode, fields.ErrorCode].find(
    (value) => typeof value === 'string' && value !== '' && !/^\d+$/.test(value) && !SUCCESS_CODE.test(value),
  );
  const code = named ?? (Number.isInteger(status) && status >= 400 ? `Http${status}` : 'UnknownError');
  const data = {
    Code: code,
    Message: fields.Message ?? fields.message ?? fields.errorMessage ?? fields.ErrorMessage,
    RequestId: fields.RequestId ?? fields.requestId,
    HostId: fields.HostId,
    Recommend: fields.Recommend,
  };
  const cause = new Error(`HTTP ${statusCode ?? 200} answer with success: false`);
  // A numeric envelope code is the status the service meant (403: denied); else the answer's own.
  const effectiveStatus = Number.isInteger(status) && status >= 400 ? status : statusCode;
  return mapServiceError(
    Object.assign(new Error(cause.message), { data, statusCode: effectiveStatus }),
    context,
    cause,
  );
}

function isErrorCode(code: unknown): boolean {
  if (typeof code === 'number') return code >= 400;
  return typeof code === 'string' && code.trim() !== '' && !SUCCESS_CODE.test(code.trim());
}

function hasPayload(fields: Record<string, unknown>, payloadKeys: readonly string[] | undefined): boolean {
  if (payloadKeys !== undefined) {
    return payloadKeys.some(
      (key) => !ENVELOPE_KEYS.has(key) && fields[key] !== undefined && fields[key] !== null,
    );
  }
  return Object.keys(fields).some((key) => !ENVELOPE_KEYS.has(key));
}

/**
 * The error of an error answer (HTTP 4xx/5xx) whose body is a JSON object, in the shape the official
 * client threw, mapped by {@link mapClientError}.
 */
export function errorAnswer(
  statusCode: number,
  body: Record<string, unknown>,
  context: ErrorContext,
): SdkError {
  const code = body.Code ?? body.code;
  const message = body.Message ?? body.message;
  const requestId = body.RequestId ?? body.requestId;
  const raw = Object.assign(
    new Error(`${String(code)}: code: ${statusCode}, ${String(message)} request id: ${String(requestId)}`),
    {
      code: String(code),
      statusCode,
      data: { ...body, statusCode },
      accessDeniedDetail: body.AccessDeniedDetail ?? body.accessDeniedDetail,
    },
  );
  return mapClientError(raw, context);
}

/**
 * The error fields of an XML error body (`<Error><Code>…</Code><Message>…</Message>…</Error>`), as the
 * official client reads it from a gateway answering `text/xml`.
 */
export function xmlErrorFields(text: string): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const name of ['Code', 'Message', 'RequestId', 'HostId', 'Recommend']) {
    const found = new RegExp(`<${name}>([^<]*)</${name}>`).exec(text);
    if (found?.[1] !== undefined) fields[name] = unescapeXml(found[1].trim());
  }
  return fields;
}

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function unescapeXml(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos);/g, (_entity, name: string) => XML_ENTITIES[name] ?? '');
}

/**
 * An answer that is not a JSON object (a gateway's HTML page, an empty body, an array): nothing in it can
 * be trusted, so after a handling call whether the change was applied is unknown.
 */
export function malformedAnswer(
  context: ErrorContext,
  cause: Error,
  statusCode?: number,
): InvalidResponseError {
  return new InvalidResponseError(
    `${context.action}: the service answered${statusCode === undefined ? '' : ` HTTP ${statusCode}`} with a body that is not a JSON object, typically a gateway error page (HTTP 502/503). ` +
      (context.mutating
        ? 'Whether the change was applied is unknown: check the alerts before handling them again.'
        : 'Retry later.'),
    {
      action: context.action,
      cause,
      statusCode,
      code: 'MalformedResponse',
      delivery: 'unknown',
      retryable: isRetryable({ transient: true, delivery: 'unknown' }, context.mutating),
    },
  );
}

/** An answer that nests deeper than the SDK reads: unreadable, and not worth a retry. */
export function tooDeepAnswer(
  context: ErrorContext,
  maxDepth: number,
  statusCode: number,
): InvalidResponseError {
  return new InvalidResponseError(
    `${context.action}: the service answered HTTP ${statusCode} with JSON nested deeper than ${maxDepth} levels, which this SDK does not read. ` +
      (context.mutating
        ? 'Whether the change was applied is unknown: check the alerts before handling them again. '
        : '') +
      'Report it with the time of the call.',
    {
      action: context.action,
      statusCode,
      code: 'ResponseTooDeep',
      delivery: 'unknown',
      retryable: false,
      issues: [{ path: '', message: `nested deeper than ${maxDepth} levels` }],
    },
  );
}

/** An answer longer than the client's `maxResponseBytes`: reading stopped there. Not retryable. */
export function tooLargeAnswer(
  context: ErrorContext,
  statusCode: number,
  receivedBytes: number,
  maxResponseBytes: number,
): ResponseTooLargeError {
  return new ResponseTooLargeError(
    `${context.action}: the service's answer (HTTP ${statusCode}) is larger than maxResponseBytes (${maxResponseBytes} bytes); reading stopped after ${receivedBytes} bytes. ` +
      (context.mutating
        ? 'Whether the change was applied is unknown: check the alerts before handling them again.'
        : 'Ask for fewer items per page, or raise `maxResponseBytes`.'),
    {
      action: context.action,
      statusCode,
      code: 'ResponseTooLarge',
      delivery: 'unknown',
      retryable: false,
      maxResponseBytes,
      receivedBytes,
    },
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
  const inBody = statusCode === undefined || statusCode < 400;
  if ((statusCode !== undefined && statusCode >= 500) || (inBody && SERVER_SIDE_CODE.test(code))) {
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
