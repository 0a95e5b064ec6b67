import type { EmulatorHandler } from '../http/handler.js';
import { type AlertSelection, readSelection, scanSelection } from './alert-selection.js';
import type { Listing } from './key-index.js';
import { type EmulatorPaging, servePage } from './paging.js';
import type { SuspEventRecord } from './susp-event.js';
import { pageNumber } from './wire-params.js';

const DEFAULT_PAGE_SIZE = 20;
const MAX_PAGE_SIZE = 100;

/**
 * A `DescribeSuspEvents` handler over a list of events, paged and filtered like the service:
 * `CurrentPage` (from 1), `PageSize` (default 20, at most 100), `Levels` (comma-separated), `Dealed`
 * (`N`: pending events only, `Y`: all others), `Status` (one status code, `0` for all), `TimeStart` and
 * `TimeEnd` (on the last detection) and `OperateTimeStart` and `OperateTimeEnd` (on the handling time),
 * `yyyy-MM-dd HH:mm:ss` at UTC+08:00, bounds included, to the second. With `Dealed=Y` the events are
 * sorted by `SortColumn` (`operateTime`, the default, or `lastTime`) and `SortType` (`desc`, the
 * default, or `asc`); else they keep their order. A time that is not `yyyy-MM-dd HH:mm:ss`, or an
 * unknown `SortColumn` or `SortType`, is `400 InvalidParameter` naming it. Give a function instead of
 * a list to serve events that change: it is called on every request. `paging` makes it page badly (see
 * {@link EmulatorPaging}). Every request filters the whole list: for large ones, give the alerts to the
 * model instead (`state.alerts`), whose listing reaches a page through an index.
 *
 * @example
 * ```ts
 * const emulator = await startEmulator({ handlers: { DescribeSuspEvents: describeSuspEvents(sampleAlerts(45)) } });
 * const capped = describeSuspEvents(sampleAlerts(100), { maxPageSize: 10 }); // 10 a page, whatever is asked
 * ```
 */
export function describeSuspEvents(
  alerts: readonly SuspEventRecord[] | (() => readonly SuspEventRecord[]),
  paging: EmulatorPaging = {},
): EmulatorHandler {
  const current = typeof alerts === 'function' ? alerts : () => alerts;
  return suspEventsHandler((selection) => scanSelection(current(), selection), paging);
}

/**
 * A `DescribeSuspEvents` handler that reads the request as {@link describeSuspEvents} does and serves
 * the events `select` lists for it.
 */
export function suspEventsHandler(
  select: (selection: AlertSelection) => Listing<SuspEventRecord>,
  paging: EmulatorPaging = {},
): EmulatorHandler {
  return ({ params }) => {
    const currentPage = pageNumber(params, 'CurrentPage', 1);
    const requestedSize = pageNumber(params, 'PageSize', DEFAULT_PAGE_SIZE);
    if (typeof currentPage !== 'number') return currentPage;
    if (typeof requestedSize !== 'number') return requestedSize;
    const selection = readSelection(params);
    if ('status' in selection) return selection;
    const page = servePage(select(selection), currentPage, requestedSize, paging, MAX_PAGE_SIZE);
    return {
      status: 200,
      body: {
        Count: page.items.length,
        CurrentPage: currentPage,
        PageSize: page.pageSize,
        ...(page.totalCount !== undefined && { TotalCount: page.totalCount }),
        SuspEvents: page.items,
      },
    };
  };
}
