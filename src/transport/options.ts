import type { ResponseTooLargeError, SdkError, ValidationIssue } from '../errors.js';
import type { Product } from './action-descriptor.js';
import type { Logger, LogLevel } from './logger.js';

/** An AccessKey pair, optionally with an STS token. */
export interface AccessKeyCredential {
  /** AccessKey ID. */
  accessKeyId: string;
  /** AccessKey secret. Never logged or shown by this SDK. */
  accessKeySecret: string;
  /** STS security token, for temporary credentials. */
  securityToken?: string | undefined;
}

/** What a credential provider returns; the shape `@alicloud/credentials` uses. */
export interface CredentialModel {
  /** AccessKey ID. */
  accessKeyId?: string;
  /** AccessKey secret. */
  accessKeySecret?: string;
  /** STS token, for temporary credentials. */
  securityToken?: string;
  /** Credential type, e.g. `access_key` or `sts`. */
  type?: string;
  /** Name of the provider that produced the credentials. */
  providerName?: string;
}

/**
 * Any object that yields credentials on demand, such as a `Credential` of `@alicloud/credentials`.
 * It is called before every request, so rotating credentials work.
 */
export interface CredentialProvider {
  /**
   * Returns the credentials to sign the next request with.
   *
   * @example
   * ```ts
   * const credential: CredentialProvider = {
   *   // Asked before every request: hand out fresh STS credentials, e.g. from your own secret store.
   *   getCredential: async () => ({
   *     accessKeyId: process.env.STS_ACCESS_KEY_ID,
   *     accessKeySecret: process.env.STS_ACCESS_KEY_SECRET,
   *     securityToken: process.env.STS_SECURITY_TOKEN,
   *     type: 'sts',
   *   }),
   * };
   * const alerts = new AlertHandler({ regionId: 'cn-shanghai', credential });
   * ```
   */
  getCredential(): Promise<CredentialModel>;
}

/**
 * Credentials for a client: explicit keys, a provider, or (when omitted) the default chain of
 * `@alicloud/credentials` (environment, OIDC, CLI profile, credentials file, ECS RAM role, URI).
 */
export type CredentialInput = AccessKeyCredential | CredentialProvider;

/** Retry behaviour. Retries use exponential backoff with full jitter. */
export interface RetryOptions {
  /**
   * Attempts in all, the first included. `1` disables retries.
   * @defaultValue 3
   */
  maxAttempts?: number;
  /**
   * Backoff base: the n-th retry waits a random time in [0, min(maxDelayMs, baseDelayMs × 2^(n-1))].
   * @defaultValue 200
   */
  baseDelayMs?: number;
  /**
   * Upper bound of one backoff wait.
   * @defaultValue 5000
   */
  maxDelayMs?: number;
  /**
   * Budget for a call and all its retries; no retry starts after it is spent.
   * @defaultValue 30000
   */
  maxElapsedMs?: number;
}

/**
 * The connection pools of a client (Node's `http.Agent` settings). Given, the client keeps pools of its
 * own with these settings, one per protocol (and per proxy), instead of the process-wide ones.
 */
export interface HttpAgentOptions {
  /**
   * Keeps connections open between requests, for the next one.
   * @defaultValue true
   */
  keepAlive?: boolean;
  /**
   * Initial delay of TCP keep-alive probes on an open connection, in milliseconds.
   * @defaultValue 1000
   */
  keepAliveMsecs?: number;
  /**
   * Connections open at once per host (per endpoint, or per proxy); unlimited when omitted, so that
   * `maxConcurrentRequests` alone bounds them.
   */
  maxSockets?: number;
  /**
   * Idle connections kept per host, when `keepAlive` is on.
   * @defaultValue 256
   */
  maxFreeSockets?: number;
}

/**
 * What the audit hook sees of every request attempt: never a secret, a signature or a signed URL.
 *
 * @typeParam P - The products of the client that emits it: Security Center and Data Security Center
 * unless said otherwise; `RequestAuditEvent<Product>` is an event of any client.
 */
