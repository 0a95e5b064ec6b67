import { createHmac } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { type Sink, sinks, ValidationError, verifyWebhookSignature } from '../../../src/index.js';
import { caught } from '../../support/caught.js';

const TOKEN = 'a1b2c3d4e5f6token';
const SECRET = 'SECsigning-secret-42';
const HEADER_VALUE = 'Bearer header-secret-99';

/** One sink of each kind, configured with the secrets above. */
function everySink(): Sink[] {
  return [
    sinks.webhook({
      url: `https://hooks.example.com/${TOKEN}`,
      secret: SECRET,
      headers: { authorization: HEADER_VALUE },
    }),
    sinks.dingtalk({ url: `https://oapi.dingtalk.com/robot/send?access_token=${TOKEN}`, secret: SECRET }),
    sinks.slack({ url: `https://hooks.slack.com/services/T000/B000/${TOKEN}` }),
    sinks.lark({ url: `https://open.feishu.cn/open-apis/bot/v2/hook/${TOKEN}`, secret: SECRET }),
  ];
}

function expectNoSecret(text: string): void {
  expect(text).not.toContain(TOKEN);
  expect(text).not.toContain(SECRET);
  expect(text).not.toContain('header-secret');
}

describe('built-in sinks', () => {
  it('never show their URL, secret or header values when printed, inspected or serialized', () => {
    for (const sink of everySink()) {
      expectNoSecret(inspect(sink, { showHidden: true, depth: 10 }));
      expectNoSecret(String(sink));
      expectNoSecret(`${sink}`);
      expectNoSecret(JSON.stringify(sink));
      expectNoSecret(JSON.stringify({ ...sink }));
      expectNoSecret(Object.getOwnPropertyNames(sink).join(' '));
      expect(inspect(sink)).toContain("url: '[redacted]'");
    }
    expect(everySink().map((sink) => sink.name)).toEqual(['webhook', 'dingtalk', 'slack', 'lark']);
    expect(JSON.stringify(everySink()[1])).toBe('{"kind":"dingtalk","name":"dingtalk"}');
    expect(String(everySink()[0])).toBe('webhook sink "webhook"');
  });

  it('refuse a bad URL, secret or header without showing it', () => {
    const cases: [() => unknown, string][] = [
      [() => sinks.webhook({ url: `ftp://${TOKEN}@example.com`, secret: SECRET }), 'url'],
      [() => sinks.webhook({ url: `not a url ${TOKEN}`, secret: SECRET }), 'url'],
      [
        () => sinks.webhook({ url: 'https://example.com', secret: Buffer.from(SECRET) as unknown as string }),
        'secret',
      ],
      [() => sinks.webhook({ url: 'https://example.com', secret: '' }), 'secret'],
      [
        () =>
          sinks.webhook({
            url: 'https://example.com',
            secret: SECRET,
            headers: { authorization: [HEADER_VALUE] as unknown as string },
          }),
        'headers',
      ],
      [() => sinks.dingtalk({ url: 42 as unknown as string, secret: SECRET }), 'url'],
      [
        () =>
          sinks.dingtalk({
            url: 'https://oapi.dingtalk.com/robot/send',
            secret: { SECRET } as unknown as string,
          }),
        'secret',
      ],
      [() => sinks.slack({ url: `javascript:${TOKEN}` }), 'url'],
      [() => sinks.lark({ url: 'https://open.feishu.cn/x', secret: '' }), 'secret'],
    ];
    for (const [make, field] of cases) {
      const error = caught(make);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toBe(field);
      expectNoSecret((error as Error).message);
      expectNoSecret(JSON.stringify(error));
    }
  });

  it('check their other options as every option bag is checked', () => {
    const url = 'https://example.com/hook';
    expect((caught(() => sinks.webhook({ url, secret: SECRET, retries: -1 })) as ValidationError).field).toBe(
      'retries',
    );
    expect((caught(() => sinks.dingtalk({ url, messagesPerMinute: 21 })) as ValidationError).field).toBe(
      'messagesPerMinute',
    );
    expect(
      (caught(() => sinks.slack({ url, secret: SECRET } as unknown as { url: string })) as ValidationError)
        .field,
    ).toBe('secret');
    expect((caught(() => sinks.lark({ url, timeoutMs: 0 })) as ValidationError).field).toBe('timeoutMs');
  });
});

describe('verifyWebhookSignature', () => {
  const now = 1_733_030_400_000;
  const body = '{"batchId":"b","changes":[]}';
  const timestamp = String(now / 1000);
  const signature = `sha256=${createHmac('sha256', SECRET).update(`${timestamp}.${body}`).digest('hex')}`;
  const headers = { 'x-alert-timestamp': timestamp, 'x-alert-signature': signature };

  it('accepts the HMAC-SHA256 of "timestamp.body" within the tolerance, from any kind of headers', () => {
    expect(verifyWebhookSignature({ secret: SECRET, body, headers, now })).toBe(true);
    expect(
      verifyWebhookSignature({ secret: SECRET, body: Buffer.from(body), headers: new Headers(headers), now }),
    ).toBe(true);
    expect(verifyWebhookSignature({ secret: SECRET, body, headers, now: now + 300_000 })).toBe(true);
    expect(
      verifyWebhookSignature({ secret: SECRET, body, headers, now: now - 60_000, toleranceMs: 60_000 }),
    ).toBe(true);
  });

  it('refuses another secret or body, a stale or future timestamp, and missing or malformed headers', () => {
    expect(verifyWebhookSignature({ secret: 'other', body, headers, now })).toBe(false);
    expect(verifyWebhookSignature({ secret: SECRET, body: `${body} `, headers, now })).toBe(false);
    expect(verifyWebhookSignature({ secret: SECRET, body, headers, now: now + 300_001 })).toBe(false);
    expect(verifyWebhookSignature({ secret: SECRET, body, headers, now: now - 300_001 })).toBe(false);
    expect(
      verifyWebhookSignature({ secret: SECRET, body, headers: { 'x-alert-signature': signature }, now }),
    ).toBe(false);
    expect(
      verifyWebhookSignature({
        secret: SECRET,
        body,
        headers: { ...headers, 'x-alert-signature': 'sha256=00' },
        now,
      }),
    ).toBe(false);
    expect(
      verifyWebhookSignature({
        secret: SECRET,
        body,
        headers: { ...headers, 'x-alert-timestamp': '1e9' },
        now,
      }),
    ).toBe(false);
    expect(
      verifyWebhookSignature({
        secret: SECRET,
        body,
        headers: { ...headers, 'x-alert-signature': [signature] },
        now,
      }),
    ).toBe(false);
  });
});
