import type { IncomingHttpHeaders } from 'node:http';
import { SdkError, ThrottlingError, type ValidationIssue } from '../errors.js';
import { checkOptions } from '../util/check-options.js';
import { abortError, sleep, withDeadline } from '../util/deadline.js';
import { SDK_VERSION } from '../version.js';
import type { ActionDescriptor, Product } from './action-descriptor.js';
import { AdaptiveRate } from './adaptive-rate.js';
import { CALL_OPTION_RULES, type ClientConfig, resolveClientConfig } from './client-config.js';
import { CredentialSource } from './credentials.js';
import { AnswerTooLarge, exchange, type HttpExchange, type HttpTarget, httpTarget } from './http-exchange.js';
import { JsonTooDeep, MAX_JSON_DEPTH, parseJson } from './json-body.js';
import { fixedRate, RequestLimiter, type SendRate } from './limiter.js';
import {
  type ErrorContext,
  errorAnswer,
  errorInBody,
  malformedAnswer,
  mapClientError,
  timeoutError,
  tooDeepAnswer,
  tooLargeAnswer,
  xmlErrorFields,
} from './map-error.js';
import type { CallOptions, ClientOptions, RequestAuditEvent } from './options.js';
import { redactText, sanitizeError } from './redact.js';
import { logAttempt, logFailure, logRetry } from './request-log.js';
import { backoffMs, shouldRetry } from './retry-policy.js';
import { toWireRequest, type WireRequest } from './serialize.js';
import { type SigningSettings, signedRequest, userAgentHeader } from './signed-request.js';
import { validated } from './validated.js';

/** A whole answer, read and parsed: its status and its JSON object body. */
interface ReadAnswer {
  statusCode: number;
  body: Record<string, unknown>;
}

/** What the error that ends a failed call reports of its retries (see {@link SdkError.attempts}). */
interface RetryMetadata {
  attempts: number;
  totalDelayMs: number;
}

/**
 * Calls RPC actions of one product: validates the request, flattens it, signs it as
 * `@alicloud/openapi-client` does (`signed-request.ts`, with `@alicloud/openapi-util`), sends it and
 * reads the answer under a deadline, never more than `maxResponseBytes` of it (`http-exchange.ts`),
 * closes the connection of an attempt it gives up, reads the JSON with exact int64 digits and bounded
 * nesting (`json-body.ts`), retries as the retry policy allows, maps every failure (an error inside a
 * 200 included) to a typed {@link SdkError} free of secrets, and validates the response. Options are
 * resolved in `client-config.ts`; the retry policy is `retry-policy.ts`.
 */
export class Transport {
  readonly #target: HttpTarget;
  readonly #signing: SigningSettings;
  readonly #credentials: CredentialSource;
  readonly #config: ClientConfig;
  readonly #limiter: RequestLimiter;
  /** Removes the secrets seen so far from a text; one closure for the client's lifetime. */
  readonly #redact = (text: string): string => redactText(text, this.#credentials.secrets);

