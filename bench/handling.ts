/**
 * 2. Handling 1,000 alerts when every call takes a fixed time (the emulator's `latency` fault on every
 * request) and every task answers `Processing` once before its result: `AlertHandler` plan + execute
 * against the one-alert-at-a-time workflow (per alert, in turn: `DescribeSecurityEventOperations`,
 * `HandleSecurityEvents` with one ID, then `DescribeSecurityEventOperationStatus` every interval until
 * the task is final). Both use the same client, latency, task length and poll interval.
 *
 * The one-at-a-time workflow is timed on a sample and scaled linearly to 1,000 alerts: its alerts are
 * independent and strictly sequential, so its time is proportional to their number.
 */
import { AlertHandler, Operations, type Plan, SasClient } from '../src/index.js';
import { type BenchEmulator, type Received, startBenchEmulator } from './emulator-process.js';
import { duration, median, type Row, ratio, round, sleep, verdict } from './stats.js';

const ALERTS = 1_000;
const SAMPLE = 50;
const LATENCY_MS = 20;
const TASK_POLLS = 1;
const INTERVAL_MS = 20;
const MAX_POLLS = 5;
const PLAN_CONCURRENCY = 16;
const EXECUTE_CONCURRENCY = 4;
const BATCH_SIZE = 20;
const ROUNDS = 3;
const GOAL = 1.5;

/** How to read this part's rows. */
export const NOTES = [
  `2: every call takes ${LATENCY_MS} ms (emulator latency fault on every request) and each task answers Processing to ` +
    `its first ${TASK_POLLS === 1 ? 'status query' : `${TASK_POLLS} status queries`}; both sides poll every ${INTERVAL_MS} ms.`,
  `   One at a time is timed on ${SAMPLE} alerts and scaled linearly to ${ALERTS.toLocaleString('en-US')} (time and API calls).`,
  `   Lower bound = ceil(${ALERTS}/${PLAN_CONCURRENCY}) plan rounds × ${LATENCY_MS} ms + ceil(batches/${EXECUTE_CONCURRENCY}) × (${TASK_POLLS + 2} calls × ${LATENCY_MS} ms + ${TASK_POLLS} × ${INTERVAL_MS} ms interval).`,
];

interface HandlerRun {
  planMs: number;
  executeMs: number;
  batches: number;
  succeeded: number;
  received: Received;
}

interface SequentialRun {
  sampleMs: number;
  received: Received;
}

export interface HandlingResult {
  alerts: number;
  latencyMs: number;
  taskPolls: number;
  pollIntervalMs: number;
  planConcurrency: number;
  executeConcurrency: number;
  batchSize: number;
  rounds: number;
  handler: {
    planMs: number;
    executeMs: number;
    totalMs: number;
    calls: Readonly<Record<string, number>>;
    succeeded: number;
    /** The least time the calls it must make can take at its concurrency. */
    lowerBoundMs: { plan: number; execute: number; total: number };
    /** Median over rounds of its time / the lower bound. */
    overBound: { plan: number; execute: number; total: number };
    goalMet: boolean;
  };
  sequential: {
    sampleAlerts: number;
    sampleMs: number;
    /** Scaled linearly from the sample to all the alerts. */
    estimatedMs: number;
    /** Calls of the sample, scaled the same way. */
    estimatedCalls: number;
    callsPerAlert: number;
  };
  /** Median over rounds of the one-at-a-time estimate / the handler's time. */
  speedUp: number;
}

