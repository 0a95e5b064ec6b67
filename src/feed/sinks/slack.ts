/**
 * The Slack sink: an incoming webhook, one message per batch.
 *
 * @packageDocumentation
 */
import { checkOptions, type OptionRules } from '../../util/check-options.js';
import type { Sink } from '../sink.js';
import { digest } from './digest.js';
import { HttpSink, SINK_OPTION_RULES, type SinkOptions, sinkUrl, UNSHOWN } from './http-sink.js';

/** Lines per section block: a section's text holds at most 3000 characters. */
const LINES_PER_SECTION = 5;

/**
 * Options of {@link BuiltInSinks.slack}.
 *
 * @example
 * ```ts
 * const options: SlackSinkOptions = { url: 'https://hooks.slack.com/services/T0/B0/XXXX', name: 'secops' };
 * const slack = sinks.slack(options);
 * ```
 */
export interface SlackSinkOptions extends SinkOptions {
  /** The incoming webhook, `https://hooks.slack.com/services/…`; a secret. */
  url: string;
}

const SLACK_RULES: OptionRules = { ...SINK_OPTION_RULES, url: UNSHOWN };

/** The slack sink: see {@link BuiltInSinks.slack}. */
export function slack(options: SlackSinkOptions): Sink {
  const where = 'sinks.slack';
  checkOptions(options, SLACK_RULES, where);
  const { url, secrets } = sinkUrl(options.url, where);
  return new HttpSink(
    {
      kind: 'slack',
      rateLimits: [{ messages: 1, windowMs: 1000 }],
      maxBatch: undefined,
      secrets,
      request(changes) {
        const { title, lines, more } = digest(changes);
        const sections = [];
        for (let start = 0; start < lines.length; start += LINES_PER_SECTION) {
          const text = lines
            .slice(start, start + LINES_PER_SECTION)
            .map((line) => `• ${escaped(line)}`)
            .join('\n');
          sections.push({ type: 'section', text: { type: 'mrkdwn', text } });
        }
        const blocks = [
          { type: 'section', text: { type: 'mrkdwn', text: `*${escaped(title)}*` } },
          ...sections,
          ...(more === undefined
            ? []
            : [{ type: 'context', elements: [{ type: 'mrkdwn', text: escaped(more) }] }]),
        ];
        return { url, body: JSON.stringify({ text: escaped(title), blocks }) };
      },
      refusal: () => undefined,
    },
    options,
  );
}

/** Text with the three characters Slack reads as markup escaped. */
function escaped(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
