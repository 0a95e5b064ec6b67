/**
 * `listAlerts` against listings that page badly: every walk ends, no alert is yielded twice, a short page
 * below the announced total is read on, and each way of ending is a `PagingError` with a code that says
 * why. The table of how each hostile case ended, and after how many requests, is printed at the end.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { listAlerts } from '../../../src/alerts/list.js';
import { type Alert, PagingError, ValidationError } from '../../../src/index.js';
import { collect } from '../../support/collect.js';
import { type FakePaging, fakeSas, walkToEnd } from '../paging-fakes.js';

/** How each hostile case ended: printed after the suite. */
const ENDINGS: { case: string; ended: string; alerts: number; requests: number }[] = [];
afterAll(() => {
  console.log(
    ['listAlerts against hostile listings (in memory):']
      .concat(
        ENDINGS.map(
          (row) =>
            `  ${row.case.padEnd(58)} ${row.ended.padEnd(22)} ${String(row.alerts).padStart(6)} alerts  ` +
            `${String(row.requests).padStart(5)} requests`,
        ),
      )
      .join('\n'),
  );
});

/** Walks every alert of a fake listing and records how it ended. */
async function walk(name: string, paging: FakePaging, filter: Parameters<typeof listAlerts>[1] = {}) {
  const sas = fakeSas(paging);
  const result = await walkToEnd(listAlerts(sas.calls, filter));
  const ids = result.items.map((alert: Alert) => alert.id);
  ENDINGS.push({ case: name, ended: result.ended, alerts: ids.length, requests: sas.requests.length });
  expect(new Set(ids).size, 'no alert yielded twice').toBe(ids.length);
  return { ...result, ids, requests: sas.requests, error: result.error as PagingError | undefined };
}

