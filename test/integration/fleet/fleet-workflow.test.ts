/**
 * The fleet over HTTP against an emulated resource directory: accounts discovered by each of the three
 * calls; alerts listed, planned and executed per account with each account's own assumed-role
 * credentials, through the exactly-once path with one shared journal (the same alert IDs in every
 * account never meet); and an account whose role cannot be assumed fails alone, the others succeeding.
 */
import { describe, expect, it } from 'vitest';
import {
  AccountFleet,
  CredentialsError,
  type FleetAlert,
  FleetListingError,
  fileJournal,
  Operations,
} from '../../../src/index.js';
import { failure } from '../../support/caught.js';
import { useFleetEmulator } from '../../support/fleet-emulator.js';
import { storeDirectory } from '../../support/store-directory.js';

const start = useFleetEmulator();

describe('AccountFleet over HTTP', () => {
  it.each([
    ['ListAccounts', true],
    ['ListAccountsInResourceDirectory', true],
    ['DescribeMonitorAccounts', false],
  ] as const)('discovers the accounts with %s', async (discovery, listsManagement) => {
    const { emulator, ids, open } = await start(3, 1);
    const fleet = await open({ accounts: 'discover', discovery });
    const expected = listsManagement ? [emulator.accountId, ...ids] : ids;
    expect(fleet.accounts.map((account) => account.accountId).sort()).toEqual([...expected].sort());
    const excluded = await open({ accounts: 'discover', discovery, exclude: [emulator.accountId] });
    expect(excluded.accounts.map((account) => account.accountId).sort()).toEqual([...ids].sort());
  });

  it('reads every page of ListAccounts', async () => {
    const { ids, open } = await start(120, 0);
    const fleet = await open({ accounts: 'discover' });
    expect(fleet.accounts).toHaveLength(121);
    expect(fleet.accounts.map((account) => account.accountId)).toEqual(expect.arrayContaining(ids));
  });

  it('lists, plans and executes in every account once, with one shared journal', async () => {
    const { emulator, ids, open } = await start(3, 4);
    const fleet = await open();
    const listed: FleetAlert[] = [];
    for await (const alert of fleet.listAlerts({ dealt: false })) listed.push(alert);
    expect(listed).toHaveLength(12);
    for (const id of ids) expect(listed.filter((alert) => alert.accountId === id)).toHaveLength(4);

    const plan = await fleet.plan(
      listed.map((alert) => ({
        accountId: alert.accountId,
        alertId: alert.id,
        operation: Operations.ignore(),
      })),
    );
    expect(plan.accounts.map((account) => account.accountId)).toEqual(ids);
    expect(plan.failed).toEqual([]);
    const journal = fileJournal(await storeDirectory());
    const report = await fleet.execute(JSON.parse(JSON.stringify(plan)), { allowedAccounts: ids, journal });
    expect(report.counts).toEqual({
      accounts: { total: 3, ok: 3, failed: 0 },
      alerts: { total: 12, succeeded: 12, failed: 0, timedOut: 0, unknown: 0, skipped: 0 },
    });
    const executionIds = report.accounts.map((outcome) =>
      outcome.ok ? outcome.value.executionId : undefined,
    );
    expect(new Set(executionIds).size).toBe(3);
    for (const id of ids) {
      expect(emulator.account(id).count('HandleSecurityEvents')).toBe(1);
      expect(emulator.account(id).received.every((request) => request.accountId === id)).toBe(true);
    }
    expect(emulator.assumedRoles().map((role) => role.roleSessionName)).toEqual(
      ids.map(() => `alert-handler-${fleet.runId}`),
    );
    expect(report.summary()).toContain(
      `run ${fleet.runId}: 3 accounts (3 ran, 0 failed); 12 alerts: 12 succeeded`,
    );
    // Resuming in an account finds that account's execution only, already finished.
    const [first] = fleet.accounts;
    const { accountJournal } = await import('../../../src/fleet/account-journal.js');
    expect(await first?.alerts.resume({ journal: accountJournal(journal, first.accountId) })).toEqual([]);
  });

  it('fails the account whose role cannot be assumed alone; the others succeed', async () => {
    const { emulator, ids, open } = await start(3, 2, (accountId) =>
      accountId === '1000000000000003' ? { role: { refuse: true } } : {},
    );
    const fleet = await open();
    const refusedId = '1000000000000003';

    const listing = failure(
      (async () => {
        for await (const _ of fleet.listAlerts()) {
          // drained
        }
      })(),
    );
    const error = (await listing) as FleetListingError;
    expect(error).toBeInstanceOf(FleetListingError);
    expect(error.outcomes.map((outcome) => (outcome.ok ? outcome.value : outcome.phase))).toEqual([
      2,
      'credentials',
      2,
    ]);

    const plan = await fleet.plan({ dealt: false }, () => Operations.ignore());
    expect(plan.accounts.map((account) => account.accountId)).toEqual(ids.filter((id) => id !== refusedId));
    expect(plan.failed).toEqual([
      {
        accountId: refusedId,
        phase: 'credentials',
        code: expect.any(String),
        message: expect.stringContaining(refusedId),
      },
    ]);
    const report = await fleet.execute(plan, { allowedAccounts: ids });
    expect(report.counts.alerts.succeeded).toBe(4);
    // Only its refused AssumeRole calls reached it: nothing of Security Center.
    expect(emulator.account(refusedId).received.map((request) => request.action)).toEqual(
      expect.arrayContaining(['AssumeRole']),
    );
    expect(emulator.account(refusedId).received.filter((request) => request.action !== 'AssumeRole')).toEqual(
      [],
    );

    const outcomes = await fleet.map(
      async (account) => (await account.alerts.getOperations('1')).operations.length,
    );
    const refused = outcomes[1];
    expect(refused?.ok === false && refused.phase).toBe('credentials');
    expect(refused?.ok === false && refused.error).toBeInstanceOf(CredentialsError);
    expect(refused?.ok === false && (refused.error as CredentialsError).roleArn).toContain(refusedId);
  });

  it('lists through a delegated administrator and refuses handling before sending anything', async () => {
    const { emulator, ids, open } = await start(2, 3);
    const fleet = await open({ access: 'delegatedAdministrator' });
    emulator.reset();
    await expect(fleet.plan({}, () => Operations.ignore())).rejects.toMatchObject({
      name: 'DelegatedAdministratorError',
      code: 'HandlingNeedsMemberCredentials',
    });
    const [outcome] = await fleet.map((account) =>
      account.alerts.plan([{ alertId: '1', operation: Operations.ignore() }]),
    );
    expect(outcome?.ok === false && outcome.error.name).toBe('DelegatedAdministratorError');
    const listed: FleetAlert[] = [];
    for await (const alert of fleet.listAlerts()) listed.push(alert);
    expect(listed.map((alert) => alert.accountId).sort()).toEqual([...ids, ...ids, ...ids].sort());
    expect(emulator.received.filter((request) => request.action !== 'DescribeSuspEvents')).toEqual([]);
    const sent = emulator.received.filter((request) => request.action === 'DescribeSuspEvents');
    expect(sent.every((request) => ids.includes(String(request.params.ResourceDirectoryAccountId)))).toBe(
      true,
    );
    await expect(AccountFleet.open({ endpoint: emulator.endpoint, accounts: ['x'] })).rejects.toThrow(
      /accounts/,
    );
  });
});
