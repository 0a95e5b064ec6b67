/** The circuit breaker of a response plan over HTTP: a run that mostly fails stops sending batches. */
import { describe, expect, it } from 'vitest';
import { sampleAlerts } from '../../src/emulator/index.js';
import { approve, executeResponsePlan, ResponseRules } from '../../src/index.js';
import { useEmulatorHandler } from '../support/emulator-handler.js';
import { handleCalls } from '../support/emulator-requests.js';

const emulators = useEmulatorHandler();
const SECRET = 'breaker-approval-key-0123456789';
const ALERTS = 10;
const BATCH_SIZE = 2;
const BREAKER = { minBatches: 2, maxFailureShare: 0.5 };

let firstId = 9_400_000;

/** An emulator of 10 pending alerts on hosts of their own, the first `offline` of them with their agent offline. */
async function setup(offline: number) {
  const base = firstId;
  firstId += 1000;
  const records = sampleAlerts(ALERTS, 'breaker').map((record, index) => ({
    ...record,
    Id: base + index,
    SecurityEventIds: String(base + index),
    Uuid: `breaker-host-${index}`,
    EventStatus: 1,
    Dealed: 'N',
  }));
  const ids = records.map((record) => String(record.Id));
  const { emulator, alerts } = await emulators.setup(
    {
      alerts: records,
      taskPolls: 1,
      operations: Object.fromEntries(ids.map((id) => [id, [{ code: 'block_ip' }]])),
      hosts: records.slice(0, offline).map((record) => ({ uuid: record.Uuid, online: false })),
    },
    { batchSize: BATCH_SIZE, concurrency: 1 },
  );
  const rules = ResponseRules.parse({
    name: 'breaker-playbook',
    version: 1,
    rules: [
      {
        id: 'block-all',
        order: 1,
        match: { all: [] },
        action: { handle: { operation: 'block_ip', input: { duration: '1d' } } },
      },
    ],
  });
  const rplan = await rules.plan(
    alerts,
    { dealt: false },
    {
      maxDestructivePerRun: ALERTS,
      circuitBreaker: BREAKER,
    },
  );
  const approval = approve(rplan, {
    approver: 'alice',
    requester: 'ci-bot',
    expiresAt: Date.now() + 3_600_000,
    secret: SECRET,
  });
  const report = await executeResponsePlan(alerts, rplan, {
    approval,
    secret: SECRET,
    requireDistinctApprover: true,
  });
  return { emulator, rplan, report, ids };
}

describe('the circuit breaker of executeResponsePlan over HTTP', () => {
  it('stops after the first two batches when most agents are offline, and skips the rest', async () => {
    const { emulator, rplan, report, ids } = await setup(8);
    console.log(report.summary());

    expect(rplan.plan.batches.map((batch) => batch.alertIds.length)).toEqual([2, 2, 2, 2, 2]);
    const calls = handleCalls(emulator);
    expect(calls).toHaveLength(BREAKER.minBatches);
    expect(calls.flatMap((call) => call.ids)).toEqual(ids.slice(0, BREAKER.minBatches * BATCH_SIZE));
    expect(report.aborted).toBe(true);
    expect(report.failed.map((outcome) => outcome.errorCode)).toEqual(
      Array(BREAKER.minBatches * BATCH_SIZE).fill('block_ip.AgentOffline'),
    );
    expect(report.skipped.map((outcome) => outcome.alertId)).toEqual(
      ids.slice(BREAKER.minBatches * BATCH_SIZE),
    );
    expect(report.counts).toMatchObject({ total: ALERTS, failed: 4, skipped: 6, succeeded: 0 });
  });

  it('sends every batch when the agents are healthy', async () => {
    const { emulator, report, ids } = await setup(0);

    const calls = handleCalls(emulator);
    expect(calls).toHaveLength(ALERTS / BATCH_SIZE);
    expect(calls.flatMap((call) => call.ids)).toEqual(ids);
    expect(report.aborted).toBe(false);
    expect(report.counts).toMatchObject({ total: ALERTS, succeeded: ALERTS, failed: 0, skipped: 0 });
  });

  it('does not trip on one failed batch among healthy ones', async () => {
    const { emulator, report } = await setup(2);

    expect(handleCalls(emulator)).toHaveLength(ALERTS / BATCH_SIZE);
    expect(report.aborted).toBe(false);
    expect(report.counts).toMatchObject({ total: ALERTS, succeeded: 8, failed: 2 });
  });
});
