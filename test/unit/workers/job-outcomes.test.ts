import { describe, expect, it } from 'vitest';
import {
  type AlertHandler,
  ExecutionLockedError,
  fileJournal,
  LeaseLostError,
  PlanExpiredError,
  readSubmission,
  type Store,
  startWorker,
  submitExecution,
  type WorkerStats,
} from '../../../src/index.js';
import { ignorePlan } from '../../support/plans.js';
import { storeDirectory } from '../../support/store-directory.js';

/** A worker over `store` whose handler's `execute` does `execute`, until `until` holds of its figures. */
async function runUntil(
  store: Store,
  execute: () => Promise<unknown>,
  until: (stats: WorkerStats) => boolean,
): Promise<{ stats: WorkerStats; lines: string[] }> {
  const lines: string[] = [];
  const log = (message: string) => lines.push(message);
  const alerts = { execute, resume: execute } as unknown as AlertHandler;
  const worker = await startWorker({
    store,
    alerts,
    workerId: 'worker-a',
    pollIntervalMs: 10,
    leaseTtlMs: 1_000,
    logger: { debug: log, info: log, warn: log, error: log },
    logLevel: 'debug',
  });
  while (!until(worker.stats())) await new Promise((resolve) => setTimeout(resolve, 10));
  await worker.stop();
  return { stats: worker.stats(), lines };
}

describe('what a worker makes of a job that cannot run', () => {
  it('writes a job refused for good (an expired plan) as failed: its alerts skipped, nothing sent', async () => {
    const store = fileJournal(await storeDirectory());
    const { submissionId } = await submitExecution(store, ignorePlan([['7009601', '7009602']]));
    const expired = async () => {
      throw new PlanExpiredError('The plan expired.', { expiresAt: new Date(0).toISOString() });
    };

    const { stats, lines } = await runUntil(store, expired, ({ jobsFailed }) => jobsFailed === 1);

    expect(stats).toMatchObject({ jobsFailed: 1, jobsDone: 0 });
    expect(lines).toContain(
      `Job ${submissionId}.job-0 refused for good (PlanExpiredError): nothing was sent for its alerts.`,
    );
    const status = await readSubmission(store, submissionId);
    expect(status).toMatchObject({ done: true, pendingJobs: 0 });
    expect(
      status.report.outcomes.map(({ alertId, status: outcome, reason }) => [alertId, outcome, reason]),
    ).toEqual([
      [
        '7009601',
        'skipped',
        'Its job was refused (PlanExpiredError: The plan expired.), so nothing was sent.',
      ],
      [
        '7009602',
        'skipped',
        'Its job was refused (PlanExpiredError: The plan expired.), so nothing was sent.',
      ],
    ]);
  });

  it('leaves a job whose execution another runner holds for later, and one whose lease it lost to others', async () => {
    const store = fileJournal(await storeDirectory());
    const { submissionId } = await submitExecution(store, ignorePlan([['7009601'], ['7009602']]));
    let calls = 0;
    const refused = async () => {
      calls++;
      if (calls === 1) {
        throw new ExecutionLockedError({
          executionId: 'exec-20261201-081010-3fa9c2d1',
          owner: 'b',
          expiresAt: 0,
        });
      }
      throw new LeaseLostError({
        key: `${submissionId}.job-0`,
        token: 1,
        currentToken: 2,
        why: 'was taken over',
      });
    };

    const { stats, lines } = await runUntil(store, refused, ({ leasesLost }) => leasesLost >= 1);

    expect(stats).toMatchObject({ jobsDone: 0, jobsFailed: 0, queuedJobs: 2 });
    expect(lines.some((line) => line.includes('its execution is still held by another runner'))).toBe(true);
    expect(lines.some((line) => line.includes("this worker's lease expired; another worker goes on"))).toBe(
      true,
    );
    expect((await readSubmission(store, submissionId)).pendingJobs).toBe(2);
  });
});
