import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FaultRule, sampleAlerts, startEmulator } from '../../src/emulator/index.js';
import { AlertHandler, fileJournal, Operations, type Store } from '../../src/index.js';

/** Mixed faults on every action at `rate`; `stuckTask` on some handling calls. */
function faults(rate: number): FaultRule[] {
  return [
    {
      action: '*',
      rate,
      kinds: [
        'throttle',
        'internalError',
        'html503',
        'latency',
        'resetBeforeApply',
        'resetAfterApply',
        'malformedJson',
        'hang',
        'hangAfterApply',
      ],
      latencyMs: 20,
    },
    { action: 'HandleSecurityEvents', rate: 0.05, kinds: ['stuckTask'] },
  ];
}

function heapMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 1_048_576;
}

/**
 * Plans and executes an `ignore` for `count` alerts under faults at `rate`, and checks what must hold
 * whatever the faults: one outcome per alert, none handled twice, and no claim the emulator's state
 * contradicts. Prints the figures.
 */
async function soak(count: number, rate: number, unhandled: unknown[], journal?: Store): Promise<void> {
  const heapBefore = heapMb();
  const records = sampleAlerts(count, 'soak');
  const emulator = await startEmulator({
    state: { alerts: records, taskPolls: 1 },
    faults: faults(rate),
    seed: 'soak',
  });
  try {
    const alerts = new AlertHandler({
      endpoint: emulator.endpoint,
      protocol: 'http',
      credential: emulator.credentials,
      timeoutMs: 250,
      retry: { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 10 },
      concurrency: 16,
      // A budget that outlasts the faults: a task that finished is seen finished.
      poll: { intervalMs: 10, maxAttempts: 10, maxWaitMs: 5_000, requestTimeoutMs: 250 },
    });
    const ids = records.map((record) => String(record.Id));
    const plan = await alerts.plan(ids.map((alertId) => ({ alertId, operation: Operations.ignore() })));
    const report = await alerts.execute(plan, {
      concurrency: 4,
      reconcileGraceMs: 300,
      ...(journal && { journal }),
    });

    // Every alert of the plan: exactly one outcome.
    expect(report.outcomes).toHaveLength(count);
    expect(new Set(report.outcomes.map((outcome) => outcome.alertId))).toEqual(new Set(ids));

    // Nothing applied twice, and the report tells the truth about what was applied.
    const handledTwice = ids.filter((id) => emulator.state.handledCount(id) > 1);
    expect(handledTwice).toEqual([]);
    for (const outcome of report.outcomes) {
      const handled = emulator.state.handledCount(outcome.alertId);
      if (outcome.status === 'succeeded') expect(handled).toBe(1);
      if (outcome.status === 'skipped') expect(handled).toBe(0);
      if (outcome.status === 'failed' && outcome.reason?.includes('not applied')) expect(handled).toBe(0);
    }
    const injected = emulator.faults.injected();
    expect(injected.total).toBeGreaterThan(count * rate);
    expect(unhandled).toEqual([]);

    const proven = report.outcomes.filter((outcome) => outcome.reason?.includes('Verified')).length;
    // Alerts reported timedOut although every result of their task was final.
    const finished = new Set(
      emulator.state
        .tasks()
        .filter((task) => task.results.every((result) => result.status !== 'Processing'))
        .flatMap((task) => task.securityEventIds.map(String)),
    );
    const timedOutFinished = report.timedOut.filter((outcome) => finished.has(outcome.alertId)).length;
    const heapAfter = heapMb();
    console.log(
      `soak: ${count} alerts at ${rate * 100} % faults, ${emulator.received.length} requests, ` +
        `${injected.total} faults injected (${Object.entries(injected.byKind)
          .map(([kind, n]) => `${kind} ${n}`)
          .join(', ')}); outcomes ${JSON.stringify(report.counts)}; answer lost and proven ${proven}, ` +
        `unknown ${report.counts.unknown}; timedOut with a finished task ${timedOutFinished}; ` +
        `journal ${journal === undefined ? 'none' : 'yes'}; ` +
        `handled twice ${handledTwice.length}; outcomes lost ${count - report.outcomes.length}; ` +
        `heap ${heapBefore.toFixed(1)} → ${heapAfter.toFixed(1)} MB`,
    );
    expect(heapAfter - heapBefore).toBeLessThan(64);
  } finally {
    await emulator.close();
  }
}

describe('soak: alerts under mixed faults', () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  beforeAll(() => process.on('unhandledRejection', onUnhandled));
  afterAll(() => process.off('unhandledRejection', onUnhandled));

  it('1,000 alerts at 20 %, with a journal: every alert exactly one outcome, none handled twice', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'soak-journal-'));
    try {
      await soak(1_000, 0.2, unhandled, fileJournal(directory));
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  }, 120_000);

  it('5,000 alerts at 40 %: every alert exactly one outcome, none handled twice', async () => {
    await soak(5_000, 0.4, unhandled);
  }, 600_000);
});
