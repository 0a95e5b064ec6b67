/**
 * Fleet response plans shared by workers over HTTP: a fleet response plan submitted as one job per
 * allowed account, two in-process workers given each account's handler, every planned alert handled
 * once in its own account, an unapproved account's destructive batch held back, an account outside
 * `allowedAccounts` left untouched.
 */
import { describe, expect, it } from 'vitest';
import { accountJournal } from '../../../src/fleet/account-journal.js';
import {
  APPROVAL_REQUIRED,
  approve,
  executeResponsePlan,
  type JsonValue,
  ResponseRules,
  readSubmission,
  startWorker,
  submitFleetResponse,
  ValidationError,
  waitForSubmission,
} from '../../../src/index.js';
import { blockableAlerts } from '../../support/blockable-alerts.js';
import { failure } from '../../support/caught.js';
import { diesAfterIntent } from '../../support/dying-store.js';
import { useFleetEmulator } from '../../support/fleet-emulator.js';
import { freshStore, STORE_KINDS } from '../../support/worker-processes.js';
import { TEST_WORKER } from '../../support/worker-setup.js';

const start = useFleetEmulator();
const SECRET = 'fleet-approval-key-0123456789abcdef';
const ALERTS = 12;

/**
 * Three member accounts with the same alerts, a fleet response plan over them (the first alert blocked,
 * the others marked handled, in batches of 3), and an approval of the first account's plan only.
 */
async function setUp() {
  const { ids, state } = blockableAlerts(ALERTS, 'fleet-workers', 9_500_000);
  const { emulator, ids: accounts, open } = await start(3, 0, () => ({ state }));
  const [approved] = accounts as [string];
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
  const handlers = new Map(fleet.accounts.map((account) => [account.accountId, account.alerts]));
  emulator.reset();
  return { emulator, ids, accounts, fleetPlan, approval, handlers };
}

