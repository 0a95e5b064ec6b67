import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { acs3CanonicalRequest, acs3Signature } from '../../src/emulator/signing/acs3.js';
import { hmacSha256Hex, rfc3986 } from '../../src/emulator/signing/scheme.js';
import { v1Signature, v1StringToSign } from '../../src/emulator/signing/v1.js';
import { checkTimestamp, NonceStore, parseSigningTimestamp } from '../../src/emulator/signing/verify.js';
import { Util } from '../support/openapi-util.js';

const SECRET = 'unit-test-secret';

describe('rfc3986', () => {
  it('leaves only unreserved characters unencoded', () => {
    expect(rfc3986("a b!'()*~-_.")).toBe('a%20b%21%27%28%29%2A~-_.');
    expect(rfc3986('{"k":"v,w"}')).toBe('%7B%22k%22%3A%22v%2Cw%22%7D');
    expect(rfc3986('中')).toBe('%E4%B8%AD');
  });
});

describe('ACS3-HMAC-SHA256', () => {
  it('computes the signature @alicloud/openapi-util computes', () => {
    const query = {
      'SecurityEventIds.2': '7009586',
      'SecurityEventIds.1': '7009607',
      OperationParams: JSON.stringify({ note: "a b!*'() 中" }),
      Empty: '',
    };
    const headers = {
      host: 'tds.cn-shanghai.aliyuncs.com',
      'content-type': 'application/x-www-form-urlencoded',
      'x-acs-action': 'HandleSecurityEvents',
      'x-acs-version': '2018-12-03',
      'x-acs-date': '2026-01-15T08:00:00Z',
      'x-acs-signature-nonce': 'b5a3c8e0d1',
      'x-acs-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      'x-acs-security-token': '  token with spaces  ',
      'user-agent': 'not signed',
    };
    const payloadHash = headers['x-acs-content-sha256'];
    const authorization = Util.getAuthorization(
      { pathname: '/', method: 'POST', query, headers },
      'ACS3-HMAC-SHA256',
      payloadHash,
      'LTAIunit',
      SECRET,
    );
    const signedHeaders = /SignedHeaders=([^,]+)/.exec(authorization)?.[1]?.split(';') ?? [];

    const canonical = acs3CanonicalRequest({
      method: 'POST',
      path: '/',
      query: Object.entries(query),
      headers: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]])),
      signedHeaders,
      payloadHash,
    });

    expect(signedHeaders).not.toContain('user-agent');
    expect(authorization).toBe(
      `ACS3-HMAC-SHA256 Credential=LTAIunit,SignedHeaders=${signedHeaders.join(';')},Signature=${acs3Signature(canonical, SECRET)}`,
    );
  });

  it('builds the canonical request line by line', () => {
    const canonical = acs3CanonicalRequest({
      method: 'POST',
      path: '/',
      query: [
        ['b', 'x y'],
        ['a', '1'],
      ],
      headers: { host: ['h:1'], 'x-acs-multi': [' b ', 'a'] },
      signedHeaders: ['host', 'x-acs-multi'],
      payloadHash: 'HASH',
    });

    expect(canonical).toBe('POST\n/\na=1&b=x%20y\nhost:h:1\nx-acs-multi:a,b\n\nhost;x-acs-multi\nHASH');
  });
});

describe('hmacSha256Hex', () => {
  it("matches Node's HMAC for keys shorter than, as long as and longer than a block, and any text", () => {
    const keys = ['', 'k', 'x'.repeat(63), 'y'.repeat(64), 'z'.repeat(65), 'clé秘密'.repeat(20)];
    const texts = ['', 'ACS3-HMAC-SHA256\nabc', 'ü'.repeat(100)];

    for (const key of keys) {
      for (const text of texts) {
        // Twice: the second call uses the pads kept for the key.
        const expected = createHmac('sha256', key).update(text).digest('hex');
        expect([hmacSha256Hex(key, text), hmacSha256Hex(key, text)]).toEqual([expected, expected]);
      }
    }
  });
});

