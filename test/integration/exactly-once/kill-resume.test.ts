import { describe, expect, it, onTestFinished } from 'vitest';
import { type Emulator, type FaultRule, sampleAlerts, startEmulator } from '../../../src/emulator/index.js';
import { seededRandom } from '../../../src/emulator/random.js';
import {
  AlertHandler,
  ExecutionLockedError,
  fileJournal,
  type HandlingReport,
  Operations,
  type Plan,
} from '../../../src/index.js';
import {
  type ChildExecuteOptions,
  type ChildHandlerOptions,
  type ExecutionChild,
  startExecutionChild,
} from '../../support/execution-processes.js';
import { type KillPoint, startKillProxy } from '../../support/execution-proxy.js';
import { storeDirectory } from '../../support/store-directory.js';

/** Alerts of each plan; the emulator holds twice as many, one half per lane (see below). */
const ALERTS = 60;
const SEED = 'kill-resume';
const HANDLER: ChildHandlerOptions = {
  timeoutMs: 300,
  retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
  poll: { intervalMs: 5, maxAttempts: 5, maxWaitMs: 60_000 },
  batchSize: 10,
  // At the emulator's speed: what is tested is the journal, not the rate (test/unit/adaptive-rate.test.ts).
  adaptiveRate: false,
};
/** Leases of 1 s, so that a resume takes over soon after the kill; a grace above the deadline and `applyLate`. */
const EXECUTE: ChildExecuteOptions = { concurrency: 2, leaseTtlMs: 1_000, reconcileGraceMs: 800 };

/** The fault settings the kills are spread over: none, and handling calls whose answer is lost. */
const FAULTS: Record<string, FaultRule[]> = {
  none: [],
  applyLate: [{ action: 'HandleSecurityEvents', rate: 0.5, kinds: ['applyLate'], latencyMs: 150 }],
  resetAfterApply: [{ action: 'HandleSecurityEvents', rate: 0.5, kinds: ['resetAfterApply'] }],
  hang: [{ action: 'HandleSecurityEvents', rate: 0.5, kinds: ['hang', 'hangAfterApply'] }],
};

function handlerOf(emulator: Emulator): AlertHandler {
  return new AlertHandler({
    endpoint: emulator.endpoint,
    protocol: 'http',
    credential: emulator.credentials,
    lang: 'en',
    ...HANDLER,
  });
}

interface Setup {
  readonly emulator: Emulator;
  readonly plan: Plan;
  /** Every alert of the emulator. */
  readonly ids: readonly string[];
}

/**
 * An emulator of 2 × {@link ALERTS} alerts with `faults`, and the plan to ignore half of them (the
 * `lane`'s half), made before any fault. Two lanes run at once in this process: their resumes claim
 * alerts in it, so each lane has alert IDs of its own.
 */
async function setup(faults: readonly FaultRule[], lane: 0 | 1, count = ALERTS): Promise<Setup> {
  const records = sampleAlerts(2 * count, SEED);
  const emulator = await startEmulator({ state: { alerts: records, taskPolls: 1 }, seed: SEED });
  onTestFinished(() => emulator.close());
  const ids = records.map((record) => String(record.Id));
  const mine = ids.slice(lane * count, (lane + 1) * count);
  const plan = await handlerOf(emulator).plan(
    mine.map((alertId) => ({ alertId, operation: Operations.ignore() })),
  );
  emulator.reset();
  for (const rule of faults) emulator.faults.inject(rule);
  return { emulator, plan, ids };
}

/** Requests a whole execution makes under `faults`, in all and of the handling call, run here to its end. */
async function calibrate(faults: readonly FaultRule[]): Promise<{ total: number; handling: number }> {
  const { emulator, plan } = await setup(faults, 0);
  await handlerOf(emulator).execute(plan, EXECUTE);
  return { total: emulator.count(), handling: emulator.count('HandleSecurityEvents') };
}

