import { describe, expect, it } from 'vitest';
import { type Emulator, type FaultKind, sampleAlerts } from '../../src/emulator/index.js';
import {
  type AlertHandlerOptions,
  type HandlingReport,
  Operations,
  ThrottlingError,
} from '../../src/index.js';
import { allSucceeded, useEmulatorHandler } from '../support/emulator-handler.js';

// A failed or hung status query costs at most 200 ms; the budget is far away, so polls end by their
// count of attempts and a slow machine changes nothing.
const POLL = { intervalMs: 50, maxAttempts: 10, maxWaitMs: 60_000, requestTimeoutMs: 200 };
const STATUS = 'DescribeSecurityEventOperationStatus';

const emulators = useEmulatorHandler();

/** An emulator over `count` alerts whose tasks finish at their second status query, and a handler of it. */
async function setup(count: number, options: Partial<AlertHandlerOptions> = {}) {
  const records = sampleAlerts(count, 'status-faults');
  const { emulator, alerts } = await emulators.setup(
    { alerts: records, taskPolls: 1 },
    // The status queries are not retried by the transport: each fault reaches the poller.
    { poll: POLL, retry: false, ...options },
    'status-faults',
  );
  const ids = records.map((record) => String(record.Id));
  const plan = await alerts.plan(ids.map((alertId) => ({ alertId, operation: Operations.ignore() })));
  return { emulator, alerts, ids, plan };
}

/** Alerts reported `timedOut` although their task had finished (every one of its results final). */
function timedOutButFinished(emulator: Emulator, report: HandlingReport): string[] {
  const finished = new Set(
    emulator.state
      .tasks()
      .filter((task) => task.results.every((result) => result.status !== 'Processing'))
      .flatMap((task) => task.securityEventIds.map(String)),
  );
  return report.timedOut.map((outcome) => outcome.alertId).filter((alertId) => finished.has(alertId));
}

describe('execute when status queries fail', () => {
  it.each<[string, FaultKind[]]>([
    ['hangs once', ['hang']],
    ['is throttled once', ['throttle']],
    ['gets a 500 once', ['internalError']],
    ["gets a gateway's HTML 503 once", ['html503']],
    ['gets a cut JSON body once', ['malformedJson']],
    ['loses its connection once', ['resetBeforeApply']],
    ['fails three times in a row', ['hang', 'throttle', 'resetBeforeApply']],
  ])('a status query that %s: every alert of every batch ends succeeded', async (_, queue) => {
    const { emulator, alerts, ids, plan } = await setup(45);
    // The poller's queries, by task: the re-read before sending is by alert IDs.
    emulator.faults.inject({ action: STATUS, withParam: 'TaskId', queue });

    const report = await alerts.execute(plan);

    expect(report.counts).toEqual(allSucceeded(45));
    expect(timedOutButFinished(emulator, report)).toEqual([]);
    expect(emulator.faults.injected().byAction[STATUS]).toEqual(
      Object.fromEntries(queue.map((kind) => [kind, queue.filter((other) => other === kind).length])),
    );
    expect(emulator.count('HandleSecurityEvents')).toBe(3);
    for (const id of ids) expect(emulator.state.handledCount(id)).toBe(1);
    for (const outcome of report.outcomes) expect(outcome.taskId).toEqual(expect.any(Number));
  });

  it('status queries that fail until the attempts run out: timedOut, with the taskId and the last error', async () => {
    const { emulator, alerts, plan } = await setup(3, { poll: { ...POLL, maxAttempts: 3 } });
    emulator.faults.inject({ action: STATUS, withParam: 'TaskId', rate: 1, kinds: ['throttle'] });

    const report = await alerts.execute(plan);

    expect(report.counts).toMatchObject({ total: 3, timedOut: 3 });
    // One re-read before sending, then the poller's three queries.
    expect(emulator.count(STATUS)).toBe(1 + 3);
    const [taskId] = emulator.state.tasks().map((task) => task.taskId);
    for (const outcome of report.timedOut) {
      expect(outcome.taskId).toBe(taskId);
      expect(outcome.reason).toContain('Throttling.User');
      expect(outcome.error).toBeInstanceOf(ThrottlingError);
    }
  });

  it('a lost handling answer whose alerts show Processing, then Success, ends succeeded', async () => {
    const { emulator, alerts, ids, plan } = await setup(2, { retry: { baseDelayMs: 1, maxDelayMs: 5 } });
    emulator.faults.inject({ action: 'HandleSecurityEvents', queue: ['resetAfterApply'] });

    const report = await alerts.execute(plan);

    expect(report.counts).toMatchObject({ total: 2, succeeded: 2 });
    expect(emulator.count('HandleSecurityEvents')).toBe(1);
    for (const id of ids) expect(emulator.state.handledCount(id)).toBe(1);
    // The status answer read by alert IDs names no task: the outcome cannot carry the taskId.
    for (const outcome of report.outcomes) expect(outcome.taskId).toBeUndefined();
    expect(timedOutButFinished(emulator, report)).toEqual([]);
  });
});
