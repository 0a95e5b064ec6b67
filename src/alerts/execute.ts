import { AbortError, ExecutionInterruptedError, SdkError } from '../errors.js';
import type { Store } from '../stores/store.js';
import { checkOptions, type OptionRules } from '../util/check-options.js';
import { mapWithConcurrency, slots } from '../util/concurrency.js';
import { exactNumber } from '../util/int64.js';
import type { Alert } from './alert.js';
import { claimInProcess, releaseInProcess } from './alert-claims.js';
import {
  type BatchIntent,
  ExecutionJournal,
  type JournaledBatch,
  newExecutionId,
} from './execution-journal.js';
import type { HandlingBaseline } from './handling-baseline.js';
import { executablePlan, type Plan, type PlannedBatch, type PlannedOperation } from './plan-format.js';
import { POLL_OPTION_RULES, type TaskProgress, type WaitForTaskOptions, waitForTask } from './poller.js';
import { type ReconcileCalls, reconcile } from './reconcile.js';
import { resolveRemark } from './remark.js';
import { type AlertOutcome, HandlingReport } from './report.js';
import type { SasCalls } from './sas-calls.js';
import { checkBeforeSend } from './send-time-check.js';
import { paramsAtSendTime } from './send-time-params.js';
import { markMissParamAtSendTime } from './send-time-whitelist.js';

/** Progress of {@link AlertHandler.execute}, reported after each step of each batch. */
export interface ExecuteProgress {
  /** The execution. */
  readonly executionId: string;
  /** `submitted`: the task started; `polling`: a status query answered; `finished`: the batch has outcomes. */
  readonly phase: 'submitted' | 'polling' | 'finished';
  /** 0-based index of the batch. */
  readonly batchIndex: number;
  /** Batches in the plan. */
  readonly batchCount: number;
  /** The batch's alerts. */
  readonly alertIds: readonly string[];
  /** The batch's operation, as planned. */
  readonly operation: PlannedOperation;
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
   * The `OperationParams` the batch sent, in the `finished` phase, when it sent a handling call:
   * relative values (a block's duration) resolved when it was sent.
   */
  readonly params?: string;
  /**
   * The `MarkMissParam` a whitelist batch sent, in the `finished` phase: the alert type's rules as
   * re-read just before sending, merged with the plan's (so it may differ from the plan's).
   */
  readonly markMissParam?: string;
  /**
   * The batch's `Remark` as it is sent, when the plan gives it one: each `{executionId}` of the
   * planned remark replaced by `executionId`.
   */
  readonly remark?: string;
}

/** A batch about to be sent, as {@link ExecuteOptions.beforeSend} sees it. */
export interface BatchToSend {
  /** The execution. */
  readonly executionId: string;
  /** 0-based index of the batch in the plan. */
  readonly batchIndex: number;
  /** The batch's operation, as planned. */
  readonly operation: PlannedOperation;
  /** The alerts about to be sent, as just re-read (still pending, no handling running), in the plan's order. */
  readonly alerts: readonly Alert[];
}

/** An alert {@link ExecuteOptions.beforeSend} holds back, and why. */
export interface HeldBackAlert {
  /** The alert. */
  readonly alertId: string;
  /** Why it is not sent, for its outcome's `reason`. */
  readonly reason: string;
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
   * Batches being sent at once (claimed, re-read, recorded and sent), in the plan's order. Once a
   * batch's handling call has answered, its task is polled while the next batches are sent (see
   * `overlapPolling`). The client's adaptive rate decides how fast the calls go; 4 keep 50 requests/s
   * going at up to 300 ms a call. Whitelist batches go one at a time whatever this says.
   * @defaultValue 4
   */
  concurrency?: number;
  /**
   * Whether the next batches are sent while earlier batches' tasks are polled. `false`: each batch
   * (`concurrency` at a time) runs to its outcomes before the next is sent, which is what a caller
   * watching outcomes to stop sending (a circuit breaker) needs. An abort leaves the batches already
   * sent as timed out either way.
   * @defaultValue true
   */
  overlapPolling?: boolean;
  /**
   * How long reconciliation waits before reading again an alert whose handling call's answer was lost
   * and that it found still pending with no handling; only if the second read shows the same is the
   * alert reported `failed` (verified not applied). It must exceed the request's deadline (`timeoutMs`
   * of the client), because the service may apply a request after its caller gave up.
   * @defaultValue 15 000 ms, longer than the client's default per-attempt deadline of 10 000 ms
   */
  reconcileGraceMs?: number;
  /**
   * The write-ahead journal ({@link fileJournal}, or any {@link Store}): the plan, each batch's intent
   * before its handling call and its outcomes after, so that an interrupted execution can be finished
   * with {@link AlertHandler.resume} without sending anything twice. With it, alerts are also claimed
   * in the store, so that executions in other processes sharing it never handle the same alert.
   */
  journal?: Store;
  /**
   * How long the execution's leases in the journal (its own, and those of the alerts it is sending) last
   * without renewal; they are renewed every third of it. A process that dies holding them keeps the
   * execution from being resumed, and its alerts from being handled elsewhere, until they expire.
   * @defaultValue 30 000 ms
   */
  leaseTtlMs?: number;
  /**
   * A last check of each batch, called right before its handling call with the alerts as just re-read:
   * the alerts it returns are held back (outcome `skipped`, with its reason), the others are sent. It is
   * called synchronously and once per batch, so a count it keeps of what it let through holds however
   * many batches are in flight. If it throws, the whole batch is held back. Response plans use it to
   * re-check their guards before every batch.
   *
   * @example
   * ```ts
   * let sent = 0;
   * await alerts.execute(plan, {
   *   beforeSend: ({ alerts: batch }) =>
   *     batch.filter(() => ++sent > 50).map(({ id }) => ({ alertId: id, reason: 'at most 50 alerts' })),
   * });
   * ```
   */
  beforeSend?: (batch: BatchToSend) => readonly HeldBackAlert[] | undefined;
}

