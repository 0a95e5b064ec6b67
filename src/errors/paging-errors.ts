/** The error a paged listing ends with when the service pages in a way that cannot be trusted. */
import { type Delivery, SdkError } from './sdk-error.js';

/**
 * Why a paged listing ended with a {@link PagingError}:
 *
 * - `PageRepeated`: a page held only items already read in this walk (the same page again, pages that
 *   alternate, or a page's worth of new items arriving between two requests). Reading on could loop for
 *   ever.
 * - `PagingOverrun`: pages kept bringing items more than a page past the `TotalCount` the service
 *   announced, so neither the total nor the end can be trusted.
 * - `PageLimitReached`: the walk read `maxPages` pages and the listing had not ended. Its
 *   `continuationToken` reads on from there.
 * - `TotalCountNotReached`: the listing ran out (an empty page, read twice) before the `TotalCount` it
 *   announced: items may have been left out, so the walk does not end as if it were complete.
 */
export type PagingErrorCode = 'PageRepeated' | 'PagingOverrun' | 'PageLimitReached' | 'TotalCountNotReached';

/** Where a walk stood when it ended with a {@link PagingError}. */
export interface PagingErrorOptions {
  /** Why it ended. */
  readonly code: PagingErrorCode;
  /** The listing action, e.g. `DescribeSuspEvents`. */
  readonly action: string;
  /** What the listing lists, for the message: `alerts`, `risk events`. */
  readonly what: string;
  /** The page it ended at (for `PageLimitReached`, the page it would have read next). */
  readonly pageNumber: number;
  /** The page size that page was (or would have been) read at. */
  readonly pageSize: number;
  /** Requests this walk made, pages read again included. */
  readonly requests: number;
  /** Items this walk yielded. */
  readonly itemsRead: number;
  /** The `TotalCount` last announced, when the service announced one. */
  readonly totalCount: number | undefined;
  /** RequestId of the last page read. */
  readonly requestId: string | undefined;
  /** For `PageLimitReached`: the token that reads on from the next page. */
  readonly continuationToken?: string | undefined;
}

/**
 * A paged listing (`listAlerts`, `listRisks`) ended because the service pages in a way that cannot be
 * trusted: a page that repeats, pages past the announced total, more than `maxPages` pages, or a
 * listing that runs out before its total. The items already yielded are real and were yielded once
 * each; `code` says why the walk stopped, `itemsRead` and `requests` how far it got.
 *
 * @example
 * ```ts
 * const queue: Alert[] = [];
 * let resumeFrom: string | undefined;
 * try {
 *   for await (const alert of alerts.listAlerts({ dealt: false })) queue.push(alert);
 * } catch (error) {
 *   if (!(error instanceof PagingError)) throw error;
 *   // e.g. PageRepeated after 40 alerts and 3 requests: the list is incomplete, say so.
 *   console.warn(error.code, error.itemsRead, error.requests, error.requestId);
 *   if (error.code === 'PageLimitReached') resumeFrom = error.continuationToken; // byPage({ continuationToken })
 * }
 * ```
 */
export class PagingError extends SdkError {
  override name = 'PagingError';
  /** The service answered every page; a listing applies nothing. */
  protected static override readonly defaultDelivery: Delivery = 'refused';
  /** Why the walk ended. */
  declare readonly code: PagingErrorCode;
  /** The page it ended at (for `PageLimitReached`, the page it would have read next). */
  readonly pageNumber: number;
  /** The page size of that page. */
  readonly pageSize: number;
  /** Requests the walk made, pages read again included. */
  readonly requests: number;
  /** Items the walk yielded, each once. */
  readonly itemsRead: number;
  /** The `TotalCount` last announced, when the service announced one. */
  readonly totalCount: number | undefined;
  /** For `PageLimitReached`: pass it to `byPage({ continuationToken })` to read on. */
  readonly continuationToken: string | undefined;

  constructor(options: PagingErrorOptions) {
    super(pagingMessage(options), {
      code: options.code,
      action: options.action,
      requestId: options.requestId,
    });
    this.pageNumber = options.pageNumber;
    this.pageSize = options.pageSize;
    this.requests = options.requests;
    this.itemsRead = options.itemsRead;
    this.totalCount = options.totalCount;
    this.continuationToken = options.continuationToken;
  }

  /**
   * A plain object for logs and JSON output, with where the walk stood.
   *
   * @example
   * ```ts
   * try {
   *   for await (const alert of alerts.listAlerts({ dealt: false })) console.log(alert.id);
   * } catch (error) {
   *   if (!(error instanceof PagingError)) throw error;
   *   logger.warn({ err: error.toJSON() }, 'listing incomplete'); // {"code":"PageRepeated","itemsRead":40,…}
   * }
   * ```
   */
  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      pageNumber: this.pageNumber,
      pageSize: this.pageSize,
      requests: this.requests,
      itemsRead: this.itemsRead,
      totalCount: this.totalCount,
    };
  }
}

function pagingMessage(options: PagingErrorOptions): string {
  const { what, pageNumber, pageSize, requests, itemsRead, totalCount, action } = options;
  const where = `${itemsRead} ${what} read in ${requests} requests`;
  const total = totalCount === undefined ? 'no TotalCount' : `TotalCount ${totalCount}`;
  switch (options.code) {
    case 'PageRepeated':
      return (
        `${action} answered page ${pageNumber} (${pageSize} a page) with only ${what} already read (${where}, ${total}): ` +
        'the listing repeats, so the walk stopped rather than loop. The list is incomplete. If many ' +
        `${what} arrive while you page, narrow the filter (e.g. \`to\`) or use a larger pageSize; else ` +
        `report the RequestId to Alibaba Cloud support.`
      );
    case 'PagingOverrun':
      return (
        `${action} kept serving ${what} more than a page past its ${total} (page ${pageNumber}, ${where}): ` +
        'neither the total nor the end can be trusted, so the walk stopped. The list may be incomplete; ' +
        'report the RequestId to Alibaba Cloud support.'
      );
    case 'PageLimitReached':
      return (
        `The walk read maxPages = ${requests} pages (${where}, ${total}) and the listing has not ended. ` +
        'Raise maxPages or the pageSize, or read on later with byPage({ continuationToken }) and this ' +
        "error's continuationToken."
      );
    case 'TotalCountNotReached':
      return (
        `${action} ran out of ${what} at page ${pageNumber} (empty, read twice) after ${where}, short of its ` +
        `${total}: ${what} may have been left out, so the walk does not end as if complete. List again; if ` +
        'it persists, report the RequestId to Alibaba Cloud support.'
      );
  }
}
