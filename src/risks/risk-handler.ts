import { SddpClient } from '../clients/sddp-client.js';
import { ValidationError } from '../errors.js';
import {
  continuationTokens,
  DEFAULT_MAX_PAGES,
  type Page,
  type PagedAsyncIterableIterator,
  pagedIterator,
  type RejectedContext,
  walkPages,
} from '../paging.js';
import { loggingRejected } from '../paging-log.js';
import { CALL_OPTION_RULES, CLIENT_OPTION_RULES } from '../transport/client-config.js';
import { type Log, resolveLog } from '../transport/logger.js';
import type { CallOptions, ClientOptions } from '../transport/options.js';
import { checkOptions, type OptionRules } from '../util/check-options.js';
import { describeValue } from '../util/describe-value.js';
import { type RejectedItem, rejectedItems } from '../validation/rejected.js';
import { type Risk, toRisk } from './risk.js';

/** Options of {@link RiskHandler}: a client's options, or a client. */
export interface RiskHandlerOptions extends ClientOptions {
  /** Use this client instead of creating one from the options. */
  client?: SddpClient;
}

/** Which risk events {@link RiskHandler.listRisks} returns. */
export interface RiskFilter {
  /**
   * Handling status to list.
   * @defaultValue 'unprocessed'
   */
  status?: 'unprocessed' | 'processed';
  /**
   * Risk events per request, 1 to 100.
   * @defaultValue 20
   */
  pageSize?: number;
  /** Stop after this many risk events. */
  maxItems?: number;
  /**
   * Requests one walk may make (pages read again included); past it, the walk fails with a
   * `PagingError` `PageLimitReached` whose `continuationToken` reads on.
   * @defaultValue 10000
   */
  maxPages?: number;
  /**
   * Called with each risk event of a page that could not be read even leniently (its raw record and its
   * problems), once per walk, before its page is yielded; the page and the walk go on without it. The
   * same items are on each page's `rejected`.
   */
  onRejected?: (item: RejectedItem, context: RejectedContext) => void;
}

/** One page of risk events. */
export type RiskPage = Page<Risk>;

/** What {@link RiskHandler.handleRisk} did. */
export interface HandledRisk {
  /** The risk event. */
  readonly riskId: string;
  /** The explanation recorded with it. */
  readonly detail: string;
  /** RequestId of the call. */
  readonly requestId: string | undefined;
}

/** Longest explanation accepted for a handled risk event. */
export const MAX_HANDLE_DETAIL_LENGTH = 500;

const RISK_HANDLER_OPTION_RULES: OptionRules = { ...CLIENT_OPTION_RULES, client: { kind: 'any' } };

const MAX_RISK_PAGE_SIZE = 100;

const RISK_FILTER_RULES: OptionRules = {
  status: { kind: 'oneOf', values: ['unprocessed', 'processed'] },
  pageSize: { kind: 'integer', min: 1, max: MAX_RISK_PAGE_SIZE },
  maxItems: { kind: 'integer', min: 1, max: Number.MAX_SAFE_INTEGER },
  maxPages: { kind: 'integer', min: 1, max: Number.MAX_SAFE_INTEGER },
  onRejected: { kind: 'function' },
};

/**
 * Data Security Center (Sddp) risk events: list them and mark them handled with an explanation.
 *
 * The two actions behind it exist in no official SDK; their shapes come from Alibaba's own workflow
 * documents, so answers are validated leniently and both known response shapes are accepted.
 *
 * @example
 * ```ts
 * import { RiskHandler } from 'alicloud-alert-handler';
 *
 * const risks = new RiskHandler({ regionId: 'cn-zhangjiakou' });
 * for await (const risk of risks.listRisks({ status: 'unprocessed' })) console.log(risk.id, risk.ruleName, risk.level);
 * await risks.handleRisk('75110196', 'Confirmed as a scheduled backup job; closing.');
 * ```
 */
export class RiskHandler {
  readonly #client: SddpClient;
  readonly #log: Log;

  /**
   * @throws {@link ValidationError} when an option is invalid or no endpoint resolves
   */
  constructor(options: RiskHandlerOptions = {}) {
    checkOptions(options, RISK_HANDLER_OPTION_RULES, 'RiskHandler');
    const { client, ...clientOptions } = options;
    this.#client = client ?? new SddpClient(clientOptions);
    this.#log = resolveLog(clientOptions);
  }

