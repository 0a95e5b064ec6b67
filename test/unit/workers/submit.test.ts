import { describe, expect, it } from 'vitest';
import { sealPlan } from '../../../src/alerts/plan-format.js';
import {
  type AlertHandler,
  fileJournal,
  Operations,
  PlanExpiredError,
  readSubmission,
  startWorker,
  submitExecution,
  submitFleetResponse,
  ValidationError,
} from '../../../src/index.js';
import { failure } from '../../support/caught.js';
import { ignorePlan } from '../../support/plans.js';
import { storeDirectory } from '../../support/store-directory.js';

/** A batch that replaces the whitelist rules of its alerts' type. */
const WHITELIST = {
  code: 'advance_mark_mis_info',
  description: 'whitelist',
  params: '{}',
  markMissParam: '[{"uuid":"ALL","field":"loginUser","operate":"strEqual","fieldValue":"admin"}]',
} as const;

describe('submitExecution', () => {
  it('cuts the batches into jobs of batchesPerJob, and every whitelist batch into one job of its own', async () => {
    const store = fileJournal(await storeDirectory());
    const plan = sealPlan({
      createdAt: new Date().toISOString(),
      batches: [
        { operation: Operations.ignore(), alertIds: ['7009601'] },
        { operation: WHITELIST, alertIds: ['7009602'] },
        { operation: Operations.ignore(), alertIds: ['7009603'] },
        { operation: Operations.ignore(), alertIds: ['7009604'] },
        { operation: WHITELIST, alertIds: ['7009605'] },
      ],
      skipped: [{ alertId: '7009606', operation: 'block_ip', reason: 'not allowed' }],
    });

    const submission = await submitExecution(store, plan, { batchesPerJob: 2 });

    expect(submission).toMatchObject({ jobs: 3, batches: 5, alerts: 5 });
    const [record] = await store.read(submission.submissionId);
    expect((record?.data as { jobs: number[][] } | undefined)?.jobs).toEqual([[0, 2], [3], [1, 4]]);
    const status = await readSubmission(store, submission.submissionId);
    expect(status).toMatchObject({ jobs: 3, pendingJobs: 3, done: false, executionIds: [] });
    // Until the jobs end, the report holds the plan's skipped alerts only.
    expect(status.report.outcomes).toEqual([
      { alertId: '7009606', operation: 'block_ip', status: 'skipped', reason: 'not allowed' },
    ]);
  });

  it('refuses an expired plan, a bad option and a plan changed after it was made, queueing nothing', async () => {
    const store = fileJournal(await storeDirectory());
    const expired = sealPlan({
      createdAt: new Date(0).toISOString(),
      expiresAt: new Date(1_000).toISOString(),
      batches: [{ operation: Operations.ignore(), alertIds: ['7009601'] }],
      skipped: [],
    });
    expect(await failure(submitExecution(store, expired))).toBeInstanceOf(PlanExpiredError);
    const plan = ignorePlan([['7009601']]);
    const bad = await failure(submitExecution(store, plan, { batchesPerJob: 0 }));
    expect(bad).toBeInstanceOf(ValidationError);
    expect(bad).toMatchObject({ field: 'batchesPerJob' });
    const changed = { ...plan, batches: [{ ...plan.batches[0], alertIds: ['7009602'] }] };
    expect(await failure(submitExecution(store, changed as typeof plan))).toBeInstanceOf(ValidationError);
    expect(await store.streams()).toEqual([]);
  });

  it('readSubmission names an id the store does not hold', async () => {
    const store = fileJournal(await storeDirectory());
    const error = await failure(readSubmission(store, 'sub-20261201-081010-3fa9c2d1'));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ field: 'submissionId' });
  });
});

describe('submitFleetResponse', () => {
  it('refuses bad options and anything but a fleet response plan, queueing nothing', async () => {
    const store = fileJournal(await storeDirectory());
    for (const [plan, options, field] of [
      [{}, { allowedAccounts: '1000000000000002' }, 'allowedAccounts'],
      [{}, { allowedAccounts: [], approvals: 'all' }, 'approvals'],
      [{}, undefined, 'allowedAccounts'],
    ] as const) {
      const error = await failure(submitFleetResponse(store, plan as never, options as never));
      expect(error, field).toBeInstanceOf(ValidationError);
      expect(error, field).toMatchObject({ field });
    }
    const notAPlan = await failure(
      submitFleetResponse(store, { kind: 'plan' } as never, { allowedAccounts: [] }),
    );
    expect(notAPlan).toBeInstanceOf(ValidationError);
    expect(await store.streams('sub-')).toEqual([]);
  });
});

