/**
 * What the built-in sinks share: one POST per batch of changes, paced by the service's rate limits,
 * retried with backoff, dead-lettered when retries run out; and the URL, token and secret kept out of
 * every error, string, JSON and inspection of the sink.
 *
 * @packageDocumentation
 */
import { randomUUID } from 'node:crypto';
import { ValidationError } from '../../errors.js';
import type { OptionRule, OptionRules } from '../../util/check-options.js';
import { abortError, sleep } from '../../util/deadline.js';
import type { AlertChange } from '../change.js';
import type { DeadLetter, Sink, SinkContext, SinkResult } from '../sink.js';
import { SinkError, type SinkErrorCode } from '../sink-errors.js';
import { type PostAnswer, PostTimeout, post, retryAfterMs } from './http-post.js';
import { type RateLimit, WindowLimiter } from './window-limiter.js';

/**
 * Options every built-in sink takes.
 *
 * @example
 * ```ts
 * const options: SinkOptions = { name: 'oncall', retries: 5, timeoutMs: 5_000, onDeadLetter: console.error };
 * const sink = sinks.slack({ url: 'https://hooks.slack.com/services/T0/B0/XXXX', ...options });
 * ```
 */
export interface SinkOptions {
  /**
   * The sink's name in summaries and errors; two sinks of one delivery need different names.
   *
   * @defaultValue the kind: `webhook`, `dingtalk`, `slack` or `lark`
   */
  name?: string | undefined;
  /**
   * Retries after a failed attempt (a network error, no answer in time, HTTP 5xx, 408 or 429, or the
   * service's "too fast" answer), with exponential backoff and jitter (1 s doubling up to 30 s, half
   * of it random), or as long as `Retry-After` says when longer (at most 10 minutes). Other answers
   * (4xx, a refusal inside a 2xx) are not retried.
   *
   * @defaultValue 3
   */
  retries?: number | undefined;
  /**
   * How long the connection may stay silent (no answer yet) before the attempt fails.
   *
   * @defaultValue 10000
   */
  timeoutMs?: number | undefined;
  /**
   * Called with the changes of a batch that could not be delivered after the retries. When it
   * resolves, the changes count as dealt with (committed once every sink has them); without it, or
   * when it rejects, the delivery stops and the changes are delivered again after a restart.
   */
  onDeadLetter?: ((letter: DeadLetter) => void | Promise<void>) | undefined;
}

/** The rules of {@link SinkOptions}, for each sink's `checkOptions`. */
export const SINK_OPTION_RULES: OptionRules = {
  name: { kind: 'string' },
  retries: { kind: 'integer', min: 0, max: 10 },
  timeoutMs: { kind: 'duration' },
  onDeadLetter: { kind: 'function' },
};

/** The rule of an option the sink checks itself, without showing its value: a URL, a secret. */
export const UNSHOWN: OptionRule = { kind: 'any' };

/** A request of one attempt. */
export interface SinkRequest {
  readonly url: URL;
  readonly body: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** A 2xx answer that refuses the message: the service's code and message, and whether to retry. */
export interface Refusal {
  readonly code: string;
  readonly message: string;
  readonly retryable: boolean;
  /** How long the service asks to wait before a retry. */
  readonly retryAfterMs?: number;
}

/** What makes one kind of sink: its requests, its answers, its limits. */
export interface SinkDialect {
  /** `webhook`, `dingtalk`, … */
  readonly kind: string;
  /** The service's rate limits; none for a webhook. */
  readonly rateLimits: readonly RateLimit[];
  /** The most changes a batch gets; `undefined` for no limit (chat messages summarize). */
  readonly maxBatch: number | undefined;
  /** The request of an attempt, built (and signed) at `nowMs`; `batchId` is the same for every attempt. */
  request(changes: readonly AlertChange[], nowMs: number, batchId: string): SinkRequest;
  /** The refusal a 2xx answer holds, if any; `'invalid'` when the answer cannot be read. */
  refusal(answer: PostAnswer): Refusal | 'invalid' | undefined;
  /** The secret strings of this sink (URL parts, secret, header values), removed from service text. */
  readonly secrets: readonly string[];
}

const BASE_DELAY_MS = 1000;
const MAX_DELAY_MS = 30_000;
/** The longest `Retry-After` (or throttling pause) honoured. */
const MAX_RETRY_AFTER_MS = 600_000;
const DEFAULT_RETRIES = 3;
const DEFAULT_TIMEOUT_MS = 10_000;

/** Statuses retried besides 5xx: request timeout and too many requests. */
const RETRIED_STATUSES = new Set([408, 429]);

/**
 * A sink that POSTs each batch to one URL. The URL, the secret and header values live in private
 * fields: printing, inspecting or serializing the sink shows its kind and name only.
 */
export class HttpSink implements Sink {
  readonly name: string;
  readonly maxBatch: number | undefined;
  readonly #dialect: SinkDialect;
  readonly #retries: number;
  readonly #timeoutMs: number;
  readonly #onDeadLetter: SinkOptions['onDeadLetter'];
  readonly #limiter: WindowLimiter | undefined;

