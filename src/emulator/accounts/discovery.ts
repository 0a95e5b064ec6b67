import { apiError } from '../errors.js';
import type { EmulatorHandler, EmulatorHandlers, EmulatorReply } from '../http/handler.js';
import { invalidParameter } from '../state/param-errors.js';
import { pageNumber } from '../state/wire-params.js';
import type { AccountDirectory, AccountModel } from './account-directory.js';

const DEFAULT_PAGE_SIZE = 10;
const MAX_PAGE_SIZE = 100;
const DIRECTORY_ID = 'rd-emulator';
const ROOT_FOLDER_ID = 'r-emulator';

/**
 * The discovery calls, answered from the directory's accounts for the management account's identity
 * only (any other gets `403 NoPermission`): Resource Directory `ListAccounts` (the management account
 * and the members, paged by `PageNumber`/`PageSize` or `MaxResults`/`NextToken`, filtered by
 * `QueryKeyword`), Security Center `ListAccountsInResourceDirectory` (the same accounts, in one
 * answer) and `DescribeMonitorAccounts` (the members).
 *
 * @param startedAt - When the emulator started, epoch milliseconds: the accounts' join time.
 */
export function discoveryHandlers(directory: AccountDirectory, startedAt: number): EmulatorHandlers {
  const joined = new Date(startedAt).toISOString();
  const managementOnly =
    (handler: EmulatorHandler): EmulatorHandler =>
    (request) => {
      const caller = directory.accountOfKey(request.accessKeyId);
      return caller?.management === true && !directory.isSession(request.accessKeyId)
        ? handler(request)
        : apiError(403, 'NoPermission', 'caller has no permission');
    };
  return {
    ListAccounts: managementOnly(({ params }) => listAccounts(directory, params, joined)),
    ListAccountsInResourceDirectory: managementOnly(() => ({
      status: 200,
      body: { Accounts: directory.all().map(sasAccount) },
    })),
    DescribeMonitorAccounts: managementOnly(() => ({
      status: 200,
      body: {
        AccountIds: directory.members.map((member) => member.accountId),
        AccountIdInfos: directory.members.map((member) => ({
          AccountId: member.accountId,
          AddTime: startedAt,
          OperatorUid: directory.management.accountId,
          PostBasicService: 1,
          SasVersion: '7',
        })),
      },
    })),
  };
}

function listAccounts(
  directory: AccountDirectory,
  params: Readonly<Record<string, string>>,
  joined: string,
): EmulatorReply {
  const keyword = (params.QueryKeyword ?? '').toLowerCase();
  const accounts = directory
    .all()
    .filter((account) => `${account.displayName} ${account.accountId}`.toLowerCase().includes(keyword));
  const byToken = Boolean(params.MaxResults || params.NextToken);
  const size = pageNumber(params, byToken ? 'MaxResults' : 'PageSize', DEFAULT_PAGE_SIZE);
  if (typeof size !== 'number') return size;
  if (size > MAX_PAGE_SIZE) return invalidParameter(byToken ? 'MaxResults' : 'PageSize');
  const page = byToken ? tokenOffset(params.NextToken) : pageNumber(params, 'PageNumber', 1);
  if (typeof page !== 'number') return page;
  const start = byToken ? page : (page - 1) * size;
  const items = accounts
    .slice(start, start + size)
    .map((account) => directoryAccount(directory, account, joined));
  const next = start + size < accounts.length ? tokenOf(start + size) : undefined;
  return {
    status: 200,
    body: {
      TotalCount: accounts.length,
      ...(byToken
        ? { ...(next !== undefined && { NextToken: next }) }
        : { PageNumber: page, PageSize: size }),
      Accounts: { Account: items },
    },
  };
}

function tokenOf(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString('base64url');
}

/** The offset a `NextToken` stands for; `0` when absent, `400 InvalidParameter` when not one of ours. */
function tokenOffset(token: string | undefined): number | EmulatorReply {
  if (!token) return 0;
  const offset = /^offset:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'))?.[1];
  return offset === undefined ? invalidParameter('NextToken') : Number(offset);
}

function directoryAccount(directory: AccountDirectory, account: AccountModel, joined: string): object {
  return {
    AccountId: account.accountId,
    AccountName: `${account.displayName}@${directory.management.accountId}.onaliyun.com`,
    DisplayName: account.displayName,
    FolderId: ROOT_FOLDER_ID,
    JoinMethod: account.management ? 'invited' : 'created',
    JoinTime: joined,
    ModifyTime: joined,
    ResourceDirectoryId: DIRECTORY_ID,
    ResourceDirectoryPath: `${DIRECTORY_ID}/${ROOT_FOLDER_ID}/${account.accountId}`,
    Status: account.status,
    Type: 'CloudAccount',
  };
}

function sasAccount(account: AccountModel): object {
  return {
    AccountId: account.accountId,
    DisplayName: account.displayName,
    FolderId: ROOT_FOLDER_ID,
    IsMaAccount: account.management ? 'yes' : 'no',
    IsSasDaAccount: 'no',
    IsSiemControlAccount: 'no',
    IsSiemDaAccount: 'no',
    IsMarked: 'no',
    BuySasNew: true,
    ChargeType: 0,
    InstanceBuyType: account.management ? 0 : 1,
    PostBasicService: 1,
    SasVersion: '7',
  };
}
