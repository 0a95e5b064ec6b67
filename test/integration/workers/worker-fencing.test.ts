import { describe, expect, it } from 'vitest';
import { submitExecution, waitForSubmission } from '../../../src/index.js';
import { startPauseProxy } from '../../support/pause-proxy.js';
import { freshStore, STORE_KINDS, startWorkerProcess } from '../../support/worker-processes.js';
import { emulatorAndPlan, TEST_HANDLER, TEST_WORKER } from '../../support/worker-setup.js';

describe.each(STORE_KINDS)(
  'a worker paused past its lease, over the $kind store',
  ({ kind, skip: skipped }) => {
    // Worker A is frozen (SIGSTOP) right after it claimed the job's alerts, while its re-read of them is
    // on the way; worker B takes the job over once A's leases expired, and finishes it. Then A thaws and
    // its re-read is answered: it must find its leases lost, send nothing, and have every write refused.
    it('has its late writes refused, and sends nothing', async ({ skip }) => {
      if (skipped !== undefined) skip(skipped);
      const { emulator, plan, ids } = await emulatorAndPlan(20, 'worker-fencing');
      const { spec, store } = await freshStore(kind);
      const { submissionId } = await submitExecution(store, plan);
      const job = `${submissionId}.job-0`;
      const proxy = await startPauseProxy(emulator.endpoint, 'DescribeSuspEvents');
      const config = {
        credentials: emulator.credentials,
        handler: TEST_HANDLER,
        store: spec,
        worker: TEST_WORKER,
      };

      const a = startWorkerProcess({ ...config, endpoint: proxy.endpoint }, 'a');
      await proxy.reached;
      a.signal('SIGSTOP');
      while ((await store.holder(job)) !== undefined) await new Promise((resolve) => setTimeout(resolve, 50));
      const b = startWorkerProcess({ ...config, endpoint: emulator.endpoint }, 'b');
      const report = await waitForSubmission(store, submissionId, { intervalMs: 50 });
      const executionId = (await store.streams('exec-'))[0] as string;
      const written = (await store.read(executionId)).length;

      a.signal('SIGCONT');
      proxy.release();
      // SIGTERM: A finishes the job in hand (its writes refused), then stops and says what it counted.
      a.signal('SIGTERM');
      b.signal('SIGTERM');
      await Promise.all([a.exited, b.exited]);

      expect(a.stats()).toMatchObject({ jobsDone: 0, leasesLost: 1 });
      expect(b.stats()).toMatchObject({ jobsDone: 1, takenOver: 1 });
      expect(proxy.seen).not.toContain('HandleSecurityEvents');
      expect(emulator.count('HandleSecurityEvents')).toBe(1);
      expect(ids.filter((id) => emulator.state.handledCount(id) !== 1)).toEqual([]);
      expect(report.counts).toMatchObject({ total: 20, succeeded: 20 });
      const execution = (await store.read(executionId)).map(({ data }) => (data as { type: string }).type);
      expect(execution).toHaveLength(written);
      expect(execution.filter((type) => type === 'outcomes')).toHaveLength(1);
      expect(execution.at(-1)).toBe('end');
      const jobRecords = (await store.read(job)).map(({ data }) => data as { type: string; worker: string });
      expect(jobRecords.filter(({ type }) => type === 'done')).toEqual([
        expect.objectContaining({ type: 'done', worker: b.workerId }),
      ]);
    }, 60_000);
  },
);
