import { AbortError, SdkError } from '../errors.js';
import { checkOptions, type OptionRules } from '../util/check-options.js';
import { mapWithConcurrency } from '../util/concurrency.js';
import { executablePlan, type Plan, type PlannedBatch } from './plan-format.js';
import { POLL_OPTION_RULES, type TaskProgress, type WaitForTaskOptions, waitForTask } from './poller.js';
import { type ReconcileCalls, reconcile } from './reconcile.js';
import { type AlertOutcome, HandlingReport } from './report.js';
import type { SasCalls } from './sas-calls.js';
import { markMissParamAtSendTime } from './send-time-whitelist.js';

/** Progress of {@link AlertHandler.execute}, reported after each step of each batch. */
export interface ExecuteProgress {
  /** `submitted`: the task started; `polling`: a status query answered; `finished`: the batch has outcomes. */
  readonly phase: 'submitted' | 'polling' | 'finished';
  /** 0-based index of the batch. */
  readonly batchIndex: number;
  /** Batches in the plan. */
  readonly batchCount: number;
  /** The batch's alerts. */
  readonly alertIds: readonly string[];
  /** The batch's task, once started. */
  readonly taskId?: number;
  /** The latest status query's progress, in the `polling` phase. */
  readonly task?: TaskProgress;
  /** Alerts of the plan with an outcome so far. */
  readonly completedAlerts: number;
  /** Alerts in the plan's batches. */
  readonly totalAlerts: number;
  /** The batch's outcomes, in the `finished` phase. */
  readonly outcomes?: readonly AlertOutcome[];
  /**
   * The `MarkMissParam` a whitelist batch sent, in the `finished` phase: the alert type's rules as
   * re-read just before sending, merged with the plan's (so it may differ from the plan's).
   */
  readonly markMissParam?: string;
}

/** Options of {@link AlertHandler.execute}. */
export interface ExecuteOptions {
  /** Stops execution: batches not yet sent are skipped, running ones end as timed out. */
  signal?: AbortSignal;
  /** Called with the progress of each batch. Exceptions it throws are ignored. */
  onProgress?: (progress: ExecuteProgress) => void;
  /** How to wait for each batch's task. */
  poll?: Omit<WaitForTaskOptions, 'signal' | 'onProgress'>;
  /**
   * Batches in flight at once.
   * @defaultValue 1
   */
  concurrency?: number;
  /**
   * How long reconciliation waits before reading again an alert whose handling call's answer was lost
   * and that it found still pending with no handling; only if the second read shows the same is the
   * alert reported `failed` (verified not applied). It must exceed the request's deadline (`timeoutMs`
   * of the client), because the service may apply a request after its caller gave up.
   * @defaultValue 15 000 ms, longer than the client's default per-attempt deadline of 10 000 ms
   */
  reconcileGraceMs?: number;
}

/** Rules of {@link ExecuteOptions}. */
export const EXECUTE_OPTION_RULES = {
  signal: { kind: 'signal' },
  onProgress: { kind: 'function' },
  poll: { kind: 'object', rules: POLL_OPTION_RULES },
  concurrency: { kind: 'integer', min: 1, max: 64 },
  reconcileGraceMs: { kind: 'duration' },
} as const satisfies OptionRules;

/**
 * The calls execution makes: the handling call, its task's status, the re-read of whitelist rules
 * before a whitelist batch is sent, and the reads of reconciliation.
 */
export type ExecuteCalls = Pick<SasCalls, 'handleSecurityEvents' | 'describeSecurityEventOperations'> &
  ReconcileCalls;

/** What one batch came to: its outcomes, and the `MarkMissParam` it sent, if any. */
interface BatchResult {
  readonly outcomes: AlertOutcome[];
  readonly markMissParam?: string;
}

