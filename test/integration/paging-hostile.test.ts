/**
 * The hostile paging cases of the emulator, over HTTP, through `AlertHandler#listAlerts` and
 * `RiskHandler#listRisks`: each walk ends (with the alerts read or a `PagingError` whose code says why),
 * no item is yielded twice, and a server that caps `PageSize` is read to the end. A table of how each
 * case ended, after how many requests and how long it took, is printed at the end (the times are
 * printed, never asserted).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { type EmulatorPaging, sampleAlerts, sampleRisks } from '../../src/emulator/index.js';
import { AlertHandler, type AlertPage, PagingError, RiskHandler } from '../../src/index.js';
import { useEmulators } from '../support/emulators.js';

const start = useEmulators();

const ROWS: string[] = [];
afterAll(() => {
  console.log(
    [
      'Hostile paging over HTTP (emulator):',
      `  ${'case'.padEnd(62)} ${'ended'.padEnd(22)} ${'items'.padStart(5)} ${'requests'.padStart(8)}  time`,
      ...ROWS,
    ].join('\n'),
  );
});

interface Ending {
  readonly ids: string[];
  readonly error: PagingError | undefined;
  readonly requests: number;
}

/** Walks a listing to its end and records how it ended. */
async function record(
  name: string,
  requests: () => number,
  walk: AsyncIterable<{ id: string }>,
): Promise<Ending> {
  const ids: string[] = [];
  let error: unknown;
  const started = performance.now();
  try {
    for await (const item of walk) ids.push(item.id);
  } catch (caught) {
    error = caught;
  }
  const ms = performance.now() - started;
  if (error !== undefined && !(error instanceof PagingError)) throw error;
  const ended = error instanceof PagingError ? error.code : 'end';
  ROWS.push(
    `  ${name.padEnd(62)} ${ended.padEnd(22)} ${String(ids.length).padStart(5)} ${String(requests()).padStart(8)}  ${ms.toFixed(0)} ms`,
  );
  expect(new Set(ids).size, `${name}: no item twice`).toBe(ids.length);
  return { ids, error: error as PagingError | undefined, requests: requests() };
}

async function alertsWith(count: number, paging: EmulatorPaging) {
  const emulator = await start({ alerts: sampleAlerts(count, 'paging'), state: { paging } });
  const handler = new AlertHandler({
    endpoint: emulator.endpoint,
    protocol: 'http',
    credential: emulator.credentials,
  });
  return { emulator, handler, requests: () => emulator.count('DescribeSuspEvents') };
}

async function risksWith(count: number, paging: EmulatorPaging) {
  const emulator = await start({ state: { risks: sampleRisks(count, 'paging'), paging } });
  const handler = new RiskHandler({
    endpoint: emulator.endpoint,
    protocol: 'http',
    credential: emulator.credentials,
  });
  return { emulator, handler, requests: () => emulator.count('DescribeRiskRules') };
}

