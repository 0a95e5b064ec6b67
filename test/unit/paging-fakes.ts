/**
 * Listings that page badly, in memory, for the unit tests of `listAlerts` and `listRisks`: a lying or
 * omitted total, pages past the end that repeat, cycle or keep bringing new items, a capped page size,
 * pages that come back empty once, and items that cannot be read (kept apart with `keepRejected`, as
 * the response validation does).
 */
import type { SasCalls } from '../../src/alerts/sas-calls.js';
import type { SddpClient } from '../../src/clients/sddp-client.js';
import type {
  DescribeRiskRulesRequest,
  DescribeRiskRulesResponse,
  DescribeSuspEventsRequest,
  DescribeSuspEventsResponse,
  SuspEvent,
} from '../../src/index.js';
import { keepRejected } from '../../src/validation/rejected.js';

/** How a fake listing pages. */
export interface FakePaging {
  /** How many items match; their ids are `count`, `count - 1`, … 1 (newest first). */
  readonly count: number;
  /**
   * The `TotalCount` announced: the true count by default, a number (a lie) or `'omit'`.
   * @defaultValue the number of items
   */
  readonly total?: number | 'omit';
  /**
   * Past the last page with items: `'empty'` pages, the items as an endless ring (`'cycle'`), the last
   * page again (`'repeatLast'`), or items never seen before for ever (`'fresh'`).
   * @defaultValue 'empty'
   */
  readonly beyondEnd?: 'empty' | 'cycle' | 'repeatLast' | 'fresh';
  /** The largest page served, whatever is asked. */
  readonly cap?: number;
  /** Whether the answer's `PageSize` says the size served (else it is left out). @defaultValue true */
  readonly announceCap?: boolean;
  /** Pages (by number) answered empty the first time they are asked for. */
  readonly emptyOnce?: readonly number[];
  /** Items added at the head (newest first) after each page served. */
  readonly grow?: number;
  /** Ids of items that cannot be read: left out of the page and kept apart as rejected. */
  readonly unreadable?: readonly number[];
}

/** One page as the fake serves it. */
interface Served {
  readonly ids: number[];
  readonly rejected: number[];
  readonly total: number | undefined;
  readonly pageSize: number | undefined;
}

/** A fake listing: serves pages by number and size, and counts the requests. */
export function fakeListing(paging: FakePaging) {
  let ids = Array.from({ length: paging.count }, (_, index) => paging.count - index);
  const asked = new Set<number>();
  const unreadable = new Set(paging.unreadable ?? []);
  const requests: { page: number; size: number }[] = [];
  const serve = (page: number, requestedSize: number): Served => {
    requests.push({ page, size: requestedSize });
    const size = Math.min(requestedSize, paging.cap ?? requestedSize);
    const total = paging.total === 'omit' ? undefined : (paging.total ?? ids.length);
    const pageSize = paging.announceCap === false ? undefined : size;
    const start = (page - 1) * size;
    let slice: number[];
    const beyondEnd = paging.beyondEnd ?? 'empty';
    if (paging.emptyOnce?.includes(page) && !asked.has(page)) slice = [];
    else if (beyondEnd === 'cycle' && ids.length > 0) {
      slice = Array.from(
        { length: Math.min(size, ids.length) },
        (_, offset) => ids[(start + offset) % ids.length] as number,
      );
    } else if (beyondEnd === 'repeatLast' && start >= ids.length && ids.length > 0) {
      const lastStart = Math.floor((ids.length - 1) / size) * size;
      slice = ids.slice(lastStart, lastStart + size);
    } else if (beyondEnd === 'fresh' && start >= ids.length) {
      slice = Array.from({ length: size }, (_, offset) => 1_000_000 + start + offset);
    } else slice = ids.slice(start, start + size);
    asked.add(page);
    const grow = paging.grow ?? 0;
    ids = [...Array.from({ length: grow }, (_, index) => ids.length + grow - index), ...ids];
    return {
      ids: slice.filter((id) => !unreadable.has(id)),
      rejected: slice.filter((id) => unreadable.has(id)),
      total,
      pageSize,
    };
  };
  return { serve, requests };
}

/** An alert event with this id. */
export function suspEvent(id: number): SuspEvent {
  return { Id: id, AlarmEventNameDisplay: `alert ${id}`, Level: 'serious', EventStatus: 1 };
}

/** Calls of Security Center answering `DescribeSuspEvents` from a fake listing. */
export function fakeSas(paging: FakePaging) {
  const listing = fakeListing(paging);
  const sent: DescribeSuspEventsRequest[] = [];
  const calls: Pick<SasCalls, 'describeSuspEvents'> = {
    describeSuspEvents: async (request = {}) => {
      sent.push(request);
      const served = listing.serve(Number(request.CurrentPage), Number(request.PageSize));
      const response: DescribeSuspEventsResponse = {
        RequestId: `R${listing.requests.length}`,
        CurrentPage: Number(request.CurrentPage),
        ...(served.pageSize !== undefined && { PageSize: served.pageSize }),
        ...(served.total !== undefined && { TotalCount: served.total }),
        SuspEvents: served.ids.map(suspEvent),
      };
      keepRejected(
        response,
        served.rejected.map((id) => ({
          path: `SuspEvents[${id}]`,
          raw: { Id: id, Level: { unreadable: true } },
          issues: [{ path: 'Level', message: 'expected a string' }],
        })),
      );
      return response;
    },
  };
  return { calls, requests: listing.requests, sent };
}

/** A Data Security Center client answering `DescribeRiskRules` from a fake listing. */
export function fakeSddp(paging: FakePaging) {
  const listing = fakeListing(paging);
  const client = {
    describeRiskRules: async (request: DescribeRiskRulesRequest = {}) => {
      const served = listing.serve(request.CurrentPage ?? 1, request.PageSize ?? 10);
      const response: DescribeRiskRulesResponse = {
        RequestId: `R${listing.requests.length}`,
        ...(served.pageSize !== undefined && { PageSize: served.pageSize }),
        ...(served.total !== undefined && { TotalCount: served.total }),
        Items: served.ids.map((RiskId) => ({
          RiskId,
          RuleName: `rule ${RiskId}`,
          HandleStatus: 'UNPROCESSED',
        })),
      };
      keepRejected(
        response,
        served.rejected.map((id) => ({
          path: `Items[${id}]`,
          raw: { RiskId: id, WarnLevel: 'high?' },
          issues: [{ path: 'WarnLevel', message: 'expected a number' }],
        })),
      );
      return response;
    },
  } as unknown as SddpClient;
  return { client, requests: listing.requests };
}

/** How a walk ended: the items read (ids, in order) and the error it ended with, if any. */
export async function walkToEnd<T>(
  iterable: AsyncIterable<T>,
): Promise<{ items: T[]; error: unknown; ended: string }> {
  const items: T[] = [];
  try {
    for await (const item of iterable) items.push(item);
    return { items, error: undefined, ended: 'end' };
  } catch (error) {
    return { items, error, ended: (error as { code?: string }).code ?? String(error) };
  }
}