/**
 * Carries out a plan: one `HandleSecurityEvents` per batch, then a bounded wait for its task. Every
 * alert of the plan gets exactly one outcome; a failed batch does not stop the others. A handling call
 * whose answer was lost (timeout, reset connection, 5xx) is never resent: the alerts' state is read to
 * report what can be proven, and `unknown` where nothing can.
 *
 * The plan is checked first, as `parsePlan` does (a plan read back from storage is data like any
 * other), and refused when it has expired: nothing is sent then.
 *
 * @throws {@link ValidationError} when an option or the plan is not valid
 * @throws {@link PlanExpiredError} when the plan's `expiresAt` has passed
 *
 * @example
 * ```ts
 * const report = await executePlan(sas, plan, { onProgress: (p) => console.log(p.phase, p.batchIndex) });
 * console.log(report.summary());
 * ```
 */
export async function executePlan(
  calls: ExecuteCalls,
  given: Plan,
  options: ExecuteOptions = {},
  lang?: 'zh' | 'en',
): Promise<HandlingReport> {
  checkOptions(options, EXECUTE_OPTION_RULES, 'execute');
  const plan = executablePlan(given, Date.now());
  const { signal } = options;
  const totalAlerts = plan.batches.reduce((sum, batch) => sum + batch.alertIds.length, 0);
  let completedAlerts = 0;
  const progress = (
    batchIndex: number,
    update: Omit<
      ExecuteProgress,
      'batchIndex' | 'batchCount' | 'alertIds' | 'completedAlerts' | 'totalAlerts'
    >,
  ) => {
    const batch = plan.batches[batchIndex] as PlannedBatch;
    try {
      options.onProgress?.({
        ...update,
        batchIndex,
        batchCount: plan.batches.length,
        alertIds: batch.alertIds,
        completedAlerts,
        totalAlerts,
      });
    } catch {
      // A progress callback must not break the execution it reports on.
    }
  };

  // Whitelist batches go one at a time: each re-reads the rules it replaces, so two in flight could each
  // miss the other's additions.
  const whitelistTurn = oneAtATime();
  const batchOutcomes = await mapWithConcurrency(
    plan.batches,
    options.concurrency ?? 1,
    async (batch, index) => {
      const run = () => runBatch(calls, lang, batch, options, (update) => progress(index, update));
      const { outcomes, markMissParam } =
        batch.operation.markMissParam === undefined ? await run() : await whitelistTurn(run);
      completedAlerts += outcomes.length;
      progress(index, {
        phase: 'finished',
        outcomes,
        ...(outcomes[0]?.taskId !== undefined && { taskId: outcomes[0].taskId }),
        ...(markMissParam !== undefined && { markMissParam }),
      });
      return outcomes;
    },
  );

  const skipped: AlertOutcome[] = plan.skipped.map((entry) => ({
    alertId: entry.alertId,
    operation: entry.operation,
    status: 'skipped',
    reason: entry.reason,
    ...(entry.errorCode !== undefined && { errorCode: entry.errorCode }),
  }));
  return new HandlingReport([...batchOutcomes.flat(), ...skipped], { aborted: signal?.aborted ?? false });
}

async function runBatch(
  calls: ExecuteCalls,
  lang: 'zh' | 'en' | undefined,
  batch: PlannedBatch,
  options: ExecuteOptions,
  progress: (update: Pick<ExecuteProgress, 'phase' | 'taskId' | 'task'>) => void,
): Promise<BatchResult> {
  const { operation, alertIds } = batch;
  const { signal } = options;
  const all = (outcome: Omit<AlertOutcome, 'alertId' | 'operation'>) => everyAlert(batch, outcome);
  const notSent = () => everyAlert(batch, NOT_SENT);
  if (signal?.aborted) return { outcomes: notSent() };

  let markMissParam: string | undefined;
  if (operation.markMissParam !== undefined) {
    try {
      markMissParam = await markMissParamAtSendTime(
        calls,
        lang,
        alertIds[0] as string,
        operation.markMissParam,
        signal,
      );
    } catch (error) {
      if (!(error instanceof SdkError)) throw error;
      if (error instanceof AbortError) return { outcomes: notSent() };
      const reason = `Its whitelist rules could not be re-read before sending (${error.code}), so nothing was sent: handle it again.`;
      return { outcomes: all({ status: 'failed', errorCode: error.code, error, reason }) };
    }
  }
  const sent = markMissParam === undefined ? {} : { markMissParam };
  return { outcomes: await handleBatch(calls, lang, batch, markMissParam, options, progress), ...sent };
}

