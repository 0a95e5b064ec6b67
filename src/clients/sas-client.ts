import {
  DescribeMonitorAccountsAction,
  type DescribeMonitorAccountsRequest,
  type DescribeMonitorAccountsResponse,
  DescribeSecurityEventOperationStatusAction,
  type DescribeSecurityEventOperationStatusRequest,
  type DescribeSecurityEventOperationStatusResponse,
  DescribeSecurityEventOperationsAction,
  type DescribeSecurityEventOperationsRequest,
  type DescribeSecurityEventOperationsResponse,
  DescribeSuspEventsAction,
  type DescribeSuspEventsRequest,
  type DescribeSuspEventsResponse,
  endpoints,
  HandleSecurityEventsAction,
  type HandleSecurityEventsRequest,
  type HandleSecurityEventsResponse,
  ListAccountsInResourceDirectoryAction,
  type ListAccountsInResourceDirectoryRequest,
  type ListAccountsInResourceDirectoryResponse,
} from '../generated/index.js';
import type { CallOptions, ClientOptions } from '../transport/options.js';
import { Transport } from '../transport/transport.js';

/**
 * Low-level client for Security Center (product `Sas`, API 2018-12-03): one method per action, with
 * wire-exact request and response types. Requests are validated before they are sent; responses are
 * validated when they arrive. Read actions retry on throttling, 5xx and transient network errors;
 * `handleSecurityEvents` retries only when nothing can have been applied.
 *
 * @example
 * ```ts
 * import { SasClient } from 'alicloud-alert-handler';
 *
 * const sas = new SasClient({ regionId: 'cn-shanghai' }); // default credential chain
 * const page = await sas.describeSuspEvents({ CurrentPage: '1', PageSize: '20', Dealed: 'N' });
 * for (const event of page.SuspEvents ?? []) console.log(event.Id, event.AlarmEventNameDisplay);
 * ```
 */
export class SasClient {
  readonly #transport: Transport;

  /**
   * @throws {@link ValidationError} when neither `regionId` nor `endpoint` resolves, or an option is invalid
   */
  constructor(options: ClientOptions) {
    this.#transport = new Transport('Sas', endpoints.Sas.endpointMap, options);
  }

  /**
   * Lists alert events, one page at a time (`DescribeSuspEvents`). RAM: `yundun-sas:DescribeSuspEvents`.
   *
   * @example
   * ```ts
   * const page = await sas.describeSuspEvents({ Levels: 'serious,suspicious', Dealed: 'N', PageSize: '100' });
   * console.log(page.TotalCount, page.SuspEvents?.length);
   * ```
   */
  describeSuspEvents(
    request: DescribeSuspEventsRequest = {},
    options?: CallOptions,
  ): Promise<DescribeSuspEventsResponse> {
    return this.#transport.call(DescribeSuspEventsAction, request, options);
  }

  /**
   * Lists the handling operations one alert event allows, with its whitelist fields and rules
   * (`DescribeSecurityEventOperations`). RAM: `yundun-sas:DescribeSecurityEventOperations`.
   *
   * @example
   * ```ts
   * const { SecurityEventOperationsResponse: ops } = await sas.describeSecurityEventOperations({ SecurityEventId: 7009607 });
   * const allowed = ops?.filter((op) => op.UserCanOperate).map((op) => op.OperationCode);
   * ```
   */
  describeSecurityEventOperations(
    request: DescribeSecurityEventOperationsRequest,
    options?: CallOptions,
  ): Promise<DescribeSecurityEventOperationsResponse> {
    return this.#transport.call(DescribeSecurityEventOperationsAction, request, options);
  }

  /**
   * Starts an asynchronous handling task for alert events (`HandleSecurityEvents`) and returns its
   * TaskId. This changes state on your hosts (block, kill, quarantine, whitelist): it is retried only
   * after errors that prove nothing was applied. RAM: `yundun-sas:HandleSecurityEvents`.
   *
   * @example
   * ```ts
   * const { HandleSecurityEventsResponse: task } = await sas.handleSecurityEvents({
   *   SecurityEventIds: ['7009586'],
   *   OperationCode: 'ignore',
   *   OperationParams: JSON.stringify({}),
   * });
   * console.log(task?.TaskId);
   * ```
   */
  handleSecurityEvents(
    request: HandleSecurityEventsRequest,
    options?: CallOptions,
  ): Promise<HandleSecurityEventsResponse> {
    return this.#transport.call(HandleSecurityEventsAction, request, options);
  }

  /**
   * Reads the status of a handling task, overall and per event (`DescribeSecurityEventOperationStatus`).
   * RAM: `yundun-sas:DescribeSecurityEventOperationStatus`.
   *
   * @example
   * ```ts
   * const status = await sas.describeSecurityEventOperationStatus({ TaskId: 15411, SecurityEventIds: ['7009586'] });
   * console.log(status.SecurityEventOperationStatusResponse?.TaskStatus);
   * ```
   */
  describeSecurityEventOperationStatus(
    request: DescribeSecurityEventOperationStatusRequest,
    options?: CallOptions,
  ): Promise<DescribeSecurityEventOperationStatusResponse> {
    return this.#transport.call(DescribeSecurityEventOperationStatusAction, request, options);
  }

  /**
   * Lists the member accounts that Security Center's multi-account management covers, as IDs and as
   * records (`DescribeMonitorAccounts`); the account IDs are strings. Takes no parameters. RAM:
   * `yundun-sas:DescribeMonitorAccounts`.
   *
   * @example
   * ```ts
   * const { AccountIds = [] } = await sas.describeMonitorAccounts();
   * console.log(`${AccountIds.length} member accounts`);
   * ```
   */
  describeMonitorAccounts(
    request: DescribeMonitorAccountsRequest = {},
    options?: CallOptions,
  ): Promise<DescribeMonitorAccountsResponse> {
    return this.#transport.call(DescribeMonitorAccountsAction, request, options);
  }

  /**
   * Lists every member of the resource directory as Security Center sees it: folder, edition, billing,
   * whether it is the management account or Security Center's delegated administrator
   * (`ListAccountsInResourceDirectory`). The whole list comes in one answer; only the management account
   * or the delegated administrator may call it. RAM: `yundun-sas:ListAccountsInResourceDirectory`.
   *
   * @example
   * ```ts
   * const { Accounts = [] } = await sas.listAccountsInResourceDirectory();
   * const members = Accounts.filter((account) => account.IsMaAccount !== 'yes').map((account) => account.AccountId);
   * ```
   */
  listAccountsInResourceDirectory(
    request: ListAccountsInResourceDirectoryRequest = {},
    options?: CallOptions,
  ): Promise<ListAccountsInResourceDirectoryResponse> {
    return this.#transport.call(ListAccountsInResourceDirectoryAction, request, options);
  }
}