export async function measureHandling(): Promise<{ result: HandlingResult; rows: Row[] }> {
  const handlerRuns: HandlerRun[] = [];
  const sequentialRuns: SequentialRun[] = [];
  const speedUps: number[] = [];
  const overBound: { plan: number[]; execute: number[]; total: number[] } = {
    plan: [],
    execute: [],
    total: [],
  };
  for (let round = 0; round < ROUNDS; round++) {
    const emulator = await startBenchEmulator({
      alerts: ALERTS + SAMPLE,
      taskPolls: TASK_POLLS,
      faults: [{ action: '*', rate: 1, kinds: ['latency'], latencyMs: LATENCY_MS }],
      seed: `handling-${round}`,
    });
    try {
      const handlerIds = emulator.alertIds.slice(0, ALERTS);
      const sampleIds = emulator.alertIds.slice(ALERTS);
      let handler: HandlerRun | undefined;
      let sequential: SequentialRun | undefined;
      const sides = [
        async () => {
          handler = await runHandler(emulator, handlerIds);
        },
        async () => {
          sequential = await runSequential(emulator, sampleIds);
        },
      ];
      for (const side of round % 2 === 0 ? sides : sides.reverse()) await side();
      if (handler === undefined || sequential === undefined) throw new Error('A side did not run.');
      handlerRuns.push(handler);
      sequentialRuns.push(sequential);
      const bound = lowerBound(handler.batches);
      const totalMs = handler.planMs + handler.executeMs;
      overBound.plan.push(handler.planMs / bound.plan);
      overBound.execute.push(handler.executeMs / bound.execute);
      overBound.total.push(totalMs / bound.total);
      speedUps.push((sequential.sampleMs * (ALERTS / SAMPLE)) / totalMs);
    } finally {
      await emulator.close();
    }
  }

  const planMs = median(handlerRuns.map((run) => run.planMs));
  const executeMs = median(handlerRuns.map((run) => run.executeMs));
  const totalMs = median(handlerRuns.map((run) => run.planMs + run.executeMs));
  const sampleMs = median(sequentialRuns.map((run) => run.sampleMs));
  const last = handlerRuns.at(-1) as HandlerRun;
  const lastSequential = sequentialRuns.at(-1) as SequentialRun;
  const bound = lowerBound(last.batches);
  const totalOverBound = median(overBound.total);
  const result: HandlingResult = {
    alerts: ALERTS,
    latencyMs: LATENCY_MS,
    taskPolls: TASK_POLLS,
    pollIntervalMs: INTERVAL_MS,
    planConcurrency: PLAN_CONCURRENCY,
    executeConcurrency: EXECUTE_CONCURRENCY,
    batchSize: BATCH_SIZE,
    rounds: ROUNDS,
    handler: {
      planMs: round(planMs, 0),
      executeMs: round(executeMs, 0),
      totalMs: round(totalMs, 0),
      calls: last.received.byAction,
      succeeded: last.succeeded,
      lowerBoundMs: bound,
      overBound: {
        plan: round(median(overBound.plan), 3),
        execute: round(median(overBound.execute), 3),
        total: round(totalOverBound, 3),
      },
      goalMet: totalOverBound <= GOAL && last.succeeded === ALERTS,
    },
    sequential: {
      sampleAlerts: SAMPLE,
      sampleMs: round(sampleMs, 0),
      estimatedMs: round(sampleMs * (ALERTS / SAMPLE), 0),
      estimatedCalls: lastSequential.received.total * (ALERTS / SAMPLE),
      callsPerAlert: lastSequential.received.total / SAMPLE,
    },
    speedUp: round(median(speedUps), 1),
  };
  return { result, rows: rowsOf(result) };
}

/**
 * The least time the handler's calls can take: planning queries one alert per call, `concurrency` at
 * a time; each batch makes one handling call, then `TASK_POLLS + 1` status queries with an interval
 * between each two, `EXECUTE_CONCURRENCY` batches at a time.
 */
function lowerBound(batches: number): { plan: number; execute: number; total: number } {
  const plan = Math.ceil(ALERTS / PLAN_CONCURRENCY) * LATENCY_MS;
  const perBatch = (1 + TASK_POLLS + 1) * LATENCY_MS + TASK_POLLS * INTERVAL_MS;
  const execute = Math.ceil(batches / EXECUTE_CONCURRENCY) * perBatch;
  return { plan, execute, total: plan + execute };
}

function clientOptions(emulator: BenchEmulator) {
  return { endpoint: emulator.endpoint, protocol: 'http' as const, credential: emulator.credentials };
}

