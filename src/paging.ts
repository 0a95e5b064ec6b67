/**
 * An async iterator over items that also pages: `for await (const item of iterator)` walks every item,
 * `iterator.byPage()` walks whole pages. Only one page is held in memory at a time.
 *
 * @example
 * ```ts
 * for await (const page of alerts.listAlerts({ dealt: false }).byPage()) console.log(page.items.length);
 * ```
 */
export interface PagedAsyncIterableIterator<Item, Page extends { readonly items: readonly Item[] }>
  extends AsyncIterableIterator<Item> {
  /**
   * Iterates page by page instead of item by item.
   *
   * @example
   * ```ts
   * for await (const page of alerts.listAlerts({ dealt: false }).byPage()) {
   *   console.log(`page ${page.pageNumber}: ${page.items.length} of ${page.totalCount}`, page.requestId);
   * }
   * ```
   */
  byPage(): AsyncIterableIterator<Page>;
}

/**
 * Builds a {@link PagedAsyncIterableIterator} from a page generator. Each call of `byPage()` (and the
 * item iterator itself) starts a fresh walk from the first page.
 */
export function pagedIterator<Item, Page extends { readonly items: readonly Item[] }>(
  pages: () => AsyncGenerator<Page>,
): PagedAsyncIterableIterator<Item, Page> {
  async function* items(): AsyncGenerator<Item> {
    for await (const page of pages()) yield* page.items;
  }
  const iterator = items();
  return Object.assign(iterator, {
    byPage: () => pages(),
    [Symbol.asyncIterator]() {
      return this;
    },
  });
}

/** One page as a service answers it, before its records are converted. */
export interface RawPage<Record> {
  /** The page's records. */
  readonly records: readonly Record[];
  /** Total number of matching records, when the service says. */
  readonly totalCount: number | undefined;
  /** RequestId of the page's call. */
  readonly requestId?: string | undefined;
}

/** One page of a paged listing. */
export interface Page<Item> {
  /** The page's items. */
  readonly items: readonly Item[];
  /** 1-based page number. */
  readonly pageNumber: number;
  /** Total number of matching items when the first page was read (0 when the service does not say). */
  readonly totalCount: number;
  /** RequestId of the page's call. */
  readonly requestId: string | undefined;
}

/** How {@link walkPages} reads and converts pages. */
export interface WalkPagesOptions<Record, Item> {
  /** Records per request. */
  readonly pageSize: number;
  /** Stop after this many items. */
  readonly maxItems: number;
  /** Converts a record. */
  readonly toItem: (record: Record) => Item;
  /** Identity of an item: an item seen on the previous page (shifted by new arrivals) is not yielded twice. */
  readonly key?: (item: Item) => string;
}

/**
 * Walks pages 1, 2, … and yields the non-empty ones. Stops at an empty or short page, at `maxItems`, at
 * the page count the first page announced and at a page that repeats the previous one, so records that
 * arrive while paging cannot make it loop forever. Holds one page in memory at a time.
 */
export async function* walkPages<Record, Item>(
  fetch: (pageNumber: number) => Promise<RawPage<Record>>,
  options: WalkPagesOptions<Record, Item>,
): AsyncGenerator<Page<Item>> {
  const { pageSize, maxItems, toItem, key } = options;
  let yielded = 0;
  let lastPage = Number.POSITIVE_INFINITY;
  let totalCount = 0;
  let previousKeys = new Set<string>();
  for (let pageNumber = 1; pageNumber <= lastPage && yielded < maxItems; pageNumber++) {
    const page = await fetch(pageNumber);
    if (pageNumber === 1 && page.totalCount !== undefined) {
      totalCount = page.totalCount;
      lastPage = Math.max(1, Math.ceil(totalCount / pageSize));
    }
    const converted = page.records.map(toItem);
    const fresh = key ? converted.filter((item) => !previousKeys.has(key(item))) : converted;
    if (key) previousKeys = new Set(converted.map(key));
    const items = fresh.slice(0, maxItems - yielded);
    yielded += items.length;
    if (items.length > 0) yield { items, pageNumber, totalCount, requestId: page.requestId };
    if (page.records.length < pageSize || (converted.length > 0 && fresh.length === 0)) return;
  }
}
