/**
 * 2b. Handling 10,000 alerts with `AlertHandler` on its defaults (nothing set but where to send and the
 * credentials), when every call takes 100 ms (the emulator's `latency` fault on every request) and the
 * service lets through 50 requests per second (the reference rate of the docs) and answers the others
 * `400 Throttling.User`, as its flow control does. Each task answers `Processing` to its first status
 * query, so the poll interval counts.
 *
 * The lower bound is every call the run got answered (operation queries, re-reads before sending,
 * handling calls, status queries) sent at exactly 50 per second, the last answer 100 ms after it was
 * sent. Throttled replies are counted apart: each was resent.
 *
 * `SCALE_ALERTS=2000 npm run bench -- --only=scale` runs a smaller one.
 */
import { AlertHandler, Operations } from '../src/index.js';
import { startBenchEmulator } from './emulator-process.js';
import { duration, int, type Row, ratio, round, verdict } from './stats.js';

const ALERTS = Number(process.env.SCALE_ALERTS ?? 10_000);
const LATENCY_MS = 100;
const SERVICE_RATE = 50;
const TASK_POLLS = 1;
const GOAL = 1.3;
const GOAL_THROTTLED = 10;

/** How to read this part's rows. */
export const NOTES = [
  `2b: ${int(ALERTS)} alerts, plan + execute with every option at its default; every call takes ${LATENCY_MS} ms, the service answers ${SERVICE_RATE} requests/s`,
  `    and throttles the rest (Throttling.User), each task is Processing at its first status query. Lower bound = answered calls / ${SERVICE_RATE} per s + ${LATENCY_MS} ms.`,
];

export interface ScaleResult {
  alerts: number;
  latencyMs: number;
  serviceRate: number;
  planMs: number;
  executeMs: number;
  totalMs: number;
  /** Calls the service answered (throttled replies excluded), by action. */
  calls: Readonly<Record<string, number>>;
  answeredCalls: number;
  throttledReplies: number;
  succeeded: number;
  /** Alerts without a `succeeded` outcome, by status. */
  notSucceeded: Readonly<Record<string, number>>;
  lowerBoundMs: number;
  overBound: number;
  /** Answered calls per second over the run. */
  achievedPerSecond: number;
  goalMet: boolean;
}

export async function measureScale(): Promise<{ result: ScaleResult; rows: Row[] }> {
  const emulator = await startBenchEmulator({
    alerts: ALERTS,
    taskPolls: TASK_POLLS,
    faults: [{ action: '*', rate: 1, kinds: ['latency'], latencyMs: LATENCY_MS }],
    throttlePerSecond: SERVICE_RATE,
    seed: 'scale',
  });
  try {
    const handler = new AlertHandler({
      endpoint: emulator.endpoint,
      protocol: 'http',
      credential: emulator.credentials,
    });
    // Start on a fresh second of the service's flow control.
    await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 5));
    await emulator.reset();
    const started = performance.now();
    const plan = await handler.plan(
      emulator.alertIds.map((alertId) => ({ alertId, operation: Operations.ignore() })),
    );
    const planned = performance.now();
    const report = await handler.execute(plan);
    const executed = performance.now();
    const received = await emulator.received();
    const throttledReplies = received.byCode['Throttling.User'] ?? 0;
    const answeredCalls = received.total - throttledReplies;
    const lowerBoundMs = ((answeredCalls - 1) / SERVICE_RATE) * 1000 + LATENCY_MS;
    const totalMs = executed - started;
    const notSucceeded: Record<string, number> = {};
    for (const outcome of report.outcomes) {
      if (outcome.status !== 'succeeded')
        notSucceeded[outcome.status] = (notSucceeded[outcome.status] ?? 0) + 1;
    }
    const overBound = totalMs / lowerBoundMs;
    const result: ScaleResult = {
      alerts: ALERTS,
      latencyMs: LATENCY_MS,
      serviceRate: SERVICE_RATE,
      planMs: round(planned - started, 0),
      executeMs: round(executed - planned, 0),
      totalMs: round(totalMs, 0),
      calls: received.byAction,
      answeredCalls,
      throttledReplies,
      succeeded: report.counts.succeeded,
      notSucceeded,
      lowerBoundMs: round(lowerBoundMs, 0),
      overBound: round(overBound, 3),
      achievedPerSecond: round((answeredCalls / totalMs) * 1000, 1),
      goalMet: overBound <= GOAL && report.counts.succeeded === ALERTS && throttledReplies <= GOAL_THROTTLED,
    };
    return { result, rows: rowsOf(result) };
  } finally {
    await emulator.close();
  }
}

function rowsOf(result: ScaleResult): Row[] {
  const part = `2b handle ${int(result.alerts)}, defaults`;
  const failures =
    Object.entries(result.notSucceeded)
      .map(([status, count]) => `${int(count)} ${status}`)
      .join(', ') || 'none';
  return [
    {
      part,
      metric: `AlertHandler plan + execute, defaults, ${result.latencyMs} ms a call, service ${result.serviceRate}/s`,
      value: `${duration(result.totalMs)} (${duration(result.planMs)} + ${duration(result.executeMs)})`,
    },
    {
      part,
      metric: `/ lower bound ${duration(result.lowerBoundMs)} (${int(result.answeredCalls)} calls at ${result.serviceRate}/s)`,
      value: `${ratio(result.overBound)} (${result.achievedPerSecond} calls/s)`,
      goal: `≤ ${ratio(GOAL)}`,
      verdict: verdict(result.overBound <= GOAL),
    },
    {
      part,
      metric: 'throttled replies (each resent); alerts not succeeded',
      value: `${int(result.throttledReplies)}; ${failures}`,
      goal: `≤ ${GOAL_THROTTLED}; none`,
      verdict: verdict(result.throttledReplies <= GOAL_THROTTLED && result.succeeded === result.alerts),
    },
    {
      part,
      metric: 'calls by action',
      value: Object.entries(result.calls)
        .map(([action, count]) => `${action} ${int(count)}`)
        .join(', '),
    },
  ];
}