describe('startWorker', () => {
  const alerts = { execute: async () => undefined, resume: async () => undefined } as unknown as AlertHandler;

  it('refuses bad options, naming the field, before it starts', async () => {
    const store = fileJournal(await storeDirectory());
    for (const [options, field] of [
      [{ store, alerts, leaseTtlMs: 500 }, 'leaseTtlMs'],
      [{ store, alerts, concurrency: 0 }, 'concurrency'],
      [{ store, alerts, workerId: 'two words' }, 'workerId'],
      [{ store, alerts, execute: { journal: store } }, 'execute.journal'],
      [{ store: {}, alerts }, 'store'],
      [{ store }, 'alerts'],
      [{ store, alertsFor: 'all' }, 'alertsFor'],
      [
        { store, alerts, approvalChecks: { requireDistinctApprover: 'yes' } },
        'approvalChecks.requireDistinctApprover',
      ],
    ] as const) {
      const error = await failure(startWorker(options as Parameters<typeof startWorker>[0]));
      expect(error, field).toBeInstanceOf(ValidationError);
      expect(error, field).toMatchObject({ field });
    }
  });

  it('logs its figures when it stops, and stops when its signal aborts', async () => {
    const store = fileJournal(await storeDirectory());
    await submitExecution(store, ignorePlan([['7009601'], ['7009602']]));
    const lines: { message: string; fields: Record<string, unknown> }[] = [];
    const log = (message: string, fields: Record<string, unknown>) => lines.push({ message, fields });
    const logger = { debug: log, info: log, warn: log, error: log };
    const controller = new AbortController();
    // A handler whose executions fail before they start: the jobs stay queued, tried again later.
    const failing = async () => {
      throw new Error('the journal is unavailable');
    };
    const idle = { execute: failing, resume: failing };
    const worker = await startWorker({
      store,
      alerts: idle as unknown as AlertHandler,
      workerId: 'worker-a',
      concurrency: 1,
      signal: controller.signal,
      logger,
    });
    expect(worker.workerId).toBe('worker-a');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(worker.stats()).toMatchObject({ queuedJobs: 2, queuedBatches: 2, queuedAlerts: 2, jobsDone: 0 });

    controller.abort();
    await worker.done;

    const stopped = lines.find(({ message }) => message.startsWith('Worker worker-a stopped'));
    expect(stopped?.message).toBe(
      'Worker worker-a stopped: queue 2 jobs (2 batches, 2 alerts); 0 leases held; 0 jobs done (0 batches), ' +
        '0 taken over after a lease expired, 0 leases lost, 0 failed.',
    );
    expect(stopped?.fields).toMatchObject({ workerId: 'worker-a', queuedJobs: 2, leasesHeld: 0 });
  });
});

describe('a worker run by a service', () => {
  it('logs its figures every metricsIntervalMs, and stops gracefully on SIGTERM, its handlers removed', async () => {
    const store = fileJournal(await storeDirectory());
    await submitExecution(store, ignorePlan([['7009601']]));
    const lines: { message: string; fields: Record<string, unknown> }[] = [];
    const log = (message: string, fields: Record<string, unknown>) => lines.push({ message, fields });
    const logger = { debug: log, info: log, warn: log, error: log };
    const failing = async () => {
      throw new Error('the journal is unavailable');
    };
    const listeners = process.listenerCount('SIGTERM');
    const worker = await startWorker({
      store,
      alerts: { execute: failing, resume: failing } as unknown as AlertHandler,
      workerId: 'worker-b',
      metricsIntervalMs: 10,
      handleSignals: true,
      logger,
    });
    expect(process.listenerCount('SIGTERM')).toBe(listeners + 1);
    // The periodic line, once the worker has scanned the queue (the test's timeout bounds the wait).
    const figures = () =>
      lines.find(
        ({ message, fields }) => message.startsWith('Worker worker-b: queue') && fields.queuedJobs === 1,
      );
    while (figures() === undefined) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(figures()?.message).toContain('queue 1 jobs (1 batches, 1 alerts)');

    process.emit('SIGTERM', 'SIGTERM');
    await worker.done;

    expect(lines.some(({ message }) => message.startsWith('Worker worker-b got SIGTERM'))).toBe(true);
    expect(lines.some(({ message }) => message.startsWith('Worker worker-b stopped'))).toBe(true);
    expect(process.listenerCount('SIGTERM')).toBe(listeners);
  });
});
