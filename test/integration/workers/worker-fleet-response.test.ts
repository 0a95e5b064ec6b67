/**
 * Fleet response plans shared by workers over HTTP: a fleet response plan submitted as one job per
 * allowed account, two in-process workers given each account's handler, every planned alert handled
 * once in its own account, an unapproved account's destructive batch held back, an account outside
 * `allowedAccounts` left untouched.
 */
import { describe, expect, it } from 'vitest';
import { sampleAlerts } from '../../../src/emulator/index.js';
import {
  APPROVAL_REQUIRED,
  approve,
  ResponseRules,
  readSubmission,
  startWorker,
  submitFleetResponse,
  waitForSubmission,
} from '../../../src/index.js';
import { useFleetEmulator } from '../../support/fleet-emulator.js';
import { freshStore, STORE_KINDS } from '../../support/worker-processes.js';
import { TEST_WORKER } from '../../support/worker-setup.js';

const start = useFleetEmulator();
const SECRET = 'fleet-approval-key-0123456789abcdef';
const ALERTS = 12;

describe.each(STORE_KINDS)(
  'workers running a fleet response plan, over the $kind store',
  ({ kind, skip: skipped }) => {
    it('handles every planned alert once per account, holds back the unapproved, acts only where allowed', async ({
      skip,
    }) => {
      if (skipped !== undefined) skip(skipped);
      const records = sampleAlerts(ALERTS, 'fleet-workers').map((record, index) => ({
        ...record,
        Id: 9_500_000 + index,
        SecurityEventIds: String(9_500_000 + index),
        Uuid: `host-${index}`,
        EventStatus: 1,
        Dealed: 'N',
      }));
      const ids = records.map((record) => String(record.Id));
      const offered = [{ code: 'block_ip' }, { code: 'manual_handled' }];
      const {
        emulator,
        ids: accounts,
        open,
      } = await start(3, 0, () => ({
        state: {
          alerts: records,
          taskPolls: 1,
          operations: Object.fromEntries(ids.map((id) => [id, offered])),
        },
      }));
      const [approved, unapproved, outside] = accounts as [string, string, string];
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
      const fleetPlan = await fleet.planResponse(
        rules,
        { dealt: false },
        { maxAlertsPerRun: ALERTS, maxDestructivePerRun: 1, planOptions: { batchSize: 3 } },
      );
      const accountPlan = (accountId: string) =>
        fleetPlan.accounts.find((each) => each.accountId === accountId)?.plan as NonNullable<
          (typeof fleetPlan.accounts)[0]
        >['plan'];
      const approval = approve(accountPlan(approved), {
        approver: 'alice',
        requester: 'bob',
        expiresAt: new Date(Date.now() + 3_600_000),
        secret: SECRET,
      });
      emulator.reset();

      const { store } = await freshStore(kind);
      const submission = await submitFleetResponse(store, fleetPlan, {
        allowedAccounts: [approved, unapproved],
        approvals: [approval],
      });
      expect(submission.jobs).toBe(2);
      const handlers = new Map(fleet.accounts.map((account) => [account.accountId, account.alerts]));
      const workers = await Promise.all(
        ['worker-a', 'worker-b'].map((workerId) =>
          startWorker({
            store,
            workerId,
            alertsFor: (accountId) => handlers.get(accountId),
            approvalChecks: { secret: SECRET },
            ...TEST_WORKER,
          }),
        ),
      );
      const report = await waitForSubmission(store, submission.submissionId, { intervalMs: 50 });
      await Promise.all(workers.map((worker) => worker.stop()));

      const handled = (accountId: string) =>
        ids.map((id) => emulator.account(accountId).state.handledCount(id));
      const codesIn = (accountId: string) =>
        emulator
          .account(accountId)
          .received.filter((request) => request.action === 'HandleSecurityEvents')
          .map((request) => request.params.OperationCode);
      console.log(
        `fleet response over workers (${kind}): ${ALERTS} alerts x 3 accounts; handled per account ` +
          `${accounts.map((id) => handled(id).reduce((sum, n) => sum + n, 0)).join(' / ')}; ` +
          `jobs done ${workers.map((worker) => worker.stats().jobsDone).join(' + ')}; outcomes ${JSON.stringify(report.counts)}`,
      );
      expect(handled(approved)).toEqual(ids.map(() => 1));
      expect(codesIn(approved).filter((code) => code === 'block_ip')).toHaveLength(1);
      // The unapproved account: every alert but the one the destructive rule decided, handled once.
      expect(handled(unapproved)).toEqual(ids.map((_, index) => (index === 0 ? 0 : 1)));
      expect(codesIn(unapproved)).not.toContain('block_ip');
      expect(emulator.account(outside).count('HandleSecurityEvents')).toBe(0);
      expect(workers.reduce((sum, worker) => sum + worker.stats().jobsDone, 0)).toBe(2);

      const status = await readSubmission(store, submission.submissionId);
      expect(status.done).toBe(true);
      const accountReport = (accountId: string) => status.accountReports?.get(accountId);
      expect(accountReport(approved)?.counts.succeeded).toBe(ALERTS);
      expect(accountReport(unapproved)?.counts.succeeded).toBe(ALERTS - 1);
      expect(
        accountReport(unapproved)?.skipped.filter((outcome) => outcome.reason?.startsWith(APPROVAL_REQUIRED)),
      ).toHaveLength(1);
      expect(accountReport(outside)?.skipped).toHaveLength(ALERTS);
      expect(accountReport(outside)?.skipped[0]?.reason).toMatch(/not among the allowed accounts/);
      // Each account's execution is in its own part of the store.
      for (const accountId of [approved, unapproved]) {
        expect(await store.streams(`a${accountId}.exec-`)).toHaveLength(1);
      }
      expect(await store.streams(`a${outside}.`)).toEqual([]);
    }, 60_000);
  },
);
