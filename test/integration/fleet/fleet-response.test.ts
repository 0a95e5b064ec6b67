/**
 * Response rules across the fleet over HTTP: each account's alerts evaluated with that account's
 * handler, its guards per account, the fleet response plan stored and read back, and each account's
 * destructive batches sent only with an approval of that account's own response plan.
 */
import { describe, expect, it } from 'vitest';
import { APPROVAL_REQUIRED, approve, parseFleetResponsePlan, ResponseRules } from '../../../src/index.js';
import { blockableAlerts } from '../../support/blockable-alerts.js';
import { useFleetEmulator } from '../../support/fleet-emulator.js';

const start = useFleetEmulator();
const SECRET = 'fleet-approval-key-0123456789abcdef';

describe('response rules across the fleet', () => {
  it('plans per account with per-account guards, and needs each account’s own approval', async () => {
    const { ids, state } = blockableAlerts(4, 'fleet-rules', 9_400_000);
    const { emulator, ids: accounts, open } = await start(2, 0, () => ({ state }));
    const rules = ResponseRules.parse({
      name: 'fleet-playbook',
      version: 1,
      rules: [
        {
          id: 'block',
          order: 1,
          match: { id: { in: ids.slice(0, 1) } },
          action: { handle: { operation: 'block_ip', input: { duration: '1d' } } },
        },
        { id: 'close', order: 2, match: { all: [] }, action: { handle: { operation: 'manual_handled' } } },
      ],
    });
    const fleet = await open();
    const made = await fleet.planResponse(
      rules,
      { dealt: false },
      { maxAlertsPerRun: 3, maxDestructivePerRun: 1 },
    );
    expect(made.accounts.map((account) => account.accountId)).toEqual(accounts);
    expect(made.destructive).toBe(true);
    for (const { plan } of made.accounts) {
      expect(plan.decisions.filter((decision) => decision.status === 'requested')).toHaveLength(3);
    }
    const rplan = parseFleetResponsePlan(JSON.stringify(made));
    const [first, second] = accounts as [string, string];
    // Only the first account's plan is approved.
    const approval = approve(rplan.accounts[0]?.plan as NonNullable<(typeof rplan.accounts)[0]>['plan'], {
      approver: 'alice',
      requester: 'bob',
      expiresAt: new Date(Date.now() + 3_600_000),
      secret: SECRET,
    });
    const report = await fleet.executeResponse(rplan, {
      allowedAccounts: accounts,
      approvals: [approval],
      secret: SECRET,
    });
    expect(report.counts.accounts.ok).toBe(2);
    const codesIn = (accountId: string) =>
      emulator
        .account(accountId)
        .received.filter((request) => request.action === 'HandleSecurityEvents')
        .map((request) => request.params.OperationCode)
        .sort();
    expect(codesIn(first)).toEqual(['block_ip', 'manual_handled']);
    expect(codesIn(second)).toEqual(['manual_handled']);
    const held = report.accounts[1];
    expect(
      held?.ok && held.value.skipped.filter((outcome) => outcome.reason?.startsWith(APPROVAL_REQUIRED)),
    ).toHaveLength(1);
  });
});
