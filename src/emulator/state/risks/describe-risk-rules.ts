import type { EmulatorHandler } from '../../http/handler.js';
import { type EmulatorPaging, servePage } from '../paging.js';
import { invalidParameter } from '../param-errors.js';
import { pageNumber } from '../wire-params.js';
import type { RiskStore } from './risk-store.js';

const DEFAULT_PAGE_SIZE = 10;
const STATUSES: ReadonlySet<string> = new Set(['UNPROCESSED', 'PROCESSED']);

/**
 * `DescribeRiskRules` over the model: risk events paged with `CurrentPage` (from 1) and `PageSize`
 * (default 10) and filtered on `HandleStatus` (all events when absent). Answers
 * `{ TotalCount, PageSize, CurrentPage, Items }`, or, with `wrapped`, the same inside
 * `{ code: 200, data, requestId, success: true }`. Page numbers that are not digits, or another
 * `HandleStatus`, are `400 InvalidParameter`. `paging` makes it page badly (see `EmulatorPaging`).
 *
 * @example
 * ```ts
 * const emulator = await startEmulator({ state: { risks: sampleRisks(25), riskResponseShape: 'wrapped' } });
 * ```
 */
export function describeRiskRules(
  risks: RiskStore,
  shape: 'flat' | 'wrapped',
  paging: EmulatorPaging = {},
): EmulatorHandler {
  return ({ params }) => {
    const currentPage = pageNumber(params, 'CurrentPage', 1);
    const requestedSize = pageNumber(params, 'PageSize', DEFAULT_PAGE_SIZE);
    if (typeof currentPage !== 'number') return currentPage;
    if (typeof requestedSize !== 'number') return requestedSize;
    const status = params.HandleStatus ?? '';
    if (status !== '' && !STATUSES.has(status)) return invalidParameter('HandleStatus');
    const matching = risks
      .list()
      .filter((risk) => status === '' || (risk.HandleStatus ?? 'UNPROCESSED') === status);
    const served = servePage(matching, currentPage, requestedSize, paging, Number.POSITIVE_INFINITY);
    const page = {
      ...(served.totalCount !== undefined && { TotalCount: served.totalCount }),
      PageSize: served.pageSize,
      CurrentPage: currentPage,
      Items: served.items,
    };
    return { status: 200, body: shape === 'wrapped' ? { code: 200, data: page, success: true } : page };
  };
}
