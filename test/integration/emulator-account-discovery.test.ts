/**
 * Account discovery and the delegated-administrator listing of the emulator, over HTTP with the SDK's
 * clients: Resource Directory `ListAccounts` pages through the management account and the members,
 * the Security Center calls list them in one answer, all for the management account's identity only;
 * `DescribeSuspEvents` with `ResourceDirectoryAccountId` lists a member's alerts.
 */
import { describe, expect, it } from 'vitest';
import { type EmulatorAccountOptions, sampleAlerts } from '../../src/emulator/index.js';
import {
  type CredentialInput,
  NoPermissionError,
  ResourceDirectoryClient,
  SasClient,
} from '../../src/index.js';
import { failure } from '../support/caught.js';
import { useEmulators } from '../support/emulators.js';

const start = useEmulators();
const MEMBERS: EmulatorAccountOptions[] = Array.from({ length: 12 }, (_, index) => ({
  accountId: String(1_000_000_000_000_002 + index),
  displayName: `member-${index + 1}`,
  ...(index === 0 && { status: 'InviteSuccess' as const }),
}));

function connection(endpoint: string, credential: CredentialInput) {
  return { endpoint, protocol: 'http' as const, credential, retry: false as const };
}

describe('account discovery', () => {
  it('pages ListAccounts by page number through the management account and every member', async () => {
    const emulator = await start({ accounts: MEMBERS });
    const directory = new ResourceDirectoryClient(connection(emulator.endpoint, emulator.credentials));

    const pages = [];
    for (let page = 1; page <= 3; page++)
      pages.push(await directory.listAccounts({ PageNumber: page, PageSize: 5 }));

    expect(
      pages.map((page) => [page.PageNumber, page.PageSize, page.TotalCount, page.Accounts?.Account?.length]),
    ).toEqual([
      [1, 5, 13, 5],
      [2, 5, 13, 5],
      [3, 5, 13, 3],
    ]);
    const accounts = pages.flatMap((page) => page.Accounts?.Account ?? []);
    expect(accounts.map((account) => account.AccountId)).toEqual([
      emulator.accountId,
      ...MEMBERS.map((member) => member.accountId),
    ]);
    expect(accounts[1]).toMatchObject({
      DisplayName: 'member-1',
      Status: 'InviteSuccess',
      Type: 'CloudAccount',
    });
    expect(accounts[2]?.Status).toBe('CreateSuccess');
  });

  it('pages ListAccounts by token, and filters by keyword', async () => {
    const emulator = await start({ accounts: MEMBERS });
    const directory = new ResourceDirectoryClient(connection(emulator.endpoint, emulator.credentials));

    const ids: string[] = [];
    let token: string | undefined;
    let calls = 0;
    do {
      const page = await directory.listAccounts({ MaxResults: 10, ...(token && { NextToken: token }) });
      ids.push(...(page.Accounts?.Account ?? []).map((account) => String(account.AccountId)));
      token = page.NextToken || undefined;
      calls++;
    } while (token !== undefined);
    const found = await directory.listAccounts({ QueryKeyword: 'MEMBER-1' });

    expect([calls, ids.length, new Set(ids).size]).toEqual([2, 13, 13]);
    expect(found.Accounts?.Account?.map((account) => account.DisplayName)).toEqual([
      'member-1',
      'member-10',
      'member-11',
      'member-12',
    ]);
  });

  it('lists the accounts through Security Center: every account in the directory, the members as monitored', async () => {
    const emulator = await start({ accounts: MEMBERS.slice(0, 2) });
    const sas = new SasClient(connection(emulator.endpoint, emulator.credentials));

    const inDirectory = await sas.listAccountsInResourceDirectory();
    const monitored = await sas.describeMonitorAccounts();

    expect(inDirectory.Accounts?.map((account) => [account.AccountId, account.IsMaAccount])).toEqual([
      [emulator.accountId, 'yes'],
      ['1000000000000002', 'no'],
      ['1000000000000003', 'no'],
    ]);
    expect(monitored.AccountIds).toEqual(['1000000000000002', '1000000000000003']);
    expect(monitored.AccountIdInfos?.[0]).toMatchObject({
      AccountId: '1000000000000002',
      OperatorUid: emulator.accountId,
    });
  });

  it('answers the discovery calls of a member with NoPermission', async () => {
    const emulator = await start({ accounts: MEMBERS.slice(0, 1) });
    const member = emulator.account('1000000000000002').credentials;
    const sas = new SasClient(connection(emulator.endpoint, member));
    const directory = new ResourceDirectoryClient(connection(emulator.endpoint, member));

    const errors = await Promise.all([
      failure(sas.describeMonitorAccounts()),
      failure(sas.listAccountsInResourceDirectory()),
      failure(directory.listAccounts()),
    ]);

    for (const error of errors) {
      expect(error).toBeInstanceOf(NoPermissionError);
      expect(error).toMatchObject({ code: 'NoPermission', statusCode: 403 });
    }
  });
});

describe('delegated-administrator listing', () => {
  it("lists a member's alerts for the management account when DescribeSuspEvents names the member", async () => {
    const emulator = await start({
      alerts: sampleAlerts(2, 'management'),
      accounts: [
        { accountId: '1000000000000002', alerts: sampleAlerts(6, 'a') },
        { accountId: '1000000000000003', alerts: sampleAlerts(4, 'b') },
      ],
    });
    const sas = new SasClient(connection(emulator.endpoint, emulator.credentials));

    const member = await sas.describeSuspEvents({ ResourceDirectoryAccountId: '1000000000000003' });
    const own = await sas.describeSuspEvents({});

    expect([member.TotalCount, own.TotalCount]).toEqual([4, 2]);
    expect(emulator.received.map((request) => request.accountId)).toEqual([
      '1000000000000003',
      emulator.accountId,
    ]);
    expect(emulator.account('1000000000000003').count('DescribeSuspEvents')).toBe(1);
  });

  it('refuses a member that names another account, and an account outside the directory', async () => {
    const emulator = await start({
      accounts: [
        { accountId: '1000000000000002', alerts: sampleAlerts(6, 'a') },
        { accountId: '1000000000000003', alerts: sampleAlerts(4, 'b') },
      ],
    });
    const asMember = new SasClient(
      connection(emulator.endpoint, emulator.account('1000000000000002').credentials),
    );
    const asManagement = new SasClient(connection(emulator.endpoint, emulator.credentials));

    const errors = await Promise.all([
      failure(asMember.describeSuspEvents({ ResourceDirectoryAccountId: '1000000000000003' })),
      failure(asManagement.describeSuspEvents({ ResourceDirectoryAccountId: '1999999999999999' })),
    ]);
    const itself = await asMember.describeSuspEvents({ ResourceDirectoryAccountId: '1000000000000002' });

    expect(errors.map((error) => (error as NoPermissionError).code)).toEqual([
      'NoPermission',
      'NoPermission',
    ]);
    expect(itself.TotalCount).toBe(6);
  });
});
