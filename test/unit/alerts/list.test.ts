import { describe, expect, it } from 'vitest';
import { listAlerts } from '../../../src/alerts/list.js';
import type { SasCalls } from '../../../src/alerts/sas-calls.js';
import type { DescribeSuspEventsRequest, SuspEvent } from '../../../src/index.js';
import { PagingError, ValidationError } from '../../../src/index.js';
import { collect } from '../../support/collect.js';

function event(id: number): SuspEvent {
  return { Id: id, AlarmEventNameDisplay: `alert ${id}`, Level: 'serious', EventStatus: 1 };
}

/** A service holding `count` alerts; `grow` adds alerts at the head after each page (newest first). */
function service(
  count: number,
  grow = 0,
  reportTotal = true,
): Pick<SasCalls, 'describeSuspEvents'> & { requests: DescribeSuspEventsRequest[] } {
  const requests: DescribeSuspEventsRequest[] = [];
  let ids = Array.from({ length: count }, (_, index) => count - index);
  const describe = async (request: DescribeSuspEventsRequest) => {
    requests.push(request);
    const page = Number(request.CurrentPage);
    const size = Number(request.PageSize);
    const slice = ids.slice((page - 1) * size, page * size);
    const answer = {
      RequestId: `R${page}`,
      TotalCount: reportTotal ? ids.length : undefined,
      SuspEvents: slice.map(event),
    };
    ids = [...Array.from({ length: grow }, (_, index) => ids.length + index + 1), ...ids];
    return answer;
  };
  return { describeSuspEvents: describe, requests };
}

describe('listAlerts', () => {
  it('walks every page and stops at the short last page', async () => {
    const describe = service(45);
    const alerts = await collect(listAlerts(describe, { pageSize: 20 }));
    expect(alerts).toHaveLength(45);
    expect(new Set(alerts.map((alert) => alert.id)).size).toBe(45);
    expect(describe.requests.map((request) => request.CurrentPage)).toEqual(['1', '2', '3']);
    expect(alerts[0]).toMatchObject({ id: '45', status: 'pending', raw: { Id: 45 } });
  });

  it('reads no page past the announced total', async () => {
    const describe = service(40);
    const pages = await collect(listAlerts(describe, { pageSize: 20 }).byPage());
    expect(pages.map((page) => page.items.length)).toEqual([20, 20]);
    expect(describe.requests).toHaveLength(2);
    expect(pages[0]).toMatchObject({ pageNumber: 1, totalCount: 40, requestId: 'R1' });
  });

  it('stops at an empty page when the service gives no total', async () => {
    const describe = service(40, 0, false);
    const pages = await collect(listAlerts(describe, { pageSize: 20 }).byPage());
    expect(pages.map((page) => page.items.length)).toEqual([20, 20]);
    expect(describe.requests).toHaveLength(3);
  });

  it('fails with PageRepeated when a service without totals keeps answering the same full page', async () => {
    const requests: DescribeSuspEventsRequest[] = [];
    const stuck: SasCalls['describeSuspEvents'] = async (request = {}) => {
      requests.push(request);
      return { RequestId: 'R', SuspEvents: [event(1), event(2)] };
    };
    const read: string[] = [];
    const error = await (async () => {
      for await (const alert of listAlerts({ describeSuspEvents: stuck }, { pageSize: 2 }))
        read.push(alert.id);
    })().catch((caught: unknown) => caught);
    expect(read).toEqual(['1', '2']);
    expect(error).toBeInstanceOf(PagingError);
    expect(error).toMatchObject({ code: 'PageRepeated', pageNumber: 2 });
    expect(requests).toHaveLength(2);
  });

  it('honours maxItems without reading further pages', async () => {
    const describe = service(100);
    expect(await collect(listAlerts(describe, { pageSize: 20, maxItems: 25 }))).toHaveLength(25);
    expect(describe.requests).toHaveLength(2);
  });

  it('reads every alert once while alerts keep arriving, fewer than a page at a time', async () => {
    const describe = service(30, 5);
    const alerts = await collect(listAlerts(describe, { pageSize: 10 }));
    expect(alerts.map((alert) => alert.id)).toEqual(
      Array.from({ length: 30 }, (_, index) => String(30 - index)),
    );
    expect(describe.requests).toHaveLength(5);
  });

  it('cannot loop forever while a page of alerts arrives between two requests: PageRepeated', async () => {
    const describe = service(30, 10);
    const read: string[] = [];
    const error = await (async () => {
      for await (const alert of listAlerts(describe, { pageSize: 10 })) read.push(alert.id);
    })().catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'PageRepeated', pageNumber: 2 });
    expect(read).toHaveLength(10);
    expect(describe.requests).toHaveLength(2);
  });

  it('turns the filter into the wire request', async () => {
    const describe = service(0);
    await collect(
      listAlerts(describe, {
        levels: ['serious', 'suspicious'],
        dealt: false,
        status: 'pending',
        types: ['Webshell'],
        eventNames: ['webshell_php'],
        source: 'aegis_suspicious_file_v2',
        assetUuids: ['u1', 'u2'],
        search: '198.51.100.1',
        from: new Date('2026-01-01T00:00:00Z'),
        to: new Date('2026-01-02T00:00:00Z'),
        lang: 'en',
        pageSize: 50,
      }),
    );
    expect(describe.requests[0]).toMatchObject({
      From: 'sas',
      Lang: 'en',
      Levels: 'serious,suspicious',
      Dealed: 'N',
      Status: '1',
      ParentEventTypes: 'Webshell',
      EventNames: 'webshell_php',
      Source: 'aegis_suspicious_file_v2',
      Uuids: 'u1,u2',
      Remark: '198.51.100.1',
      TimeStart: '2026-01-01 08:00:00',
      TimeEnd: '2026-01-02 08:00:00',
      CurrentPage: '1',
      PageSize: '50',
    });
  });

  it.each([
    [{ pageSize: 0 }, 'pageSize'],
    [{ pageSize: 101 }, 'pageSize'],
    [{ maxItems: 0 }, 'maxItems'],
    [{ from: new Date('x') }, 'from'],
    [{ from: new Date(2), to: new Date(1) }, 'from'],
    [{ status: 'nope' as 'pending' }, 'status'],
    [{ levels: [] }, 'levels'],
  ])('rejects %o before any request', (filter, field) => {
    const describe = service(1);
    let error: unknown;
    try {
      listAlerts(describe, filter);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe(field);
    expect(describe.requests).toHaveLength(0);
  });
});

describe('listAlerts levels', () => {
  it('refuses a severity the service does not document, before any request, naming it', async () => {
    let requests = 0;
    const calls = {
      describeSuspEvents: async () => {
        requests++;
        return { RequestId: 'R', SuspEvents: [], TotalCount: 0 };
      },
    };
    const error = await (async () => listAlerts(calls as never, { levels: ['critical'] }).next())().catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe('levels');
    expect((error as ValidationError).message).toContain('"critical"');
    expect(requests).toBe(0);
  });
});