export interface RequestAuditEvent<P extends Product = 'Sas' | 'Sddp'> {
  /** Always `request`: one attempt of one API call. */
  kind: 'request';
  /** Product of the action. */
  product: P;
  /** Action called. */
  action: string;
  /** API version. */
  version: string;
  /** 1 for the first attempt, 2 for the first retry, ... */
  attempt: number;
  /**
   * Milliseconds of backoff waited before this attempt: `0` for the first, a full-jitter wait before each
   * retry. The failed call's error sums them as {@link SdkError.totalDelayMs}.
   */
  delayMs: number;
  /** The parameters as sent on the wire (flattened, e.g. `SecurityEventIds.1`). */
  params: Readonly<Record<string, string>>;
  /** How long the attempt took. */
  durationMs: number;
  /**
   * Bytes of the request as sent: its path with the query string, and its body (headers not counted);
   * `0` when it was not sent (no credentials).
   */
  requestBytes: number;
  /** Bytes of the answer's body as read (inflated, if a proxy compressed it), when one was read. */
  responseBytes?: number | undefined;
  /** `success` or `error`. */
  outcome: 'success' | 'error';
  /** HTTP status, when the service answered. */
  statusCode?: number | undefined;
  /** RequestId, when the service answered. */
  requestId?: string | undefined;
  /**
   * The parsed response body, on success, only when the client option `auditResponseBodies` is `true`
   * (it may hold IP addresses, command lines and user names; a page of 100 alerts is about 150 kB): as
   * read, with the normalizations listed in
   * {@link RequestAuditEvent.normalized} made in place. Integers beyond ±2^53 are exact decimal strings
   * in it (e.g. `"1234567890123456789"`), never rounded numbers.
   */
  response?: unknown;
  /**
   * What reading the response changed so that it could be used, one entry per field: its path (e.g.
   * `SuspEvents[3].InternetIp`) and what was done (a `null` read as absent, a numeric string read as a
   * number...), on success. Absent when nothing was changed: a normalization is never silent.
   */
  normalized?: readonly ValidationIssue[] | undefined;
  /**
   * What checking the request's parameters accepted with a warning or changed, one entry per parameter
   * (e.g. an `OperationCode` outside the documented list, which may grow, sent as given), on every
   * attempt's event. Absent when there was nothing to note.
   */
  paramNotes?: readonly ValidationIssue[] | undefined;
  /** The mapped error, on failure. */
  error?: SdkError | undefined;
  /** Whether another attempt follows. */
  willRetry: boolean;
}

/**
 * Options of {@link SasClient} and {@link SddpClient}, and of the other clients.
 *
 * @typeParam P - The products whose calls the client makes, as its audit events name them.
 */