async function runHandler(emulator: BenchEmulator, ids: readonly string[]): Promise<HandlerRun> {
  await emulator.reset();
  const handler = new AlertHandler({
    ...clientOptions(emulator),
    concurrency: PLAN_CONCURRENCY,
    batchSize: BATCH_SIZE,
    poll: { intervalMs: INTERVAL_MS, maxAttempts: MAX_POLLS, maxWaitMs: 5_000 },
    // Tuned for a service without a quota: no adaptive rate, and batches run to their end one after the
    // other in each lane, as the lower bound below counts them (part 2b runs the defaults).
    adaptiveRate: false,
  });
  const started = performance.now();
  const plan: Plan = await handler.plan(ids.map((alertId) => ({ alertId, operation: Operations.ignore() })));
  const planned = performance.now();
  const report = await handler.execute(plan, { concurrency: EXECUTE_CONCURRENCY, overlapPolling: false });
  const executed = performance.now();
  return {
    planMs: planned - started,
    executeMs: executed - planned,
    batches: plan.batches.length,
    succeeded: report.counts.succeeded,
    received: await emulator.received(),
  };
}

/** The workflow one alert at a time, as the original procedure runs it, with the same client. */
async function runSequential(emulator: BenchEmulator, ids: readonly string[]): Promise<SequentialRun> {
  await emulator.reset();
  const sas = new SasClient(clientOptions(emulator));
  const started = performance.now();
  for (const id of ids) {
    const { SecurityEventOperationsResponse: operations = [] } = await sas.describeSecurityEventOperations({
      SecurityEventId: Number(id),
    });
    if (!operations.some((operation) => operation.OperationCode === 'ignore' && operation.UserCanOperate)) {
      throw new Error(`Alert ${id} cannot be ignored.`);
    }
    const { HandleSecurityEventsResponse: task } = await sas.handleSecurityEvents({
      SecurityEventIds: [id],
      OperationCode: 'ignore',
      OperationParams: JSON.stringify({}),
    });
    const taskId = task?.TaskId;
    if (taskId === undefined) throw new Error(`No task for alert ${id}.`);
    for (let poll = 1; ; poll++) {
      const { SecurityEventOperationStatusResponse: status } = await sas.describeSecurityEventOperationStatus(
        {
          TaskId: taskId,
          SecurityEventIds: [id],
        },
      );
      if (status?.TaskStatus === 'Success') break;
      if (poll >= MAX_POLLS || status?.TaskStatus === 'Failure') throw new Error(`Alert ${id} not handled.`);
      await sleep(INTERVAL_MS);
    }
  }
  return { sampleMs: performance.now() - started, received: await emulator.received() };
}

function rowsOf(result: HandlingResult): Row[] {
  const { handler, sequential } = result;
  const calls = Object.values(handler.calls).reduce((sum, count) => sum + count, 0);
  const part = '2 handle 1,000';
  return [
    {
      part,
      metric: `AlertHandler plan (c=${result.planConcurrency}) + execute (c=${result.executeConcurrency})`,
      value: `${duration(handler.totalMs)} (${duration(handler.planMs)} + ${duration(handler.executeMs)})`,
    },
    {
      part,
      metric: `one at a time: ${sequential.sampleAlerts} alerts timed, ×${result.alerts / sequential.sampleAlerts} (linear)`,
      value: `${duration(sequential.estimatedMs)} (${duration(sequential.sampleMs)} for ${sequential.sampleAlerts})`,
    },
    { part, metric: 'speed-up of AlertHandler', value: ratio(result.speedUp) },
    {
      part,
      metric: 'API calls, AlertHandler vs one at a time',
      value: `${calls} vs ${sequential.estimatedCalls} (${sequential.callsPerAlert}/alert)`,
    },
    {
      part,
      metric: `AlertHandler / lower bound ${duration(handler.lowerBoundMs.total)}`,
      value: `${ratio(handler.overBound.total)} (plan ${ratio(handler.overBound.plan)}, execute ${ratio(handler.overBound.execute)})`,
      goal: `≤ ${ratio(GOAL)}`,
      verdict: verdict(handler.goalMet),
    },
  ];
}
