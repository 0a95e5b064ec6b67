/**
 * Paged listings (`listAlerts`, `listRisks`): a walk over numbered pages that always ends and never
 * yields an item twice, whatever the service answers, and continuation tokens that resume a walk.
 *
 * @packageDocumentation
 */
import { createHash } from 'node:crypto';
import { PagingError, type PagingErrorCode } from './errors/paging-errors.js';
import { InvalidResponseError, ValidationError, type ValidationIssue } from './errors.js';
import { SeenIds } from './paging-seen.js';
import type { RejectedItem } from './validation/rejected.js';

/** Requests a walk may make when `maxPages` is not given: 200,000 alerts at 20 a page. */
export const DEFAULT_MAX_PAGES = 10_000;

/** Where to start a {@link PagedAsyncIterableIterator.byPage} walk. */
export interface PageSettings {
  /**
   * A page's `continuationToken` (or a `PageLimitReached` error's): the walk starts at the page after
   * it, at the page size it was read at. Only a token of the same listing with the same filter is
   * accepted.
   */
  continuationToken?: string | undefined;
}

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
   * Iterates page by page instead of item by item; with a `continuationToken`, from the page after the
   * one that gave it.
   *
   * @throws {@link ValidationError} when the token is not one of this listing with this filter (at
   * once, before any request)
   *
   * @example
   * ```ts
   * let token: string | undefined;
   * const deadline = Date.now() + 60_000;
   * for await (const page of alerts.listAlerts({ dealt: false }).byPage()) {
   *   console.log(`page ${page.pageNumber}: ${page.items.length} of ${page.totalCount}`, page.requestId);
   *   token = page.continuationToken;
   *   if (Date.now() > deadline) break;
   * }
   * // Later, with the same filter: the pages after the last one read.
   * for await (const page of alerts.listAlerts({ dealt: false }).byPage({ continuationToken: token })) {}
   * ```
   */
  byPage(settings?: PageSettings): AsyncIterableIterator<Page>;
}

/**
 * Builds a {@link PagedAsyncIterableIterator} from a function that starts a walk. Each call of
 * `byPage()` (and the item iterator itself) starts a fresh walk; `start` checks a continuation token at
 * once, before the walk's first request.
 *
 * @example
 * ```ts
 * const iterator = pagedIterator((settings) => walkPages(fetchPage, walkOptions(settings)));
 * ```
 */
export function pagedIterator<Item, Page extends { readonly items: readonly Item[] }>(
  start: (settings?: PageSettings) => AsyncGenerator<Page>,
): PagedAsyncIterableIterator<Item, Page> {
  async function* items(): AsyncGenerator<Item> {
    for await (const page of start()) yield* page.items;
  }
  const iterator = items();
  return Object.assign(iterator, {
    byPage: (settings?: PageSettings) => start(settings),
    [Symbol.asyncIterator]() {
      return this;
    },
  });
}

/** One page as a service answers it, before its records are converted. */
export interface RawPage<Record> {
  /** The page's records that could be read. */
  readonly records: readonly Record[];
  /** Total number of matching records, when the service says. */
  readonly totalCount: number | undefined;
  /** RequestId of the page's call. */
  readonly requestId?: string | undefined;
  /** The page size the answer says it served, when it says. */
  readonly pageSize?: number | undefined;
  /** The page's records that could not be read, kept apart by the response validation. */
  readonly rejected?: readonly RejectedItem[];
}

/** One page of a paged listing. */
export interface Page<Item> {
  /** The page's items: each item of the walk once, in the order served. */
  readonly items: readonly Item[];
  /** 1-based page number, at `pageSize` a page. */
  readonly pageNumber: number;
  /**
   * The page size this page was read at: the one asked for, or the smaller one the service was found
   * to serve (a service that caps the page size is read on at its size).
   */
  readonly pageSize: number;
  /** Total number of matching items, as last announced (0 when the service does not say). */
  readonly totalCount: number;
  /** RequestId of the page's call. */
  readonly requestId: string | undefined;
  /**
   * The page's records that could not be read even leniently, with their raw record and problems, each
   * reported once per walk; the page and the walk go on without them. Empty when every record was read.
   */
  readonly rejected: readonly RejectedItem[];
  /**
   * Give it to `byPage({ continuationToken })` to read on after this page later, with the same filter;
   * `undefined` on the last page. Opaque: it holds the next page number, the page size and a digest of
   * the filter.
   */
  readonly continuationToken: string | undefined;
}

/** Where a walk is: the page to read next and its size. */
export interface PagePosition {
  readonly pageNumber: number;
  readonly pageSize: number;
}

/** Where a record that could not be read was met: passed to `onRejected` with it. */
export interface RejectedContext {
  /** The page it was on. */
  readonly pageNumber: number;
  /** RequestId of that page's call. */
  readonly requestId: string | undefined;
}