  /**
   * @throws {@link ValidationError} when an option is invalid or no endpoint resolves
   */
  constructor(
    product: Product,
    regionMap: Readonly<Record<string, string>>,
    options: ClientOptions<Product> = {},
  ) {
    const config = resolveClientConfig(product, regionMap, options, `alicloud-alert-handler/${SDK_VERSION}`);
    this.#config = config;
    this.#limiter = new RequestLimiter(config.maxConcurrentRequests, sendRate(config));
    this.#credentials = new CredentialSource(config.credential);
    this.#target = httpTarget(config.endpoint, config.network, config.timeoutMs);
    this.#signing = {
      host: config.endpoint.host,
      userAgent: userAgentHeader(config.userAgent),
      signatureVersion: config.signatureVersion,
    };
  }

  /**
   * Calls one action and returns its validated response body.
   *
   * @throws {@link ValidationError} when the request is invalid (nothing is sent)
   * @throws {@link ApiError} (or a subclass) when the service refuses the call
   * @throws {@link TimeoutError}, {@link NetworkError}, {@link AbortError}, {@link CredentialsError},
   *   {@link InvalidResponseError} (a {@link ResponseTooLargeError} past `maxResponseBytes`)
   */
  async call<Request, Response>(
    descriptor: ActionDescriptor<Request, Response>,
    request: Request,
    options?: CallOptions,
  ): Promise<Response> {
    if (options !== undefined) checkOptions(options, CALL_OPTION_RULES, descriptor.action);
    const timeoutMs = options?.timeoutMs ?? this.#config.timeoutMs;
    const signal = options?.signal;
    let paramNotes: readonly ValidationIssue[] | undefined;
    const valid = validated(
      descriptor.validateRequest(request ?? {}),
      descriptor.action,
      'request',
      undefined,
      (notes) => {
        paramNotes = notes;
      },
    );
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
    const { action, product } = descriptor;
    const { log } = this.#config;
    // The wait before the next attempt, drawn when the previous one failed (so that its warning says it).
    let backoff = 0;

    for (let attempt = 1; ; attempt++) {
      try {
        let delayMs = 0;
        if (attempt > 1) {
          const started = performance.now();
          try {
            // Nothing of this attempt is sent while it waits: an abort here leaves it unsent.
            await sleep(backoff, signal, action, 'notSent');
          } finally {
            delayMs = performance.now() - started;
            retries.totalDelayMs += delayMs;
          }
        }
        // Checked before the attempt starts: once started, the request may be sent whatever happens next.
        if (signal?.aborted) throw abortError(action, signal, 'notSent');
        retries.attempts = attempt;
        return await this.#attempt(descriptor, wire, {
          attempt,
          delayMs,
          timeoutMs,
          signal,
          willRetry,
          paramNotes,
        });
      } catch (error) {
        if (willRetry(error, attempt)) {
          backoff = backoffMs(attempt + 1, performance.now() - startedAt, policy);
          logRetry(log, { product, action, attempt, error }, backoff, policy.maxAttempts);
          continue;
        }
        // Readonly to callers: set here, once, on the error that ends the call.
        if (error instanceof SdkError) Object.assign(error, retries);
        logFailure(log, { product, action, attempt: retries.attempts, error });
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
      paramNotes: readonly ValidationIssue[] | undefined;
    },
  ): Promise<Response> {
    const { action } = descriptor;
    const errorContext = {
      action,
      ramAction: descriptor.ramAction,
      mutating: descriptor.mutating,
      timeoutMs: context.timeoutMs,
      redact: this.#redact,
      host: this.#config.endpoint.host,
    };
    // A free slot is taken synchronously; only a full limiter (or pacing) costs an await.
    const release = this.#limiter.tryAcquire() ?? (await this.#limiter.acquire(context.signal, action));
    const started = performance.now();
    const { onAudit, log } = this.#config;
    // Set once the request is handed to the network, and told when the attempt is given up (deadline,
    // abort) so that its connection is closed instead of left to finish in the background.
    const attempt: AttemptState = { exchange: undefined, abandoned: false, requestBytes: 0 };
    // Without a hook or a log that reads it, no event (nor its copy of the parameters) is built.
    const observed = onAudit !== undefined || log.enabled('debug') || log.enabled('warn');
    const audit = (
      event: Partial<RequestAuditEvent<Product>> & Pick<RequestAuditEvent<Product>, 'outcome'>,
    ) => {
      if (!observed) return;
      const full: RequestAuditEvent<Product> = {
        kind: 'request',
        product: descriptor.product,
        action,
        version: descriptor.version,
        attempt: context.attempt,
        delayMs: context.delayMs,
        params: { ...wire.query, ...wire.body },
        durationMs: performance.now() - started,
        requestBytes: attempt.requestBytes,
        responseBytes: attempt.responseBytes,
        willRetry: false,
        ...(context.paramNotes === undefined ? {} : { paramNotes: context.paramNotes }),
        ...event,
      };
      logAttempt(log, full);
      if (onAudit !== undefined) this.#audit(onAudit, full);
    };

    let result: ReadAnswer;
    try {
      result = await withDeadline(
        this.#exchange(descriptor, wire, errorContext, attempt),
        context.timeoutMs,
        context.signal,
        () => timeoutError(errorContext),
        action,
      );
    } catch (raw) {
      attempt.abandoned = true;
      attempt.exchange?.abandon();
      const error = mapClientError(raw, errorContext);
      if (error instanceof ThrottlingError) this.#limiter.throttled(started);
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
    const { statusCode, body } = result;
    const id = body.RequestId ?? body.requestId;
    const requestId = typeof id === 'string' ? id : undefined;
    let normalized: readonly ValidationIssue[] | undefined;
    try {
      return validated(descriptor.parseResponse(body), action, 'response', requestId, (notes) => {
        normalized = notes;
      });
    } finally {
      // After validation, so that it lists the normalizations; the service answered either way.
      audit({
        outcome: 'success',
        statusCode,
        requestId,
        ...(this.#config.auditResponseBodies && { response: body }),
        normalized,
      });
    }
  }

  /** Signs and sends one attempt and reads its answer: the JSON object of a 2xx, or the mapped error. */
  async #exchange(
    descriptor: ActionDescriptor<unknown, unknown>,
    wire: WireRequest,
    context: ErrorContext,
    attempt: AttemptState,
  ): Promise<ReadAnswer> {
    const credential = await this.#credentials.getCredential();
    // Given up while the credentials were fetched: nothing is sent.
    if (attempt.abandoned) throw new Error('abandoned');
    const request = signedRequest(descriptor, wire, credential, this.#signing);
    attempt.requestBytes = Buffer.byteLength(request.path) + Buffer.byteLength(request.body ?? '');
    const { maxResponseBytes } = this.#config;
    attempt.exchange = exchange(this.#target, request, maxResponseBytes);
    let statusCode: number;
    let headers: IncomingHttpHeaders;
    let bytes: Buffer;
    try {
      ({ statusCode, headers, body: bytes } = await attempt.exchange.answer);
    } catch (error) {
      if (!(error instanceof AnswerTooLarge)) throw error;
      attempt.responseBytes = error.receivedBytes;
      throw tooLargeAnswer(context, error.statusCode, error.receivedBytes, maxResponseBytes);
    }
    attempt.responseBytes = bytes.length;
    const text = bytes.toString('utf8').replace(LEADING_BOM, '');
    // The official client reads the XML error body a gateway may send; so does this one.
    if (statusCode >= 400 && /xml/i.test(String(headers['content-type']))) {
      throw errorAnswer(statusCode, xmlErrorFields(text), context);
    }
    let body: unknown;
    try {
      body = await parseJson(text);
    } catch (error) {
      if (error instanceof JsonTooDeep) throw tooDeepAnswer(context, MAX_JSON_DEPTH, statusCode);
      throw malformedAnswer(context, sanitizeError(error, context.redact), statusCode);
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw malformedAnswer(context, new Error('The body is JSON but not an object.'), statusCode);
    }
    const fields = body as Record<string, unknown>;
    if (statusCode >= 400) throw errorAnswer(statusCode, fields, context);
    const failure = errorInBody(fields, statusCode, descriptor.responseKeys, context);
    if (failure !== undefined) throw failure;
    return { statusCode, body: fields };
  }

  #audit(onAudit: (event: RequestAuditEvent<Product>) => void, event: RequestAuditEvent<Product>): void {
    try {
      onAudit(event);
    } catch {
      // An audit hook must not break the call it observes.
    }
  }
}

/**
 * The rate a client's requests start at: adapted to throttling (up to `maxRequestsPerSecond`, from it
 * when given), fixed at `maxRequestsPerSecond` without `adaptiveRate`, or none.
 */
function sendRate(config: ClientConfig): SendRate | undefined {
  const { adaptiveRate, maxRequestsPerSecond } = config;
  if (adaptiveRate) {
    return new AdaptiveRate(
      maxRequestsPerSecond === undefined
        ? {}
        : { initialPerSecond: maxRequestsPerSecond, ceilingPerSecond: maxRequestsPerSecond },
    );
  }
  return maxRequestsPerSecond === undefined ? undefined : fixedRate(maxRequestsPerSecond);
}

/** One attempt's connection, whether the attempt was given up, and the bytes it sent and read. */
interface AttemptState {
  exchange: HttpExchange | undefined;
  abandoned: boolean;
  requestBytes: number;
  responseBytes?: number;
}

const LEADING_BOM = /^\uFEFF/;
