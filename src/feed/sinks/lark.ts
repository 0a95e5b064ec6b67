/**
 * The Lark (Feishu) sink: a custom bot's webhook, signed when it has a secret, one rich-text message per
 * batch.
 *
 * @packageDocumentation
 */
import { createHmac } from 'node:crypto';
import { checkOptions, type OptionRules } from '../../util/check-options.js';
import { parseJsonObject } from '../../util/parse-json-object.js';
import type { Sink } from '../sink.js';
import { digest } from './digest.js';
import { HttpSink, SINK_OPTION_RULES, type SinkOptions, sinkSecret, sinkUrl, UNSHOWN } from './http-sink.js';

/** Lark's error code for a bot sending too fast. */
const TOO_MANY_REQUESTS = 9499;

/**
 * Options of {@link BuiltInSinks.lark}.
 *
 * @example
 * ```ts
 * const options: LarkSinkOptions = {
 *   url: 'https://open.feishu.cn/open-apis/bot/v2/hook/XXXX',
 *   secret: process.env.LARK_BOT_SECRET,
 * };
 * const bot = sinks.lark(options);
 * ```
 */
export interface LarkSinkOptions extends SinkOptions {
  /**
   * The custom bot's webhook, `https://open.feishu.cn/open-apis/bot/v2/hook/…` (Feishu) or
   * `https://open.larksuite.com/open-apis/bot/v2/hook/…` (Lark); a secret.
   */
  url: string;
  /** The bot's signature verification secret, when it has one: each message is signed with it. */
  secret?: string | undefined;
}

const LARK_RULES: OptionRules = { ...SINK_OPTION_RULES, url: UNSHOWN, secret: UNSHOWN };

/** The lark sink: see {@link BuiltInSinks.lark}. */
export function lark(options: LarkSinkOptions): Sink {
  const where = 'sinks.lark';
  checkOptions(options, LARK_RULES, where);
  const { url, secrets } = sinkUrl(options.url, where);
  const secret = options.secret === undefined ? undefined : sinkSecret(options.secret, where);
  return new HttpSink(
    {
      kind: 'lark',
      rateLimits: [
        { messages: 5, windowMs: 1000 },
        { messages: 100, windowMs: 60_000 },
      ],
      maxBatch: undefined,
      secrets: secret === undefined ? secrets : [...secrets, secret],
      request(changes, nowMs) {
        const { title, lines, more } = digest(changes);
        const content = [...lines, ...(more === undefined ? [] : [more])].map((text) => [
          { tag: 'text', text },
        ]);
        const message = { msg_type: 'post', content: { post: { zh_cn: { title, content } } } };
        const timestamp = String(Math.floor(nowMs / 1000));
        const signature = secret === undefined ? {} : { timestamp, sign: larkSign(secret, timestamp) };
        return { url, body: JSON.stringify({ ...signature, ...message }) };
      },
      refusal(answer) {
        const body = parseJsonObject(answer.body);
        const code = body?.code ?? body?.StatusCode;
        if (body === undefined || typeof code !== 'number') return 'invalid';
        if (code === 0) return undefined;
        const message = body.msg ?? body.StatusMessage;
        return {
          code: String(code),
          message: typeof message === 'string' ? message : '',
          retryable: code === TOO_MANY_REQUESTS,
        };
      },
    },
    options,
  );
}

/** Base64 of the HMAC-SHA256 of an empty message keyed with `${timestamp}\n${secret}`. */
function larkSign(secret: string, timestamp: string): string {
  return createHmac('sha256', `${timestamp}\n${secret}`).digest('base64');
}
