/**
 * The webhook sink: each batch of changes POSTed as JSON to your URL, signed with HMAC-SHA256; and the
 * check a receiver makes of that signature.
 *
 * @packageDocumentation
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { ValidationError } from '../../errors.js';
import { checkOptions, type OptionRules } from '../../util/check-options.js';
import { type AlertChangeRecord, changeRecord } from '../change-record.js';
import type { Sink } from '../sink.js';
import { HttpSink, SINK_OPTION_RULES, type SinkOptions, sinkSecret, sinkUrl, UNSHOWN } from './http-sink.js';

/** The header with the time of signing: Unix seconds, e.g. `1733030400`. */
const TIMESTAMP_HEADER = 'x-alert-timestamp';
/** The header with the signature: `sha256=` and the lowercase hex HMAC-SHA256. */
const SIGNATURE_HEADER = 'x-alert-signature';
/** The header with the batch's id, the same on every retry of the batch: a key to drop repeats. */
const BATCH_HEADER = 'x-alert-batch-id';

/**
 * The JSON body of a webhook request.
 *
 * @example
 * ```ts
 * // In a receiver, once verifyWebhookSignature(…) returned true for the raw body:
 * function onWebhook(body: string): void {
 *   const payload = JSON.parse(body) as WebhookPayload;
 *   console.log(payload.batchId, payload.changes.length);
 * }
 * ```
 */
export interface WebhookPayload {
  /** The batch's id, also in the `x-alert-batch-id` header; the same on every retry of the batch. */
  readonly batchId: string;
  /** The changes, in feed order. */
  readonly changes: readonly AlertChangeRecord[];
}

/**
 * Options of {@link BuiltInSinks.webhook}.
 *
 * @example
 * ```ts
 * const options: WebhookSinkOptions = {
 *   url: 'https://hooks.example.com/alerts',
 *   secret: process.env.ALERT_WEBHOOK_SECRET ?? '',
 *   headers: { authorization: 'Bearer XXXX' },
 * };
 * const sink = sinks.webhook(options);
 * ```
 */
export interface WebhookSinkOptions extends SinkOptions {
  /** Where to POST; a secret: it never appears in errors or when the sink is printed. */
  url: string;
  /** The HMAC-SHA256 key of the signature: share it with the receiver, and with nobody else. */
  secret: string;
  /** More request headers, e.g. an `authorization`; their values are treated as secrets too. */
  headers?: Readonly<Record<string, string>> | undefined;
  /**
   * The most changes one request carries.
   *
   * @defaultValue 50
   */
  maxBatch?: number | undefined;
}

const WEBHOOK_RULES: OptionRules = {
  ...SINK_OPTION_RULES,
  url: UNSHOWN,
  secret: UNSHOWN,
  headers: UNSHOWN,
  maxBatch: { kind: 'integer', min: 1, max: 1000 },
};

/** The webhook sink: see {@link BuiltInSinks.webhook}. */
export function webhook(options: WebhookSinkOptions): Sink {
  const where = 'sinks.webhook';
  checkOptions(options, WEBHOOK_RULES, where);
  const { url, secrets } = sinkUrl(options.url, where);
  const secret = sinkSecret(options.secret, where);
  const headers = checkHeaders(options.headers, where);
  return new HttpSink(
    {
      kind: 'webhook',
      rateLimits: [],
      maxBatch: options.maxBatch ?? 50,
      secrets: [...secrets, secret, ...Object.values(headers).filter((value) => value.length >= 8)],
      request(changes, nowMs, batchId) {
        const body = JSON.stringify({ batchId, changes: changes.map(changeRecord) } satisfies WebhookPayload);
        const timestamp = String(Math.floor(nowMs / 1000));
        return {
          url,
          body,
          headers: {
            ...headers,
            'user-agent': 'alicloud-alert-handler',
            [TIMESTAMP_HEADER]: timestamp,
            [SIGNATURE_HEADER]: `sha256=${webhookSignature(secret, timestamp, body)}`,
            [BATCH_HEADER]: batchId,
          },
        };
      },
      refusal: () => undefined,
    },
    options,
  );
}

