import { describe, expect, it } from 'vitest';
import { sealPlan } from '../../../src/alerts/plan-format.js';
import {
  AlertHandler,
  type JsonValue,
  startWorker,
  submitExecution,
  waitForSubmission,
} from '../../../src/index.js';
import { diesAfterIntent } from '../../support/dying-store.js';
import { freshStore, STORE_KINDS } from '../../support/worker-processes.js';
import { emulatorAndPlan, TEST_HANDLER } from '../../support/worker-setup.js';

describe.each(STORE_KINDS)(
  'a worker taking over stopped jobs, over the $kind store',
  ({ kind, skip: skipped }) => {
    // Job 0: a worker sent its batch and died before recording anything after the intent. Job 1: a worker
    // linked an execution and died before its plan was written. Job 2: untouched. Both dead workers' leases
    // run 1 s; the worker started then takes jobs 0 and 1 over, and runs job 2.
    it('finishes an in-doubt job through reconciliation and an orphaned one afresh, sending nothing twice', async ({
      skip,
    }) => {
      if (skipped !== undefined) skip(skipped);
      const { emulator, plan, ids } = await emulatorAndPlan(60, 'worker-takeover');
      const { store } = await freshStore(kind);
      const { submissionId, jobs } = await submitExecution(store, plan);
      expect(jobs).toBe(3);
      const alerts = new AlertHandler({
        endpoint: emulator.endpoint,
        protocol: 'http',
        credential: emulator.credentials,
        lang: 'en',
        ...TEST_HANDLER,
      });

      const dead = async (job: number) => {
        const lease = await store.acquire(`${submissionId}.job-${job}`, `dead-${job}`, 1_000);
        if (lease === undefined) throw new Error('job taken');
        return lease;
      };
      const first = await dead(0);
      const journal = diesAfterIntent(store);
      const sent = await alerts.execute(sealPlan({ ...plan, batches: [plan.batches[0] as never] }), {
        journal: {
          ...journal,
          append: async (stream, records, options) => {
            if ((records[0] as { type?: JsonValue } | undefined)?.type === 'start') {
              await store.append(first.key, [{ type: 'execution', executionId: stream, worker: 'dead-0' }], {
                lease: first,
              });
            }
            return journal.append(stream, records, options);
          },
        },
        leaseTtlMs: 1_000,
      });
      expect(sent.counts.succeeded).toBe(20);
      const second = await dead(1);
      const orphan = 'exec-20261201-081010-0000000a';
      await store.acquire(orphan, 'dead-1', 1_000);
      await store.append(second.key, [{ type: 'execution', executionId: orphan, worker: 'dead-1' }], {
        lease: second,
      });

      const worker = await startWorker({ store, alerts, leaseTtlMs: 1_000, pollIntervalMs: 50 });
      const report = await waitForSubmission(store, submissionId, { intervalMs: 50 });
      await worker.stop();

      expect(worker.stats()).toMatchObject({ jobsDone: 3, takenOver: 2, leasesHeld: 0, leasesLost: 0 });
      expect(report.counts).toMatchObject({ total: 60, succeeded: 60 });
      expect(ids.filter((id) => emulator.state.handledCount(id) !== 1)).toEqual([]);
      expect(emulator.count('HandleSecurityEvents')).toBe(3);
      expect(await store.streams('exec-')).not.toContain(orphan);
    }, 60_000);
  },
);
