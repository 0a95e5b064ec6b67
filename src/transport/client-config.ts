/**
 * Option resolution of a client: every option checked (before anything else happens), defaults filled
 * in, the endpoint looked up. The call loop reads only the result.
 *
 * @packageDocumentation
 */
import { ValidationError } from '../errors.js';
import { checkOptions, type OptionRules } from '../util/check-options.js';
import type { Product } from './action-descriptor.js';
import { type ResolvedEndpoint, resolveEndpoint } from './endpoint.js';
import { LOG_LEVELS, type Log, resolveLog } from './logger.js';
import { NETWORK_OPTION_RULES, type NetworkConfig, resolveNetwork } from './network-options.js';
import type { ClientOptions, CredentialInput, RequestAuditEvent } from './options.js';
import { DEFAULT_RETRY, type RetryPolicy } from './retry-policy.js';

/** Rules of {@link RetryOptions}. */
export const RETRY_OPTION_RULES: OptionRules = {
  maxAttempts: { kind: 'integer', min: 1, max: 10 },
  baseDelayMs: { kind: 'duration', min: 0 },
  maxDelayMs: { kind: 'duration', min: 0 },
  maxElapsedMs: { kind: 'duration', min: 0 },
};

/** Smallest `maxResponseBytes`: room for an error answer of the service. */
const MIN_RESPONSE_BYTES = 1024;
/** Largest `maxResponseBytes`: 512 MiB, below the longest string the JavaScript engine can build. */
const MAX_RESPONSE_BYTES = 512 * 1024 * 1024;
/** Default `maxResponseBytes`: 10 MiB, some 70 pages of 100 alerts. */
export const DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

/** Rules of {@link ClientOptions}; handlers extend them with their own. */
export const CLIENT_OPTION_RULES: OptionRules = {
  regionId: { kind: 'string' },
  endpoint: { kind: 'string' },
  protocol: { kind: 'oneOf', values: ['https', 'http'] },
  credential: { kind: 'any' },
  timeoutMs: { kind: 'duration' },
  retry: { kind: 'object', rules: RETRY_OPTION_RULES, orFalse: true },
  maxConcurrentRequests: { kind: 'integer', min: 1, max: 1024 },
  maxRequestsPerSecond: { kind: 'number', above: 0, max: 10_000 },
  adaptiveRate: { kind: 'boolean' },
  maxResponseBytes: { kind: 'integer', min: MIN_RESPONSE_BYTES, max: MAX_RESPONSE_BYTES },
  ...NETWORK_OPTION_RULES,
  userAgent: { kind: 'string' },
  signatureVersion: { kind: 'oneOf', values: ['v3', 'v1'] },
  onAudit: { kind: 'function' },
  auditResponseBodies: { kind: 'boolean' },
  logger: { kind: 'methods', names: ['debug', 'info', 'warn', 'error'], what: 'a logger' },
  logLevel: { kind: 'oneOf', values: LOG_LEVELS },
};

/** Rules of {@link CallOptions}. */
export const CALL_OPTION_RULES: OptionRules = {
  signal: { kind: 'signal' },
  timeoutMs: { kind: 'duration' },
};

/** A client's options, checked, with every default filled in. */
export interface ClientConfig {
  /** Where requests go. */
  readonly endpoint: ResolvedEndpoint;
  /** Region, passed to the signer when given. */
  readonly regionId: string | undefined;
  /** The credential input; the default chain when `undefined`. */
  readonly credential: CredentialInput | undefined;
  /** Deadline of one attempt. */
  readonly timeoutMs: number;
  /** Retry policy; one attempt when retries are off. */
  readonly retry: RetryPolicy;
  /** Requests in flight at once. */
  readonly maxConcurrentRequests: number;
  /** Highest request rate, when limited. */
  readonly maxRequestsPerSecond: number | undefined;
  /** Whether the request rate adapts to throttling. */
  readonly adaptiveRate: boolean;
  /** Largest answer read, in bytes. */
  readonly maxResponseBytes: number;
  /** Proxy, trusted authorities and pools. */
  readonly network: NetworkConfig;
  /** The full User-Agent: this SDK's, then the caller's text. */
  readonly userAgent: string;
  /** Signature scheme. */
  readonly signatureVersion: 'v3' | 'v1';
  /** The audit hook. */
  readonly onAudit: ((event: RequestAuditEvent<Product>) => void) | undefined;
  /** Whether audit events carry response bodies. */
  readonly auditResponseBodies: boolean;
  /** Where log lines go, at which level. */
  readonly log: Log;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_CONCURRENT_REQUESTS = 16;

/**
 * Checks a client's options and resolves them.
 *
 * @param sdkUserAgent - This SDK's own User-Agent part, e.g. `alicloud-alert-handler/0.1.0`.
 * @throws {@link ValidationError} when an option (or `ALERT_HANDLER_LOG_LEVEL`) is invalid or no
 * endpoint resolves
 */
export function resolveClientConfig(
  product: Product,
  regionMap: Readonly<Record<string, string>>,
  options: ClientOptions<Product>,
  sdkUserAgent: string,
): ClientConfig {
  checkOptions(options, CLIENT_OPTION_RULES, `${product} client`);
  if (
    options.credential !== undefined &&
    (typeof options.credential !== 'object' || options.credential === null)
  ) {
    throw new ValidationError('`credential` must be an AccessKey pair or an object with getCredential().', {
      field: 'credential',
    });
  }
  const retry =
    options.retry === false ? { ...DEFAULT_RETRY, maxAttempts: 1 } : { ...DEFAULT_RETRY, ...options.retry };
  const endpoint = resolveEndpoint(product, regionMap, options);
  return {
    endpoint,
    regionId: options.regionId,
    credential: options.credential,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    retry,
    maxConcurrentRequests: options.maxConcurrentRequests ?? DEFAULT_MAX_CONCURRENT_REQUESTS,
    maxRequestsPerSecond: options.maxRequestsPerSecond,
    adaptiveRate: options.adaptiveRate ?? true,
    maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
    network: resolveNetwork(options, endpoint, process.env),
    userAgent: [sdkUserAgent, options.userAgent].filter(Boolean).join(' '),
    signatureVersion: options.signatureVersion ?? 'v3',
    onAudit: options.onAudit,
    auditResponseBodies: options.auditResponseBodies ?? false,
    log: resolveLog(options),
  };
}
