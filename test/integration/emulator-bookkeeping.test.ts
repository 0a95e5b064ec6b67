import { describe, expect, it } from 'vitest';
import { sampleAlerts } from '../../src/emulator/index.js';
import { useEmulators } from '../support/emulators.js';
import { call, clientFor, failure } from '../support/openapi-client.js';

const emulator = useEmulators();

describe('bookkeeping', () => {
  it('counts every request it received, rejected ones included, until reset', async () => {
    const server = await emulator({ alerts: sampleAlerts(3) });
    const client = clientFor(server.endpoint, server.credentials);
    const intruder = clientFor(server.endpoint, {
      accessKeyId: server.credentials.accessKeyId,
      accessKeySecret: 'wrong',
    });

    await call(client, 'DescribeSuspEvents', { PageSize: 1 });
    await call(client, 'DescribeSuspEvents', { PageSize: 2 });
    await failure(call(intruder, 'HandleSecurityEvents', { SecurityEventIds: ['1'] }));

    expect(server.count()).toBe(3);
    expect(server.count('DescribeSuspEvents')).toBe(2);
    expect(server.count('HandleSecurityEvents')).toBe(1);
    expect(
      server.received.map(({ action, params, status, code, accessKeyId }) => ({
        action,
        params,
        status,
        code,
        accessKeyId,
      })),
    ).toEqual([
      {
        action: 'DescribeSuspEvents',
        params: { PageSize: '1' },
        status: 200,
        code: undefined,
        accessKeyId: server.credentials.accessKeyId,
      },
      {
        action: 'DescribeSuspEvents',
        params: { PageSize: '2' },
        status: 200,
        code: undefined,
        accessKeyId: server.credentials.accessKeyId,
      },
      {
        action: 'HandleSecurityEvents',
        params: { 'SecurityEventIds.1': '1' },
        status: 400,
        code: 'SignatureDoesNotMatch',
        accessKeyId: server.credentials.accessKeyId,
      },
    ]);
    server.reset();
    expect(server.count()).toBe(0);
    expect(server.received).toEqual([]);
  });

  it('derives RequestIds from the seed, so runs repeat', async () => {
    const idsOf = async (seed: string) => {
      const server = await emulator({ seed, alerts: [] });
      const client = clientFor(server.endpoint, server.credentials);
      const ids = [];
      for (let index = 0; index < 3; index++)
        ids.push((await call(client, 'DescribeSuspEvents')).body.RequestId);
      return ids;
    };

    const first = await idsOf('seed-a');
    const again = await idsOf('seed-a');
    const other = await idsOf('seed-b');

    expect(again).toEqual(first);
    expect(new Set(first).size).toBe(3);
    expect(other).not.toEqual(first);
  });

  it('generates a test key per start unless one is given', async () => {
    const a = await emulator();
    const b = await emulator();
    const fixed = await emulator({ accessKeyId: 'LTAIemulatorFixed', accessKeySecret: 'fixed-secret' });

    expect(a.credentials.accessKeyId).toMatch(/^LTAIemulator/);
    expect(a.credentials.accessKeySecret).not.toBe(b.credentials.accessKeySecret);
    expect(fixed.credentials).toEqual({ accessKeyId: 'LTAIemulatorFixed', accessKeySecret: 'fixed-secret' });
    expect(a.endpoint).toBe(`127.0.0.1:${a.port}`);
    expect(a.url).toBe(`http://127.0.0.1:${a.port}`);
    expect(a.protocol).toBe('http');
  });
});