describe('listAlerts over HTTP: hostile paging ends, fast', () => {
  it('alternating pages under a lying TotalCount: PageRepeated at the third request', async () => {
    const { handler, requests } = await alertsWith(40, { totalCount: 1000, beyondEnd: 'cycle' });
    const ended = await record(
      'alternating pages, TotalCount 1000 for 40 alerts',
      requests,
      handler.listAlerts({ pageSize: 20 }),
    );
    expect(ended.error).toMatchObject({ code: 'PageRepeated', pageNumber: 3, itemsRead: 40 });
    expect(ended.ids).toHaveLength(40);
    expect(ended.requests).toBe(3);
  });

  it('always-full pages without TotalCount: PageRepeated', async () => {
    const { handler, requests } = await alertsWith(45, { totalCount: 'omit', beyondEnd: 'cycle' });
    const ended = await record(
      'always-full pages, no TotalCount, 45 alerts',
      requests,
      handler.listAlerts({ pageSize: 20 }),
    );
    expect(ended.error).toMatchObject({ code: 'PageRepeated' });
    expect(ended.ids).toHaveLength(45);
    expect(ended.requests).toBe(4);
  });

  it('a PageSize capped at 10: all 100 alerts, not 10', async () => {
    const { handler, requests } = await alertsWith(100, { maxPageSize: 10 });
    const pages: AlertPage[] = [];
    const ended = await record(
      'PageSize capped at 10 of 100 asked, 100 alerts',
      requests,
      (async function* () {
        for await (const page of handler.listAlerts({ pageSize: 100 }).byPage()) {
          pages.push(page);
          yield* page.items;
        }
      })(),
    );
    expect(ended.error).toBeUndefined();
    expect(ended.ids).toHaveLength(100);
    expect(ended.requests).toBe(10);
    expect(pages).toHaveLength(10);
  });

  it('a PageSize capped at 10 without TotalCount: all 100 alerts', async () => {
    const { handler, requests } = await alertsWith(100, { maxPageSize: 10, totalCount: 'omit' });
    const ended = await record(
      'PageSize capped at 10 of 100 asked, no TotalCount',
      requests,
      handler.listAlerts({ pageSize: 100 }),
    );
    expect(ended.error).toBeUndefined();
    expect(ended.ids).toHaveLength(100);
    expect(ended.requests).toBe(11);
  });

  it('a lying TotalCount with empty pages past the end: TotalCountNotReached', async () => {
    const { handler, requests } = await alertsWith(40, { totalCount: 1000 });
    const ended = await record(
      'empty pages after 40 alerts, TotalCount 1000',
      requests,
      handler.listAlerts({ pageSize: 20 }),
    );
    expect(ended.error).toMatchObject({ code: 'TotalCountNotReached', itemsRead: 40, totalCount: 1000 });
    expect(ended.requests).toBe(4);
  });

  it('the last page again and again without TotalCount: PageRepeated', async () => {
    const { handler, requests } = await alertsWith(40, { totalCount: 'omit', beyondEnd: 'repeatLast' });
    const ended = await record(
      'the last page again, no TotalCount, 40 alerts',
      requests,
      handler.listAlerts({ pageSize: 20 }),
    );
    expect(ended.error).toMatchObject({ code: 'PageRepeated' });
    expect(ended.ids).toHaveLength(40);
    expect(ended.requests).toBe(3);
  });

  it('an honest listing still ends at its total with no extra request', async () => {
    const { handler, requests } = await alertsWith(45, {});
    const ended = await record('honest, 45 alerts', requests, handler.listAlerts({ pageSize: 20 }));
    expect(ended.error).toBeUndefined();
    expect(ended.ids).toHaveLength(45);
    expect(ended.requests).toBe(3);
  });

  it('a walk resumed with a continuation token reads the rest, once', async () => {
    const { handler, requests } = await alertsWith(100, { maxPageSize: 10 });
    const first: string[] = [];
    let token: string | undefined;
    for await (const page of handler.listAlerts({ pageSize: 100 }).byPage()) {
      first.push(...page.items.map((alert) => alert.id));
      token = page.continuationToken;
      if (first.length >= 30) break;
    }
    const rest = await record(
      'resumed after 30 alerts, capped at 10 (both walks)',
      requests,
      (async function* () {
        for await (const page of handler.listAlerts({ pageSize: 100 }).byPage({ continuationToken: token })) {
          yield* page.items;
        }
      })(),
    );
    expect(new Set([...first, ...rest.ids]).size).toBe(100);
    expect(rest.ids).toHaveLength(70);
  });
});

describe('listRisks over HTTP: hostile paging ends, fast', () => {
  it('alternating pages under a lying TotalCount: PageRepeated', async () => {
    const { handler, requests } = await risksWith(40, { totalCount: 1000, beyondEnd: 'cycle' });
    const ended = await record(
      'risks: alternating pages, TotalCount 1000 for 40',
      requests,
      handler.listRisks({ pageSize: 20 }),
    );
    expect(ended.error).toMatchObject({ code: 'PageRepeated', action: 'DescribeRiskRules' });
    expect(ended.ids).toHaveLength(40);
    expect(ended.requests).toBe(3);
  });

  it('a PageSize capped at 10: every risk event', async () => {
    const { handler, requests } = await risksWith(100, { maxPageSize: 10 });
    const ended = await record(
      'risks: PageSize capped at 10 of 100 asked',
      requests,
      handler.listRisks({ pageSize: 100 }),
    );
    expect(ended.error).toBeUndefined();
    expect(ended.ids).toHaveLength(100);
    expect(ended.requests).toBe(10);
  });

  it('always-full pages without TotalCount: PageRepeated', async () => {
    const { handler, requests } = await risksWith(30, { totalCount: 'omit', beyondEnd: 'cycle' });
    const ended = await record(
      'risks: always-full pages, no TotalCount, 30',
      requests,
      handler.listRisks({ pageSize: 10 }),
    );
    expect(ended.error).toMatchObject({ code: 'PageRepeated' });
    expect(ended.ids).toHaveLength(30);
  });
});