describe.each(STORE_KINDS)(
  'workers running a fleet response plan, over the $kind store',
  ({ kind, skip: skipped }) => {
    it('handles every planned alert once per account, holds back the unapproved, acts only where allowed', async ({
      skip,
    }) => {
      if (skipped !== undefined) skip(skipped);
      const { emulator, ids, accounts, fleetPlan, approval, handlers } = await setUp();
      const [approved, unapproved, outside] = accounts as [string, string, string];

      const { store } = await freshStore(kind);
      const submission = await submitFleetResponse(store, fleetPlan, {
        allowedAccounts: [approved, unapproved],
        approvals: [approval],
      });
      expect(submission.jobs).toBe(2);
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

    // A worker took the first account's job, sent its first batch and died before recording anything
    // after that batch's intent; its 1 s lease runs out, and a worker started then takes the job over.
    it("takes over a stopped worker's account job through reconciliation, sending nothing twice", async ({
      skip,
    }) => {
      if (skipped !== undefined) skip(skipped);
      const { emulator, ids, accounts, fleetPlan, approval, handlers } = await setUp();
      const [approved] = accounts as [string];
      const { store } = await freshStore(kind);
      const { submissionId } = await submitFleetResponse(store, fleetPlan, {
        allowedAccounts: [approved],
        approvals: [approval],
      });
      const job = await store.acquire(`${submissionId}.job-0`, 'dead-0', 1_000);
      if (job === undefined) throw new Error('job taken');
      const journal = diesAfterIntent(accountJournal(store, approved));
      const accountPlan = fleetPlan.accounts.find((each) => each.accountId === approved)?.plan;
      await executeResponsePlan(handlers.get(approved) as never, accountPlan as never, {
        approval,
        secret: SECRET,
        leaseTtlMs: 1_000,
        journal: {
          ...journal,
          append: async (stream, records, options) => {
            if ((records[0] as { type?: JsonValue } | undefined)?.type === 'start') {
              await store.append(job.key, [{ type: 'execution', executionId: stream, worker: 'dead-0' }], {
                lease: job,
              });
            }
            return journal.append(stream, records, options);
          },
        },
      }).catch(() => undefined);
      const sentBefore = emulator.account(approved).count('HandleSecurityEvents');

      const worker = await startWorker({
        store,
        alertsFor: (accountId) => handlers.get(accountId),
        approvalChecks: { secret: SECRET },
        ...TEST_WORKER,
      });
      await waitForSubmission(store, submissionId, { intervalMs: 50 });
      await worker.stop();
      const { accountReports } = await readSubmission(store, submissionId);
      const handled = ids.map((id) => emulator.account(approved).state.handledCount(id));
      console.log(
        `fleet response takeover (${kind}): ${sentBefore} call(s) sent before the worker died; ` +
          `${emulator.account(approved).count('HandleSecurityEvents')} in all; ${JSON.stringify(worker.stats())}`,
      );
      expect(sentBefore).toBe(1);
      expect(worker.stats()).toMatchObject({ jobsDone: 1, takenOver: 1, leasesLost: 0 });
      expect(handled).toEqual(ids.map(() => 1));
      expect(accountReports?.get(approved)?.counts).toMatchObject({ total: ALERTS, succeeded: ALERTS });
      expect(await store.streams(`a${approved}.exec-`)).toHaveLength(1);
    }, 60_000);

    it('leaves aside a queued fleet response plan changed in the store, sending nothing', async ({
      skip,
    }) => {
      if (skipped !== undefined) skip(skipped);
      const { emulator, ids, accounts, fleetPlan, approval, handlers } = await setUp();
      const [approved] = accounts as [string];
      const { store } = await freshStore(kind);
      const { submissionId } = await submitFleetResponse(store, fleetPlan, {
        allowedAccounts: [approved],
        approvals: [approval],
      });
      // Someone with write access to the store swaps an alert of the approved account's plan.
      const [stored] = await store.read(submissionId);
      const changed = JSON.parse(JSON.stringify(stored?.data));
      changed.plan.accounts[0].plan.plan.batches[0].alertIds[0] = '9599999';
      const forged = submissionId.replace(/.{8}$/, '00000000');
      await store.append(forged, [changed]);
      await store.append(`${submissionId}.ended`, [{ job: 0 }]); // only the forged one is left to run

      let found: (line: string) => void = () => undefined;
      const leftAside = new Promise<string>((resolve) => {
        found = resolve;
      });
      const logger = {
        debug: () => undefined,
        info: () => undefined,
        warn: () => undefined,
        error: (line: string) => {
          if (line.includes(forged)) found(line);
        },
      };
      const worker = await startWorker({
        store,
        alertsFor: (accountId) => handlers.get(accountId),
        logger,
        ...TEST_WORKER,
      });
      const line = await leftAside;
      await worker.stop();

      expect(line).toMatch(/left aside: The fleet plan is not valid: `accounts\[0\]\.plan/);
      expect(emulator.account(approved).count('HandleSecurityEvents')).toBe(0);
      expect(ids.map((id) => emulator.account(approved).state.handledCount(id))).toEqual(ids.map(() => 0));
      const error = await failure(readSubmission(store, forged));
      expect(error).toBeInstanceOf(ValidationError);
    }, 60_000);

    it('fails the job of an account the worker has no handler for, sending nothing there', async ({
      skip,
    }) => {
      if (skipped !== undefined) skip(skipped);
      const { emulator, accounts, fleetPlan, approval, handlers } = await setUp();
      const [approved, unhandled] = accounts as [string, string];
      const { store } = await freshStore(kind);
      const { submissionId } = await submitFleetResponse(store, fleetPlan, {
        allowedAccounts: [approved, unhandled],
        approvals: [approval],
      });
      const worker = await startWorker({
        store,
        alertsFor: (accountId) => (accountId === unhandled ? undefined : handlers.get(accountId)),
        approvalChecks: { secret: SECRET },
        ...TEST_WORKER,
      });
      await waitForSubmission(store, submissionId, { intervalMs: 50 });
      await worker.stop();
      const { accountReports } = await readSubmission(store, submissionId);

      expect(worker.stats()).toMatchObject({ jobsDone: 1, jobsFailed: 1 });
      expect(emulator.account(unhandled).count('HandleSecurityEvents')).toBe(0);
      expect(accountReports?.get(unhandled)?.counts).toMatchObject({ total: ALERTS, skipped: ALERTS });
      expect(accountReports?.get(unhandled)?.skipped[0]?.reason).toMatch(/no handler for it/);
      expect(accountReports?.get(approved)?.counts).toMatchObject({ total: ALERTS, succeeded: ALERTS });
    }, 60_000);
  },
);
