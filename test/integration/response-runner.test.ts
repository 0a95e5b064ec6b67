/** The response runner over HTTP: dry run, execution with the journal, approvals, crash recovery, cooldowns. */
import { describe, expect, it } from 'vitest';
import { ExecutionJournal } from '../../src/alerts/execution-journal.js';
import { sampleAlerts } from '../../src/emulator/index.js';
import {
  approve,
  fileJournal,
  handlingHistory,
  Operations,
  parseRemarkStamp,
  ResponseRules,
  type ResponseRun,
  ResponseRunner,
} from '../../src/index.js';
import { useEmulatorHandler } from '../support/emulator-handler.js';
import { handleCalls } from '../support/emulator-requests.js';
import { storeDirectory } from '../support/store-directory.js';

const emulators = useEmulatorHandler();
const SECRET = 'runner-approval-key-0123456789';
const READ_ONLY = new Set([
  'DescribeSuspEvents',
  'DescribeSecurityEventOperations',
  'DescribeSecurityEventOperationStatus',
]);

let firstId = 9_700_000;

/** 6 pending alerts: the first 2 of type `Unusual Logon` (blocked), the rest `Webshell` (closed by hand). */
async function setup(extra: { history?: unknown[] } = {}) {
  const base = firstId;
  firstId += 1000;
  const records = sampleAlerts(6, 'runner').map((record, index) => ({
    ...record,
    Id: base + index,
    SecurityEventIds: String(base + index),
    Uuid: `runner-host-${index}`,
    AlarmEventType: index < 2 ? 'Unusual Logon' : 'Webshell',
    EventStatus: 1,
    Dealed: 'N',
  }));
  const ids = records.map((record) => String(record.Id));
  const offered = [{ code: 'block_ip' }, { code: 'manual_handled' }];
  const { emulator, alerts } = await emulators.setup({
    alerts: records,
    taskPolls: 1,
    operations: Object.fromEntries(ids.map((id) => [id, offered])),
    ...(extra.history !== undefined && { history: extra.history }),
  } as never);
  const rules = ResponseRules.parse({
    name: 'runner-playbook',
    version: 2,
    rules: [
      {
        id: 'block-logons',
        order: 1,
        match: { type: { equals: 'Unusual Logon' } },
        action: { handle: { operation: 'block_ip', input: { duration: '1d' } } },
      },
      { id: 'close-rest', order: 2, match: { all: [] }, action: { handle: { operation: 'manual_handled' } } },
    ],
  });
  const journal = fileJournal(await storeDirectory());
  return { emulator, alerts, rules, ids, journal };
}