/** How {@link walkPages} reads and converts pages. */
export interface WalkPagesOptions<Record, Item> {
  /** The listing action, for errors, e.g. `DescribeSuspEvents`. */
  readonly action: string;
  /** What is listed, for messages, e.g. `alerts`. */
  readonly what: string;
  /** Where the records are in the answer, for the path of one that cannot be converted, e.g. `SuspEvents`. */
  readonly recordsField: string;
  /** Where to start: the first page at the asked size, or a continuation token's position. */
  readonly start: PagePosition;
  /** Stop after this many items. */
  readonly maxItems: number;
  /** Fail with `PageLimitReached` rather than make more requests than this. */
  readonly maxPages: number;
  /** Converts a record; a record it throws on is kept apart as rejected. */
  readonly toItem: (record: Record) => Item;
  /** Identity of an item (its service id): no identity is yielded twice in a walk. */
  readonly key: (item: Item) => unknown;
  /** Identity of a record that could not be read, when it has one. */
  readonly rawKey: (raw: unknown) => unknown;
  /** Called with each record that could not be read, once, before its page is yielded. */
  readonly onRejected?: ((item: RejectedItem, context: RejectedContext) => void) | undefined;
  /** The continuation token of a position. */
  readonly tokenFor: (position: PagePosition) => string;
}

/**
 * Walks numbered pages and yields each page's items not yielded before (and its records that could not
 * be read), holding one page in memory and the identities seen in the walk. The walk:
 *
 * - ends at a page that reaches the `TotalCount` it announces, at `maxItems`, and at an empty page (or,
 *   without a total, a short page confirmed by one more request);
 * - reads on after a page shorter than asked while the total is not reached, at a page size that
 *   covers every position from there (so a service that caps the page size is read to the end);
 * - reads an empty page below the total once more, then fails with `TotalCountNotReached`;
 * - fails with `PageRepeated` at a page of items all seen before, with `PagingOverrun` at a page
 *   more than a page past the total, and with `PageLimitReached` rather than make more than
 *   `maxPages` requests.
 *
 * @throws {@link PagingError} as above
 *
 * @example
 * ```ts
 * for await (const page of walkPages((n, size) => fetchPage(n, size), options)) console.log(page.items);
 * ```
 */
export async function* walkPages<Record, Item>(
  fetch: (pageNumber: number, pageSize: number) => Promise<RawPage<Record>>,
  options: WalkPagesOptions<Record, Item>,
): AsyncGenerator<Page<Item>> {
  const { maxItems, maxPages, toItem, key, rawKey, onRejected, tokenFor } = options;
  const seen = new SeenIds();
  /** Whether the id is new to the walk (and now seen); an item without an id counts as new. */
  const isNew = (value: unknown): boolean => seen.add(value);
  let { pageNumber, pageSize } = options.start;
  let requests = 0;
  let yielded = 0;
  let totalCount: number | undefined;
  let requestId: string | undefined;
  let readAgain = false;
  const fail = (code: PagingErrorCode, continuationToken?: string) =>
    new PagingError({
      code,
      action: options.action,
      what: options.what,
      pageNumber,
      pageSize,
      requests,
      itemsRead: yielded,
      totalCount,
      requestId,
      continuationToken,
    });

  for (;;) {
    if (requests >= maxPages) throw fail('PageLimitReached', tokenFor({ pageNumber, pageSize }));
    const page = await fetch(pageNumber, pageSize);
    requests++;
    requestId = page.requestId;
    if (isCount(page.totalCount)) totalCount = page.totalCount;
    const offset = (pageNumber - 1) * pageSize;
    const served = page.records.length + (page.rejected?.length ?? 0);

    let fresh = 0;
    const items: Item[] = [];
    const rejected: RejectedItem[] = [];
    page.records.forEach((record, index) => {
      let item: Item;
      try {
        item = toItem(record);
      } catch (error) {
        if (isNew(rawKey(record))) {
          fresh++;
          rejected.push(unconverted(`${options.recordsField}[${index}]`, record, error));
        }
        return;
      }
      if (!isNew(key(item))) return;
      fresh++;
      if (yielded + items.length < maxItems) items.push(item);
    });
    for (const item of page.rejected ?? []) {
      if (!isNew(rawKey(item.raw))) continue;
      fresh++;
      rejected.push(item);
    }

    const announced = page.pageSize;
    const servedSize = isCount(announced) && announced > 0 && announced < pageSize ? announced : pageSize;
    if (served > 0 && fresh === 0) throw fail('PageRepeated');
    if (served > 0 && totalCount !== undefined && offset >= totalCount + servedSize)
      throw fail('PagingOverrun');

    // Where the walk goes next; `undefined` when it ends after this page.
    const end = offset + served;
    let next: PagePosition | undefined;
    if (served === 0) {
      if (totalCount !== undefined && offset < totalCount) {
        if (readAgain) throw fail('TotalCountNotReached');
        next = { pageNumber, pageSize };
      }
    } else if (served < servedSize) {
      // Short: the end, when the total is reached; else read on, at a size that covers every position.
      if (totalCount === undefined || end < totalCount) next = positionAt(end, gcd(offset, served));
    } else if (totalCount === undefined || end !== totalCount) {
      next =
        served >= pageSize ? { pageNumber: pageNumber + 1, pageSize } : positionAt(end, gcd(offset, served));
    }
    readAgain = served === 0 && next !== undefined;

    if (items.length > 0 || rejected.length > 0) {
      const context: RejectedContext = { pageNumber, requestId };
      if (onRejected) for (const item of rejected) onRejected(item, context);
      yielded += items.length;
      yield {
        items,
        pageNumber,
        pageSize,
        totalCount: totalCount ?? 0,
        requestId,
        rejected,
        continuationToken: next && tokenFor(next),
      };
    }
    if (yielded >= maxItems || next === undefined) return;
    ({ pageNumber, pageSize } = next);
  }
}