  constructor(dialect: SinkDialect, options: SinkOptions) {
    this.#dialect = dialect;
    this.name = options.name ?? dialect.kind;
    this.maxBatch = dialect.maxBatch;
    this.#retries = options.retries ?? DEFAULT_RETRIES;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#onDeadLetter = options.onDeadLetter;
    this.#limiter = dialect.rateLimits.length === 0 ? undefined : new WindowLimiter(dialect.rateLimits);
  }

  /**
   * Sends the batch (one request, retried as {@link SinkOptions.retries} says); hands it to
   * `onDeadLetter` when every attempt failed.
   *
   * @throws {@link SinkError} when every attempt failed and there is no `onDeadLetter`
   * @throws {@link AbortError} when `signal` aborts
   *
   * @example
   * ```ts
   * const sink = sinks.dingtalk({ url: 'https://oapi.dingtalk.com/robot/send?access_token=XXXX', secret: 'SECXXXX' });
   * await sink.send(changes, { signal: AbortSignal.timeout(120_000) });
   * ```
   */
  async send(changes: readonly AlertChange[], { signal }: SinkContext): Promise<SinkResult | undefined> {
    const batchId = randomUUID();
    let totalDelayMs = 0;
    for (let attempt = 1; ; attempt++) {
      const failure = await this.#attempt(changes, batchId, signal);
      if (failure === undefined) return undefined;
      if (signal.aborted) throw abortError(`The ${this.#dialect.kind} sink "${this.name}"`, signal);
      if (!failure.error.retryable || attempt > this.#retries) {
        Object.assign(failure.error, { attempts: attempt, totalDelayMs });
        if (this.#onDeadLetter === undefined) throw failure.error;
        await this.#onDeadLetter({ sink: this.name, changes, error: failure.error });
        return { deadLettered: changes.length };
      }
      const delay = Math.min(Math.max(backoffMs(attempt), failure.retryAfterMs ?? 0), MAX_RETRY_AFTER_MS);
      totalDelayMs += delay;
      await sleep(delay, signal, `The ${this.#dialect.kind} sink "${this.name}"`, 'notSent');
    }
  }

  /** One attempt: `undefined` when the service accepted the batch, else why not. */
  async #attempt(
    changes: readonly AlertChange[],
    batchId: string,
    signal: AbortSignal,
  ): Promise<{ error: SinkError; retryAfterMs?: number | undefined } | undefined> {
    const release = await this.#limiter?.acquire(signal, `The ${this.#dialect.kind} sink "${this.name}"`);
    try {
      const request = this.#dialect.request(changes, Date.now(), batchId);
      let answer: PostAnswer;
      try {
        answer = await post(request.url, request.body, request.headers ?? {}, {
          timeoutMs: this.#timeoutMs,
          signal,
        });
      } catch (error) {
        if (signal.aborted) throw abortError(`The ${this.#dialect.kind} sink "${this.name}"`, signal);
        return { error: this.#networkError(error) };
      }
      return this.#verdict(answer);
    } finally {
      release?.();
    }
  }

  #verdict(answer: PostAnswer): { error: SinkError; retryAfterMs?: number | undefined } | undefined {
    const { statusCode } = answer;
    const subject = `The ${this.#dialect.kind} sink "${this.name}"`;
    if (statusCode < 200 || statusCode > 299) {
      const retryable = statusCode >= 500 || RETRIED_STATUSES.has(statusCode);
      return {
        error: this.#error(
          'SinkHttpStatus',
          `${subject} got HTTP ${statusCode}${retryable ? '' : ': check its URL and settings'}.`,
          retryable,
          { statusCode },
        ),
        retryAfterMs: retryAfterMs(answer.retryAfter, Date.now()),
      };
    }
    const refusal = this.#dialect.refusal(answer);
    if (refusal === undefined) return undefined;
    if (refusal === 'invalid') {
      return {
        error: this.#error(
          'SinkAnswerInvalid',
          `${subject} got an answer it cannot read (HTTP ${statusCode}, not the service's JSON): check its URL.`,
          false,
          { statusCode },
        ),
      };
    }
    return {
      error: this.#error(
        'SinkRefused',
        `${subject} was refused by the service: ${refusal.code} ${this.#redacted(refusal.message)}.`,
        refusal.retryable,
        { statusCode, serviceCode: refusal.code },
      ),
      retryAfterMs: refusal.retryAfterMs,
    };
  }

  #networkError(error: unknown): SinkError {
    const subject = `The ${this.#dialect.kind} sink "${this.name}"`;
    if (error instanceof PostTimeout) {
      return this.#error('SinkTimeout', `${subject} got no answer within ${this.#timeoutMs} ms.`, true);
    }
    const code = (error as { code?: unknown }).code;
    const nodeCode = typeof code === 'string' ? code : 'network error';
    // A copy of Node's error, without anything that could carry the URL.
    const cause = Object.assign(new Error(this.#redacted(String((error as Error).message))), {
      code: nodeCode,
    });
    return this.#error('SinkUnreachable', `${subject} could not reach its URL (${nodeCode}).`, true, {
      cause,
    });
  }

  #error(
    code: SinkErrorCode,
    message: string,
    retryable: boolean,
    extra: { statusCode?: number; serviceCode?: string; cause?: unknown } = {},
  ): SinkError {
    return new SinkError(message, { code, sink: this.name, retryable, ...extra });
  }

  /** Service text, printable on one line, cut to 200 characters, with the sink's secrets removed. */
  #redacted(text: string): string {
    let clean = text;
    for (const secret of this.#dialect.secrets) clean = clean.split(secret).join('[redacted]');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it removes
    clean = clean.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
    return clean.length > 200 ? `${clean.slice(0, 199)}…` : clean;
  }

  /**
   * `webhook sink "audit"`: the kind and name, never the URL.
   *
   * @example
   * ```ts
   * console.log(String(sinks.webhook({ url: 'https://hooks.example.com/alerts', secret: 's' }))); // webhook sink "webhook"
   * ```
   */
  toString(): string {
    return `${this.#dialect.kind} sink "${this.name}"`;
  }

  /**
   * `{ kind, name }`: what `JSON.stringify` writes of the sink, never the URL or secret.
   *
   * @example
   * ```ts
   * JSON.stringify(sinks.slack({ url: 'https://hooks.slack.com/services/T0/B0/XXXX' })); // {"kind":"slack","name":"slack"}
   * ```
   */
  toJSON(): { kind: string; name: string } {
    return { kind: this.#dialect.kind, name: this.name };
  }

  /** What `util.inspect` and `console.log` show: the kind and name, the URL as `[redacted]`. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `HttpSink { kind: '${this.#dialect.kind}', name: ${JSON.stringify(this.name)}, url: '[redacted]' }`;
  }
}

/** Exponential backoff with jitter before retry `attempt` (1-based): half fixed, half random. */
function backoffMs(attempt: number): number {
  const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (attempt - 1));
  return ceiling / 2 + (Math.random() * ceiling) / 2;
}

