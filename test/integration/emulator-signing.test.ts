import { describe, expect, it } from 'vitest';
import type { EmulatorRequest } from '../../src/emulator/index.js';
import { useEmulators } from '../support/emulators.js';
import { type ClientConfig, call, clientFor, failure, SAS_VERSION } from '../support/openapi-client.js';

const emulator = useEmulators();

function echo(): {
  seen: EmulatorRequest[];
  handler: (request: EmulatorRequest) => { status: number; body: object };
} {
  const seen: EmulatorRequest[] = [];
  return {
    seen,
    handler: (request) => {
      seen.push(request);
      return { status: 200, body: { Echo: request.params } };
    },
  };
}

const STS_KEY = {
  accessKeyId: 'LTAIemulatorSts',
  accessKeySecret: 'sts-secret',
  securityToken: 'sts-token-1',
};

describe('signed calls from @alicloud/openapi-client', () => {
  it('routes an ACS3-signed call to its handler with the flat wire parameters', async () => {
    const { seen, handler } = echo();
    const server = await emulator({ handlers: { HandleSecurityEvents: handler } });
    const client = clientFor(server.endpoint, server.credentials);
    const operationParams = JSON.stringify({ expireTime: 1_800_000_000_000, note: "a b!*'()" });

    const result = await call(
      client,
      'HandleSecurityEvents',
      {
        SecurityEventIds: ['7009607', '7009586'],
        OperationCode: 'block_ip',
        OperationParams: operationParams,
      },
      { body: { TacticId: 'TA0001' } },
    );

    expect(seen).toEqual([
      {
        product: 'Sas',
        version: SAS_VERSION,
        action: 'HandleSecurityEvents',
        params: {
          'SecurityEventIds.1': '7009607',
          'SecurityEventIds.2': '7009586',
          OperationCode: 'block_ip',
          OperationParams: operationParams,
          TacticId: 'TA0001',
        },
        accessKeyId: server.credentials.accessKeyId,
        accountId: server.accountId,
        signatureVersion: 'v3',
      },
    ]);
    expect(result.statusCode).toBe(200);
    expect(result.headers['content-type']).toBe('application/json;charset=utf-8');
    expect(result.body.RequestId).toMatch(
      /^[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$/,
    );
    expect(result.headers['x-acs-request-id']).toBe(result.body.RequestId);
  });

  it('accepts the legacy HMAC-SHA1 signature and strips its fields from the parameters', async () => {
    const { seen, handler } = echo();
    const server = await emulator({ handlers: { HandleSecurityEvents: handler } });
    const client = clientFor(server.endpoint, { ...server.credentials, signatureAlgorithm: 'v2' });

    await call(
      client,
      'HandleSecurityEvents',
      { SecurityEventIds: ['7009607', '7009586'], OperationCode: 'ignore', RegionId: 'cn-shanghai' },
      { body: { TacticId: 'TA0001' } },
    );

    expect(seen[0]?.signatureVersion).toBe('v1');
    expect(seen[0]?.params).toEqual({
      'SecurityEventIds.1': '7009607',
      'SecurityEventIds.2': '7009586',
      OperationCode: 'ignore',
      RegionId: 'cn-shanghai',
      TacticId: 'TA0001',
    });
  });

  it.each([
    ['ACS3', undefined],
    ['v1', 'v2'],
  ])('checks the STS token of a key that has one (%s)', async (_name, signatureAlgorithm) => {
    const server = await emulator({
      keys: [STS_KEY],
      handlers: { DescribeSuspEvents: () => ({ status: 200, body: {} }) },
    });
    const sign = (config: ClientConfig) =>
      clientFor(server.endpoint, { ...config, ...(signatureAlgorithm && { signatureAlgorithm }) });

    const ok = await call(sign(STS_KEY), 'DescribeSuspEvents');
    const wrong = await failure(
      call(sign({ ...STS_KEY, securityToken: 'sts-token-2' }), 'DescribeSuspEvents'),
    );
    const missing = await failure(call(sign({ ...STS_KEY, securityToken: undefined }), 'DescribeSuspEvents'));
    const unexpected = await failure(
      call(sign({ ...server.credentials, securityToken: 'sts-token-1' }), 'DescribeSuspEvents'),
    );

    expect(ok.statusCode).toBe(200);
    expect([wrong.code, wrong.statusCode]).toEqual(['InvalidSecurityToken.MismatchWithAccessKey', 400]);
    expect([missing.code, missing.statusCode]).toEqual(['MissingSecurityToken', 400]);
    expect(unexpected.code).toBe('InvalidSecurityToken.MismatchWithAccessKey');
    expect(JSON.stringify([wrong.data, missing.data])).not.toContain('sts-token-1');
  });
});
