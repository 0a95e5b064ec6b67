import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type DeadLetter, DeliveryError, deliver, SinkError, sinks } from '../../src/index.js';
import { feedOf, recordedChanges, spacedFeed } from '../support/alert-feed.js';
import { failure } from '../support/caught.js';
import { settleOnClock, useFakeClock } from '../support/fake-clock.js';
import { type Received, type Receiver, useReceivers } from '../support/receiver.js';

const ACCESS_TOKEN = 'dt-access-token-0123456789abcdef';
const SECRET = 'SEC0123456789abcdef0123456789abcdef';

/**
 * DingTalk's check of a signed robot request, from its documentation: `timestamp` (epoch ms) within an
 * hour, and `sign` = Base64(HMAC-SHA256(key: secret, message: `${timestamp}\n${secret}`)), URL-encoded
 * in the query (URLSearchParams has decoded it here).
 */
function dingtalkAccepts(request: Received, secret: string): boolean {
  const timestamp = request.query.get('timestamp') ?? '';
  const sign = request.query.get('sign') ?? '';
  if (Math.abs(Date.now() - Number(timestamp)) > 3_600_000) return false;
  const expected = createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
  return request.query.get('access_token') === ACCESS_TOKEN && sign === expected;
}

/** A receiver that answers as DingTalk does: 200 with `errcode` 0, or 310000 for a bad signature. */
async function dingtalkRobot(start: () => Promise<Receiver>): Promise<Receiver> {
  const robot = await start();
  robot.answer = (request) =>
    dingtalkAccepts(request, SECRET)
      ? { body: JSON.stringify({ errcode: 0, errmsg: 'ok' }) }
      : { body: JSON.stringify({ errcode: 310000, errmsg: 'sign not match' }) };
  return robot;
}

/** The markdown of each message the robot got. */
function texts(robot: Receiver): string[] {
  return robot.received.map(
    (request) => (JSON.parse(request.body) as { markdown: { text: string } }).markdown.text,
  );
}

