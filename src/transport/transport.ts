import { InvalidResponseError, SdkError, ValidationError, type ValidationIssue } from '../errors.js';
import type { CheckResult } from '../validation/checks.js';
import { SDK_VERSION } from '../version.js';
import type { ActionDescriptor, Product } from './action-descriptor.js';
import { OpenApiModule, TeaUtilModule } from './alicloud.js';
import { CredentialSource } from './credentials.js';
import { abortError, sleep, withDeadline } from './deadline.js';
import { resolveEndpoint } from './endpoint.js';
import { unwrapDefault } from './interop.js';
import { RequestLimiter } from './limiter.js';
import { envelopeFailure, mapClientError, timeoutError } from './map-error.js';
import type { CallOptions, ClientOptions, RequestAuditEvent, RetryOptions } from './options.js';
import { redactText } from './redact.js';
import { toWireRequest, type WireRequest } from './serialize.js';

const { Config, OpenApiRequest, Params } = OpenApiModule;
const { RuntimeOptions } = TeaUtilModule;
type RuntimeOptions = InstanceType<typeof RuntimeOptions>;

interface OpenApiClient {
  callApi(
    params: InstanceType<typeof Params>,
    request: InstanceType<typeof OpenApiRequest>,
    runtime: RuntimeOptions,
  ): Promise<{ statusCode?: number; body?: unknown }>;
}
type OpenApiClientConstructor = new (config: InstanceType<typeof Config>) => OpenApiClient;

/** What the error that ends a failed call reports of its retries (see {@link SdkError.attempts}). */
interface RetryMetadata {
  attempts: number;
  totalDelayMs: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_CONCURRENT_REQUESTS = 16;
const DEFAULT_RETRY: Required<RetryOptions> = {
  maxAttempts: 3,
  baseDelayMs: 200,
  maxDelayMs: 5_000,
  maxElapsedMs: 30_000,
};

/**
 * Calls RPC actions of one product through `@alicloud/openapi-client`: validates the request, flattens
 * it, signs and sends it under a deadline, retries where that is safe, maps every failure to a typed
 * {@link SdkError} free of secrets, and validates the response. The only code that touches the client.
 */
export class Transport {
  readonly #product: Product;
  readonly #client: OpenApiClient;
  readonly #credentials: CredentialSource;
  readonly #timeoutMs: number;
  readonly #retry: Required<RetryOptions>;
  readonly #onAudit: ((event: RequestAuditEvent) => void) | undefined;
  readonly #limiter: RequestLimiter;
  /** Removes the secrets seen so far from a text; one closure for the client's lifetime. */
  readonly #redact = (text: string): string => redactText(text, this.#credentials.secrets);
  /** The runtime options of the last timeout used: never mutated by the client, so shared. */
  #runtime: RuntimeOptions | undefined;