describe('ResponseRunner over HTTP', () => {
  it('in dry run plans and sends no state-changing request', async () => {
    const { emulator, alerts, rules, journal } = await setup();
    const run = await new ResponseRunner(alerts, {
      rules,
      journal,
      dryRun: true,
      maxDestructivePerRun: 5,
    }).runOnce();

    expect(run.dryRun).toBe(true);
    expect(run.report).toBeUndefined();
    expect(run.rplan.decisions.map((decision) => decision.status)).toEqual(Array(6).fill('requested'));
    const actions = new Set(emulator.received.map((request) => request.action));
    expect([...actions].filter((action) => !READ_ONLY.has(action))).toEqual([]);
    expect(await journal.streams()).toEqual([]);
  });

  it('executes with the journal and the rules stamp; the next run finds nothing left to send', async () => {
    const { emulator, alerts, rules, ids, journal } = await setup();
    const runner = new ResponseRunner(alerts, { rules, journal });
    const first = await runner.runOnce();

    // Destructive automation is opt-in: the two blocks are left out by the guard, the rest handled.
    expect(first.rplan.guardsTripped.map(({ guard, alertIds }) => [guard, alertIds])).toEqual([
      ['maxDestructivePerRun', ids.slice(0, 2)],
    ]);
    expect(first.report?.succeeded.map((outcome) => outcome.alertId)).toEqual(ids.slice(2));
    const remarks = emulator.received
      .filter((request) => request.action === 'HandleSecurityEvents')
      .map((request) => request.params.Remark);
    expect(remarks.map((remark) => parseRemarkStamp(remark ?? ''))).toEqual([
      { ruleSet: 'runner-playbook', version: 2, ruleId: 'close-rest', runId: first.report?.executionId },
    ]);
    expect((await journal.streams()).length).toBeGreaterThan(0);

    const second = await runner.runOnce();
    expect(second.report).toBeUndefined();
    expect(handleCalls(emulator)).toHaveLength(1);
  });

  it('sends destructive batches only with the approval its approve callback gives', async () => {
    const { emulator, alerts, rules, ids, journal } = await setup();
    const asked: string[] = [];
    const runner = new ResponseRunner(alerts, {
      rules,
      journal,
      maxDestructivePerRun: 2,
      secret: SECRET,
      requireDistinctApprover: true,
      approve: (rplan) => {
        asked.push(rplan.digest);
        return approve(rplan, {
          approver: 'alice',
          requester: 'runner',
          expiresAt: Date.now() + 600_000,
          secret: SECRET,
        });
      },
    });
    const run = await runner.runOnce();
    expect(asked).toEqual([run.rplan.digest]);
    expect(handleCalls(emulator).find((call) => call.code === 'block_ip')?.ids).toEqual(ids.slice(0, 2));
    expect(run.report?.succeeded).toHaveLength(6);
  });

  it('without an approval leaves destructive batches unsent', async () => {
    const { emulator, alerts, rules, journal } = await setup();
    const run = await new ResponseRunner(alerts, { rules, journal, maxDestructivePerRun: 2 }).runOnce();
    expect(handleCalls(emulator).map((call) => call.code)).toEqual(['manual_handled']);
    expect(
      run.report?.skipped.filter((outcome) => outcome.reason?.startsWith('approval required')),
    ).toHaveLength(2);
  });

  it('finishes an interrupted execution first without sending its unsent batches, then decides them afresh', async () => {
    const { emulator, alerts, rules, ids, journal } = await setup();
    // A process planned a handling of every alert and died before sending anything.
    const plan = await alerts.plan(
      ids.map((alertId) => ({ alertId, operation: Operations.fromCode('manual_handled') })),
    );
    const interrupted = await ExecutionJournal.begin(journal, plan, 1_000, Date.now() - 10_000);
    await interrupted.close();

    const run = await new ResponseRunner(alerts, { rules, journal }).runOnce();
    expect(run.resumed).toHaveLength(1);
    expect(run.resumed[0]?.skipped.map((outcome) => outcome.alertId).sort()).toEqual([...ids].sort());
    expect(run.resumed[0]?.skipped[0]?.reason).toContain('interrupted');
    // Only this run's own plan was sent: each alert once at most.
    const sent = handleCalls(emulator).flatMap((call) => call.ids);
    expect(sent).toEqual(ids.slice(2));
    expect(new Set(sent).size).toBe(sent.length);
  });

  it('reads the handlings of the cooldown from the service and leaves alerts of those types alone', async () => {
    const now = Date.now();
    const handled = sampleAlerts(1, 'runner-history').map((record) => ({
      alert: { ...record, Id: 9_799_000, AlarmEventType: 'Webshell' },
      operationCode: 'manual_handled',
      operator: 'bob',
      operateTime: now - 600_000,
    }));
    const { emulator, alerts, rules, ids, journal } = await setup({ history: handled });
    expect(await handlingHistory(alerts, { since: new Date(now - 3_600_000) })).toEqual([
      { type: 'Webshell', at: now - 600_000 },
    ]);
    const run = await new ResponseRunner(alerts, { rules, journal, cooldownMs: 3_600_000 }).runOnce();
    expect(run.rplan.guardsTripped.map(({ guard, alertIds }) => [guard, alertIds])).toEqual([
      ['cooldownMs', ids.slice(2)],
      ['maxDestructivePerRun', ids.slice(0, 2)],
    ]);
    expect(handleCalls(emulator)).toEqual([]);
  });

  it('run() goes on run after run until its signal aborts', async () => {
    const { alerts, rules, journal } = await setup();
    const stop = new AbortController();
    const runs: ResponseRun[] = [];
    await new ResponseRunner(alerts, {
      rules,
      journal,
      intervalMs: 1_000,
      onRun: (run) => {
        runs.push(run);
        if (runs.length === 2) stop.abort();
      },
    }).run({ signal: stop.signal });
    expect(runs.map((run) => run.report?.succeeded.length)).toEqual([4, undefined]);
  });

  it('refuses bad options before anything is sent', async () => {
    const { emulator, alerts, rules, journal } = await setup();
    expect(() => new ResponseRunner(alerts, { rules, journal: undefined as never })).toThrow(/journal/);
    expect(() => new ResponseRunner(alerts, { rules, journal, maxAlertsPerRun: -1 })).toThrow(
      /maxAlertsPerRun/,
    );
    expect(() => new ResponseRunner(alerts, { rules: {} as never, journal })).toThrow(/rules/);
    expect(emulator.received).toEqual([]);
  });
});