describe('listAlerts: hostile listings end, fast, with a typed error', () => {
  it('alternating pages under a lying TotalCount: PageRepeated at the third request', async () => {
    const { ids, error, requests } = await walk('alternating pages, TotalCount 1000 for 40', {
      count: 40,
      total: 1000,
      beyondEnd: 'cycle',
    });
    expect(ids).toHaveLength(40);
    expect(error).toBeInstanceOf(PagingError);
    expect(error).toMatchObject({
      name: 'PagingError',
      code: 'PageRepeated',
      action: 'DescribeSuspEvents',
      pageNumber: 3,
      requests: 3,
      itemsRead: 40,
      totalCount: 1000,
      requestId: 'R3',
    });
    expect(error?.message).toMatch(/page 3/);
    expect(requests).toHaveLength(3);
  });

  it('always-full pages without TotalCount: PageRepeated once every alert has come round', async () => {
    const aligned = await walk('always-full pages, no TotalCount (40, pages of 20)', {
      count: 40,
      total: 'omit',
      beyondEnd: 'cycle',
    });
    expect(aligned).toMatchObject({ ended: 'PageRepeated' });
    expect(aligned.ids).toHaveLength(40);
    expect(aligned.requests).toHaveLength(3);

    // 45 in pages of 20: page 3 brings the last 5 and 15 seen ones; page 4 only seen ones.
    const shifted = await walk('always-full pages, no TotalCount (45, pages of 20)', {
      count: 45,
      total: 'omit',
      beyondEnd: 'cycle',
    });
    expect(shifted).toMatchObject({ ended: 'PageRepeated' });
    expect(shifted.ids).toHaveLength(45);
    expect(shifted.requests).toHaveLength(4);
  });

  it('always-full pages of new alerts without TotalCount: PageLimitReached at maxPages', async () => {
    const { ids, error, requests } = await walk(
      'new alerts for ever, no TotalCount, maxPages 50',
      { count: 40, total: 'omit', beyondEnd: 'fresh' },
      { maxPages: 50 },
    );
    expect(error).toMatchObject({ code: 'PageLimitReached', requests: 50, pageNumber: 51 });
    expect(error?.message).toMatch(/maxPages/);
    expect(error?.continuationToken).toEqual(expect.any(String));
    expect(ids).toHaveLength(50 * 20);
    expect(requests).toHaveLength(50);
  });

  it('reads at most 10,000 pages by default', async () => {
    const { error, requests } = await walk(
      'new alerts for ever, no TotalCount, default maxPages',
      { count: 1, total: 'omit', beyondEnd: 'fresh' },
      { pageSize: 1 },
    );
    expect(error).toMatchObject({ code: 'PageLimitReached', requests: 10_000 });
    expect(requests).toHaveLength(10_000);
  });

  it('a PageSize capped at 10 of 100: every alert, at the size the service serves', async () => {
    const { ids, error, requests } = await walk(
      'PageSize capped at 10 of 100 asked, TotalCount 100',
      { count: 100, cap: 10 },
      { pageSize: 100 },
    );
    expect(error).toBeUndefined();
    expect(ids).toHaveLength(100);
    expect(requests.map((request) => request.size)).toEqual([100, ...Array(9).fill(10)]);
    expect(requests.map((request) => request.page)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('a PageSize capped at 10 that the answer does not announce: the same', async () => {
    const { ids, requests } = await walk(
      'PageSize capped at 10 of 100, cap not announced',
      { count: 100, cap: 10, announceCap: false },
      { pageSize: 100 },
    );
    expect(ids).toHaveLength(100);
    expect(requests).toHaveLength(10);
  });

  it('a capped PageSize without TotalCount: read on until an empty page', async () => {
    const announced = await walk(
      'PageSize capped at 10 of 100, no TotalCount',
      { count: 100, cap: 10, total: 'omit' },
      { pageSize: 100 },
    );
    expect(announced.ids).toHaveLength(100);
    expect(announced.requests).toHaveLength(11);
    expect(announced.ended).toBe('end');

    const silent = await walk(
      'PageSize capped at 10 of 100, no TotalCount, cap not announced',
      { count: 100, cap: 10, total: 'omit', announceCap: false },
      { pageSize: 100 },
    );
    expect(silent.ids).toHaveLength(100);
    expect(silent.requests).toHaveLength(11);
  });

  it('an empty page below the announced total is read once more, then TotalCountNotReached', async () => {
    const { ids, error, requests } = await walk('empty pages after 40, TotalCount 1000', {
      count: 40,
      total: 1000,
    });
    expect(ids).toHaveLength(40);
    expect(error).toMatchObject({ code: 'TotalCountNotReached', itemsRead: 40, totalCount: 1000 });
    expect(requests.map((request) => request.page)).toEqual([1, 2, 3, 3]);
  });

  it('an empty page that has alerts when read again: the walk goes on', async () => {
    const { ids, error, requests } = await walk('page 2 empty once, TotalCount 45', {
      count: 45,
      emptyOnce: [2],
    });
    expect(error).toBeUndefined();
    expect(ids).toHaveLength(45);
    expect(requests.map((request) => request.page)).toEqual([1, 2, 2, 3]);
  });

  it('pages that keep coming past TotalCount: PagingOverrun', async () => {
    const { ids, error, requests } = await walk('TotalCount 0 for 45 alerts', { count: 45, total: 0 });
    expect(error).toMatchObject({ code: 'PagingOverrun', pageNumber: 2, totalCount: 0 });
    expect(ids).toHaveLength(20);
    expect(requests).toHaveLength(2);
  });

  it('the last page again and again without TotalCount: PageRepeated', async () => {
    const { ids, error } = await walk('the last page again, no TotalCount', {
      count: 40,
      total: 'omit',
      beyondEnd: 'repeatLast',
    });
    expect(ids).toHaveLength(40);
    expect(error).toMatchObject({ code: 'PageRepeated', pageNumber: 3 });
  });

  it('the last page again with a true TotalCount: ends at the total, no page past it read', async () => {
    const { ids, error, requests } = await walk('the last page again, TotalCount 40', {
      count: 40,
      beyondEnd: 'repeatLast',
    });
    expect(error).toBeUndefined();
    expect(ids).toHaveLength(40);
    expect(requests).toHaveLength(2);
  });

  it('a short last page without TotalCount is checked with one more request', async () => {
    const { ids, error, requests } = await walk('honest, no TotalCount (45, pages of 20)', {
      count: 45,
      total: 'omit',
    });
    expect(error).toBeUndefined();
    expect(ids).toHaveLength(45);
    // 40 read at 20 a page, 5 on page 3: page 10 of 5 (positions 45-49) is empty, the end.
    expect(requests).toEqual([
      { page: 1, size: 20 },
      { page: 2, size: 20 },
      { page: 3, size: 20 },
      { page: 10, size: 5 },
    ]);
  });

  it('PagingError explains itself and is an SdkError', async () => {
    const { error } = await walk('alternating pages, TotalCount 1000 for 40 (again)', {
      count: 40,
      total: 1000,
      beyondEnd: 'cycle',
    });
    expect(error?.toJSON()).toMatchObject({ name: 'PagingError', code: 'PageRepeated' });
    expect(error?.delivery).toBe('refused');
    expect(error?.retryable).toBe(false);
  });
});

describe('listAlerts: alerts that cannot be read are kept apart, the walk goes on', () => {
  it('surfaces each on its page and through onRejected, once', async () => {
    const seen: { path: string; raw: unknown; pageNumber: number; requestId: string | undefined }[] = [];
    const sas = fakeSas({ count: 45, unreadable: [44, 10] });
    const pages = await collect(
      listAlerts(sas.calls, {
        onRejected: (item, page) => seen.push({ path: item.path, raw: item.raw, ...page }),
      }).byPage(),
    );
    expect(pages.map((page) => page.items.length)).toEqual([19, 19, 5]);
    expect(pages.map((page) => page.rejected.length)).toEqual([1, 1, 0]);
    expect(pages[0]?.rejected[0]).toMatchObject({
      raw: { Id: 44 },
      issues: [{ path: 'Level', message: 'expected a string' }],
    });
    expect(seen).toEqual([
      { path: 'SuspEvents[44]', raw: expect.objectContaining({ Id: 44 }), pageNumber: 1, requestId: 'R1' },
      { path: 'SuspEvents[10]', raw: expect.objectContaining({ Id: 10 }), pageNumber: 2, requestId: 'R2' },
    ]);
    // A page of 19 alerts and one kept apart is full: no page is read again.
    expect(sas.requests).toHaveLength(3);
  });

  it('a page of alerts that cannot be read at all still comes, with no items', async () => {
    const rejected: unknown[] = [];
    const sas = fakeSas({ count: 3, unreadable: [1, 2, 3] });
    const pages = await collect(
      listAlerts(sas.calls, { onRejected: (item) => rejected.push(item) }).byPage(),
    );
    expect(pages).toHaveLength(1);
    expect(pages[0]).toMatchObject({ items: [], pageNumber: 1, totalCount: 3 });
    expect(pages[0]?.rejected).toHaveLength(3);
    expect(rejected).toHaveLength(3);
    expect(await collect(listAlerts(fakeSas({ count: 3, unreadable: [1, 2, 3] }).calls))).toEqual([]);
  });

  it('an unreadable alert served again is not reported twice, and counts as seen', async () => {
    const rejected: unknown[] = [];
    const { error, ids } = await walk(
      'alternating pages with an unreadable alert',
      { count: 40, total: 1000, beyondEnd: 'cycle', unreadable: [40] },
      { onRejected: (item) => rejected.push(item) },
    );
    expect(ids).toHaveLength(39);
    expect(rejected).toHaveLength(1);
    expect(error).toMatchObject({ code: 'PageRepeated', pageNumber: 3 });
  });
});

describe('listAlerts: continuation tokens', () => {
  it('every page but the last gives a token that resumes after it', async () => {
    const first = fakeSas({ count: 100 });
    const pages = await collect(listAlerts(first.calls, { levels: ['serious'] }).byPage());
    expect(pages.map((page) => page.continuationToken === undefined)).toEqual([
      false,
      false,
      false,
      false,
      true,
    ]);

    const second = fakeSas({ count: 100 });
    const resumed = await collect(
      listAlerts(second.calls, { levels: ['serious'] }).byPage({
        continuationToken: pages[1]?.continuationToken,
      }),
    );
    expect(resumed.map((page) => page.pageNumber)).toEqual([3, 4, 5]);
    expect(resumed.flatMap((page) => page.items.map((alert) => alert.id))).toEqual(
      pages.slice(2).flatMap((page) => page.items.map((alert) => alert.id)),
    );
    expect(second.requests[0]).toEqual({ page: 3, size: 20 });
  });

  it('a token keeps the page size the service serves', async () => {
    const first = fakeSas({ count: 100, cap: 10 });
    const iterator = listAlerts(first.calls, { pageSize: 100 }).byPage();
    const page1 = (await iterator.next()).value;
    expect(page1).toMatchObject({ pageNumber: 1, pageSize: 100 });
    const page2 = (await iterator.next()).value;
    expect(page2).toMatchObject({ pageNumber: 2, pageSize: 10 });

    const second = fakeSas({ count: 100, cap: 10 });
    const rest = await collect(
      listAlerts(second.calls, { pageSize: 100 }).byPage({ continuationToken: page2?.continuationToken }),
    );
    expect(second.requests[0]).toEqual({ page: 3, size: 10 });
    expect(rest.flatMap((page) => page.items)).toHaveLength(80);
  });

  it('PageLimitReached carries a token to read on from where it stopped', async () => {
    const first = fakeSas({ count: 100 });
    const { items, error } = await walkToEnd(listAlerts(first.calls, { pageSize: 10, maxPages: 3 }));
    expect(items).toHaveLength(30);
    expect(error).toMatchObject({ code: 'PageLimitReached', requests: 3 });

    const second = fakeSas({ count: 100 });
    const rest = await collect(
      listAlerts(second.calls, { pageSize: 10, maxPages: 3 }).byPage({
        continuationToken: (error as PagingError).continuationToken,
      }),
    ).catch((caught: unknown) => caught);
    expect(rest).toMatchObject({ code: 'PageLimitReached' });
    const all = await collect(
      listAlerts(fakeSas({ count: 100 }).calls, { pageSize: 10 }).byPage({
        continuationToken: (error as PagingError).continuationToken,
      }),
    );
    expect(all.flatMap((page) => page.items)).toHaveLength(70);
    expect(all[0]?.pageNumber).toBe(4);
  });

  it.each([
    ['another filter', (token: string) => ({ filter: { levels: ['suspicious'] }, token })],
    [
      'another language',
      (token: string) => ({ filter: { levels: ['serious'], lang: 'en' as const }, token }),
    ],
    [
      'a changed token',
      (token: string) => ({ filter: { levels: ['serious'] }, token: `${token.slice(0, -2)}xx` }),
    ],
    ['garbage', () => ({ filter: { levels: ['serious'] }, token: 'not-a-token' })],
    ['an empty string', () => ({ filter: { levels: ['serious'] }, token: '' })],
    ['a number', () => ({ filter: { levels: ['serious'] }, token: 42 as unknown as string })],
  ])('refuses a token for %s before any request', async (_, make) => {
    const pages = await collect(listAlerts(fakeSas({ count: 100 }).calls, { levels: ['serious'] }).byPage());
    const { filter, token } = make(pages[0]?.continuationToken ?? '');
    const sas = fakeSas({ count: 100 });
    let error: unknown;
    try {
      listAlerts(sas.calls, filter).byPage({ continuationToken: token });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe('continuationToken');
    expect(sas.requests).toHaveLength(0);
  });
});

describe('listAlerts: paging options', () => {
  it.each([
    [{ maxPages: 0 }, 'maxPages'],
    [{ maxPages: 1.5 }, 'maxPages'],
    [{ maxPages: '3' as unknown as number }, 'maxPages'],
    [{ onRejected: 'log' as unknown as () => void }, 'onRejected'],
  ])('rejects %o before any request', (filter, field) => {
    const sas = fakeSas({ count: 1 });
    let error: unknown;
    try {
      listAlerts(sas.calls, filter);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe(field);
    expect(sas.requests).toHaveLength(0);
  });

  it('maxPages 1 reads one page and says there are more', async () => {
    const sas = fakeSas({ count: 45 });
    const { items, error } = await walkToEnd(listAlerts(sas.calls, { maxPages: 1 }));
    expect(items).toHaveLength(20);
    expect(error).toMatchObject({ code: 'PageLimitReached', requests: 1 });
  });

  it('maxPages is no limit to a listing that ends within it', async () => {
    const sas = fakeSas({ count: 45 });
    expect(await collect(listAlerts(sas.calls, { maxPages: 3 }))).toHaveLength(45);
  });
});