/** The page that starts at `offset` at `pageSize` a page (`pageSize` divides `offset`). */
function positionAt(offset: number, pageSize: number): PagePosition {
  return { pageNumber: offset / pageSize + 1, pageSize };
}

function gcd(a: number, b: number): number {
  let [x, y] = [a, b];
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** A record the conversion threw on, kept apart like one the validation left out. */
function unconverted(path: string, raw: unknown, error: unknown): RejectedItem {
  const issues: readonly ValidationIssue[] =
    error instanceof InvalidResponseError && error.issues.length > 0
      ? error.issues
      : [{ path: '', message: error instanceof Error ? error.message : String(error) }];
  return { path, raw, issues };
}

/** Makes and checks the continuation tokens of one listing with one filter. */
export interface ContinuationTokens {
  /** The token of a position. */
  encode(position: PagePosition): string;
  /**
   * The position of a token given back.
   *
   * @throws {@link ValidationError} when it is not a token of this listing with this filter
   */
  decode(token: unknown): PagePosition;
}

const TOKEN_VERSION = 'pg1';
const TOKEN_TEXT = /^pg1\.([1-9]\d{0,14})\.([1-9]\d{0,5})\.([0-9a-f]{16})\.([0-9a-f]{12})$/;

/**
 * Continuation tokens for a listing (`DescribeSuspEvents`) with a filter (its wire request, paging
 * parameters left out): `base64url("pg1.<page>.<size>.<filter digest>.<check>")`. A token given back
 * must be well formed, unaltered, for the same listing and filter, and name a page size from 1 to
 * `maxPageSize`.
 *
 * @example
 * ```ts
 * const tokens = continuationTokens('DescribeSuspEvents', request, 100);
 * const start = settings?.continuationToken === undefined ? first : tokens.decode(settings.continuationToken);
 * ```
 */
export function continuationTokens(listing: string, filter: object, maxPageSize: number): ContinuationTokens {
  const digest = sha256(`${listing}\n${JSON.stringify(sortedEntries(filter))}`).slice(0, 16);
  const check = (payload: string) => sha256(payload).slice(0, 12);
  const refuse = (why: string) =>
    new ValidationError(`\`continuationToken\` ${why}; walk again without it to start from the first page.`, {
      field: 'continuationToken',
    });
  return {
    encode({ pageNumber, pageSize }) {
      const payload = `${TOKEN_VERSION}.${pageNumber}.${pageSize}.${digest}`;
      return Buffer.from(`${payload}.${check(payload)}`, 'utf8').toString('base64url');
    },
    decode(token) {
      if (typeof token !== 'string' || token.length === 0 || token.length > 200 || !/^[\w-]+$/.test(token)) {
        throw refuse('is not a continuation token of this SDK (a page or PagingError gives one)');
      }
      const match = TOKEN_TEXT.exec(Buffer.from(token, 'base64url').toString('utf8'));
      const [, page = '', size = '', tokenDigest = '', tokenCheck = ''] = match ?? [];
      if (match === null || check(`${TOKEN_VERSION}.${page}.${size}.${tokenDigest}`) !== tokenCheck) {
        throw refuse('is not a continuation token of this SDK, or was altered');
      }
      if (tokenDigest !== digest)
        throw refuse(`was given by another listing or for another filter than this ${listing} one`);
      const pageSize = Number(size);
      if (pageSize > maxPageSize) throw refuse(`names a page size of ${pageSize}, above ${maxPageSize}`);
      return { pageNumber: Number(page), pageSize };
    },
  };
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The defined members of a flat object, sorted by name: the same filter always gives the same digest. */
function sortedEntries(value: object): [string, unknown][] {
  return Object.entries(value)
    .filter(([, member]) => member !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