  /**
   * Every risk event with the given status, across pages (one page in memory at a time); `.byPage()`
   * walks pages, and each page's `continuationToken` resumes a walk with `byPage({ continuationToken })`.
   * Pages as `AlertHandler.listAlerts` does: no risk event twice in a walk (by `RiskId`), a capped
   * page size read to the end, risk events that cannot be read surfaced (`page.rejected`, `onRejected`)
   * and the walk goes on, and a listing that cannot end trustworthily ends with a {@link PagingError}.
   *
   * @throws {@link ValidationError} when the filter is invalid (at once, before any request)
   * @throws {@link PagingError} `PageRepeated`, `PagingOverrun`, `TotalCountNotReached` or
   * `PageLimitReached` (the risk events yielded before it are real, each once)
   *
   * @example
   * ```ts
   * for await (const risk of risks.listRisks({ status: 'unprocessed', maxItems: 100 })) console.log(risk.id);
   * ```
   */
  listRisks(filter: RiskFilter = {}, options: CallOptions = {}): PagedAsyncIterableIterator<Risk, RiskPage> {
    checkOptions(filter, RISK_FILTER_RULES, 'listRisks filter');
    checkOptions(options, CALL_OPTION_RULES, 'listRisks');
    const { status = 'unprocessed', pageSize = 20, maxItems = Number.POSITIVE_INFINITY } = filter;
    const client = this.#client;
    const HandleStatus = status === 'unprocessed' ? 'UNPROCESSED' : 'PROCESSED';
    const tokens = continuationTokens('DescribeRiskRules', { HandleStatus }, MAX_RISK_PAGE_SIZE);

    return pagedIterator((settings) => {
      const token = settings?.continuationToken;
      return walkPages(
        async (pageNumber, size) => {
          const response = await client.describeRiskRules(
            { HandleStatus, CurrentPage: pageNumber, PageSize: size },
            options,
          );
          return {
            records: response.Items ?? [],
            totalCount: response.TotalCount,
            requestId: response.RequestId,
            pageSize: response.PageSize,
            rejected: rejectedItems(response),
          };
        },
        {
          action: 'DescribeRiskRules',
          what: 'risk events',
          recordsField: 'Items',
          start: token === undefined ? { pageNumber: 1, pageSize } : tokens.decode(token),
          maxItems,
          maxPages: filter.maxPages ?? DEFAULT_MAX_PAGES,
          toItem: toRisk,
          key: (risk) => risk.raw.RiskId,
          rawKey: (raw) =>
            typeof raw === 'object' && raw !== null ? (raw as { RiskId?: unknown }).RiskId : undefined,
          onRejected: loggingRejected(this.#log, 'risk event', filter.onRejected),
          tokenFor: tokens.encode,
        },
      );
    });
  }

  /**
   * Marks one risk event as handled manually, with an explanation kept for audit
   * (`HandleInfoList.1.HandleType=Manual`, `HandleContent={"HandleMethod":0,"HandleDetail":…}`).
   *
   * @param detail - Why or how it was handled: required, trimmed, at most 500 characters.
   * @throws {@link ValidationError} when the ID or the detail is invalid (nothing is sent)
   *
   * @example
   * ```ts
   * const handled = await risks.handleRisk('75110196', 'Confirmed as false positive, closing this alert');
   * console.log(handled.requestId);
   * ```
   */
  async handleRisk(riskId: string | number, detail: string, options: CallOptions = {}): Promise<HandledRisk> {
    const id = typeof riskId === 'number' && Number.isSafeInteger(riskId) ? String(riskId) : riskId;
    if (typeof id !== 'string' || !/^\d{1,19}$/.test(id)) {
      throw new ValidationError(
        `\`riskId\` must be a risk event ID (digits), got ${describeValue(riskId)}.`,
        {
          field: 'riskId',
        },
      );
    }
    const text = typeof detail === 'string' ? detail.trim() : '';
    if (text === '') {
      throw new ValidationError('`detail` is required: say how or why the risk event was handled.', {
        field: 'detail',
      });
    }
    const length = [...text].length;
    if (length > MAX_HANDLE_DETAIL_LENGTH) {
      throw new ValidationError(
        `\`detail\` is ${length} characters long; at most ${MAX_HANDLE_DETAIL_LENGTH} are accepted.`,
        { field: 'detail' },
      );
    }
    if ([...text].some(isControlCharacter)) {
      throw new ValidationError('`detail` must not contain control characters.', { field: 'detail' });
    }
    const response = await this.#client.preHandleAuditRisk(
      {
        RiskId: Number(id),
        HandleInfoList: [
          { HandleType: 'Manual', HandleContent: JSON.stringify({ HandleMethod: 0, HandleDetail: text }) },
        ],
      },
      options,
    );
    return { riskId: id, detail: text, requestId: response.RequestId };
  }
}

/**
 * True for control characters other than tab, line feed and carriage return (C0, DEL and C1, which
 * includes terminal escapes), and for the bidirectional overrides that disguise text.
 */
function isControlCharacter(character: string): boolean {
  const code = character.charCodeAt(0);
  if (character === '\t' || character === '\n' || character === '\r') return false;
  return (
    code < 0x20 ||
    (code >= 0x7f && code <= 0x9f) ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  );
}