describe('DingTalk sink against a local robot', () => {
  const startReceiver = useReceivers();

  it('signs each request as DingTalk documents, and posts a markdown summary of the changes', async () => {
    const robot = await dingtalkRobot(startReceiver);
    const { changes, commits } = recordedChanges(3);
    const summary = await deliver(feedOf(changes), [
      sinks.dingtalk({ url: `${robot.origin}/robot/send?access_token=${ACCESS_TOKEN}`, secret: SECRET }),
    ]);
    expect(robot.received.length).toBeGreaterThan(0);
    for (const request of robot.received) {
      expect(request.path).toBe('/robot/send');
      expect(dingtalkAccepts(request, SECRET)).toBe(true);
      const body = JSON.parse(request.body) as { msgtype: string; markdown: { title: string; text: string } };
      expect(body.msgtype).toBe('markdown');
      expect(body.markdown.title).toMatch(/^Security Center: \d+ alert changes? \(/);
    }
    const all = texts(robot).join('\n');
    for (const change of changes) {
      expect(all).toContain(`alert ${change.alert.id}`);
      expect(all).toContain(change.kind);
    }
    expect(summary.sinks.dingtalk?.delivered).toBe(3);
    expect(commits.at(-1)).toBe(changes[2]?.id);
  });

  it('treats an errcode other than 0 in a 200 as a failure, not retried, without the token or secret', async () => {
    const robot = await dingtalkRobot(startReceiver);
    const { changes, commits } = recordedChanges(1);
    const url = `${robot.origin}/robot/send?access_token=${ACCESS_TOKEN}`;
    const error = await failure(
      deliver(feedOf(changes), [sinks.dingtalk({ url, secret: 'SECwrong-secret-value' })]),
    );
    expect(error).toBeInstanceOf(DeliveryError);
    const cause = (error as DeliveryError).cause as SinkError;
    expect(cause).toBeInstanceOf(SinkError);
    expect(cause).toMatchObject({
      code: 'SinkRefused',
      serviceCode: '310000',
      statusCode: 200,
      retryable: false,
      attempts: 1,
    });
    expect(cause.message).toContain('310000 sign not match');
    expect(robot.received).toHaveLength(1);
    expect(commits).toEqual([]);
    for (const text of [cause.message, JSON.stringify(error), (error as Error).message]) {
      expect(text).not.toContain(ACCESS_TOKEN);
      expect(text).not.toContain('wrong-secret');
    }
  });

  it('never sends more than 20 messages in any 60 s, merging what comes meanwhile: 500 changes over 3 minutes', async () => {
    useFakeClock();
    const robot = await dingtalkRobot(startReceiver);
    const { changes, commits } = recordedChanges(500, 'flood');
    const summary = await settleOnClock(
      deliver(spacedFeed(changes, 360), [
        sinks.dingtalk({ url: `${robot.origin}/robot/send?access_token=${ACCESS_TOKEN}`, secret: SECRET }),
      ]),
    );

    const times = robot.received.map((request) => request.at);
    const busiest = Math.max(
      ...times.map((from) => times.filter((at) => at >= from && at < from + 60_000).length),
    );
    expect(busiest).toBeLessThanOrEqual(20);
    // The limit was reached: without merging, 500 changes at this pace would be 500 messages.
    expect(busiest).toBe(20);
    expect(robot.received.length).toBeLessThan(100);
    expect(robot.received.every((request) => dingtalkAccepts(request, SECRET))).toBe(true);

    // Every change is in a message: listed on its own line, or counted in the message's "…and N more".
    let listed = 0;
    let counted = 0;
    const all = texts(robot);
    for (const text of all) {
      listed += text.split('\n').filter((line) => line.startsWith('- ')).length;
      const more = /…and (\d+) more: /.exec(text);
      counted += Number(more?.[1] ?? 0);
    }
    expect(listed + counted).toBe(500);
    // The listed lines name distinct alerts of the feed, in feed order.
    const listedIds = all.flatMap((text) =>
      [...text.matchAll(/^- .* alert (\d+)$/gm)].map((match) => match[1]),
    );
    expect(listedIds).toHaveLength(listed);
    const feedIds = changes.map((change) => change.alert.id);
    const positions = listedIds.map((id) => feedIds.indexOf(id as string));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((x, y) => x - y));
    expect(summary.sinks.dingtalk).toEqual({
      delivered: 500,
      deadLettered: 0,
      batches: robot.received.length,
    });
    expect(commits.at(-1)).toBe(changes.at(-1)?.id);
    console.log(
      `DingTalk flood: 500 changes over ${Math.round(Math.max(...times) / 1000)} s of fake time in ` +
        `${robot.received.length} messages (busiest 60 s: ${busiest}).`,
    );
  });

  it('waits out a robot that says it is throttled (130101) before trying again', async () => {
    useFakeClock();
    const robot = await dingtalkRobot(startReceiver);
    robot.answer = (_request, index) => ({
      body: JSON.stringify(
        index === 0
          ? { errcode: 130101, errmsg: 'send too fast, exceed 20 times per minute' }
          : { errcode: 0 },
      ),
    });
    const letters: DeadLetter[] = [];
    await settleOnClock(
      deliver(feedOf(recordedChanges(1).changes), [
        sinks.dingtalk({
          url: `${robot.origin}/robot/send?access_token=${ACCESS_TOKEN}`,
          onDeadLetter: (letter) => {
            letters.push(letter);
          },
        }),
      ]),
    );
    expect(letters).toEqual([]);
    expect(robot.received).toHaveLength(2);
    expect((robot.received[1]?.at ?? 0) - (robot.received[0]?.at ?? 0)).toBeGreaterThanOrEqual(600_000);
    // Without a secret, the request is not signed.
    expect(robot.received[0]?.query.has('sign')).toBe(false);
  });

  it('reads an answer that is not DingTalk JSON as a failure', async () => {
    const robot = await startReceiver();
    robot.answer = () => ({ body: '<html>gateway</html>' });
    const letters: DeadLetter[] = [];
    await deliver(feedOf(recordedChanges(1).changes), [
      sinks.dingtalk({
        url: `${robot.origin}/robot/send?access_token=${ACCESS_TOKEN}`,
        onDeadLetter: (letter) => {
          letters.push(letter);
        },
      }),
    ]);
    expect(letters[0]?.error).toMatchObject({ code: 'SinkAnswerInvalid', retryable: false });
  });
});