/** Resumes `executionId` once the killed runner's lease expired: retries while it is locked. */
async function resumeOnceFree(
  emulator: Emulator,
  executionId: string,
  directory: string,
  options = EXECUTE,
): Promise<HandlingReport> {
  const alerts = handlerOf(emulator);
  const journal = fileJournal(directory, { lockTtlMs: 1_000 });
  for (;;) {
    try {
      return await alerts.resume(executionId, { ...options, journal });
    } catch (error) {
      if (!(error instanceof ExecutionLockedError)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** The one execution of a journal folder. */
async function onlyExecution(directory: string): Promise<string> {
  const streams = await fileJournal(directory).streams('exec-');
  expect(streams).toHaveLength(1);
  return streams[0] as string;
}

/** Batches of the execution whose intent the journal holds without outcomes: their call may have been sent. */
async function inDoubtBatches(directory: string, executionId: string): Promise<number> {
  const open = new Set<number>();
  for (const { data } of await fileJournal(directory).read(executionId)) {
    const record = data as { type?: string; batch?: number };
    if (record.type === 'intent') open.add(record.batch as number);
    if (record.type === 'outcomes') open.delete(record.batch as number);
  }
  return open.size;
}

/**
 * Executes `plan` in `child`, through a proxy that SIGKILLs the child at `point`; resolves whether it
 * was killed (the run may end before the point if it makes fewer requests).
 */
async function executeUntilKilled(
  child: ExecutionChild,
  { emulator, plan }: Setup,
  directory: string,
  point: KillPoint,
  options = EXECUTE,
): Promise<{ killed: boolean; requests: number }> {
  const proxy = await startKillProxy(emulator.endpoint, point, async () => {
    child.kill();
    await child.exited;
  });
  await child
    .run({
      endpoint: proxy.endpoint,
      credentials: emulator.credentials,
      handler: HANDLER,
      journalDir: directory,
      options,
      plan,
    })
    .catch(() => undefined);
  if (proxy.fired) await proxy.killed;
  return { killed: proxy.fired, requests: proxy.seen.length };
}

interface Scenario {
  readonly faults: string;
  readonly point: KillPoint;
}

function describePoint({ faults, point }: Scenario): string {
  return `${faults}: ${point.when} ${point.action ?? 'request'} #${point.nth}`;
}

/** What must hold after a kill and a resume; the problems found, empty when none. */
function problemsOf({ emulator, plan, ids }: Setup, report: HandlingReport): string[] {
  const problems: string[] = [];
  const twice = ids.filter((id) => emulator.state.handledCount(id) > 1);
  if (twice.length > 0) problems.push(`handled twice: ${twice.join(', ')}`);
  const planned = [
    ...plan.batches.flatMap((batch) => batch.alertIds),
    ...plan.skipped.map((entry) => entry.alertId),
  ];
  const reported = report.outcomes.map((outcome) => outcome.alertId);
  if (reported.length !== planned.length || new Set(reported).size !== reported.length)
    problems.push(
      `${reported.length} outcomes (${new Set(reported).size} alerts) for ${planned.length} alerts`,
    );
  if ([...planned].sort().join() !== [...new Set(reported)].sort().join())
    problems.push('outcomes not for the plan');
  const outside = ids.filter((id) => !planned.includes(id) && emulator.state.handledCount(id) > 0);
  if (outside.length > 0) problems.push(`handled outside the plan: ${outside.join(', ')}`);
  for (const outcome of report.outcomes) {
    const handled = emulator.state.handledCount(outcome.alertId);
    const notSent = /not applied|nothing was sent/.test(outcome.reason ?? '');
    if (outcome.status === 'succeeded' && handled !== 1)
      problems.push(`${outcome.alertId} succeeded, handled ${handled} times`);
    if ((outcome.status === 'skipped' || (outcome.status === 'failed' && notSent)) && handled !== 0)
      problems.push(`${outcome.alertId} ${outcome.status} (${outcome.reason}), handled ${handled} times`);
    if (outcome.reason?.includes(`execution ${report.executionId},`))
      problems.push(
        `${outcome.alertId} ${outcome.status}: held back by its own execution (${outcome.reason})`,
      );
  }
  return problems;
}

describe('an execution killed at any point and resumed', () => {
  it('handles no alert twice, and reports each alert of the plan once, truthfully', async () => {
    const random = seededRandom(20_261_201);
    const calibrated = new Map<string, { total: number; handling: number }>();
    for (const [name, rules] of Object.entries(FAULTS)) calibrated.set(name, await calibrate(rules));

    // 24 kill points, drawn from the seed: every third at a handling call (right after the re-read and
    // the intent, before it reaches the service; or applied, before its answer), the others at any
    // request of the run; spread over the fault settings.
    const names = Object.keys(FAULTS);
    const scenarios: Scenario[] = Array.from({ length: 24 }, (_, index) => {
      const faults = names[index % names.length] as string;
      const { total, handling } = calibrated.get(faults) as { total: number; handling: number };
      const when = random() < 0.5 ? 'before' : 'after';
      const point: KillPoint =
        index % 3 === 0
          ? { action: 'HandleSecurityEvents', nth: 1 + Math.floor(random() * handling), when }
          : { nth: 1 + Math.floor(random() * (total - 1)), when };
      return { faults, point };
    });

    const tally = { kills: 0, alerts: 0, handledTwice: 0, inDoubt: 0 };
    const byStatus: Record<string, number> = {};
    const problems: string[] = [];
    /** Runs the scenarios of one lane, one after the other, each child started while the one before runs. */
    const lane = async (index: 0 | 1) => {
      let next = startExecutionChild();
      for (const scenario of scenarios.filter((_, n) => n % 2 === index)) {
        const setting = await setup(FAULTS[scenario.faults] as FaultRule[], index);
        const directory = await storeDirectory();
        const child = await next;
        next = startExecutionChild();
        const { killed, requests } = await executeUntilKilled(child, setting, directory, scenario.point);
        if (!killed) {
          problems.push(`${describePoint(scenario)}: not killed, the run made ${requests} requests`);
          continue;
        }
        tally.kills++;
        const executionId = await onlyExecution(directory);
        tally.inDoubt += await inDoubtBatches(directory, executionId);

        const report = await resumeOnceFree(setting.emulator, executionId, directory);

        tally.alerts += report.outcomes.length;
        tally.handledTwice += setting.ids.filter((id) => setting.emulator.state.handledCount(id) > 1).length;
        for (const { status } of report.outcomes) byStatus[status] = (byStatus[status] ?? 0) + 1;
        for (const problem of problemsOf(setting, report))
          problems.push(`${describePoint(scenario)}: ${problem}`);
      }
      (await next).kill();
    };
    await Promise.all([lane(0), lane(1)]);

    console.log(
      `kill-resume: ${tally.kills} kills, ${tally.alerts} alerts, handled twice ${tally.handledTwice}, ` +
        `batches in doubt at the kill ${tally.inDoubt}; outcomes after resume ${JSON.stringify(byStatus)}; ` +
        `kill points ${scenarios.map(describePoint).join('; ')}`,
    );
    expect(problems).toEqual([]);
    expect(tally.kills).toBeGreaterThanOrEqual(20);
    expect(tally.handledTwice).toBe(0);
  }, 180_000);

  // The alerts a killed run had claimed but not yet sent belong to the execution, and nothing else holds
  // them: its resume must handle them, not skip them as held by another runner. Here the first batch's
  // handling call answers 400 ms late, so the second batch's alerts are claimed (their leases taken) well
  // after the execution's lease was last taken; the run is killed during their re-read, before any
  // intent, and the resume takes the execution over as soon as its lease expires.
  it('resumes the alerts its killed run had claimed but not sent', async () => {
    const setting = await setup([], 0, 20);
    setting.emulator.faults.inject({ action: 'HandleSecurityEvents', queue: ['latency'], latencyMs: 400 });
    const directory = await storeDirectory();
    const options = { ...EXECUTE, concurrency: 1, leaseTtlMs: 3_000 };
    const child = await startExecutionChild();
    const before = { action: 'DescribeSuspEvents', nth: 11, when: 'before' } as const;
    expect((await executeUntilKilled(child, setting, directory, before, options)).killed).toBe(true);
    const executionId = await onlyExecution(directory);

    const report = await resumeOnceFree(setting.emulator, executionId, directory, options);

    expect(problemsOf(setting, report)).toEqual([]);
    expect(report.outcomes.filter((outcome) => outcome.status !== 'succeeded')).toEqual([]);
  }, 30_000);
});
