/**
 * Finding the member accounts of an organization, from the management side: Resource Directory's
 * `ListAccounts` (every page), or Security Center's `ListAccountsInResourceDirectory` or
 * `DescribeMonitorAccounts`.
 *
 * @packageDocumentation
 */
import type { ResourceDirectoryClient } from '../clients/resource-directory-client.js';
import type { SasClient } from '../clients/sas-client.js';
import { PagingError } from '../errors.js';
import type { AccountDiscovery } from '../permissions.js';

/** An account found: its ID, and its name when the call gives one. */
export interface FoundAccount {
  readonly accountId: string;
  readonly displayName?: string | undefined;
}

/** The clients discovery may call, created only when used. */
export interface DiscoveryClients {
  directory(): ResourceDirectoryClient;
  sas(): SasClient;
}

/** Accounts per page of `ListAccounts` (its maximum). */
const PAGE_SIZE = 100;
/** Pages of `ListAccounts` read at most: 100 000 accounts, far beyond a directory's quota. */
const MAX_PAGES = 1000;

/**
 * The member accounts `source` lists, in its order, each once.
 *
 * @throws {@link PagingError} when `ListAccounts` hands out a page token twice or never ends
 */
export async function discoverAccounts(
  source: AccountDiscovery,
  clients: DiscoveryClients,
  signal: AbortSignal | undefined,
): Promise<FoundAccount[]> {
  const found =
    source === 'ListAccounts'
      ? await listDirectory(clients.directory(), signal)
      : source === 'ListAccountsInResourceDirectory'
        ? ((await clients.sas().listAccountsInResourceDirectory({}, { signal })).Accounts ?? []).map(
            (account) => ({ accountId: account.AccountId, displayName: account.DisplayName }),
          )
        : ((await clients.sas().describeMonitorAccounts({}, { signal })).AccountIds ?? []).map(
            (accountId) => ({ accountId, displayName: undefined }),
          );
  const seen = new Set<string>();
  const accounts: FoundAccount[] = [];
  for (const { accountId, displayName } of found) {
    if (accountId === undefined || accountId === '' || seen.has(accountId)) continue;
    seen.add(accountId);
    accounts.push(displayName ? { accountId, displayName } : { accountId });
  }
  return accounts;
}

async function listDirectory(
  directory: ResourceDirectoryClient,
  signal: AbortSignal | undefined,
): Promise<{ accountId?: string | undefined; displayName?: string | undefined }[]> {
  const accounts: { accountId?: string | undefined; displayName?: string | undefined }[] = [];
  const tokens = new Set<string>();
  let NextToken: string | undefined;
  for (let page = 1; ; page++) {
    const answer = await directory.listAccounts(
      { MaxResults: PAGE_SIZE, ...(NextToken !== undefined && { NextToken }) },
      { signal },
    );
    for (const account of answer.Accounts?.Account ?? []) {
      accounts.push({ accountId: account.AccountId, displayName: account.DisplayName });
    }
    NextToken = answer.NextToken || undefined;
    if (NextToken === undefined) return accounts;
    if (tokens.has(NextToken) || page >= MAX_PAGES) {
      throw new PagingError({
        code: tokens.has(NextToken) ? 'PageRepeated' : 'PageLimitReached',
        action: 'ListAccounts',
        what: 'accounts',
        pageNumber: page + 1,
        pageSize: PAGE_SIZE,
        requests: page,
        itemsRead: accounts.length,
        totalCount: undefined,
        requestId: answer.RequestId,
      });
    }
    tokens.add(NextToken);
  }
}