  constructor(product: Product, regionMap: Readonly<Record<string, string>>, options: ClientOptions = {}) {
    const endpoint = resolveEndpoint(product, regionMap, options);
    this.#product = product;
    this.#timeoutMs = positive(options.timeoutMs ?? DEFAULT_TIMEOUT_MS, 'timeoutMs');
    this.#retry = retryOptions(options.retry);
    this.#onAudit = options.onAudit;
    this.#limiter = new RequestLimiter(
      positiveInteger(
        options.maxConcurrentRequests ?? DEFAULT_MAX_CONCURRENT_REQUESTS,
        'maxConcurrentRequests',
      ),
      options.maxRequestsPerSecond === undefined ? undefined : positiveRate(options.maxRequestsPerSecond),
    );
    this.#credentials = new CredentialSource(options.credential);
    if (options.signatureVersion !== undefined && !['v3', 'v1'].includes(options.signatureVersion)) {
      throw new ValidationError("`signatureVersion` must be 'v3' or 'v1'.", { field: 'signatureVersion' });
    }
    const OpenApiClient = unwrapDefault<OpenApiClientConstructor>(OpenApiModule);
    this.#client = new OpenApiClient(
      new Config({
        credential: this.#credentials,
        endpoint: endpoint.host,
        protocol: endpoint.protocol,
        regionId: options.regionId,
        readTimeout: this.#timeoutMs,
        connectTimeout: this.#timeoutMs,
        userAgent: [`alicloud-alert-handler/${SDK_VERSION}`, options.userAgent].filter(Boolean).join(' '),
        signatureAlgorithm: options.signatureVersion === 'v1' ? 'v2' : undefined,
      }),
    );
  }

  /**
   * Calls one action and returns its validated response body.
   *
   * @throws {@link ValidationError} when the request is invalid (nothing is sent)
   * @throws {@link ApiError} (or a subclass) when the service refuses the call
   * @throws {@link TimeoutError}, {@link NetworkError}, {@link AbortError}, {@link CredentialsError},
   *   {@link InvalidResponseError}
   */
  async call<Request, Response>(
    descriptor: ActionDescriptor<Request, Response>,
    request: Request,
    options: CallOptions = {},
  ): Promise<Response> {
    const timeoutMs = positive(options.timeoutMs ?? this.#timeoutMs, 'timeoutMs');
    const valid = validated(descriptor.validateRequest(request ?? {}), descriptor.action, 'request');
    const wire = toWireRequest(descriptor, valid);
    const startedAt = performance.now();
    const { maxAttempts, maxElapsedMs } = this.#retry;
    const willRetry = (error: unknown, attempt: number) =>
      error instanceof SdkError &&
      error.retryable &&
      attempt < maxAttempts &&
      performance.now() - startedAt < maxElapsedMs &&
      !options.signal?.aborted;
    const retries: RetryMetadata = { attempts: 0, totalDelayMs: 0 };
    const { action } = descriptor;

    // The retry policy (which errors, how many attempts, the time budget, full-jitter backoff) is this
    // class's; what is left is a loop. (p-retry ran it before, at ~10 µs of CPU per call.)
    for (let attempt = 1; ; attempt++) {
      try {
        const delayMs =
          attempt > 1
            ? await this.#backoff(attempt, startedAt, { action, signal: options.signal, retries })
            : 0;
        // Checked before the client is called: once called, it sends the request whatever happens next.
        if (options.signal?.aborted) throw abortError(action, options.signal);
        retries.attempts = attempt;
        return await this.#attempt(descriptor, wire, {
          attempt,
          delayMs,
          timeoutMs,
          signal: options.signal,
          willRetry,
        });
      } catch (error) {
        if (willRetry(error, attempt)) continue;
        // Readonly to callers: set here, once, on the error that ends the call.
        if (error instanceof SdkError) Object.assign(error, retries);
        throw error;
      }
    }
  }

  /**
   * Waits the full-jitter backoff before retry number `attempt - 1`, never past the retry budget, and
   * returns the time actually waited, which it also adds to `retries.totalDelayMs`.
   */
  async #backoff(
    attempt: number,
    startedAt: number,
    call: { action: string; signal: AbortSignal | undefined; retries: RetryMetadata },
  ): Promise<number> {
    const { baseDelayMs, maxDelayMs, maxElapsedMs } = this.#retry;
    const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 2));
    const remaining = Math.max(0, maxElapsedMs - (performance.now() - startedAt));
    const started = performance.now();
    let waitedMs = 0;
    try {
      await sleep(Math.min(Math.random() * ceiling, remaining), call.signal, call.action);
    } finally {
      waitedMs = performance.now() - started;
      call.retries.totalDelayMs += waitedMs;
    }
    return waitedMs;
  }

  async #attempt<Response>(
    descriptor: ActionDescriptor<unknown, Response>,
    wire: WireRequest,
    context: {
      attempt: number;
      delayMs: number;
      timeoutMs: number;
      signal: AbortSignal | undefined;
      willRetry: (error: unknown, attempt: number) => boolean;
    },
  ): Promise<Response> {
    const { action } = descriptor;
    const errorContext = {
      action,
      ramAction: descriptor.ramAction,
      mutating: descriptor.mutating,
      timeoutMs: context.timeoutMs,
      redact: this.#redact,
    };
    // A free slot is taken synchronously; only a full limiter (or pacing) costs an await.
    const release = this.#limiter.tryAcquire() ?? (await this.#limiter.acquire(context.signal, action));
    const started = performance.now();
    const onAudit = this.#onAudit;
    // Without a hook, no event (nor its copy of the parameters) is built.
    const audit = (event: Partial<RequestAuditEvent> & Pick<RequestAuditEvent, 'outcome'>) => {
      if (onAudit === undefined) return;
      this.#audit(onAudit, {
        kind: 'request',
        product: this.#product,
        action,
        version: descriptor.version,
        attempt: context.attempt,
        delayMs: context.delayMs,
        params: { ...wire.query, ...wire.body },
        durationMs: performance.now() - started,
        willRetry: false,
        ...event,
      });
    };

    let result: { statusCode?: number; body?: unknown };
    try {
      result = await withDeadline(
        this.#client.callApi(
          params(descriptor),
          new OpenApiRequest({ query: wire.query, body: wire.body }),
          this.#runtimeOptions(context.timeoutMs),
        ),
        context.timeoutMs,
        context.signal,
        () => timeoutError(errorContext),
        action,
      );
    } catch (raw) {
      const error = mapClientError(raw, errorContext);
      audit({
        outcome: 'error',
        error,
        statusCode: error.statusCode,
        requestId: error.requestId,
        willRetry: context.willRetry(error, context.attempt),
      });
      throw error;
    } finally {
      release();
    }
    const body = result.body as Record<string, unknown> | undefined;
    const failure = envelopeFailure(body, errorContext);
    if (failure !== undefined) {
      audit({
        outcome: 'error',
        error: failure,
        statusCode: result.statusCode,
        requestId: failure.requestId,
        willRetry: context.willRetry(failure, context.attempt),
      });
      throw failure;
    }
    const requestId = typeof body?.RequestId === 'string' ? body.RequestId : undefined;
    audit({ outcome: 'success', statusCode: result.statusCode, requestId, response: body });
    return validated(descriptor.parseResponse(body), action, 'response', requestId);
  }

  #runtimeOptions(timeoutMs: number): RuntimeOptions {
    if (this.#runtime?.readTimeout !== timeoutMs) {
      this.#runtime = new RuntimeOptions({
        autoretry: false,
        readTimeout: timeoutMs,
        connectTimeout: timeoutMs,
      });
    }
    return this.#runtime;
  }

  #audit(onAudit: (event: RequestAuditEvent) => void, event: RequestAuditEvent): void {
    try {
      onAudit(event);
    } catch {
      // An audit hook must not break the call it observes.
    }
  }
}

