/**
 * `RiskHandler#listRisks` pages like `listAlerts`: hostile listings end with a `PagingError`, a capped
 * page size is read to the end, risk events that cannot be read are surfaced and the walk goes on, and
 * continuation tokens resume a walk.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { listAlerts } from '../../../src/alerts/list.js';
import { PagingError, RiskHandler, ValidationError } from '../../../src/index.js';
import { collect } from '../../support/collect.js';
import { type FakePaging, fakeSas, fakeSddp, walkToEnd } from '../paging-fakes.js';

const ENDINGS: string[] = [];
afterAll(() => console.log(['listRisks against hostile listings (in memory):', ...ENDINGS].join('\n')));

async function walk(name: string, paging: FakePaging, filter: Parameters<RiskHandler['listRisks']>[0] = {}) {
  const sddp = fakeSddp(paging);
  const result = await walkToEnd(new RiskHandler({ client: sddp.client }).listRisks(filter));
  const ids = result.items.map((risk) => risk.id);
  ENDINGS.push(
    `  ${name.padEnd(50)} ${result.ended.padEnd(22)} ${ids.length} risks, ${sddp.requests.length} requests`,
  );
  expect(new Set(ids).size, 'no risk event yielded twice').toBe(ids.length);
  return { ...result, ids, requests: sddp.requests, error: result.error as PagingError | undefined };
}

describe('listRisks: hostile listings', () => {
  it('alternating pages under a lying TotalCount: PageRepeated', async () => {
    const { ids, error, requests } = await walk('alternating pages, TotalCount 1000 for 40', {
      count: 40,
      total: 1000,
      beyondEnd: 'cycle',
    });
    expect(error).toBeInstanceOf(PagingError);
    expect(error).toMatchObject({ code: 'PageRepeated', action: 'DescribeRiskRules', pageNumber: 3 });
    expect(ids).toHaveLength(40);
    expect(requests).toHaveLength(3);
  });

  it('always-full pages without TotalCount: PageRepeated', async () => {
    const { error, ids } = await walk('always-full pages, no TotalCount', {
      count: 40,
      total: 'omit',
      beyondEnd: 'cycle',
    });
    expect(error).toMatchObject({ code: 'PageRepeated' });
    expect(ids).toHaveLength(40);
  });

  it('a PageSize capped at 10 of 100: every risk event', async () => {
    const { ids, error, requests } = await walk(
      'PageSize capped at 10 of 100 asked',
      { count: 100, cap: 10 },
      { pageSize: 100 },
    );
    expect(error).toBeUndefined();
    expect(ids).toHaveLength(100);
    expect(requests).toHaveLength(10);
  });

  it('empty pages below the total: TotalCountNotReached', async () => {
    const { error, ids } = await walk('empty pages after 40, TotalCount 1000', { count: 40, total: 1000 });
    expect(error).toMatchObject({ code: 'TotalCountNotReached', itemsRead: 40 });
    expect(ids).toHaveLength(40);
  });

  it('new risk events for ever: PageLimitReached at maxPages', async () => {
    const { error, requests } = await walk(
      'new risk events for ever, maxPages 20',
      { count: 1, total: 'omit', beyondEnd: 'fresh' },
      { maxPages: 20 },
    );
    expect(error).toMatchObject({ code: 'PageLimitReached', requests: 20 });
    expect(requests).toHaveLength(20);
  });
});

describe('listRisks: risk events that cannot be read', () => {
  it('are on their page and passed to onRejected; the walk goes on', async () => {
    const rejected: string[] = [];
    const sddp = fakeSddp({ count: 25, unreadable: [20] });
    const pages = await collect(
      new RiskHandler({ client: sddp.client })
        .listRisks({ pageSize: 10, onRejected: (item) => rejected.push(item.path) })
        .byPage(),
    );
    expect(pages.map((page) => [page.items.length, page.rejected.length])).toEqual([
      [9, 1],
      [10, 0],
      [5, 0],
    ]);
    expect(rejected).toEqual(['Items[20]']);
    expect(pages[0]?.rejected[0]?.raw).toMatchObject({ RiskId: 20 });
  });
});

describe('listRisks: continuation tokens and options', () => {
  it('resumes after the page whose token is given', async () => {
    const first = fakeSddp({ count: 25 });
    const pages = await collect(
      new RiskHandler({ client: first.client }).listRisks({ pageSize: 10 }).byPage(),
    );
    expect(pages.at(-1)?.continuationToken).toBeUndefined();
    const second = fakeSddp({ count: 25 });
    const rest = await collect(
      new RiskHandler({ client: second.client })
        .listRisks({ pageSize: 10 })
        .byPage({ continuationToken: pages[0]?.continuationToken }),
    );
    expect(rest.map((page) => page.pageNumber)).toEqual([2, 3]);
    expect(second.requests[0]).toEqual({ page: 2, size: 10 });
  });

  it('refuses a token of another status or of an alert listing, before any request', async () => {
    const pages = await collect(
      new RiskHandler({ client: fakeSddp({ count: 25 }).client }).listRisks({ pageSize: 10 }).byPage(),
    );
    const alertPages = await collect(listAlerts(fakeSas({ count: 45 }).calls).byPage());
    const sddp = fakeSddp({ count: 25 });
    const risks = new RiskHandler({ client: sddp.client });
    for (const [filter, token] of [
      [{ status: 'processed' as const }, pages[0]?.continuationToken],
      [{}, alertPages[0]?.continuationToken],
    ] as const) {
      expect(() => risks.listRisks(filter).byPage({ continuationToken: token })).toThrow(ValidationError);
    }
    expect(sddp.requests).toHaveLength(0);
  });

  it.each([
    [{ maxPages: 0 }, 'maxPages'],
    [{ maxPages: Number.POSITIVE_INFINITY }, 'maxPages'],
    [{ onRejected: {} as () => void }, 'onRejected'],
  ])('rejects %o at once', (filter, field) => {
    const sddp = fakeSddp({ count: 1 });
    let error: unknown;
    try {
      new RiskHandler({ client: sddp.client }).listRisks(filter);
    } catch (caught) {
      error = caught;
    }
    expect((error as ValidationError).field).toBe(field);
    expect(sddp.requests).toHaveLength(0);
  });
});