describe('legacy HMAC-SHA1', () => {
  it('computes the signature @alicloud/openapi-util computes', () => {
    const params = {
      Action: 'DescribeSuspEvents',
      Version: '2018-12-03',
      Format: 'json',
      Timestamp: '2026-01-15T08:00:00Z',
      SignatureNonce: 'n-1',
      SignatureMethod: 'HMAC-SHA1',
      SignatureVersion: '1.0',
      AccessKeyId: 'LTAIunit',
      Levels: 'serious,remind',
      Remark: "a b*~!'()",
      'SecurityEventIds.1': '1',
    };

    const signature = v1Signature(v1StringToSign('POST', Object.entries(params)), SECRET);

    expect(signature).toBe(Util.getRPCSignature(params, 'POST', SECRET));
  });

  it('signs METHOD&%2F& and the encoded, sorted parameters', () => {
    expect(
      v1StringToSign('GET', [
        ['b', '2'],
        ['a', 'x y'],
      ]),
    ).toBe('GET&%2F&a%3Dx%2520y%26b%3D2');
  });
});

describe('signing timestamps', () => {
  it('reads UTC ISO 8601 with or without milliseconds', () => {
    expect(parseSigningTimestamp('2026-01-15T08:00:00Z')).toBe(Date.UTC(2026, 0, 15, 8));
    expect(parseSigningTimestamp('2026-01-15T08:00:00.250Z')).toBe(Date.UTC(2026, 0, 15, 8) + 250);
  });

  it.each([
    '2026-01-15 08:00:00',
    '2026-01-15T08:00:00+08:00',
    'Thu, 15 Jan 2026 08:00:00 GMT',
    '2026-02-30T08:00:00Z',
    '',
  ])('refuses %j', (value) => {
    expect(parseSigningTimestamp(value)).toBeUndefined();
  });

  it('accepts the tolerance window on both sides and nothing beyond', () => {
    const at = Date.UTC(2026, 0, 15, 8);
    const minute = 60_000;

    expect(checkTimestamp('2026-01-15T08:00:00Z', at + 15 * minute, 15 * minute)).toEqual({ at });
    expect(checkTimestamp('2026-01-15T08:00:00Z', at - 15 * minute, 15 * minute)).toEqual({ at });
    expect(checkTimestamp('2026-01-15T08:00:00Z', at + 15 * minute + 1, 15 * minute)).toEqual({
      code: 'InvalidTimeStamp.Expired',
    });
    expect(checkTimestamp('soon', at, 15 * minute)).toEqual({ code: 'InvalidTimeStamp.Format' });
  });
});

describe('NonceStore', () => {
  it('refuses a nonce a key already used until it expires', () => {
    const store = new NonceStore();

    expect(store.use('key-a', 'n1', 1_000, 0)).toBe(true);
    expect(store.use('key-a', 'n1', 1_000, 999)).toBe(false);
    expect(store.use('key-b', 'n1', 1_000, 999)).toBe(true);
    expect(store.use('key-a', 'n1', 2_000, 1_001)).toBe(true);
  });

  it('keeps at most its capacity, forgetting expired nonces first, then the oldest', () => {
    const store = new NonceStore(2);
    store.use('key', 'old', 10, 0);
    store.use('key', 'live', 1_000, 0);

    expect(store.use('key', 'new', 1_000, 20)).toBe(true);
    expect(store.use('key', 'live', 1_000, 20)).toBe(false);
    expect(store.use('key', 'newer', 1_000, 20)).toBe(true);
    expect(store.use('key', 'live', 1_000, 20)).toBe(true);
  });

  it('refuses every nonce replayed within the window, however many requests came since', () => {
    const store = new NonceStore();
    const windowMs = 15 * 60_000;
    // 50,000 requests, one a millisecond on a fake clock: all within the window.
    for (let now = 0; now < 50_000; now++)
      expect(store.use('key', `n${now}`, now + windowMs, now)).toBe(true);

    expect(store.use('key', 'n0', 50_000 + windowMs, 50_000)).toBe(false);
    expect(store.use('key', 'n25000', 50_000 + windowMs, 50_000)).toBe(false);
    expect(store.use('other-key', 'n0', 50_000 + windowMs, 50_000)).toBe(true);
  });

  it('forgets nonces as they leave the window, and takes them again then', () => {
    const store = new NonceStore(3);
    const windowMs = 1_000;
    // One request every 100 ms: the window holds 10 of them, the capacity only 3 unless time frees them.
    for (let now = 0; now < 3_000; now += 100) store.use('key', `n${now}`, now + windowMs, now);
    store.use('key', 'late', 2_900 + windowMs, 2_900);

    expect(store.use('key', 'late', 3_000 + windowMs, 3_000)).toBe(false);
    expect(store.use('key', 'n2900', 3_000 + windowMs, 3_000)).toBe(false);
    expect(store.use('key', 'n0', 3_000 + windowMs, 3_000)).toBe(true);
  });
});