/** One `Params` per action: built once, as the client only reads it. */
const paramsByDescriptor = new WeakMap<object, InstanceType<typeof Params>>();

function params(descriptor: ActionDescriptor<unknown, unknown>): InstanceType<typeof Params> {
  let cached = paramsByDescriptor.get(descriptor);
  if (cached === undefined) {
    cached = newParams(descriptor);
    paramsByDescriptor.set(descriptor, cached);
  }
  return cached;
}

function newParams(descriptor: ActionDescriptor<unknown, unknown>): InstanceType<typeof Params> {
  return new Params({
    action: descriptor.action,
    version: descriptor.version,
    protocol: 'HTTPS',
    pathname: descriptor.pathname,
    method: descriptor.method,
    authType: 'AK',
    style: descriptor.style,
    reqBodyType: descriptor.reqBodyType,
    bodyType: descriptor.bodyType,
  });
}

/** The checked request or response, or the matching typed error. */
function validated<T>(
  parsed: CheckResult<T>,
  action: string,
  kind: 'request' | 'response',
  requestId?: string,
): T {
  if (parsed.success) return parsed.data;
  const issues: ValidationIssue[] = parsed.issues.map((issue) => ({
    path: formatPath(issue.path),
    message: issue.message,
  }));
  const listed = issues.map((issue) => `${issue.path || '(root)'}: ${issue.message}`).join('; ');
  if (kind === 'request') {
    throw new ValidationError(`Invalid ${action} request: ${listed}. Nothing was sent.`, { issues, action });
  }
  throw new InvalidResponseError(
    `${action} answered with a body this SDK does not recognize (${listed}). Report it with the request id.`,
    { code: 'InvalidResponse', action, requestId, issues },
  );
}

/** `['SuspEvents', 0, 'Level']` → `SuspEvents[0].Level`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, index) => (typeof key === 'number' ? `[${key}]` : `${index === 0 ? '' : '.'}${String(key)}`))
    .join('');
}

function positive(value: number, field: string): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new ValidationError(`\`${field}\` must be a positive number of milliseconds, got ${value}.`, {
      field,
    });
  }
  return value;
}

function retryOptions(retry: RetryOptions | false | undefined): Required<RetryOptions> {
  if (retry === false) return { ...DEFAULT_RETRY, maxAttempts: 1 };
  const merged = { ...DEFAULT_RETRY, ...retry };
  if (!Number.isInteger(merged.maxAttempts) || merged.maxAttempts < 1 || merged.maxAttempts > 10) {
    throw new ValidationError('`retry.maxAttempts` must be an integer from 1 to 10.', {
      field: 'retry.maxAttempts',
    });
  }
  for (const field of ['baseDelayMs', 'maxDelayMs', 'maxElapsedMs'] as const) {
    if (!Number.isFinite(merged[field]) || merged[field] < 0) {
      throw new ValidationError(`\`retry.${field}\` must be a non-negative number.`, {
        field: `retry.${field}`,
      });
    }
  }
  return merged;
}

function positiveInteger(value: number, field: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new ValidationError(`\`${field}\` must be a positive integer, got ${value}.`, { field });
  }
  return value;
}

function positiveRate(value: number): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new ValidationError(`\`maxRequestsPerSecond\` must be a positive number, got ${value}.`, {
      field: 'maxRequestsPerSecond',
    });
  }
  return value;
}
