/** The errors of delivering a feed: a sink that could not deliver, and a delivery that stopped. */
import { SdkError } from '../errors.js';
import type { DeliverySummary } from './delivery-summary.js';

/**
 * What went wrong with a sink's request:
 * - `SinkUnreachable`: no connection, or it broke (`ECONNREFUSED`, `ECONNRESET`, DNS…); retried;
 * - `SinkTimeout`: no answer within the sink's `timeoutMs`; retried;
 * - `SinkHttpStatus`: an HTTP status other than 2xx (`statusCode`); retried for 5xx, 408 and 429 only;
 * - `SinkRefused`: a 2xx answer that says the message was refused (a DingTalk `errcode`, a Lark `code`,
 *   in `serviceCode`); retried only when it means "too fast";
 * - `SinkAnswerInvalid`: a 2xx answer of a chat service that is not the JSON it sends; not retried.
 */
export type SinkErrorCode =
  | 'SinkUnreachable'
  | 'SinkTimeout'
  | 'SinkHttpStatus'
  | 'SinkRefused'
  | 'SinkAnswerInvalid';

/**
 * A sink could not deliver changes after its retries. It names the sink, never its URL, token or
 * secret: not in the message, not in `cause` (a copy of the network error, without them).
 *
 * @example
 * ```ts
 * const sink = sinks.webhook({
 *   url: 'https://hooks.example.com/alerts',
 *   secret: 'hook-secret',
 *   onDeadLetter: ({ changes, error }) => {
 *     if (error instanceof SinkError) console.error(error.code, error.statusCode, error.attempts, changes.length);
 *   },
 * });
 * ```
 */
export class SinkError extends SdkError {
  override name = 'SinkError';
  declare readonly code: SinkErrorCode;
  /** The sink's name, e.g. `webhook`. */
  readonly sink: string;
  /** The error code inside a 2xx answer (DingTalk's `errcode`, Lark's `code`), for `SinkRefused`. */
  readonly serviceCode: string | undefined;

  constructor(
    message: string,
    options: {
      code: SinkErrorCode;
      sink: string;
      retryable: boolean;
      statusCode?: number | undefined;
      serviceCode?: string | undefined;
      cause?: unknown;
    },
  ) {
    super(message, options);
    this.sink = options.sink;
    this.serviceCode = options.serviceCode;
  }

  /**
   * The fields of {@link SdkError.toJSON} plus the sink and the service's code.
   *
   * @example
   * ```ts
   * const error = new SinkError('The webhook sink "audit" got HTTP 503.', {
   *   code: 'SinkHttpStatus',
   *   sink: 'audit',
   *   retryable: true,
   *   statusCode: 503,
   * });
   * console.log(JSON.stringify(error)); // {"name":"SinkError","code":"SinkHttpStatus",…,"sink":"audit"}
   * ```
   */
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), sink: this.sink, serviceCode: this.serviceCode };
  }
}

/** The part of a delivery that failed: reading the feed, a sink, or committing. */
export type DeliveryStage = 'feed' | 'sink' | 'commit';

/**
 * {@link deliver} stopped before the feed ended: a sink failed (and had no dead-letter hook, or the
 * hook threw), the feed threw, or a commit failed. Changes every sink had dealt with were committed
 * first (`summary.committed`); the others were not, so a watcher restarted from the same checkpoint
 * delivers them again. `cause` is the error that stopped it.
 *
 * @example
 * ```ts
 * try {
 *   await deliver(feed, [sinks.slack({ url: 'https://hooks.slack.com/services/T0/B0/XXXX' })]);
 * } catch (error) {
 *   if (!(error instanceof DeliveryError)) throw error;
 *   console.error(error.stage, error.sink, error.summary.committed, error.cause);
 * }
 * ```
 */
export class DeliveryError extends SdkError {
  override name = 'DeliveryError';
  /** What failed. */
  readonly stage: DeliveryStage;
  /** The sink that failed, for stage `sink`. */
  readonly sink: string | undefined;
  /** What was delivered and committed before it stopped. */
  readonly summary: DeliverySummary;

  constructor(options: { stage: DeliveryStage; sink?: string; summary: DeliverySummary; cause: unknown }) {
    const what =
      options.stage === 'sink'
        ? `the sink "${options.sink}" failed`
        : options.stage === 'feed'
          ? 'the feed failed'
          : 'a commit failed';
    super(
      `Delivery stopped: ${what}${causeName(options.cause)}. ${options.summary.committed} of ` +
        `${options.summary.read} changes read were committed; the others will be delivered again by a ` +
        'watcher restarted from the same checkpoint. See `cause`.',
      { code: 'DeliveryStopped', cause: options.cause },
    );
    this.stage = options.stage;
    this.sink = options.sink;
    this.summary = options.summary;
  }

  /**
   * The fields of {@link SdkError.toJSON} plus the stage, the sink and the summary.
   *
   * @example
   * ```ts
   * const failed = await deliver(feed, [sinks.slack({ url: 'https://hooks.slack.com/services/T0/B0/XXXX' })]).catch(
   *   (error: unknown) => error,
   * );
   * if (failed instanceof DeliveryError) console.error(JSON.stringify(failed)); // {…,"stage":"sink","sink":"slack",…}
   * ```
   */
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), stage: this.stage, sink: this.sink, summary: this.summary };
  }
}

/** ` (SinkHttpStatus)`: the code or name of the cause, never its message (a user sink's may hold anything). */
function causeName(cause: unknown): string {
  if (!(cause instanceof Error)) return '';
  const code = (cause as { code?: unknown }).code;
  return ` (${typeof code === 'string' ? code : cause.name})`;
}
