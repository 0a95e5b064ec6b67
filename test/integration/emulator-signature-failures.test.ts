import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useEmulators } from '../support/emulators.js';
import { call, clientFor, failure, SAS_VERSION } from '../support/openapi-client.js';
import { Util } from '../support/openapi-util.js';
import { captureSigned, codeOf, sendRaw } from '../support/signed-http.js';

const emulator = useEmulators();

describe('signature failures', () => {
  it.each([
    ['ACS3', undefined],
    ['v1', 'v2'],
  ])(
    'answers SignatureDoesNotMatch to a wrong secret, echoing no secret (%s)',
    async (_name, signatureAlgorithm) => {
      const server = await emulator();
      const client = clientFor(server.endpoint, {
        accessKeyId: server.credentials.accessKeyId,
        accessKeySecret: 'not-the-secret',
        ...(signatureAlgorithm && { signatureAlgorithm }),
      });

      const error = await failure(call(client, 'DescribeSuspEvents'));

      expect(error.code).toBe('SignatureDoesNotMatch');
      expect(error.statusCode).toBe(400);
      expect(error.data).toMatchObject({
        Code: 'SignatureDoesNotMatch',
        Message: 'Specified signature is not matched with our calculation.',
        HostId: server.endpoint,
      });
      expect(Object.keys(error.data ?? {})).toEqual([
        'RequestId',
        'HostId',
        'Code',
        'Message',
        'Recommend',
        'statusCode',
      ]);
      expect(JSON.stringify(error.data)).not.toContain(server.credentials.accessKeySecret);
      expect(server.received).toEqual([
        expect.objectContaining({ action: 'DescribeSuspEvents', status: 400, code: 'SignatureDoesNotMatch' }),
      ]);
    },
  );

  it('answers 404 InvalidAccessKeyId.NotFound to an unknown key', async () => {
    const server = await emulator();
    const client = clientFor(server.endpoint, { accessKeyId: 'LTAIunknown', accessKeySecret: 'whatever' });

    const error = await failure(call(client, 'DescribeSuspEvents'));

    expect([error.code, error.statusCode]).toEqual(['InvalidAccessKeyId.NotFound', 404]);
    expect(server.received[0]?.accessKeyId).toBe('LTAIunknown');
  });

  it('answers InvalidTimeStamp.Expired outside the tolerance window, and accepts inside it', async () => {
    const skewed = await emulator({
      now: () => Date.now() + 16 * 60_000,
      handlers: { DescribeSuspEvents: () => ({ status: 200, body: {} }) },
    });
    const tolerant = await emulator({
      now: () => Date.now() + 14 * 60_000,
      handlers: { DescribeSuspEvents: () => ({ status: 200, body: {} }) },
    });
    const strict = await emulator({ now: () => Date.now() - 5_000, timestampToleranceMs: 1_000 });

    const expired = await failure(call(clientFor(skewed.endpoint, skewed.credentials), 'DescribeSuspEvents'));
    const accepted = await call(clientFor(tolerant.endpoint, tolerant.credentials), 'DescribeSuspEvents');
    const tight = await failure(
      call(
        clientFor(strict.endpoint, { ...strict.credentials, signatureAlgorithm: 'v2' }),
        'DescribeSuspEvents',
      ),
    );

    expect([expired.code, expired.statusCode]).toEqual(['InvalidTimeStamp.Expired', 400]);
    expect(accepted.statusCode).toBe(200);
    expect(tight.code).toBe('InvalidTimeStamp.Expired');
  });

  it('answers InvalidTimeStamp.Format to a signed but unreadable date', async () => {
    const server = await emulator();
    const { accessKeyId, accessKeySecret } = server.credentials;
    const payloadHash = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
    const headers: Record<string, string> = {
      host: server.endpoint,
      'x-acs-action': 'DescribeSuspEvents',
      'x-acs-version': SAS_VERSION,
      'x-acs-date': '2026/01/15 08:00:00',
      'x-acs-signature-nonce': 'nonce-format',
      'x-acs-content-sha256': payloadHash,
    };
    const query = { PageSize: '20' };
    headers.authorization = Util.getAuthorization(
      { pathname: '/', method: 'POST', query, headers },
      'ACS3-HMAC-SHA256',
      payloadHash,
      accessKeyId,
      accessKeySecret,
    );

    const response = await sendRaw(server, {
      method: 'POST',
      path: '/?PageSize=20',
      headers,
      body: Buffer.alloc(0),
    });

    expect([response.status, codeOf(response)]).toEqual([400, 'InvalidTimeStamp.Format']);
  });

  it.each([
    ['ACS3', undefined],
    ['v1', 'v2'],
  ])('answers SignatureNonceUsed to a replayed request (%s)', async (_name, signatureAlgorithm) => {
    const server = await emulator({ handlers: { DescribeSuspEvents: () => ({ status: 200, body: {} }) } });
    const raw = await captureSigned(
      { ...server.credentials, ...(signatureAlgorithm && { signatureAlgorithm }) },
      'DescribeSuspEvents',
      { PageSize: 20 },
      { TacticId: 'TA0001' },
    );

    const first = await sendRaw(server, raw);
    const replayed = await sendRaw(server, raw);

    expect(first.status).toBe(200);
    expect([replayed.status, codeOf(replayed)]).toEqual([400, 'SignatureNonceUsed']);
  });

  it('answers SignatureDoesNotMatch to a tampered body, with or without a matching hash header', async () => {
    const server = await emulator({ handlers: { HandleSecurityEvents: () => ({ status: 200, body: {} }) } });
    const raw = await captureSigned(
      server.credentials,
      'HandleSecurityEvents',
      { OperationCode: 'ignore' },
      {
        TacticId: 'TA0001',
      },
    );
    expect(raw.headers['transfer-encoding']).toBe('chunked');
    const tamperedBody = Buffer.from(raw.body.toString('utf8').replace('TA0001', 'TA0002'));
    const rehashed = createHash('sha256').update(tamperedBody).digest('hex');

    const bodyOnly = await sendRaw(server, { ...raw, body: tamperedBody });
    const withHash = await sendRaw(server, {
      ...raw,
      headers: { ...raw.headers, 'x-acs-content-sha256': rehashed },
      body: tamperedBody,
    });
    const intact = await sendRaw(server, raw);

    expect([bodyOnly.status, codeOf(bodyOnly)]).toEqual([400, 'SignatureDoesNotMatch']);
    expect(JSON.parse(bodyOnly.text).Message).toContain('x-acs-content-sha256');
    expect([withHash.status, codeOf(withHash)]).toEqual([400, 'SignatureDoesNotMatch']);
    expect(intact.status).toBe(200);
  });

  it('answers IncompleteSignature to a missing or garbled Authorization and to unsigned x-acs headers', async () => {
    const server = await emulator();
    const raw = await captureSigned(server.credentials, 'DescribeSuspEvents');
    const { authorization: _dropped, ...unsignedHeaders } = raw.headers;

    const missing = await sendRaw(server, { ...raw, headers: unsignedHeaders });
    const garbled = await sendRaw(server, {
      ...raw,
      headers: { ...raw.headers, authorization: 'ACS3-HMAC-SHA256 Credential=x' },
    });
    const otherAlgorithm = await sendRaw(server, {
      ...raw,
      headers: { ...raw.headers, authorization: (raw.headers.authorization ?? '').replace('SHA256', 'SM3') },
    });
    const extraHeader = await sendRaw(server, { ...raw, headers: { ...raw.headers, 'x-acs-extra': '1' } });

    expect([missing.status, codeOf(missing)]).toEqual([400, 'IncompleteSignature']);
    expect(codeOf(garbled)).toBe('IncompleteSignature');
    expect(codeOf(otherAlgorithm)).toBe('InvalidSignatureMethod');
    expect(codeOf(extraHeader)).toBe('IncompleteSignature');
    expect(JSON.parse(extraHeader.text).Message).toContain('x-acs-extra');
  });
});