function checkHeaders(headers: unknown, where: string): Record<string, string> {
  if (headers === undefined) return {};
  const valid =
    typeof headers === 'object' &&
    headers !== null &&
    Object.entries(headers).every(
      ([name, value]) => /^[!#$%&'*+.^_`|~0-9a-z-]+$/i.test(name) && typeof value === 'string',
    );
  if (!valid) {
    throw new ValidationError(
      `${where}: \`headers\` must map header names to string values (values are not shown). Nothing was sent.`,
      { field: 'headers' },
    );
  }
  return { ...(headers as Record<string, string>) };
}

/** The lowercase hex HMAC-SHA256 of `${timestamp}.${body}` keyed with `secret`. */
function webhookSignature(secret: string, timestamp: string, body: string | Uint8Array): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
}

/**
 * What {@link verifyWebhookSignature} checks: the raw body and the headers of one request.
 *
 * @example
 * ```ts
 * function fromTheSink(body: Buffer, headers: Record<string, string>): boolean {
 *   const check: WebhookSignatureCheck = { secret: process.env.ALERT_WEBHOOK_SECRET ?? '', body, headers };
 *   return verifyWebhookSignature(check);
 * }
 * ```
 */
export interface WebhookSignatureCheck {
  /** The secret the sink signs with. */
  secret: string;
  /** The body exactly as received (bytes or text), before any JSON parsing. */
  body: string | Uint8Array;
  /**
   * The request's headers: Node's `request.headers`, a fetch `Headers`, or a plain object with
   * lowercase names.
   */
  headers:
    | { readonly get: (name: string) => string | null }
    | Readonly<Record<string, string | readonly string[] | undefined>>;
  /**
   * How far the timestamp may be from now, either way: older requests are refused (replays).
   *
   * @defaultValue 300000 (five minutes)
   */
  toleranceMs?: number | undefined;
  /**
   * The time to check against, in epoch milliseconds.
   *
   * @defaultValue `Date.now()`
   */
  now?: number | undefined;
}

/**
 * Whether a request came from a {@link BuiltInSinks.webhook} sink with this `secret`: its `x-alert-signature`
 * is the HMAC-SHA256 of `${x-alert-timestamp}.${body}` (compared in constant time), and its timestamp
 * is within `toleranceMs` of now. Pass the raw body, before any JSON parsing.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 *
 * createServer(async (request, response) => {
 *   const chunks: Buffer[] = [];
 *   for await (const chunk of request) chunks.push(chunk as Buffer);
 *   const body = Buffer.concat(chunks);
 *   if (!verifyWebhookSignature({ secret: process.env.ALERT_WEBHOOK_SECRET ?? '', body, headers: request.headers })) {
 *     response.writeHead(401).end();
 *     return;
 *   }
 *   const payload = JSON.parse(body.toString('utf8')) as WebhookPayload;
 *   for (const change of payload.changes) console.log(change.summary);
 *   response.writeHead(204).end();
 * }).listen(8080);
 * ```
 */
export function verifyWebhookSignature(check: WebhookSignatureCheck): boolean {
  const timestamp = header(check.headers, TIMESTAMP_HEADER);
  const signature = header(check.headers, SIGNATURE_HEADER);
  if (timestamp === undefined || signature === undefined || !/^\d{1,15}$/.test(timestamp)) return false;
  const toleranceMs = check.toleranceMs ?? 300_000;
  if (Math.abs((check.now ?? Date.now()) - Number(timestamp) * 1000) > toleranceMs) return false;
  const expected = Buffer.from(`sha256=${webhookSignature(check.secret, timestamp, check.body)}`);
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function header(headers: WebhookSignatureCheck['headers'], name: string): string | undefined {
  const value =
    typeof headers.get === 'function'
      ? (headers as { readonly get: (name: string) => string | null }).get(name)
      : (headers as Readonly<Record<string, string | readonly string[] | undefined>>)[name];
  return typeof value === 'string' ? value : undefined;
}
