/**
 * The warning a listing logs for each item it keeps apart as rejected: where it was and which fields
 * could not be read, never the item's content.
 *
 * @packageDocumentation
 */
import type { RejectedContext } from './paging.js';
import type { Log } from './transport/logger.js';
import { firstOf } from './transport/request-log.js';
import type { RejectedItem } from './validation/rejected.js';

type OnRejected = (item: RejectedItem, context: RejectedContext) => void;

/**
 * A listing's `onRejected` that logs each rejected item as a warning, then calls the caller's own
 * (`given`). A `given` that is not a function is returned as is, for the listing's option check to refuse.
 *
 * @param listing - What is listed, e.g. `alert`.
 */
export function loggingRejected<Given extends OnRejected | undefined>(
  log: Log,
  listing: string,
  given: Given,
): Given {
  if (!log.enabled('warn') || (given !== undefined && typeof given !== 'function')) return given;
  const logged: OnRejected = (item, context) => {
    const fields = [...new Set(item.issues.map((issue) => issue.path))];
    const { pageNumber, requestId } = context;
    log.write(
      'warn',
      `${item.path} on page ${pageNumber} of the ${listing} listing could not be read and was kept apart ` +
        `as rejected${fields.length === 0 ? '' : ` (${firstOf(fields)})`}` +
        `${requestId === undefined ? '' : `, RequestId ${requestId}`}.`,
      { listing, path: item.path, fields: fields.slice(0, 3), pageNumber, requestId },
    );
    given?.(item, context);
  };
  return logged as Given;
}