/** Rules of {@link ExecuteOptions}. */
export const EXECUTE_OPTION_RULES = {
  signal: { kind: 'signal' },
  onProgress: { kind: 'function' },
  poll: { kind: 'object', rules: POLL_OPTION_RULES },
  concurrency: { kind: 'integer', min: 1, max: 64 },
  overlapPolling: { kind: 'boolean' },
  reconcileGraceMs: { kind: 'duration' },
  journal: {
    kind: 'methods',
    what: 'a store such as fileJournal(…)',
    names: [
      'append',
      'read',
      'streams',
      'acquire',
      'renew',
      'release',
      'holder',
      'getCheckpoint',
      'putCheckpoint',
    ],
  },
  leaseTtlMs: { kind: 'duration', min: 1000 },
  beforeSend: { kind: 'function' },
} as const satisfies OptionRules;

/** Options of {@link AlertHandler.resume}: those of execution, the journal required. */
export interface ResumeOptions extends Omit<ExecuteOptions, 'journal'> {
  /** The journal the execution was run with. */
  journal: Store;
}

/** Rules of {@link ResumeOptions}. */
export const RESUME_OPTION_RULES = EXECUTE_OPTION_RULES;

/** {@link ExecuteOptions.concurrency} when not given. */
const DEFAULT_EXECUTE_CONCURRENCY = 4;

/** {@link ExecuteOptions.leaseTtlMs} when not given. */
const DEFAULT_LEASE_TTL_MS = 30_000;

/**
 * The calls execution makes: the re-read of each batch's alerts before sending, the handling call, its
 * task's status, the re-read of whitelist rules before a whitelist batch is sent, and the reads of
 * reconciliation.
 */
export type ExecuteCalls = Pick<
  SasCalls,
  'handleSecurityEvents' | 'describeSecurityEventOperations' | 'describeSuspEvents' | 'claimScope'
> &
  ReconcileCalls;

/** What one batch came to: its outcomes, and what it sent, if it sent anything. */
interface BatchResult {
  readonly outcomes: readonly AlertOutcome[];
  readonly params?: string;
  readonly markMissParam?: string;
  /** What the alerts sent showed just before the call. */
  readonly baselines?: ReadonlyMap<string, HandlingBaseline>;
}

/** What a batch step reports: its phase and task. */
type BatchProgress = (update: Pick<ExecuteProgress, 'phase' | 'taskId' | 'task'>) => void;

/** Called once a batch's handling call has answered (or the batch ended without one): it is sent. */
type OnSent = () => void;

