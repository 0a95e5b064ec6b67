import {
  endpoints,
  ListAccountsAction,
  type ListAccountsRequest,
  type ListAccountsResponse,
} from '../generated/index.js';
import type { CallOptions, ClientOptions } from '../transport/options.js';
import { Transport } from '../transport/transport.js';

/**
 * Low-level client for Resource Directory (product `ResourceDirectoryMaster`, API 2022-04-19): the
 * member accounts of an organization. Resource Directory has one host per site: `regionId: 'cn-shanghai'`
 * calls the China site (`resourcedirectory.aliyuncs.com`), `regionId: 'ap-southeast-1'` the
 * international one (`resourcedirectory-intl.aliyuncs.com`); any other region needs an explicit
 * `endpoint`. Only the management account of the directory, or a delegated administrator of a trusted
 * service, may list its members.
 *
 * @example
 * ```ts
 * import { ResourceDirectoryClient } from 'alicloud-alert-handler';
 *
 * const directory = new ResourceDirectoryClient({ regionId: 'cn-shanghai' });
 * const page = await directory.listAccounts({ PageSize: 100 });
 * for (const account of page.Accounts?.Account ?? []) console.log(account.AccountId, account.DisplayName);
 * ```
 */
export class ResourceDirectoryClient {
  readonly #transport: Transport;

  /**
   * @throws {@link ValidationError} when neither `regionId` nor `endpoint` resolves, or an option is invalid
   */
  constructor(options: ClientOptions<'ResourceDirectoryMaster'>) {
    this.#transport = new Transport(
      'ResourceDirectoryMaster',
      endpoints.ResourceDirectoryMaster.endpointMap,
      options,
    );
  }

  /**
   * Lists the members of the resource directory, one page at a time (`ListAccounts`): by page number
   * (`PageNumber`, `PageSize`), or by token (`MaxResults`, then each answer's `NextToken` until it is
   * empty). RAM: `resourcemanager:ListAccounts`.
   *
   * @example
   * ```ts
   * const directory = new ResourceDirectoryClient({ regionId: 'ap-southeast-1' });
   * const ids: string[] = [];
   * let NextToken: string | undefined;
   * do {
   *   const page = await directory.listAccounts({ MaxResults: 100, NextToken });
   *   ids.push(...(page.Accounts?.Account ?? []).flatMap((account) => account.AccountId ?? []));
   *   NextToken = page.NextToken || undefined;
   * } while (NextToken !== undefined);
   * ```
   */
  listAccounts(request: ListAccountsRequest = {}, options?: CallOptions): Promise<ListAccountsResponse> {
    return this.#transport.call(ListAccountsAction, request, options);
  }
}
