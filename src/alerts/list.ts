import { ValidationError } from '../errors.js';
import type { DescribeSuspEventsRequest } from '../generated/index.js';
import { type Page, type PagedAsyncIterableIterator, pagedIterator, walkPages } from '../paging.js';
import { CALL_OPTION_RULES } from '../transport/client-config.js';
import type { CallOptions } from '../transport/options.js';
import { checkOptions, type OptionRules } from '../util/check-options.js';
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
}

/** One page of alerts. */
export type AlertPage = Page<Alert>;

const MAX_PAGE_SIZE = 100;

/** Rules of {@link AlertFilter}. */
const FILTER_RULES: OptionRules = {
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
  lang: { kind: 'oneOf', values: ['zh', 'en'] },
  pageSize: { kind: 'integer', min: 1, max: MAX_PAGE_SIZE },
  maxItems: { kind: 'integer', min: 1, max: Number.MAX_SAFE_INTEGER },
};

/**
 * Lists every alert matching `filter`, across pages, one page in memory at a time. The walk stops at
 * an empty or short page, at `maxItems`, and at the page count the first page announced (alerts that
 * arrive while paging cannot make it loop forever); an alert that shifts onto the next page while
 * paging is not yielded twice.
 *
 * @throws {@link ValidationError} when the filter is invalid (before any request)
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
  checkOptions(filter, FILTER_RULES, 'listAlerts filter');
  checkOptions(options, CALL_OPTION_RULES, 'listAlerts');
  const request = toRequest(filter);
  const pageSize = filter.pageSize ?? 20;
  const maxItems = filter.maxItems ?? Number.POSITIVE_INFINITY;

  const pages = () =>
    walkPages(
      async (pageNumber) => {
        const response = await calls.describeSuspEvents(
          { ...request, CurrentPage: String(pageNumber), PageSize: String(pageSize) },
          options,
        );
        return {
          records: response.SuspEvents ?? [],
          totalCount: response.TotalCount,
          requestId: response.RequestId,
        };
      },
      { pageSize, maxItems, toItem: toAlert, key: (alert) => alert.id },
    );

  return pagedIterator(pages);
}

/** The wire request of a filter; validates it first. */
function toRequest(filter: AlertFilter): DescribeSuspEventsRequest {
  const { levels, from, to, status, lang } = filter;
  if (from && to && from > to) {
    throw new ValidationError('`from` must not be after `to`.', { field: 'from' });
  }
  if (levels !== undefined && (levels.length === 0 || levels.some((level) => !/^[a-z]+$/.test(level)))) {
    throw new ValidationError('`levels` must list severities such as serious, suspicious, remind.', {
      field: 'levels',
    });
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
  };
}

/** `yyyy-MM-dd HH:mm:ss` in China Standard Time (UTC+8), the service's text time. */
function serviceTime(date: Date): string {
  return new Date(date.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}
