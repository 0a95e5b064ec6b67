import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type AlertChange, type DeadLetter, deliver, sinks } from '../../src/index.js';
import { feedOf, recordedChanges, spacedFeed } from '../support/alert-feed.js';
import { settleOnClock, useFakeClock } from '../support/fake-clock.js';
import { type Received, useReceivers } from '../support/receiver.js';

const HOOK = 'hook-token-0123456789abcdef';
const SECRET = 'lark-secret-0123456789';

/** A change whose alert name tries to mention everyone and to inject markup. */
function hostile(change: AlertChange): AlertChange {
  return {
    ...change,
    alert: { ...change.alert, name: '<!channel> <at user_id="all">x</at> *bold* [x](http://e.vil)' },
  };
}

interface LarkBody {
  timestamp?: string;
  sign?: string;
  msg_type: string;
  content: { post: { zh_cn: { title: string; content: { tag: string; text: string }[][] } } };
}

/**
 * Lark's check of a signed custom bot request, from its documentation: `timestamp` (Unix seconds)
 * within an hour, and `sign` = Base64(HMAC-SHA256(key: `${timestamp}\n${secret}`, message: empty)).
 */
function larkAccepts(request: Received, secret: string): boolean {
  const body = JSON.parse(request.body) as LarkBody;
  if (Math.abs(Date.now() / 1000 - Number(body.timestamp)) > 3600) return false;
  const expected = createHmac('sha256', `${body.timestamp}\n${secret}`).update('').digest('base64');
  return body.sign === expected;
}

describe('Slack sink against a local receiver', () => {
  const startReceiver = useReceivers();

  it('posts `text` and `blocks`, with alert text escaped so that it cannot mention or link', async () => {
    useFakeClock();
    const slack = await startReceiver();
    slack.answer = () => ({ body: 'ok' });
    const { changes, commits } = recordedChanges(2);
    const summary = await settleOnClock(
      deliver(feedOf([hostile(changes[0] as AlertChange), changes[1] as AlertChange]), [
        sinks.slack({ url: `${slack.origin}/services/T000/B000/${HOOK}` }),
      ]),
    );
    expect(slack.received.length).toBeGreaterThan(0);
    const bodies = slack.received.map(
      (request) => JSON.parse(request.body) as { text: string; blocks: unknown[] },
    );
    expect(bodies[0]?.text).toMatch(/^Security Center: \d alert changes? \(/);
    const all = JSON.stringify(bodies);
    expect(all).toContain('&lt;!channel&gt;');
    expect(all).not.toContain('<!channel>');
    expect(all).toContain(`alert ${changes[1]?.alert.id}`);
    expect(summary.sinks.slack?.delivered).toBe(2);
    expect(commits.at(-1)).toBe(changes[1]?.id);
  });

  it('keeps to one message a second', async () => {
    useFakeClock();
    const slack = await startReceiver();
    const { changes } = recordedChanges(5);
    await settleOnClock(
      deliver(spacedFeed(changes, 100), [sinks.slack({ url: `${slack.origin}/services/T000/B000/${HOOK}` })]),
    );
    const times = slack.received.map((request) => request.at);
    for (let index = 1; index < times.length; index++) {
      expect((times[index] as number) - (times[index - 1] as number)).toBeGreaterThanOrEqual(1_000);
    }
  });

  it('does not retry a refusal (a 4xx with Slack’s reason)', async () => {
    const slack = await startReceiver();
    slack.answer = () => ({ status: 404, body: 'channel_not_found' });
    const letters: DeadLetter[] = [];
    await deliver(feedOf(recordedChanges(1).changes), [
      sinks.slack({
        url: `${slack.origin}/services/T000/B000/${HOOK}`,
        onDeadLetter: (letter) => {
          letters.push(letter);
        },
      }),
    ]);
    expect(slack.received).toHaveLength(1);
    expect(letters[0]?.error).toMatchObject({ code: 'SinkHttpStatus', statusCode: 404, sink: 'slack' });
    expect(letters[0]?.error.message).not.toContain(HOOK);
  });
});

describe('Lark sink against a local receiver', () => {
  const startReceiver = useReceivers();

  it('signs each message as Lark documents, in a rich-text post whose lines are plain text', async () => {
    const lark = await startReceiver();
    lark.answer = (request) =>
      larkAccepts(request, SECRET)
        ? { body: JSON.stringify({ code: 0, msg: 'success', data: {} }) }
        : {
            body: JSON.stringify({ code: 19021, msg: 'sign match fail or timestamp is not within one hour' }),
          };
    const { changes, commits } = recordedChanges(3);
    const summary = await deliver(feedOf([hostile(changes[0] as AlertChange), ...changes.slice(1)]), [
      sinks.lark({ url: `${lark.origin}/open-apis/bot/v2/hook/${HOOK}`, secret: SECRET }),
    ]);
    for (const request of lark.received) {
      expect(larkAccepts(request, SECRET)).toBe(true);
      const body = JSON.parse(request.body) as LarkBody;
      expect(body.msg_type).toBe('post');
      for (const line of body.content.post.zh_cn.content)
        expect(line.map((element) => element.tag)).toEqual(['text']);
    }
    const lines = lark.received.flatMap((request) =>
      (JSON.parse(request.body) as LarkBody).content.post.zh_cn.content.map((line) => line[0]?.text),
    );
    expect(lines).toHaveLength(3);
    expect(lines[2]).toContain(`alert ${changes[2]?.alert.id}`);
    expect(summary.sinks.lark?.delivered).toBe(3);
    expect(commits.at(-1)).toBe(changes[2]?.id);
  });

  it('treats a `code` other than 0 as a failure, and leaves the body unsigned without a secret', async () => {
    const lark = await startReceiver();
    lark.answer = () => ({ body: JSON.stringify({ code: 19021, msg: `sign match fail for ${HOOK}` }) });
    const letters: DeadLetter[] = [];
    await deliver(feedOf(recordedChanges(1).changes), [
      sinks.lark({
        url: `${lark.origin}/open-apis/bot/v2/hook/${HOOK}`,
        onDeadLetter: (letter) => {
          letters.push(letter);
        },
      }),
    ]);
    expect(lark.received).toHaveLength(1);
    expect(JSON.parse(lark.received[0]?.body ?? '{}')).not.toHaveProperty('sign');
    const error = letters[0]?.error;
    expect(error).toMatchObject({ code: 'SinkRefused', serviceCode: '19021', retryable: false });
    // The service's message is kept, the token it echoed is not.
    expect(error?.message).toContain('sign match fail for [redacted]');
    expect(error?.message).not.toContain(HOOK);
  });
});
