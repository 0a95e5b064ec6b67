import {
  DescribeRiskRulesAction,
  type DescribeRiskRulesRequest,
  type DescribeRiskRulesResponse,
  endpoints,
  PreHandleAuditRiskAction,
  type PreHandleAuditRiskRequest,
  type PreHandleAuditRiskResponse,
} from '../generated/index.js';
import type { CallOptions, ClientOptions } from '../transport/options.js';
import { Transport } from '../transport/transport.js';

/**
 * Low-level client for Data Security Center (product `Sddp`, API 2019-01-03) risk events.
 *
 * The two actions exist in no official SDK: their shapes come from Alibaba's own workflow documents
 * and are unverified, so responses are validated leniently (every field optional, extra fields kept,
 * and both the flat and the `{ code, data, requestId, success }` shapes of `DescribeRiskRules` accepted).
 *
 * @example
 * ```ts
 * import { SddpClient } from 'alicloud-alert-handler';
 *
 * const sddp = new SddpClient({ regionId: 'cn-zhangjiakou' });
 * const page = await sddp.describeRiskRules({ HandleStatus: 'UNPROCESSED', CurrentPage: 1, PageSize: 20 });
 * for (const risk of page.Items ?? []) console.log(risk.RiskId, risk.RuleName);
 * ```
 */
export class SddpClient {
  readonly #transport: Transport;

  /**
   * @throws {@link ValidationError} when neither `regionId` nor `endpoint` resolves, or an option is invalid
   */
  constructor(options: ClientOptions) {
    this.#transport = new Transport('Sddp', endpoints.Sddp.endpointMap, options);
  }

  /**
   * Lists audit risk events, one page at a time (`DescribeRiskRules`). RAM: `yundun-sddp:DescribeRiskRules`.
   *
   * @example
   * ```ts
   * const page = await sddp.describeRiskRules({ HandleStatus: 'UNPROCESSED', PageSize: 50 });
   * console.log(page.TotalCount);
   * ```
   */
  describeRiskRules(
    request: DescribeRiskRulesRequest = {},
    options?: CallOptions,
  ): Promise<DescribeRiskRulesResponse> {
    return this.#transport.call(DescribeRiskRulesAction, request, options);
  }

  /**
   * Marks one risk event as handled manually, with an explanation (`PreHandleAuditRisk`). Retried only
   * when nothing can have been applied. RAM: `yundun-sddp:PreHandleAuditRisk`.
   *
   * @example
   * ```ts
   * await sddp.preHandleAuditRisk({
   *   RiskId: 75110196,
   *   HandleInfoList: [
   *     { HandleType: 'Manual', HandleContent: JSON.stringify({ HandleMethod: 0, HandleDetail: 'Confirmed false positive' }) },
   *   ],
   * });
   * ```
   */
  preHandleAuditRisk(
    request: PreHandleAuditRiskRequest,
    options?: CallOptions,
  ): Promise<PreHandleAuditRiskResponse> {
    return this.#transport.call(PreHandleAuditRiskAction, request, options);
  }
}