/**
 * The sink's URL, parsed; a {@link ValidationError} that does not show it when it is not an http or
 * https URL. Also returns the parts that are secret: the path, the query values, the user info.
 *
 * @throws {@link ValidationError} when `url` is not an http(s) URL
 */
export function sinkUrl(url: unknown, where: string): { url: URL; secrets: string[] } {
  let parsed: URL | undefined;
  try {
    parsed = typeof url === 'string' ? new URL(url) : undefined;
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')) {
    throw new ValidationError(
      `${where}: \`url\` must be an http or https URL (its value is not shown: it holds a token). Nothing was sent.`,
      { field: 'url' },
    );
  }
  const parts = [
    url as string,
    parsed.href,
    parsed.username,
    parsed.password,
    parsed.search.slice(1),
    ...parsed.pathname.split('/'),
    ...[...parsed.searchParams.values()],
  ];
  // Short parts (`robot`, `send`, `v2`) are words of the API, not tokens.
  return { url: parsed, secrets: [...new Set(parts.filter((part) => part.length >= 8))] };
}

/**
 * A non-empty string secret; a {@link ValidationError} that does not show it otherwise.
 *
 * @throws {@link ValidationError} when `value` is not a non-empty string
 */
export function sinkSecret(value: unknown, where: string, field = 'secret'): string {
  if (typeof value !== 'string' || value === '') {
    throw new ValidationError(
      `${where}: \`${field}\` must be a non-empty string (its value is not shown). Nothing was sent.`,
      { field },
    );
  }
  return value;
}
