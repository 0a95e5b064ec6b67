import { SdkError } from '../errors.js';
import { checkOptions } from '../util/check-options.js';
import { abortError, sleep, withDeadline } from '../util/deadline.js';
import { SDK_VERSION } from '../version.js';
import type { ActionDescriptor, Product } from './action-descriptor.js';
import { OpenApiModule, TeaUtilModule } from './alicloud.js';
import { CALL_OPTION_RULES, type ClientConfig, resolveClientConfig } from './client-config.js';
import { CredentialSource } from './credentials.js';
import { unwrapDefault } from './interop.js';
import { RequestLimiter } from './limiter.js';
import { envelopeFailure, mapClientError, timeoutError } from './map-error.js';
import type { CallOptions, ClientOptions, RequestAuditEvent } from './options.js';
import { redactText } from './redact.js';
import { backoffMs, shouldRetry } from './retry-policy.js';
import { toWireRequest, type WireRequest } from './serialize.js';
import { validated } from './validated.js';

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

/**
 * Calls RPC actions of one product through `@alicloud/openapi-client`: validates the request, flattens
 * it, signs and sends it under a deadline, retries as the retry policy allows, maps every failure to a
 * typed {@link SdkError} free of secrets, and validates the response. The only code that touches the
 * client. Options are resolved in `client-config.ts`; the retry policy is `retry-policy.ts`.
 */
export class Transport {
  readonly #client: OpenApiClient;
  readonly #credentials: CredentialSource;
  readonly #config: ClientConfig;
  readonly #limiter: RequestLimiter;
  /** Removes the secrets seen so far from a text; one closure for the client's lifetime. */
  readonly #redact = (text: string): string => redactText(text, this.#credentials.secrets);
  /** The runtime options of the last timeout used: never mutated by the client, so shared. */
  #runtime: RuntimeOptions | undefined;

  /**
   * @throws {@link ValidationError} when an option is invalid or no endpoint resolves
   */
  constructor(product: Product, regionMap: Readonly<Record<string, string>>, options: ClientOptions = {}) {
    const config = resolveClientConfig(product, regionMap, options, `alicloud-alert-handler/${SDK_VERSION}`);
    this.#config = config;
    this.#limiter = new RequestLimiter(config.maxConcurrentRequests, config.maxRequestsPerSecond);
    this.#credentials = new CredentialSource(config.credential);
    const OpenApiClient = unwrapDefault<OpenApiClientConstructor>(OpenApiModule);
    this.#client = new OpenApiClient(
      new Config({
        credential: this.#credentials,
        endpoint: config.endpoint.host,
        protocol: config.endpoint.protocol,
        regionId: config.regionId,
        readTimeout: config.timeoutMs,
        connectTimeout: config.timeoutMs,
        userAgent: config.userAgent,
        signatureAlgorithm: config.signatureVersion === 'v1' ? 'v2' : undefined,
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
    options?: CallOptions,
  ): Promise<Response> {
    if (options !== undefined) checkOptions(options, CALL_OPTION_RULES, descriptor.action);
    const timeoutMs = options?.timeoutMs ?? this.#config.timeoutMs;
    const signal = options?.signal;
    const valid = validated(descriptor.validateRequest(request ?? {}), descriptor.action, 'request');
    const wire = toWireRequest(descriptor, valid);
    const startedAt = performance.now();
    const policy = this.#config.retry;
    const willRetry = (error: unknown, attempt: number) =>
      shouldRetry(
        error,
        { attempt, elapsedMs: performance.now() - startedAt, aborted: signal?.aborted ?? false },
        policy,
      );
    const retries: RetryMetadata = { attempts: 0, totalDelayMs: 0 };
    const { action } = descriptor;

    for (let attempt = 1; ; attempt++) {
      try {
        let delayMs = 0;
        if (attempt > 1) {
          const started = performance.now();
          try {
            // Nothing of this attempt is sent while it waits: an abort here leaves it unsent.
            await sleep(backoffMs(attempt, started - startedAt, policy), signal, action, 'notSent');
          } finally {
            delayMs = performance.now() - started;
            retries.totalDelayMs += delayMs;
          }
        }
        // Checked before the client is called: once called, it sends the request whatever happens next.
        if (signal?.aborted) throw abortError(action, signal, 'notSent');
        retries.attempts = attempt;
        return await this.#attempt(descriptor, wire, { attempt, delayMs, timeoutMs, signal, willRetry });
      } catch (error) {
        if (willRetry(error, attempt)) continue;
        // Readonly to callers: set here, once, on the error that ends the call.
        if (error instanceof SdkError) Object.assign(error, retries);
        throw error;
      }
    }
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
    const onAudit = this.#config.onAudit;
    // Without a hook, no event (nor its copy of the parameters) is built.
    const audit = (event: Partial<RequestAuditEvent> & Pick<RequestAuditEvent, 'outcome'>) => {
      if (onAudit === undefined) return;
      this.#audit(onAudit, {
        kind: 'request',
        product: descriptor.product,
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
    pathname: descriptor.pathname,
    method: descriptor.method,
    authType: descriptor.authType,
    style: descriptor.style,
    reqBodyType: descriptor.reqBodyType,
    bodyType: descriptor.bodyType,
  });
}
