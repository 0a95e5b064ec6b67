import { apiError } from '../errors.js';
import type { EmulatorReply } from '../http/handler.js';
import type { AccountDirectory, AccountModel } from './account-directory.js';

const ROLE_ARN_ACCOUNT = /^acs:ram::(\d+):role\//i;

/**
 * The account a verified request is served for: the one its key acts in; for `AssumeRole`, the
 * account whose role it names (when the directory has it); for `DescribeSuspEvents` with
 * `ResourceDirectoryAccountId`, that account when the caller is the management account or the account
 * itself, else `403 NoPermission`.
 */
export function servingAccount(
  directory: AccountDirectory,
  accessKeyId: string,
  action: string,
  params: Readonly<Record<string, string>>,
): { readonly account: AccountModel } | { readonly reply: EmulatorReply } {
  const caller = directory.accountOfKey(accessKeyId) ?? directory.management;
  if (action === 'AssumeRole') {
    const named = ROLE_ARN_ACCOUNT.exec(params.RoleArn ?? '')?.[1];
    return { account: (named === undefined ? undefined : directory.get(named)) ?? caller };
  }
  const member = action === 'DescribeSuspEvents' ? params.ResourceDirectoryAccountId : undefined;
  if (member === undefined || member === '' || member === caller.accountId) return { account: caller };
  const account = directory.get(member);
  if (caller.management && account !== undefined) return { account };
  return { reply: apiError(403, 'NoPermission', 'caller has no permission') };
}
