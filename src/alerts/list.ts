import { ValidationError } from '../errors.js';
import type { DescribeSuspEventsRequest } from '../generated/index.js';
import {
  continuationTokens,
  DEFAULT_MAX_PAGES,
  type Page,
  type PagedAsyncIterableIterator,
  pagedIterator,
  type RejectedContext,
  walkPages,
} from '../paging.js';
import { CALL_OPTION_RULES } from '../transport/client-config.js';
import type { CallOptions } from '../transport/options.js';
import { checkOptions, type OptionRules } from '../util/check-options.js';
import { type RejectedItem, rejectedItems } from '../validation/rejected.js';
import { ALERT_STATUS_CODES, type Alert, type AlertLevel, type KnownAlertStatus, toAlert } from './alert.js';
import type { SasCalls } from './sas-calls.js';

/** Which alerts {@link AlertHandler.listAlerts} returns. Every field is optional; all given ones must match. */
export interface AlertFilter {
  /** Severities, e.g. `['serious', 'suspicious']`. */
  levels?: readonly AlertLevel[];
  /** `false` for alerts not yet handled (`Dealed=N`), `true` for handled ones (`Dealed=Y`). */
  dealt?: boolean;
  /** One status, e.g. `'pending'`. */
  status?: KnownAlertStatus;
  /** Alert (parent) types as the service labels them, e.g. `['Webshell']`. */
  types?: readonly string[];
  /** Event sub-types (`EventNames`), e.g. `['login_common_location']`. */
  eventNames?: readonly string[];
  /** Detection source (`Source`), e.g. `aegis_suspicious_file_v2`. */
  source?: string;
  /** UUIDs of the assets (servers) the alerts were raised on. */
  assetUuids?: readonly string[];
  /** Free-text search over alert names and asset names or IPs (`Remark`). */
  search?: string;
  /** Only alerts last seen at or after this time. */
  from?: Date;
  /** Only alerts last seen at or before this time. */
  to?: Date;
  /** Only alerts handled at or after this time (`OperateTimeStart`); with `dealt: true`. */
  handledFrom?: Date;
  /** Only alerts handled at or before this time (`OperateTimeEnd`); with `dealt: true`. */
  handledTo?: Date;
  /**
   * Language of names and labels.
   * @defaultValue 'zh' (the service's default)
   */
  lang?: 'zh' | 'en';
  /**
   * Alerts per request, 1 to 100.
   * @defaultValue 20
   */
  pageSize?: number;
  /** Stop after this many alerts. */
  maxItems?: number;
  /**
   * Requests one walk may make (pages read again included); past it, the walk fails with a
   * `PagingError` `PageLimitReached` whose `continuationToken` reads on. A guard against a listing that
   * never ends: raise it for listings longer than `maxPages × pageSize` alerts.
   * @defaultValue 10000
   */
  maxPages?: number;
  /**
   * Called with each alert of a page that could not be read even leniently (its raw record and its
   * problems), once per walk, before its page is yielded; the page and the walk go on without it. The
   * same items are on each page's `rejected`. An error thrown here ends the walk with it.
   */
  onRejected?: (item: RejectedItem, context: RejectedContext) => void;
}

/** One page of alerts. */
export type AlertPage = Page<Alert>;

/** The severities `DescribeSuspEvents` documents, the values of {@link AlertFilter.levels}. */
const ALERT_LEVELS = ['serious', 'suspicious', 'remind'] as const;

const MAX_PAGE_SIZE = 100;

/** Rules of {@link AlertFilter}. */
export const ALERT_FILTER_RULES: OptionRules = {
  levels: { kind: 'strings' },
  dealt: { kind: 'boolean' },
  status: { kind: 'oneOf', values: Object.keys(ALERT_STATUS_CODES) },
  types: { kind: 'strings' },
  eventNames: { kind: 'strings' },
  source: { kind: 'string' },
  assetUuids: { kind: 'strings' },
  search: { kind: 'string' },
  from: { kind: 'date' },
  to: { kind: 'date' },
  handledFrom: { kind: 'date' },
  handledTo: { kind: 'date' },
  lang: { kind: 'oneOf', values: ['zh', 'en'] },
  pageSize: { kind: 'integer', min: 1, max: MAX_PAGE_SIZE },
  maxItems: { kind: 'integer', min: 1, max: Number.MAX_SAFE_INTEGER },
  maxPages: { kind: 'integer', min: 1, max: Number.MAX_SAFE_INTEGER },
  onRejected: { kind: 'function' },
};