/**
 * Carries out a plan: for each batch, the alerts are claimed and re-read (those no longer pending, or
 * being handled elsewhere, are skipped), then one `HandleSecurityEvents` is sent and its task waited for.
 * Every alert of the plan gets exactly one outcome; a failed batch does not stop the others. A handling
 * call whose answer was lost (timeout, reset connection, 5xx) is never resent: the alerts' state is read
 * to report what can be proven for this call, and `unknown` where nothing can. With a journal, each
 * batch's intent is written before its call and its outcomes after.
 *
 * The plan is checked first, as `parsePlan` does (a plan read back from storage is data like any
 * other), and refused when it has expired: nothing is sent then.
 *
 * @throws {@link ValidationError} when an option or the plan is not valid
 * @throws {@link PlanExpiredError} when the plan's `expiresAt` has passed
 *
 * @example
 * ```ts
 * const report = await executePlan(sas, plan, { journal: fileJournal('.alert-handler/journal') });
 * console.log(report.executionId, report.summary());
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
  const leaseTtlMs = options.leaseTtlMs ?? DEFAULT_LEASE_TTL_MS;
  const journal =
    options.journal && (await ExecutionJournal.begin(options.journal, plan, leaseTtlMs, Date.now()));
  const executionId = journal?.executionId ?? newExecutionId(Date.now());
  return runExecution(calls, lang, { plan, executionId, journal, journaled: new Map() }, options);
}

/**
 * Finishes an execution its journal holds: batches with outcomes keep them, batches whose intent was
 * written without outcomes are reconciled (their task waited for when it is known, the alerts read
 * otherwise; never resent), and batches never started are run as {@link executePlan} runs them (skipped
 * if the plan has expired). The report covers the whole execution.
 *
 * @throws {@link ExecutionNotFoundError} when the journal holds no such execution
 * @throws {@link ExecutionLockedError} when another runner holds it
 *
 * @example
 * ```ts
 * const { report, plan } = await resumeExecution(sas, 'exec-20261201-081010-3fa9c2d1', { journal });
 * ```
 */
export async function resumeExecution(
  calls: ExecuteCalls,
  executionId: string,
  options: ResumeOptions,
  lang?: 'zh' | 'en',
): Promise<{ report: HandlingReport; plan: Plan }> {
  const leaseTtlMs = options.leaseTtlMs ?? DEFAULT_LEASE_TTL_MS;
  const { journal, execution } = await ExecutionJournal.reopen(options.journal, executionId, leaseTtlMs);
  const { plan, batches: journaled } = execution;
  const report = await runExecution(calls, lang, { plan, executionId, journal, journaled }, options);
  return { report, plan };
}

/** An execution to run: its plan and id, its journal if any, and what the journal already holds. */
interface ExecutionRun {
  readonly plan: Plan;
  readonly executionId: string;
  readonly journal: ExecutionJournal | undefined;
  readonly journaled: ReadonlyMap<number, JournaledBatch>;
}