/** Sends one batch's handling call, then waits for its task; a lost answer is reconciled, never resent. */
async function handleBatch(
  calls: ExecuteCalls,
  lang: 'zh' | 'en' | undefined,
  batch: PlannedBatch,
  markMissParam: string | undefined,
  options: ExecuteOptions,
  progress: (update: Pick<ExecuteProgress, 'phase' | 'taskId' | 'task'>) => void,
): Promise<AlertOutcome[]> {
  const { operation, alertIds } = batch;
  const { signal } = options;
  const all = (outcome: Omit<AlertOutcome, 'alertId' | 'operation'>) => everyAlert(batch, outcome);

  let taskId: number | undefined;
  try {
    const response = await calls.handleSecurityEvents(
      {
        SecurityEventIds: alertIds,
        OperationCode: operation.code,
        OperationParams: operation.params,
        ...(markMissParam !== undefined && { MarkMissParam: markMissParam }),
      },
      { signal },
    );
    taskId = response.HandleSecurityEventsResponse?.TaskId;
  } catch (error) {
    if (!(error instanceof SdkError)) throw error;
    // The transport decided once whether the call may have been applied; a lost answer is never resent.
    if (error.delivery === 'unknown') {
      return reconcile(calls, lang, operation.code, alertIds, error, signal, {
        poll: options.poll,
        graceMs: options.reconcileGraceMs,
      });
    }
    if (error instanceof AbortError) return all(NOT_SENT);
    return all({ status: 'failed', errorCode: error.code, error });
  }
  if (taskId === undefined) {
    return all({
      status: 'timedOut',
      reason:
        'The service started no task (no TaskId in its answer): check the alert before handling it again.',
    });
  }
  progress({ phase: 'submitted', taskId });

  try {
    const result = await waitForTask(calls, taskId, alertIds, {
      ...options.poll,
      signal,
      onProgress: (task) => progress({ phase: 'polling', taskId, task }),
    });
    const { lastError } = result;
    const seconds = Math.round(result.elapsedMs / 1000);
    // A still-running or unreadable task: every alert keeps the taskId, and the reason names the last error.
    const reason =
      lastError === undefined
        ? `task ${taskId} still ${result.taskStatus === 'TimedOut' ? 'running' : result.taskStatus} after ${seconds} s; check the alert later`
        : `task ${taskId} not seen finished after ${seconds} s and ${result.attempts} status queries, the last of which failed (${lastError.name} ${lastError.code}); check the alert later`;
    return result.events.map((event) => ({
      alertId: event.alertId,
      operation: operation.code,
      status: event.status,
      taskId,
      ...(event.errorCode !== undefined && { errorCode: event.errorCode }),
      ...(event.error !== undefined && { error: event.error }),
      ...(event.status === 'timedOut' && { reason, ...(lastError !== undefined && { error: lastError }) }),
    }));
  } catch (error) {
    if (!(error instanceof SdkError)) throw error;
    const why =
      error instanceof AbortError
        ? 'execution was aborted'
        : `its status could not be read (${error.name} ${error.code})`;
    return all({
      status: 'timedOut',
      taskId,
      error,
      reason: `Task ${taskId} started but ${why}: check the alert.`,
    });
  }
}

/** The outcome of a batch that an abort kept from being sent. */
const NOT_SENT = { status: 'skipped', reason: 'Execution was aborted before this batch was sent.' } as const;

/** The same outcome for every alert of a batch. */
function everyAlert(
  batch: PlannedBatch,
  outcome: Omit<AlertOutcome, 'alertId' | 'operation'>,
): AlertOutcome[] {
  return batch.alertIds.map((alertId) => ({ alertId, operation: batch.operation.code, ...outcome }));
}

/** Runs the work given to it one at a time, in the order given, whatever each ends with. */
function oneAtATime(): <T>(work: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return (work) => {
    const turn = tail.then(work, work);
    tail = turn.catch(() => undefined);
    return turn;
  };
}