/**
 * Lists every alert matching `filter`, across pages, one page in memory at a time. No alert is yielded
 * twice in a walk (by its `Id`), and every walk ends:
 *
 * - at the page that reaches the `TotalCount` it announces, at `maxItems`, or at an empty page (without
 *   a `TotalCount`, a short page is confirmed by one more request);
 * - a page shorter than asked below the total (a service that caps `PageSize`) is read on at the size
 *   served, to the end;
 * - otherwise with a {@link PagingError}: `PageRepeated` (a page of alerts all read before),
 *   `PagingOverrun` (alerts more than a page past the total), `TotalCountNotReached` (an empty page
 *   below the total, read twice), `PageLimitReached` (more than `maxPages` requests).
 *
 * Alerts that cannot be read are left out and surfaced on their page's `rejected` and through
 * `onRejected`. Each page's `continuationToken` resumes the walk later with `byPage({ continuationToken })`.
 *
 * @throws {@link ValidationError} when the filter is invalid (before any request)
 * @throws {@link PagingError} when the walk cannot end trustworthily, as above (the alerts yielded
 * before it are real, each once)
 *
 * @example
 * ```ts
 * for await (const alert of listAlerts(sas, { levels: ['serious'], dealt: false, maxItems: 50 })) {
 *   console.log(alert.id, alert.name, alert.status);
 * }
 * ```
 */
export function listAlerts(
  calls: Pick<SasCalls, 'describeSuspEvents'>,
  filter: AlertFilter = {},
  options: CallOptions = {},
): PagedAsyncIterableIterator<Alert, AlertPage> {
  const request = checkAlertFilter(filter, 'listAlerts filter');
  checkOptions(options, CALL_OPTION_RULES, 'listAlerts');
  const first = { pageNumber: 1, pageSize: filter.pageSize ?? 20 };
  const tokens = continuationTokens('DescribeSuspEvents', request, MAX_PAGE_SIZE);

  return pagedIterator((settings) => {
    const token = settings?.continuationToken;
    const start = token === undefined ? first : tokens.decode(token);
    return walkPages(
      async (pageNumber, pageSize) => {
        const response = await calls.describeSuspEvents(
          { ...request, CurrentPage: String(pageNumber), PageSize: String(pageSize) },
          options,
        );
        return {
          records: response.SuspEvents ?? [],
          totalCount: response.TotalCount,
          requestId: response.RequestId,
          pageSize: response.PageSize,
          rejected: rejectedItems(response),
        };
      },
      {
        action: 'DescribeSuspEvents',
        what: 'alerts',
        recordsField: 'SuspEvents',
        start,
        maxItems: filter.maxItems ?? Number.POSITIVE_INFINITY,
        maxPages: filter.maxPages ?? DEFAULT_MAX_PAGES,
        toItem: toAlert,
        key: (alert) => alert.raw.Id,
        rawKey: (raw) => (typeof raw === 'object' && raw !== null ? (raw as { Id?: unknown }).Id : undefined),
        onRejected: filter.onRejected,
        tokenFor: tokens.encode,
      },
    );
  });
}

/**
 * Checks a filter as {@link listAlerts} does, before any request, and returns its wire request.
 *
 * @param where - Whose filter it is, for the message, e.g. `listAlerts filter`.
 * @throws {@link ValidationError} when the filter is invalid
 */
export function checkAlertFilter(filter: AlertFilter, where: string): DescribeSuspEventsRequest {
  checkOptions(filter, ALERT_FILTER_RULES, where);
  return toRequest(filter);
}

/** The wire request of a filter whose options were checked; validates what they cannot. */
function toRequest(filter: AlertFilter): DescribeSuspEventsRequest {
  const { levels, from, to, handledFrom, handledTo, status, lang } = filter;
  if (from && to && from > to) {
    throw new ValidationError('`from` must not be after `to`.', { field: 'from' });
  }
  if (handledFrom && handledTo && handledFrom > handledTo) {
    throw new ValidationError('`handledFrom` must not be after `handledTo`.', { field: 'handledFrom' });
  }
  const unknownLevel = levels?.find((level) => !(ALERT_LEVELS as readonly string[]).includes(level));
  if (levels !== undefined && (levels.length === 0 || unknownLevel !== undefined)) {
    throw new ValidationError(
      `\`levels\` must list severities among ${ALERT_LEVELS.join(', ')}` +
        (unknownLevel === undefined ? '' : `, not ${JSON.stringify(unknownLevel)}`) +
        ' (a filter on another value would match nothing); for a level the service added later, call ' +
        'describeSuspEvents({ Levels }) on the client.',
      { field: 'levels' },
    );
  }
  return {
    From: 'sas',
    Lang: lang,
    Levels: levels?.join(','),
    Dealed: filter.dealt === undefined ? undefined : filter.dealt ? 'Y' : 'N',
    Status: status === undefined ? undefined : String(ALERT_STATUS_CODES[status]),
    ParentEventTypes: filter.types?.join(','),
    EventNames: filter.eventNames?.join(','),
    Source: filter.source,
    Uuids: filter.assetUuids?.join(','),
    Remark: filter.search,
    TimeStart: from && serviceTime(from),
    TimeEnd: to && serviceTime(to),
    OperateTimeStart: handledFrom && serviceTime(handledFrom),
    OperateTimeEnd: handledTo && serviceTime(handledTo),
  };
}

/** `yyyy-MM-dd HH:mm:ss` in China Standard Time (UTC+8), the service's text time. */
function serviceTime(date: Date): string {
  return new Date(date.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}
