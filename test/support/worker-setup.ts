import { onTestFinished } from 'vitest';
import { type Emulator, type FaultRule, sampleAlerts, startEmulator } from '../../src/emulator/index.js';
import { AlertHandler, Operations, type Plan } from '../../src/index.js';
import type { WorkerChildConfig } from './worker-processes.js';

/** Clients at the emulator's speed (no adaptive rate), tasks polled every 5 ms. */
export const TEST_HANDLER: WorkerChildConfig['handler'] = {
  timeoutMs: 2_000,
  retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
  poll: { intervalMs: 5, maxAttempts: 5, maxWaitMs: 60_000 },
  adaptiveRate: false,
};

/** Leases of 1 s (the least), so that a stopped worker's jobs are taken over soon. */
export const TEST_WORKER: WorkerChildConfig['worker'] = {
  leaseTtlMs: 1_000,
  pollIntervalMs: 50,
  concurrency: 2,
  execute: { concurrency: 2, reconcileGraceMs: 800 },
};

/** An emulator of `count` alerts whose tasks end at their first status query, and the plan to ignore them all. */
export async function emulatorAndPlan(
  count: number,
  seed: string,
  faults: readonly FaultRule[] = [],
): Promise<{ emulator: Emulator; plan: Plan; ids: string[] }> {
  const records = sampleAlerts(count, seed);
  const emulator = await startEmulator({ state: { alerts: records, taskPolls: 1 }, seed });
  onTestFinished(() => emulator.close());
  const ids = records.map((record) => String(record.Id));
  const alerts = new AlertHandler({
    endpoint: emulator.endpoint,
    protocol: 'http',
    credential: emulator.credentials,
    lang: 'en',
    ...TEST_HANDLER,
  });
  const plan = await alerts.plan(ids.map((alertId) => ({ alertId, operation: Operations.ignore() })));
  emulator.reset();
  for (const rule of faults) emulator.faults.inject(rule);
  return { emulator, plan, ids };
}
