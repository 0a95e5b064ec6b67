import { describe, expect, it } from 'vitest';
import { type EmulatorStateOptions, sampleAlerts } from '../../src/emulator/index.js';
import { Operations } from '../../src/index.js';
import { useEmulatorHandler } from '../support/emulator-handler.js';

// Polls end by their count of attempts; the time budget is far away, so a slow machine changes nothing.
const POLL = { intervalMs: 5, maxAttempts: 4, maxWaitMs: 60_000, requestTimeoutMs: 500 };
const STATUS = 'DescribeSecurityEventOperationStatus';
const HANDLE = 'HandleSecurityEvents';

const { setup: start } = useEmulatorHandler();

/** An emulator over `count` alerts, a handler of it (no transport retries) and a plan to ignore them all. */
async function setup(count: number, state: Partial<EmulatorStateOptions> = {}) {
  const records = sampleAlerts(count, 'recheck');
  const { emulator, alerts } = await start(
    { alerts: records, taskPolls: 1, ...state },
    { poll: POLL, retry: false },
    'recheck',
  );
  const ids = records.map((record) => String(record.Id));
  const plan = await alerts.plan(ids.map((alertId) => ({ alertId, operation: Operations.ignore() })));
  return { emulator, alerts, ids, plan };
}

describe('recheck over HTTP against the emulator', () => {
  it('finishes timedOut alerts whose status could not be read, once the faults are gone, sending no handling call', async () => {
    const { emulator, alerts, ids, plan } = await setup(25);
    emulator.faults.inject({ action: STATUS, withParam: 'TaskId', rate: 1, kinds: ['throttle'] });

    const report = await alerts.execute(plan);
    expect(report.counts).toMatchObject({ total: 25, timedOut: 25 });
    for (const outcome of report.outcomes) expect(outcome.taskId).toEqual(expect.any(Number));
    const handled = emulator.count(HANDLE);
    expect(handled).toBe(2);

    emulator.faults.clear();
    const fresh = await alerts.recheck(report);

    expect(fresh.counts).toEqual({
      total: 25,
      succeeded: 25,
      failed: 0,
      timedOut: 0,
      unknown: 0,
      skipped: 0,
    });
    expect(fresh.outcomes.map((outcome) => outcome.alertId)).toEqual(report.outcomes.map((o) => o.alertId));
    expect(fresh.outcomes.map((outcome) => outcome.taskId)).toEqual(report.outcomes.map((o) => o.taskId));
    expect(emulator.count(HANDLE)).toBe(handled);
    for (const id of ids) expect(emulator.state.handledCount(id)).toBe(1);
  });

  it('finishes unknown alerts (answer lost, status unreadable) by reading them by alert ID', async () => {
    const { emulator, alerts, ids, plan } = await setup(3);
    emulator.faults.inject(
      { action: HANDLE, queue: ['resetAfterApply'] },
      // Every status read after the one made right before sending.
      { action: STATUS, after: 1, rate: 1, kinds: ['throttle'] },
    );

    const report = await alerts.execute(plan);
    expect(report.counts).toMatchObject({ total: 3, unknown: 3 });
    for (const outcome of report.outcomes) expect(outcome.taskId).toBeUndefined();

    emulator.faults.clear();
    const before = emulator.count(HANDLE);
    const fresh = await alerts.recheck(report);

    expect(fresh.counts).toMatchObject({ total: 3, succeeded: 3 });
    expect(emulator.count(HANDLE)).toBe(before);
    for (const id of ids) expect(emulator.state.handledCount(id)).toBe(1);
    const statusQueries = emulator.received.filter((request) => request.action === STATUS);
    expect(statusQueries.length).toBeGreaterThan(0);
  });

  it('keeps alerts whose task never finishes timedOut, saying when they were rechecked', async () => {
    const records = sampleAlerts(2, 'recheck');
    const { emulator, alerts, plan } = await setup(2, {
      neverFinish: { alertIds: [Number(records[0]?.Id)] },
    });
    const report = await alerts.execute(plan);
    expect(report.counts).toMatchObject({ total: 2, succeeded: 1, timedOut: 1 });
    const before = emulator.count(HANDLE);

    const fresh = await alerts.recheck(report, { poll: { maxAttempts: 2 } });

    expect(fresh.counts).toMatchObject({ total: 2, succeeded: 1, timedOut: 1 });
    expect(fresh.succeeded[0]).toBe(report.succeeded[0]);
    expect(fresh.timedOut[0]?.reason).toMatch(/^Rechecked at \d{4}-\S+: task \d+ still running/);
    expect(emulator.count(HANDLE)).toBe(before);
  });
});