async function runExecution(
  calls: ExecuteCalls,
  lang: 'zh' | 'en' | undefined,
  run: ExecutionRun,
  options: ExecuteOptions,
): Promise<HandlingReport> {
  const { plan, executionId, journal, journaled } = run;
  const { signal } = options;
  const totalAlerts = plan.batches.reduce((sum, batch) => sum + batch.alertIds.length, 0);
  let completedAlerts = 0;
  const progress = (
    batchIndex: number,
    update: Pick<ExecuteProgress, 'phase' | 'taskId' | 'task' | 'outcomes' | 'params' | 'markMissParam'>,
  ) => {
    const batch = plan.batches[batchIndex] as PlannedBatch;
    try {
      options.onProgress?.({
        ...update,
        executionId,
        batchIndex,
        batchCount: plan.batches.length,
        alertIds: batch.alertIds,
        operation: batch.operation,
        ...(batch.remark !== undefined && { remark: resolveRemark(batch.remark, executionId) }),
        completedAlerts,
        totalAlerts,
      });
    } catch {
      // A progress callback must not break the execution it reports on.
    }
  };
  const expired = plan.expiresAt !== undefined && Date.parse(plan.expiresAt) <= Date.now();

  // Whitelist batches go one at a time: each re-reads the rules it replaces, so two in flight could each
  // miss the other's additions.
  const whitelistTurn = oneAtATime();
  const baselines = new Map<string, HandlingBaseline>();
  // Overlapping: every batch waits for a sending place, in the plan's order, and gives it back once its
  // handling call has answered, so that its task is polled while the next batches are sent.
  const concurrency = options.concurrency ?? DEFAULT_EXECUTE_CONCURRENCY;
  const overlap = options.overlapPolling ?? true;
  const sending = slots(concurrency);
  try {
    const batchOutcomes = await mapWithConcurrency(
      plan.batches,
      overlap ? plan.batches.length : concurrency,
      async (batch, index) => {
        const earlier = journaled.get(index);
        for (const [alertId, baseline] of Object.entries(earlier?.intent?.baselines ?? {})) {
          baselines.set(alertId, baseline);
        }
        if (earlier?.outcomes !== undefined) {
          completedAlerts += earlier.outcomes.length;
          return earlier.outcomes;
        }
        const report = (update: Parameters<BatchProgress>[0]) => progress(index, update);
        const sent: OnSent = overlap ? await sending.take() : () => undefined;
        const send = () => sendBatch(calls, lang, { ...run, index, batch }, options, report, sent);
        let result: BatchResult;
        try {
          if (earlier?.intent !== undefined) {
            const { intent, taskId } = earlier;
            result = await settleInDoubt(calls, lang, { ...run, index, batch }, intent, taskId, options);
          } else if (expired) {
            result = { outcomes: everyAlert(batch, PLAN_EXPIRED(plan.expiresAt as string)) };
          } else {
            result = batch.operation.markMissParam === undefined ? await send() : await whitelistTurn(send);
          }
        } finally {
          sent();
        }
        for (const [alertId, baseline] of result.baselines ?? []) baselines.set(alertId, baseline);
        await journal?.outcomes(index, result.outcomes).catch(ignoreStoreError);
        completedAlerts += result.outcomes.length;
        const { outcomes, params, markMissParam } = result;
        const taskId = outcomes.find((outcome) => outcome.taskId !== undefined)?.taskId;
        progress(index, {
          phase: 'finished',
          outcomes,
          ...(taskId !== undefined && { taskId }),
          ...(params !== undefined && { params }),
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
    const report = new HandlingReport([...batchOutcomes.flat(), ...skipped], {
      aborted: signal?.aborted ?? false,
      executionId,
      baselines,
    });
    await journal?.end(report.counts, report.aborted).catch(ignoreStoreError);
    return report;
  } finally {
    await journal?.close().catch(ignoreStoreError);
  }
}

/** One batch of a run: the run, the batch's index and the batch. */
interface BatchRun extends ExecutionRun {
  readonly index: number;
  readonly batch: PlannedBatch;
}

/**
 * Sends one batch: claims its alerts (in this process, and in the journal's store), re-reads them,
 * re-reads a whitelist's rules, writes the intent, then sends the handling call for the alerts still
 * pending and waits for its task. Alerts held back get their own outcomes; the batch's order is kept.
 */
async function sendBatch(
  calls: ExecuteCalls,
  lang: 'zh' | 'en' | undefined,
  { executionId, journal, index, batch }: BatchRun,
  options: ExecuteOptions,
  progress: BatchProgress,
  onSent: OnSent,
): Promise<BatchResult> {
  const { operation, alertIds } = batch;
  const { signal } = options;
  if (signal?.aborted) return { outcomes: everyAlert(batch, NOT_SENT) };
  const remark = batch.remark === undefined ? undefined : resolveRemark(batch.remark, executionId);

  const outcomes = new Map<string, AlertOutcome>();
  const hold = (ids: Iterable<string>, outcome: Omit<AlertOutcome, 'alertId' | 'operation'>) => {
    for (const alertId of ids) outcomes.set(alertId, { alertId, operation: operation.code, ...outcome });
  };
  const inOrder = (sent: Omit<BatchResult, 'outcomes'> = {}): BatchResult => ({
    outcomes: alertIds.map((alertId) => outcomes.get(alertId) as AlertOutcome),
    ...sent,
  });

  const here = claimInProcess(executionId, alertIds, calls.claimScope);
  for (const [alertId, other] of here.heldBy) {
    hold([alertId], {
      status: 'skipped',
      reason: `The alert is being handled by execution ${other} in this process, so nothing was sent.`,
    });
  }
  try {
    let claimed = here.claimed;
    if (journal !== undefined) {
      try {
        const inStore = await journal.claim(index, claimed);
        for (const [alertId, reason] of inStore.held) hold([alertId], { status: 'skipped', reason });
        claimed = inStore.claimed;
      } catch (error) {
        if (!(error instanceof SdkError)) throw error;
        hold(claimed, journalFailed(error));
        return inOrder();
      }
    }

    const check = await checkBeforeSend(calls, lang, operation.code, claimed, signal);
    for (const outcome of check.held) outcomes.set(outcome.alertId, outcome);
    let ready = [...check.ready.keys()];
    if (ready.length === 0) return inOrder();

    let markMissParam: string | undefined;
    if (operation.markMissParam !== undefined) {
      try {
        // A `part` rule already bound to every alert's machine is not sent again; unknown machines: no such check.
        const hosts = ready.map((alertId) => check.hosts.get(alertId));
        markMissParam = await markMissParamAtSendTime(
          calls,
          lang,
          ready[0] as string,
          operation.markMissParam,
          signal,
          hosts.every((host) => host !== undefined) ? hosts : [],
        );
      } catch (error) {
        if (!(error instanceof SdkError)) throw error;
        if (error instanceof AbortError) hold(ready, NOT_SENT);
        else {
          const reason = `Its whitelist rules could not be re-read before sending (${error.code}), so nothing was sent: handle it again.`;
          hold(ready, { status: 'failed', errorCode: error.code, error, reason });
        }
        return inOrder();
      }
    }
    ready = heldBackBySendCheck(
      options.beforeSend,
      { executionId, batchIndex: index, operation },
      ready,
      check.alerts,
      hold,
    );
    if (ready.length === 0) return inOrder();
    const params = paramsAtSendTime(operation, Date.now());

    if (journal !== undefined) {
      try {
        const lost = await journal.confirmClaims(ready);
        hold(lost, {
          status: 'skipped',
          reason: 'This execution lost its claim on the alert (its lease expired), so nothing was sent.',
        });
        ready = ready.filter((alertId) => !lost.has(alertId));
        if (ready.length === 0) return inOrder();
        await journal.intent(index, {
          alertIds: ready,
          params,
          ...(markMissParam !== undefined && { markMissParam }),
          ...(remark !== undefined && { remark }),
          baselines: Object.fromEntries(ready.map((alertId) => [alertId, check.ready.get(alertId) ?? {}])),
        });
      } catch (error) {
        if (!(error instanceof SdkError)) throw error;
        hold(ready, journalFailed(error));
        return inOrder();
      }
    }
    if (signal?.aborted) {
      hold(ready, NOT_SENT);
      return inOrder();
    }

    const sent = await handleBatch(
      calls,
      lang,
      {
        code: operation.code,
        alertIds: ready,
        params,
        markMissParam,
        remark,
        baselines: check.ready,
        onTask: (taskId) => journal?.sent(index, taskId).catch(ignoreStoreError),
      },
      options,
      progress,
      onSent,
    );
    for (const outcome of sent) outcomes.set(outcome.alertId, outcome);
    return inOrder({
      params,
      ...(markMissParam !== undefined && { markMissParam }),
      baselines: check.ready,
    });
  } finally {
    releaseInProcess(executionId, here.claimed, calls.claimScope);
  }
}

/**
 * Asks {@link ExecuteOptions.beforeSend} about the alerts ready to send; returns those it lets through,
 * in order, after holding back the others (all of them when it throws or answers with something else).
 */
function heldBackBySendCheck(
  beforeSend: ExecuteOptions['beforeSend'],
  batch: Omit<BatchToSend, 'alerts'>,
  ready: readonly string[],
  alerts: ReadonlyMap<string, Alert>,
  hold: (ids: Iterable<string>, outcome: Omit<AlertOutcome, 'alertId' | 'operation'>) => void,
): string[] {
  if (beforeSend === undefined) return [...ready];
  let held: ReadonlyMap<string, string>;
  try {
    const answer = beforeSend({ ...batch, alerts: ready.map((alertId) => alerts.get(alertId) as Alert) });
    held = new Map((answer ?? []).map(({ alertId, reason }) => [String(alertId), String(reason)]));
  } catch (error) {
    const reason = `The check before sending failed (${error instanceof Error ? error.message : String(error)}), so nothing was sent.`;
    hold(ready, { status: 'skipped', reason });
    return [];
  }
  const sent: string[] = [];
  for (const alertId of ready) {
    const reason = held.get(alertId);
    if (reason === undefined) sent.push(alertId);
    else hold([alertId], { status: 'skipped', reason });
  }
  return sent;
}

/** A batch's handling call, as it is sent. */
interface Sending {
  readonly code: PlannedBatch['operation']['code'];
  readonly alertIds: readonly string[];
  readonly params: string;
  readonly markMissParam: string | undefined;
  readonly remark: string | undefined;
  readonly baselines: ReadonlyMap<string, HandlingBaseline>;
  /** Called once the call's answer names its task. */
  readonly onTask: (taskId: number) => Promise<void> | undefined;
}

/** Sends one batch's handling call, then waits for its task; a lost answer is reconciled, never resent. */
async function handleBatch(
  calls: ExecuteCalls,
  lang: 'zh' | 'en' | undefined,
  sending: Sending,
  options: ExecuteOptions,
  progress: BatchProgress,
  sent: OnSent,
): Promise<AlertOutcome[]> {
  const { code, alertIds, params, markMissParam, remark } = sending;
  const { signal } = options;
  const all = (outcome: Omit<AlertOutcome, 'alertId' | 'operation'>): AlertOutcome[] =>
    alertIds.map((alertId) => ({ alertId, operation: code, ...outcome }));

  let taskId: number | undefined;
  try {
    const response = await calls.handleSecurityEvents(
      {
        SecurityEventIds: [...alertIds],
        OperationCode: code,
        OperationParams: params,
        ...(markMissParam !== undefined && { MarkMissParam: markMissParam }),
        ...(remark !== undefined && { Remark: remark }),
      },
      { signal },
    );
    taskId = exactNumber(response.HandleSecurityEventsResponse?.TaskId);
  } catch (error) {
    sent();
    if (!(error instanceof SdkError)) throw error;
    // The transport decided once whether the call may have been applied; a lost answer is never resent.
    if (error.delivery === 'unknown') {
      return reconcile(calls, lang, code, alertIds, error, signal, {
        poll: options.poll,
        graceMs: options.reconcileGraceMs,
        baselines: sending.baselines,
      });
    }
    if (error instanceof AbortError) return all(NOT_SENT);
    return all({ status: 'failed', errorCode: error.code, error });
  }
  sent();
  if (taskId === undefined) {
    return all({
      status: 'timedOut',
      reason:
        'The service named no task this SDK can follow (no TaskId in its answer, or one beyond 2^53): check the alert before handling it again.',
    });
  }
  await sending.onTask(taskId);
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
      operation: code,
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

/**
 * Finds out what became of a batch whose intent was written but whose outcomes were not (its runner
 * stopped): its task when the journal has it, the alerts' state against their baselines otherwise.
 * Nothing is sent. Alerts of the batch that were held back before sending are reported not sent.
 */
async function settleInDoubt(
  calls: ExecuteCalls,
  lang: 'zh' | 'en' | undefined,
  { executionId, batch }: BatchRun,
  intent: BatchIntent,
  taskId: number | undefined,
  options: ExecuteOptions,
): Promise<BatchResult> {
  const code = batch.operation.code;
  const reconciled = await reconcile(
    calls,
    lang,
    code,
    intent.alertIds,
    new ExecutionInterruptedError(executionId),
    options.signal,
    {
      poll: options.poll,
      graceMs: options.reconcileGraceMs,
      sentAtMs: intent.at,
      baselines: new Map(Object.entries(intent.baselines)),
      ...(taskId !== undefined && { taskId }),
    },
  );
  const byAlert = new Map(reconciled.map((outcome) => [outcome.alertId, outcome]));
  return {
    outcomes: batch.alertIds.map(
      (alertId) =>
        byAlert.get(alertId) ?? {
          alertId,
          operation: code,
          status: 'skipped',
          reason: `Held back before sending when execution ${executionId} was interrupted, so nothing was sent: plan it again if it is still pending.`,
        },
    ),
    params: intent.params,
    ...(intent.markMissParam !== undefined && { markMissParam: intent.markMissParam }),
    baselines: new Map(Object.entries(intent.baselines)),
  };
}

/** The outcome of a batch that an abort kept from being sent. */
const NOT_SENT = { status: 'skipped', reason: 'Execution was aborted before this batch was sent.' } as const;

/** The outcome of a batch never started before its plan expired. */
function PLAN_EXPIRED(expiresAt: string): Omit<AlertOutcome, 'alertId' | 'operation'> {
  return {
    status: 'skipped',
    reason: `The plan expired at ${expiresAt} before this batch was sent, so nothing was sent: plan it again.`,
  };
}

/** The outcome of alerts whose claim or intent could not be written to the journal: nothing was sent. */
function journalFailed(error: SdkError): Omit<AlertOutcome, 'alertId' | 'operation'> {
  return {
    status: 'failed',
    errorCode: error.code,
    error,
    reason: `The journal could not be written (${error.name} ${error.code}), so nothing was sent: handle it again.`,
  };
}

/**
 * A journal write after the fact (a task, outcomes, the end) that failed: the report still holds what
 * happened, and a resumed execution reconciles what the journal lacks.
 */
function ignoreStoreError(error: unknown): void {
  if (!(error instanceof SdkError)) throw error;
}

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
