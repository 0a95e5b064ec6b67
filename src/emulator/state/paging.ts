import type { Listing } from './key-index.js';

/**
 * How the listing actions (`DescribeSuspEvents`, `DescribeRiskRules`) page, for servers that page
 * badly. By default they page as the services do: `TotalCount` is the number of matching items, pages
 * past the end are empty, `DescribeSuspEvents` serves at most 100 items a page.
 *
 * - A lying total: `{ totalCount: 1000 }` announces 1000 whatever matches (pages past the real end
 *   are empty, so the walk meets a short page well below the announced total).
 * - Alternating pages under a lying total: `{ totalCount: 1000, beyondEnd: 'cycle' }` with 40 items
 *   and pages of 20 serves page 1, page 2, page 1, page 2, ... for ever.
 * - Always-full pages without a total: `{ totalCount: 'omit', beyondEnd: 'cycle' }`.
 * - The same page again and again: `{ beyondEnd: 'repeatLast' }`.
 * - A server that caps `PageSize`: `{ maxPageSize: 10 }` serves 10 items to a request for 100 (and
 *   answers `PageSize: 10`), `TotalCount` still the true total.
 *
 * @example
 * ```ts
 * const emulator = await startEmulator({
 *   state: { alerts: sampleAlerts(40), paging: { totalCount: 1000, beyondEnd: 'cycle' } },
 * });
 * // CurrentPage 3 now answers the events of page 1, page 4 those of page 2, and so on.
 * ```
 */
export interface EmulatorPaging {
  /**
   * The `TotalCount` announced: a number (a lie, whatever matches) or `'omit'` for none at all.
   * @defaultValue the number of matching items
   */
  readonly totalCount?: number | 'omit';
  /**
   * What the listing serves past its last page with items:
   *
   * - `'empty'`: pages with no items, as the services do;
   * - `'repeatLast'`: the last page with items, again and again;
   * - `'cycle'`: the items as an endless ring: page `n` takes the items at positions
   *   `(n - 1) × PageSize` onwards, wrapping around to the first item, so every page is full (when
   *   at least `PageSize` items match; else each page has every item once), the last real one
   *   included, and pages never run out.
   *
   * @defaultValue `'empty'`
   */
  readonly beyondEnd?: 'empty' | 'repeatLast' | 'cycle';
  /**
   * The largest page served: a request for more gets this many items, and the answer's `PageSize` says
   * so. @defaultValue `100` for `DescribeSuspEvents`, no cap for `DescribeRiskRules`
   */
  readonly maxPageSize?: number;
}

/** One page served, and what its answer announces. */
export interface ServedPage<T> {
  readonly items: T[];
  /** The page size served: the one requested, capped. */
  readonly pageSize: number;
  /** The `TotalCount` to announce; `undefined` to leave it out. */
  readonly totalCount: number | undefined;
}

/**
 * The items of page `currentPage` (from 1) of `matching`, `requestedSize` a page, as `paging` serves
 * them.
 *
 * @param defaultMax - The page size cap when `paging` names none.
 */
export function servePage<T>(
  matching: Listing<T>,
  currentPage: number,
  requestedSize: number,
  paging: EmulatorPaging,
  defaultMax: number,
): ServedPage<T> {
  const pageSize = Math.min(requestedSize, paging.maxPageSize ?? defaultMax);
  const total = matching.length;
  const totalCount = paging.totalCount === 'omit' ? undefined : (paging.totalCount ?? total);
  const start = (currentPage - 1) * pageSize;
  const beyondEnd = paging.beyondEnd ?? 'empty';
  if (beyondEnd === 'cycle' && total > 0) {
    // An endless ring: from `start` (wrapped), then on from the first item.
    const from = start % total;
    const end = from + Math.min(pageSize, total);
    return {
      items: [...matching.slice(from, end), ...matching.slice(0, Math.max(0, end - total))],
      pageSize,
      totalCount,
    };
  }
  if (beyondEnd === 'repeatLast' && start >= total && total > 0) {
    const lastStart = Math.floor((total - 1) / pageSize) * pageSize;
    return { items: matching.slice(lastStart, lastStart + pageSize), pageSize, totalCount };
  }
  return { items: matching.slice(start, start + pageSize), pageSize, totalCount };
}
