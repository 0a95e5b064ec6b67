/**
 * The built-in sinks, as one object: `sinks.webhook(…)`, `sinks.dingtalk(…)`, `sinks.slack(…)`,
 * `sinks.lark(…)`.
 *
 * @packageDocumentation
 */
import type { Sink } from '../sink.js';
import { type DingTalkSinkOptions, dingtalk } from './dingtalk.js';
import { type LarkSinkOptions, lark } from './lark.js';
import { type SlackSinkOptions, slack } from './slack.js';
import { type WebhookSinkOptions, webhook } from './webhook.js';

/**
 * The built-in sinks for {@link deliver}, as the {@link sinks} object has them. Each takes its URL (a
 * secret: never shown in errors, strings, JSON or inspection of the sink), retries with backoff and an
 * optional dead-letter hook (see {@link SinkOptions}).
 */
export interface BuiltInSinks {
  /**
   * A sink that POSTs each batch of changes (at most `maxBatch`) to `url` as a {@link WebhookPayload}, with
   * these headers:
   *
   * - `x-alert-timestamp`: the time of signing, in Unix seconds (signed again on every retry);
   * - `x-alert-signature`: `sha256=` followed by the lowercase hex HMAC-SHA256, keyed with `secret`, of
   *   `${timestamp}.${body}` (the timestamp header's value, a dot, the raw body bytes);
   * - `x-alert-batch-id`: the batch's id, the same on every retry.
   *
   * Any 2xx answer accepts the batch. Network errors, timeouts, 5xx, 408 and 429 are retried (see
   * {@link SinkOptions.retries}); other statuses are not. Check requests with
   * {@link verifyWebhookSignature}.
   *
   * @throws {@link ValidationError} when the URL is not http(s), the secret is empty, or an option is bad
   *   (the URL, the secret and header values are never shown)
   *
   * @example
   * ```ts
   * const webhook = sinks.webhook({
   *   url: 'https://hooks.example.com/alerts',
   *   secret: process.env.ALERT_WEBHOOK_SECRET ?? '',
   *   onDeadLetter: async ({ changes, error }) => {
   *     await writeFile(`dead-letter-${Date.now()}.json`, JSON.stringify({ ids: changes.map((c) => c.id), error }));
   *   },
   * });
   * await deliver(feed, [webhook]);
   * ```
   */
  webhook(options: WebhookSinkOptions): Sink;

  /**
   * A sink that posts to a DingTalk group through a custom robot: one markdown message per batch, with a
   * title counting the changes by kind and one line per change (kind, level, name, asset, alert id) for
   * the first twenty, then the counts of the rest.
   *
   * Rate: never more than `messagesPerMinute` (20) messages in any 60 seconds, counting every attempt
   * from its start until its answer. While the robot's window is full, changes wait and the next message
   * carries all of them: under a flood, one message per slot, merging everything that came meanwhile.
   *
   * Signing (with `secret`): `timestamp` (epoch milliseconds) and `sign` = Base64 of the HMAC-SHA256,
   * keyed with the secret, of `${timestamp}\n${secret}`, added to the URL's query (URL-encoded), as
   * DingTalk's custom robot documentation specifies. DingTalk answers HTTP 200 even when it refuses a
   * message: an `errcode` other than 0 is a failure (`SinkRefused`, `serviceCode` the errcode), retried
   * only for 130101 (sending too fast), after 10 minutes.
   *
   * @throws {@link ValidationError} when the URL is not http(s), the secret is empty, or an option is bad
   *
   * @example
   * ```ts
   * const robot = sinks.dingtalk({
   *   url: 'https://oapi.dingtalk.com/robot/send?access_token=XXXX',
   *   secret: process.env.DINGTALK_SECRET,
   * });
   * await deliver(feed, [robot]);
   * ```
   */
  dingtalk(options: DingTalkSinkOptions): Sink;

  /**
   * A sink that posts to a Slack channel through an incoming webhook: one message per batch, `text` the
   * title (counts by kind) and `blocks` listing the first twenty changes (kind, level, name, asset, alert
   * id), then the counts of the rest. Text from alerts is escaped (`&`, `<`, `>`), so that it cannot
   * mention people or make links. At most one message a second, Slack's rate for incoming webhooks.
   * Slack answers refusals with a 4xx status (`invalid_payload`, `channel_not_found`…): not retried.
   *
   * @throws {@link ValidationError} when the URL is not http(s) or an option is bad
   *
   * @example
   * ```ts
   * await deliver(feed, [sinks.slack({ url: process.env.SLACK_WEBHOOK_URL ?? '' })]);
   * ```
   */
  slack(options: SlackSinkOptions): Sink;

  /**
   * A sink that posts to a Lark (Feishu) group through a custom bot: one rich-text (`post`) message per
   * batch, its title counting the changes by kind and one text line per change (kind, level, name, asset,
   * alert id) for the first twenty, then the counts of the rest. Lines are text elements: alert text
   * cannot mention people. At most 5 messages a second and 100 a minute, the custom bot's limits.
   *
   * Signing (with `secret`): the body carries `timestamp` (Unix seconds, as text) and `sign` = Base64 of
   * the HMAC-SHA256 keyed with `${timestamp}\n${secret}` of an empty message, as Lark's custom bot
   * documentation specifies. Lark answers refusals inside a 200: a `code` other than 0 is a failure
   * (`SinkRefused`, `serviceCode` the code), retried only for 9499 (too many requests).
   *
   * @throws {@link ValidationError} when the URL is not http(s), the secret is empty, or an option is bad
   *
   * @example
   * ```ts
   * const bot = sinks.lark({ url: 'https://open.feishu.cn/open-apis/bot/v2/hook/XXXX', secret: process.env.LARK_BOT_SECRET });
   * await deliver(feed, [bot]);
   * ```
   */
  lark(options: LarkSinkOptions): Sink;
}

/**
 * The built-in sinks: a signed webhook, a DingTalk robot, a Slack incoming webhook and a Lark (Feishu)
 * bot (see {@link BuiltInSinks}).
 *
 * @example
 * ```ts
 * await deliver(feed, [
 *   sinks.webhook({ url: 'https://hooks.example.com/alerts', secret: process.env.ALERT_WEBHOOK_SECRET ?? '' }),
 *   sinks.dingtalk({ url: 'https://oapi.dingtalk.com/robot/send?access_token=XXXX', secret: process.env.DINGTALK_SECRET }),
 * ]);
 * ```
 */
export const sinks: BuiltInSinks = { webhook, dingtalk, slack, lark };
