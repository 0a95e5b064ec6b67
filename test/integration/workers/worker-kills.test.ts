import { describe, expect, it } from 'vitest';
import { journaledExecution } from '../../../src/alerts/execution-journal.js';
import { seededRandom } from '../../../src/emulator/random.js';
import { readSubmission, submitExecution, waitForSubmission } from '../../../src/index.js';
import {
  freshStore,
  STORE_KINDS,
  startWorkerProcess,
  type WorkerProcess,
} from '../../support/worker-processes.js';
import { emulatorAndPlan, TEST_HANDLER, TEST_WORKER } from '../../support/worker-setup.js';

const ALERTS = 5_000;
const WORKERS = 4;
const KILLS = 8;
const SEED = 'worker-kills';

describe.each(STORE_KINDS)('workers over the $kind store', ({ kind, skip: skipped }) => {
  it(`share ${ALERTS} alerts among ${WORKERS} processes SIGKILLed at random, handling none twice`, async ({
    skip,
  }) => {
    if (skipped !== undefined) skip(skipped);
    const { emulator, plan, ids } = await emulatorAndPlan(ALERTS, SEED);
    const { spec, store } = await freshStore(kind);
    const { submissionId, jobs } = await submitExecution(store, plan);
    const config = {
      endpoint: emulator.endpoint,
      credentials: emulator.credentials,
      handler: TEST_HANDLER,
      store: spec,
      worker: TEST_WORKER,
    };
    const workers: WorkerProcess[] = Array.from({ length: WORKERS }, (_, n) =>
      startWorkerProcess(config, `w${n}`),
    );
    await Promise.all(workers.map((worker) => worker.ready));

    // SIGKILL a worker drawn from the seed, at a time drawn from it, then start another in its place.
    const random = seededRandom(SEED);
    const finished = waitForSubmission(store, submissionId, { intervalMs: 100 });
    let ended = false;
    void finished.finally(() => {
      ended = true;
    });
    const started = performance.now();
    let kills = 0;
    while (kills < KILLS && !ended) {
      await new Promise((resolve) => setTimeout(resolve, 200 + random() * 1_300));
      if (ended) break;
      const slot = Math.floor(random() * WORKERS);
      const victim = workers[slot] as WorkerProcess;
      victim.signal('SIGKILL');
      await victim.exited;
      kills++;
      workers[slot] = startWorkerProcess(config, `w${slot}`);
      await (workers[slot] as WorkerProcess).ready;
    }
    const report = await finished;
    const elapsedMs = performance.now() - started;

    for (const worker of workers) worker.signal('SIGTERM');
    const exits = await Promise.all(workers.map((worker) => worker.exited));

    const twice = ids.filter((id) => emulator.state.handledCount(id) > 1);
    const reported = report.outcomes.map((outcome) => outcome.alertId);
    const byStatus: Record<string, number> = {};
    for (const { status } of report.outcomes) byStatus[status] = (byStatus[status] ?? 0) + 1;
    const untruthful = report.outcomes.filter(
      ({ alertId, status, reason }) =>
        (status === 'succeeded' && emulator.state.handledCount(alertId) !== 1) ||
        ((status === 'skipped' || /not applied|nothing was sent/.test(reason ?? '')) &&
          emulator.state.handledCount(alertId) !== 0),
    );
    const { executionIds } = await readSubmission(store, submissionId);
    const executions = await store.streams('exec-');
    // Jobs ended by another worker than the one that started their execution: taken over after a kill.
    let takenOver = 0;
    for (let n = 0; n < jobs; n++) {
      const records = (await store.read(`${submissionId}.job-${n}`)).map(
        ({ data }) => data as { worker: string },
      );
      if (records[0]?.worker !== records.at(-1)?.worker) takenOver++;
    }
    console.log(
      `worker-kills (${kind}): ${ALERTS} alerts, ${jobs} jobs, ${WORKERS} workers, ${kills} SIGKILLs; ` +
        `outcomes ${JSON.stringify(byStatus)}; handled twice ${twice.length}; executions ${executions.length}; ` +
        `jobs taken over ${takenOver}; ${Math.round(elapsedMs)} ms`,
    );

    expect(kills).toBeGreaterThan(0);
    expect(takenOver).toBeGreaterThan(0);
    expect(twice).toEqual([]);
    expect(reported).toHaveLength(ids.length);
    expect(new Set(reported)).toEqual(new Set(ids));
    expect(untruthful).toEqual([]);
    // Every job's execution is in the journal. Any other is one a worker linked but was fenced off from
    // (it stopped, or paused past its lease, before the execution started): it never sent a handling call.
    expect(executions).toEqual(expect.arrayContaining([...executionIds]));
    const orphans = executions.filter((executionId) => !executionIds.includes(executionId));
    for (const executionId of orphans) {
      const orphan = await journaledExecution(store, executionId);
      const sent = [...(orphan?.batches.values() ?? [])].filter(
        (batch) => batch.taskId !== undefined || batch.outcomes !== undefined,
      );
      expect(sent).toEqual([]);
    }
    expect(exits.map(({ code }) => code)).toEqual(workers.map(() => 0));
  }, 300_000);
});
