import { createHmac, timingSafeEqual } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  type DeadLetter,
  DeliveryError,
  deliver,
  SinkError,
  sinks,
  verifyWebhookSignature,
  type WebhookPayload,
} from '../../src/index.js';
import { feedOf, recordedChanges } from '../support/alert-feed.js';
import { failure } from '../support/caught.js';
import { closedPort } from '../support/closed-port.js';
import { settleOnClock, useFakeClock } from '../support/fake-clock.js';
import { type Received, useReceivers } from '../support/receiver.js';

const SECRET = 'whsec-test-0123456789';
const TOKEN = 'path-token-abcdef123456';

/** The check of docs/sinks.md, written with node:crypto alone, as a receiver in another stack would. */
function signedByTheSink(request: Received, secret: string): boolean {
  const timestamp = request.headers['x-alert-timestamp'];
  const signature = request.headers['x-alert-signature'];
  if (typeof timestamp !== 'string' || typeof signature !== 'string') return false;
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return false;
  const expected = `sha256=${createHmac('sha256', secret).update(`${timestamp}.${request.body}`).digest('hex')}`;
  return (
    expected.length === signature.length && timingSafeEqual(Buffer.from(expected), Buffer.from(signature))
  );
}

describe('webhook sink against a local receiver', () => {
  const startReceiver = useReceivers();

  it('POSTs every change as signed JSON, in batches, and the receiver verifies each request', async () => {
    const receiver = await startReceiver();
    const { changes, commits } = recordedChanges(120);
    const sink = sinks.webhook({
      url: `${receiver.origin}/hooks/${TOKEN}`,
      secret: SECRET,
      headers: { authorization: 'Bearer receiver-token' },
    });
    const summary = await deliver(feedOf(changes), [sink]);

    expect(receiver.received.length).toBeGreaterThanOrEqual(3);
    for (const request of receiver.received) {
      expect(signedByTheSink(request, SECRET)).toBe(true);
      expect(verifyWebhookSignature({ secret: SECRET, body: request.body, headers: request.headers })).toBe(
        true,
      );
      expect(signedByTheSink(request, 'another-secret')).toBe(false);
      expect(request.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(request.headers.authorization).toBe('Bearer receiver-token');
      const payload = JSON.parse(request.body) as WebhookPayload;
      expect(request.headers['x-alert-batch-id']).toBe(payload.batchId);
      expect(payload.changes.length).toBeLessThanOrEqual(50);
    }
    const sent = receiver.received.flatMap((request) => (JSON.parse(request.body) as WebhookPayload).changes);
    expect(sent.map((record) => record.id)).toEqual(changes.map((change) => change.id));
    const first = sent[0];
    expect(first).toMatchObject({ id: changes[0]?.id, kind: 'new', alert: { id: changes[0]?.alert.id } });
    expect(first?.summary).toMatch(/^new · \w+ · .+ · alert \d+$/);
    expect(first?.alert.lastSeen).toBe(changes[0]?.alert.lastSeen?.toISOString());
    expect(summary.sinks.webhook).toEqual({
      delivered: 120,
      deadLettered: 0,
      batches: receiver.received.length,
    });
    expect(commits.at(-1)).toBe(changes.at(-1)?.id);
  });

  it('retries 5xx and 429 with backoff, waits as long as Retry-After says, and signs each attempt anew', async () => {
    useFakeClock();
    const receiver = await startReceiver();
    receiver.answer = (_request, index) =>
      index === 0 ? { status: 503 } : index === 1 ? { status: 429, headers: { 'retry-after': '120' } } : {};
    const { changes, commits } = recordedChanges(1);
    const summary = await settleOnClock(
      deliver(feedOf(changes), [sinks.webhook({ url: `${receiver.origin}/hook`, secret: SECRET })]),
    );
    const [first, second, third] = receiver.received;
    expect(receiver.received).toHaveLength(3);
    // Backoff before retry 1: 1 s doubled per retry, half of it random.
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(500);
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeLessThanOrEqual(1_000);
    expect((third?.at ?? 0) - (second?.at ?? 0)).toBeGreaterThanOrEqual(120_000);
    const batchIds = receiver.received.map((request) => request.headers['x-alert-batch-id']);
    expect(new Set(batchIds).size).toBe(1);
    expect(receiver.received.every((request) => signedByTheSink(request, SECRET))).toBe(true);
    expect(summary.sinks.webhook).toEqual({ delivered: 1, deadLettered: 0, batches: 1 });
    expect(commits).toEqual([changes[0]?.id]);
  });

  it('does not retry other 4xx: the batch goes to the dead-letter hook, then is committed', async () => {
    const receiver = await startReceiver();
    receiver.answer = () => ({ status: 400, body: `bad request to /hook/${TOKEN}` });
    const { changes, commits } = recordedChanges(3);
    const letters: DeadLetter[] = [];
    const summary = await deliver(feedOf(changes), [
      sinks.webhook({
        url: `${receiver.origin}/hook/${TOKEN}`,
        secret: SECRET,
        maxBatch: 3,
        onDeadLetter: (letter) => {
          letters.push(letter);
        },
      }),
    ]);
    expect(receiver.received.length).toBe(letters.length);
    expect(letters.flatMap((letter) => letter.changes.map((change) => change.id))).toEqual(
      changes.map((change) => change.id),
    );
    const error = letters[0]?.error;
    expect(error).toBeInstanceOf(SinkError);
    expect(error).toMatchObject({
      code: 'SinkHttpStatus',
      statusCode: 400,
      sink: 'webhook',
      retryable: false,
      attempts: 1,
      totalDelayMs: 0,
    });
    expect(summary.sinks.webhook).toMatchObject({ delivered: 0, deadLettered: 3 });
    expect(commits.at(-1)).toBe(changes[2]?.id);
  });

  it('gives up on an unreachable URL after its retries, without the URL or secret in the error', async () => {
    useFakeClock();
    const port = await closedPort();
    const { changes, commits } = recordedChanges(2);
    const url = `http://127.0.0.1:${port}/hook/${TOKEN}?key=query-token-98765`;
    const sink = sinks.webhook({ url, secret: SECRET, retries: 2, maxBatch: 2 });
    const error = await failure(settleOnClock(deliver(feedOf(changes), [sink])));

    expect(error).toBeInstanceOf(DeliveryError);
    const stopped = error as DeliveryError;
    expect(stopped).toMatchObject({ stage: 'sink', sink: 'webhook', summary: { read: 2, committed: 0 } });
    expect(commits).toEqual([]);
    const cause = stopped.cause as SinkError;
    expect(cause).toBeInstanceOf(SinkError);
    expect(cause).toMatchObject({ code: 'SinkUnreachable', retryable: true, attempts: 3 });
    expect((cause.cause as { code?: string }).code).toBe('ECONNREFUSED');
    for (const text of [
      stopped.message,
      cause.message,
      String((cause.cause as Error).message),
      JSON.stringify(stopped),
      inspect(stopped, { depth: 10 }),
      inspect(sink),
    ]) {
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain('query-token');
      expect(text).not.toContain(SECRET);
    }
  });

  it('fails an attempt that gets no answer within timeoutMs', async () => {
    const receiver = await startReceiver();
    receiver.answer = () => ({});
    // A server that never answers: accept the request, write nothing.
    const { createServer } = await import('node:http');
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const address = silent.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const letters: DeadLetter[] = [];
    try {
      await deliver(feedOf(recordedChanges(1).changes), [
        sinks.webhook({
          url: `http://127.0.0.1:${port}/hook`,
          secret: SECRET,
          retries: 0,
          timeoutMs: 200,
          onDeadLetter: (letter) => {
            letters.push(letter);
          },
        }),
      ]);
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
    expect(letters[0]?.error).toMatchObject({ code: 'SinkTimeout', retryable: true, attempts: 1 });
  });
});
