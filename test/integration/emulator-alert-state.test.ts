import { describe, expect, it } from 'vitest';
import { sampleAlerts } from '../../src/emulator/index.js';
import { useEmulators } from '../support/emulators.js';
import { call, clientFor, failure } from '../support/openapi-client.js';

const emulator = useEmulators();

describe('alert state', () => {
  const alerts = sampleAlerts(45, 'paging');

  it('pages DescribeSuspEvents like the service: 20, 20, 5', async () => {
    const server = await emulator({ alerts });
    const client = clientFor(server.endpoint, server.credentials);

    const pages = [];
    for (const page of [1, 2, 3, 4]) {
      pages.push((await call(client, 'DescribeSuspEvents', { CurrentPage: page, PageSize: 20 })).body);
    }

    expect(pages.map((page) => page.Count)).toEqual([20, 20, 5, 0]);
    expect(pages.map((page) => page.TotalCount)).toEqual([45, 45, 45, 45]);
    expect(pages[2]).toMatchObject({ CurrentPage: 3, PageSize: 20 });
    const ids = pages.flatMap((page) => (page.SuspEvents as { Id: number }[]).map((event) => event.Id));
    expect(ids).toEqual(alerts.map((alert) => alert.Id));
    expect(Object.keys(pages[0] ?? {})).toEqual([
      'RequestId',
      'Count',
      'CurrentPage',
      'PageSize',
      'TotalCount',
      'SuspEvents',
    ]);
  });

  it('filters by Levels, Dealed and Status, and caps PageSize at 100', async () => {
    const server = await emulator({ alerts });
    const client = clientFor(server.endpoint, server.credentials);
    const list = async (query: Record<string, unknown>) =>
      (await call(client, 'DescribeSuspEvents', query)).body;
    const expected = alerts.filter((alert) => alert.Level === 'serious' || alert.Level === 'remind').length;

    const byLevel = await list({ Levels: 'serious,remind', PageSize: 100 });
    const pending = await list({ Dealed: 'N' });
    const dealt = await list({ Dealed: 'Y' });
    const ignored = await list({ Status: 2 });
    const capped = await list({ PageSize: 500 });
    const bad = await failure(call(client, 'DescribeSuspEvents', { CurrentPage: 'x' }));

    expect(expected).toBeGreaterThan(0);
    expect(expected).toBeLessThan(45);
    expect(byLevel.TotalCount).toBe(expected);
    expect((byLevel.SuspEvents as { Level: string }[]).every((event) => event.Level !== 'suspicious')).toBe(
      true,
    );
    expect([pending.TotalCount, pending.Count, pending.PageSize]).toEqual([45, 20, 20]);
    expect(dealt.TotalCount).toBe(0);
    expect(ignored.TotalCount).toBe(0);
    expect([capped.PageSize, capped.Count]).toEqual([100, 45]);
    expect([bad.code, bad.statusCode]).toEqual(['InvalidParameter', 400]);
  });

  it('lets handlers take precedence over the alert state', async () => {
    const server = await emulator({
      alerts,
      handlers: { DescribeSuspEvents: () => ({ status: 200, body: { TotalCount: -1 } }) },
    });

    const result = await call(clientFor(server.endpoint, server.credentials), 'DescribeSuspEvents');

    expect(result.body.TotalCount).toBe(-1);
  });
});