export interface ClientOptions<P extends Product = 'Sas' | 'Sddp'> {
  /**
   * Region of the account, e.g. `cn-shanghai`; the endpoint is looked up in the product's region map.
   * Either this or `endpoint` must be set.
   */
  regionId?: string;
  /**
   * Explicit endpoint: a host (and port), e.g. `tds.cn-shanghai.aliyuncs.com` or `127.0.0.1:8080`, or a URL
   * of one, e.g. `http://127.0.0.1:8080` as the emulator prints it, whose scheme gives the protocol.
   */
  endpoint?: string;
  /**
   * Protocol; use `http` only for a local emulator. An `endpoint` URL gives it too; the two must agree.
   * @defaultValue the `endpoint` URL's scheme, else 'https'
   */
  protocol?: 'https' | 'http';
  /** Credentials; the default chain of `@alicloud/credentials` when omitted. */
  credential?: CredentialInput;
  /**
   * Deadline of one attempt: connecting, sending and reading the whole answer. An attempt past it is
   * given up and its connection closed.
   * @defaultValue 10000
   */
  timeoutMs?: number;
  /** Retry behaviour, or `false` for a single attempt. */
  retry?: RetryOptions | false;
  /**
   * Requests of this client in flight at once; further ones wait their turn.
   * @defaultValue 16
   */
  maxConcurrentRequests?: number;
  /**
   * Highest request rate of this client: requests start evenly spaced at this rate, which keeps clear
   * of the service's throttling. With `adaptiveRate` (the default) the client starts at it, lowers it
   * when throttled and grows back to it; without, it is fixed.
   * @defaultValue none: the adaptive rate alone decides (from 20 requests/s, growing while requests
   * wait for it); unlimited when `adaptiveRate` is `false`
   */
  maxRequestsPerSecond?: number;
  /**
   * Whether the request rate adapts to the service, as the AWS SDKs' adaptive retry mode does: requests
   * start evenly spaced at a rate that grows while they wait for it (from 20 requests/s, or from
   * `maxRequestsPerSecond`) and drops to 70 % on a throttled reply (`Throttling*`, HTTP 429), then grows
   * back along a cubic curve that stays near the throttled rate for about a minute before it probes
   * beyond. `false` sends at `maxRequestsPerSecond` if given, else as fast as `maxConcurrentRequests`
   * allows. See docs/performance.md.
   * @defaultValue true
   */
  adaptiveRate?: boolean;
  /**
   * Largest answer read, in bytes. Reading stops at the cap, the connection is closed and the call fails
   * with a {@link ResponseTooLargeError}, so that one answer cannot exhaust the process's memory. A page
   * of 100 alerts is about 150 kB.
   * @defaultValue 10485760 (10 MiB)
   */
  maxResponseBytes?: number;
  /**
   * Forward proxy: a URL `http://[user:password@]host:port` (or `https://…` for a proxy spoken to over
   * TLS), or `false` for none even when the environment names one. https endpoints are reached through
   * a CONNECT tunnel (the endpoint's certificate is checked as without a proxy), http ones by absolute
   * URI. The user and password go in a `Proxy-Authorization: Basic` header, never in errors or events.
   * @defaultValue the environment's, read when the client is built: `https_proxy`/`HTTPS_PROXY` for an
   * https endpoint, `http_proxy`/`HTTP_PROXY` for an http one, unless `no_proxy`/`NO_PROXY` exempts it
   * or it is a loopback host (see docs/network.md)
   */
  proxy?: string | URL | false;
  /**
   * Certificates of the authorities trusted for TLS (PEM): the endpoint's, through a proxy too, and an
   * https:// proxy's. Given, they replace Node's bundled list, as `tls.connect`'s `ca` does: add
   * `tls.rootCertificates` to keep it.
   * @defaultValue Node's bundled CA certificates
   */
  ca?: string | Buffer | readonly (string | Buffer)[];
  /**
   * Connection pool settings; given, the client has pools of its own.
   * @defaultValue the process-wide pools: keep-alive on, unlimited connections (bounded by
   * `maxConcurrentRequests`)
   */
  agent?: HttpAgentOptions;
  /** Text appended to the User-Agent header. */
  userAgent?: string;
  /**
   * Signature scheme. `v1` is the legacy HMAC-SHA1 RPC signature; it puts the AccessKey ID, the
   * signature and any STS token in the URL, so prefer the default.
   * @defaultValue 'v3'
   */
  signatureVersion?: 'v3' | 'v1';
  /**
   * Called after every request attempt, for audit logs and metrics, with its ids, status, timings and
   * sizes (see {@link RequestAuditEvent}); the response body only with `auditResponseBodies: true`.
   * Exceptions it throws are ignored. (Declared as a method so that client options can be handed to a
   * handler, whose hook also sees its own events.)
   *
   * @example
   * ```ts
   * const sas = new SasClient({
   *   regionId: 'cn-shanghai',
   *   onAudit: (event) => console.log(event.action, event.attempt, event.outcome, event.requestId, event.responseBytes),
   * });
   * ```
   */
  onAudit?(event: RequestAuditEvent<P>): void;
  /**
   * Puts each successful attempt's parsed response body on its audit event (`response`). Off by default:
   * bodies may hold IP addresses, command lines and user names, and a page of 100 alerts is about 150 kB.
   * @defaultValue false
   */
  auditResponseBodies?: boolean;
  /**
   * Where log lines go: `console`, a pino logger, or anything with `debug`, `info`, `warn` and `error`
   * methods (see docs/logging.md). Without it nothing is logged, unless the environment variable
   * `ALERT_HANDLER_LOG_LEVEL` is set: then lines go to stderr.
   *
   * @example
   * ```ts
   * const sas = new SasClient({ regionId: 'cn-shanghai', logger: console, logLevel: 'debug' });
   * ```
   */
  logger?: Logger;
  /**
   * The least severe level logged.
   * @defaultValue `ALERT_HANDLER_LOG_LEVEL`, else 'info'
   */
  logLevel?: LogLevel;
}

/** Options of a single call. */
export interface CallOptions {
  /** Aborts the call: it rejects at once with an {@link AbortError}, and its connection is closed. */
  signal?: AbortSignal;
  /** Overrides the client's per-attempt deadline for this call. */
  timeoutMs?: number;
}
