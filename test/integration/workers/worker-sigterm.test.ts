import { describe, expect, it } from 'vitest';
import { submitExecution, waitForSubmission } from '../../../src/index.js';
import { startPauseProxy } from '../../support/pause-proxy.js';
import { freshStore, STORE_KINDS, startWorkerProcess } from '../../support/worker-processes.js';
import { emulatorAndPlan, TEST_HANDLER, TEST_WORKER } from '../../support/worker-setup.js';

describe.each(STORE_KINDS)('a worker sent SIGTERM, over the $kind store', ({ kind, skip: skipped }) => {
  // SIGTERM arrives while the worker's first handling call is on the way (held by a proxy): it must take
  // no new job, finish the ones in hand, release their leases and exit 0, leaving nothing in doubt; a
  // worker started after it then does the rest without taking anything over.
  it('finishes the jobs in hand, releases their leases and exits 0', async ({ skip }) => {
    if (skipped !== undefined) skip(skipped);
    const { emulator, plan, ids } = await emulatorAndPlan(200, 'worker-sigterm');
    const { spec, store } = await freshStore(kind);
    const { submissionId, jobs } = await submitExecution(store, plan);
    const proxy = await startPauseProxy(emulator.endpoint, 'HandleSecurityEvents');
    const config = {
      credentials: emulator.credentials,
      handler: TEST_HANDLER,
      store: spec,
      worker: TEST_WORKER,
    };

    const first = startWorkerProcess({ ...config, endpoint: proxy.endpoint }, 'first');
    await proxy.reached;
    first.signal('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 200)); // let the signal land before the answer
    proxy.release();
    const { code } = await first.exited;

    const keys = Array.from({ length: jobs }, (_, n) => `${submissionId}.job-${n}`);
    const held = (await Promise.all(keys.map((key) => store.holder(key)))).filter(Boolean);
    const states = await Promise.all(
      keys.map(async (key) => (await store.read(key)).map(({ data }) => (data as { type: string }).type)),
    );
    const started = states.filter((types) => types.includes('execution'));
    const unfinished = started.filter((types) => !types.includes('done'));
    const stopped = first.stats();

    const second = startWorkerProcess({ ...config, endpoint: emulator.endpoint }, 'second');
    const report = await waitForSubmission(store, submissionId, { intervalMs: 50 });
    second.signal('SIGTERM');
    await second.exited;

    expect(code).toBe(0);
    expect(stopped).toMatchObject({ leasesHeld: 0, leasesLost: 0 });
    expect(stopped?.jobsDone).toBeGreaterThanOrEqual(1);
    expect(stopped?.jobsDone).toBe(started.length);
    expect(stopped?.jobsDone).toBeLessThan(jobs);
    expect(held).toEqual([]);
    expect(unfinished).toEqual([]);
    expect(second.stats()).toMatchObject({ takenOver: 0, jobsDone: jobs - started.length });
    expect(report.counts).toMatchObject({ total: 200, succeeded: 200 });
    expect(ids.filter((id) => emulator.state.handledCount(id) !== 1)).toEqual([]);
  }, 60_000);
});
