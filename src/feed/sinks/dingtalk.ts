/**
 * The DingTalk sink: a custom robot's signed webhook, one markdown message per batch, never more than
 * the robot's 20 messages a minute.
 *
 * @packageDocumentation
 */
import { createHmac } from 'node:crypto';
import { checkOptions, type OptionRules } from '../../util/check-options.js';
import { parseJsonObject } from '../../util/parse-json-object.js';
import type { Sink } from '../sink.js';
import { digest } from './digest.js';
import { HttpSink, SINK_OPTION_RULES, type SinkOptions, sinkSecret, sinkUrl, UNSHOWN } from './http-sink.js';

/** DingTalk's error code for a robot sending too fast (it then refuses messages for 10 minutes). */
const TOO_FAST = 130101;
const THROTTLED_MS = 600_000;

/**
 * Options of {@link BuiltInSinks.dingtalk}.
 *
 * @example
 * ```ts
 * const options: DingTalkSinkOptions = {
 *   url: 'https://oapi.dingtalk.com/robot/send?access_token=XXXX',
 *   secret: process.env.DINGTALK_SECRET,
 *   messagesPerMinute: 10,
 * };
 * const robot = sinks.dingtalk(options);
 * ```
 */
export interface DingTalkSinkOptions extends SinkOptions {
  /** The robot's webhook, `https://oapi.dingtalk.com/robot/send?access_token=…`; a secret. */
  url: string;
  /**
   * The robot's signing secret (`SEC…`, its "加签" security setting): each request is signed with it.
   * Leave it out only for a robot secured by keywords or IP addresses.
   */
  secret?: string | undefined;
  /**
   * The most messages in any 60 seconds. DingTalk allows 20 per robot and stops a robot that sends more
   * for 10 minutes: lower it when other programs post through the same robot.
   *
   * @defaultValue 20
   */
  messagesPerMinute?: number | undefined;
}

const DINGTALK_RULES: OptionRules = {
  ...SINK_OPTION_RULES,
  url: UNSHOWN,
  secret: UNSHOWN,
  messagesPerMinute: { kind: 'integer', min: 1, max: 20 },
};

/** The dingtalk sink: see {@link BuiltInSinks.dingtalk}. */
export function dingtalk(options: DingTalkSinkOptions): Sink {
  const where = 'sinks.dingtalk';
  checkOptions(options, DINGTALK_RULES, where);
  const { url, secrets } = sinkUrl(options.url, where);
  const secret = options.secret === undefined ? undefined : sinkSecret(options.secret, where);
  return new HttpSink(
    {
      kind: 'dingtalk',
      rateLimits: [{ messages: options.messagesPerMinute ?? 20, windowMs: 60_000 }],
      maxBatch: undefined,
      secrets: secret === undefined ? secrets : [...secrets, secret],
      request(changes, nowMs) {
        const { title, lines, more } = digest(changes);
        const text = [
          `#### ${markdown(title)}`,
          '',
          ...lines.map((line) => `- ${markdown(line)}`),
          ...(more === undefined ? [] : ['', markdown(more)]),
        ].join('\n');
        return {
          url: secret === undefined ? url : signedUrl(url, secret, nowMs),
          body: JSON.stringify({ msgtype: 'markdown', markdown: { title, text } }),
        };
      },
      refusal(answer) {
        const body = parseJsonObject(answer.body);
        if (body === undefined || typeof body.errcode !== 'number') return 'invalid';
        if (body.errcode === 0) return undefined;
        return {
          code: String(body.errcode),
          message: typeof body.errmsg === 'string' ? body.errmsg : '',
          retryable: body.errcode === TOO_FAST,
          ...(body.errcode === TOO_FAST ? { retryAfterMs: THROTTLED_MS } : {}),
        };
      },
    },
    options,
  );
}

/** The URL with DingTalk's `timestamp` and `sign` query parameters. */
function signedUrl(url: URL, secret: string, nowMs: number): URL {
  const signed = new URL(url);
  const sign = createHmac('sha256', secret).update(`${nowMs}\n${secret}`).digest('base64');
  signed.searchParams.set('timestamp', String(nowMs));
  signed.searchParams.set('sign', sign);
  return signed;
}

/** Text with the characters markdown reads as emphasis, code, links or HTML escaped. */
function markdown(text: string): string {
  return text.replace(/[\\`*_[\]<>]/g, '\\$&');
}
