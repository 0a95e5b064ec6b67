/**
 * The submitting side of the workers: a plan put in the queue of a {@link Store}, its batches cut into
 * jobs that workers share, and the submission's progress and report read back.
 *
 * @packageDocumentation
 */
import { journaledExecution } from '../alerts/execution-journal.js';
import { executablePlan, type Plan } from '../alerts/plan-format.js';
import { type AlertOutcome, HandlingReport } from '../alerts/report.js';
import { ValidationError } from '../errors.js';
import type { Store } from '../stores/store.js';
import { checkOptions } from '../util/check-options.js';
import { abortError } from '../util/deadline.js';
import {
  alertsOf,
  cutIntoJobs,
  jobsOf,
  newSubmissionId,
  readJobState,
  readQueuedSubmission,
  SUBMISSION_ID_PATTERN,
  submissionRecord,
} from './queue.js';

/**
 * Options of {@link submitExecution}.
 *
 * @example
 * ```ts
 * const options: SubmitExecutionOptions = { batchesPerJob: 2 };
 * ```
 */
export interface SubmitExecutionOptions {
  /**
   * Batches in one job, the unit a worker takes under one lease and runs as one execution. Whitelist
   * batches all go in one job whatever this says: each re-reads the rules it replaces, so two sent at
   * once by two workers could drop each other's additions.
   * @defaultValue 1
   */
  batchesPerJob?: number;
}

/**
 * A plan put in the queue.
 *
 * @example
 * ```ts
 * const store = fileJournal('.alert-handler/journal');
 * const { submissionId, jobs } = await submitExecution(store, plan);
 * console.log(`${submissionId}: ${jobs} jobs for the workers`);
 * ```
 */
export interface Submission {
  /** Its id, e.g. `sub-20261201-081010-3fa9c2d1`: the name of its stream in the store. */
  readonly submissionId: string;
  /** Jobs the plan was cut into. */
  readonly jobs: number;
  /** Batches of the plan. */
  readonly batches: number;
  /** Alerts in those batches. */
  readonly alerts: number;
}

/**
 * Where a submission stands, and the outcomes of its ended jobs.
 *
 * @example
 * ```ts
 * const status = await readSubmission(fileJournal('.alert-handler/journal'), submissionId);
 * console.log(`${status.pendingJobs} of ${status.jobs} jobs to go`, status.report.summary());
 * ```
 */
export interface SubmissionStatus {
  /** The submission. */
  readonly submissionId: string;
  /** Jobs it was cut into. */
  readonly jobs: number;
  /** Jobs not ended yet: waiting for a worker, or running. */
  readonly pendingJobs: number;
  /** Whether every job ended: then `report` has one outcome per alert of the plan. */
  readonly done: boolean;
  /** The execution that ran each ended job, in job order. */
  readonly executionIds: readonly string[];
  /**
   * The outcomes so far: those of the ended jobs, as their executions' journals hold them (a job refused
   * for good gives its alerts `skipped`, nothing sent), and the plan's skipped alerts.
   */
  readonly report: HandlingReport;
}

/**
 * Options of {@link waitForSubmission}.
 *
 * @example
 * ```ts
 * const store = fileJournal('.alert-handler/journal');
 * const report = await waitForSubmission(store, submissionId, { intervalMs: 500, signal });
 * ```
 */
export interface WaitForSubmissionOptions {
  /**
   * How often the submission is read.
   * @defaultValue 1 000 ms
   */
  intervalMs?: number;
  /** Stops waiting (the workers go on). */
  signal?: AbortSignal;
}

const SUBMIT_OPTION_RULES = { batchesPerJob: { kind: 'integer', min: 1, max: 10_000 } } as const;
const WAIT_OPTION_RULES = { intervalMs: { kind: 'duration' }, signal: { kind: 'signal' } } as const;

/**
 * Puts `plan` in the queue of `store` for the workers ({@link startWorker}) sharing it: its batches cut
 * into jobs of `batchesPerJob`, each run by one worker at a time, under a lease, as an execution of its
 * own journaled in the store. The plan is checked first, as `parsePlan` does, and refused once expired.
 *
 * @throws {@link ValidationError} when the plan or an option is not valid
 * @throws {@link PlanExpiredError} when the plan's `expiresAt` has passed
 *
 * @example
 * ```ts
 * const store = fileJournal('.alert-handler/journal');
 * const plan = await alerts.plan(requests);
 * const { submissionId } = await submitExecution(store, plan);
 * const report = await waitForSubmission(store, submissionId);
 * console.log(report.summary());
 * ```
 */
export async function submitExecution(
  store: Store,
  plan: Plan,
  options: SubmitExecutionOptions = {},
): Promise<Submission> {
  checkOptions(options, SUBMIT_OPTION_RULES, 'submitExecution');
  const checked = executablePlan(plan, Date.now());
  const jobs = cutIntoJobs(checked, options.batchesPerJob ?? 1);
  const submissionId = newSubmissionId(Date.now());
  await store.append(submissionId, [submissionRecord(checked, jobs)]);
  return {
    submissionId,
    jobs: jobs.length,
    batches: checked.batches.length,
    alerts: checked.batches.reduce((sum, batch) => sum + batch.alertIds.length, 0),
  };
}

/**
 * Reads where a submission stands: its jobs ended and pending, and the outcomes so far.
 *
 * @throws {@link ValidationError} when the store holds no such submission
 *
 * @example
 * ```ts
 * const store = fileJournal('.alert-handler/journal');
 * const { done, report } = await readSubmission(store, 'sub-20261201-081010-3fa9c2d1');
 * if (done) console.log(report.summary());
 * ```
 */
export async function readSubmission(store: Store, submissionId: string): Promise<SubmissionStatus> {
  const submission = SUBMISSION_ID_PATTERN.test(submissionId)
    ? await readQueuedSubmission(store, submissionId)
    : undefined;
  if (submission === undefined) {
    throw new ValidationError(
      `readSubmission: the store holds no submission ${JSON.stringify(submissionId)}: check the id ` +
        "(submitExecution's submissionId) and that the store is the one it was submitted to.",
      { field: 'submissionId' },
    );
  }
  const outcomes: AlertOutcome[] = [];
  const executionIds: string[] = [];
  let pendingJobs = 0;
  for (const job of jobsOf(submission)) {
    const state = await readJobState(store, job.key);
    if (state.done !== undefined) {
      executionIds.push(state.done.executionId);
      const execution = await journaledExecution(store, state.done.executionId);
      for (const batch of execution?.batches.values() ?? []) outcomes.push(...(batch.outcomes ?? []));
    } else if (state.failed !== undefined) {
      const { name, message } = state.failed;
      for (const index of job.batches) {
        const batch = submission.plan.batches[index];
        for (const alertId of batch?.alertIds ?? []) {
          outcomes.push({
            alertId,
            operation: batch?.operation.code as AlertOutcome['operation'],
            status: 'skipped',
            reason: `Its job was refused (${name}: ${message}), so nothing was sent.`,
          });
        }
      }
    } else if (alertsOf(job) > 0) {
      pendingJobs++;
    }
  }
  for (const { alertId, operation, reason, errorCode } of submission.plan.skipped) {
    outcomes.push({
      alertId,
      operation,
      status: 'skipped',
      reason,
      ...(errorCode !== undefined && { errorCode }),
    });
  }
  return {
    submissionId,
    jobs: submission.jobs.length,
    pendingJobs,
    done: pendingJobs === 0,
    executionIds,
    report: new HandlingReport(outcomes),
  };
}

/**
 * Waits until every job of a submission ended, and returns its report: one outcome per alert of the
 * plan. It only reads; the workers do the work.
 *
 * @throws {@link ValidationError} when the store holds no such submission, or an option is invalid
 * @throws {@link AbortError} when `signal` aborts
 *
 * @example
 * ```ts
 * const report = await waitForSubmission(fileJournal('.alert-handler/journal'), submissionId, { intervalMs: 2_000 });
 * console.log(report.summary());
 * ```
 */
export async function waitForSubmission(
  store: Store,
  submissionId: string,
  options: WaitForSubmissionOptions = {},
): Promise<HandlingReport> {
  checkOptions(options, WAIT_OPTION_RULES, 'waitForSubmission');
  const { intervalMs = 1_000, signal } = options;
  for (;;) {
    if (signal?.aborted) throw abortError('waitForSubmission', signal, 'notSent');
    const status = await readSubmission(store, submissionId);
    if (status.done) return status.report;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, intervalMs);
      function done() {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      }
      signal?.addEventListener('abort', done, { once: true });
    });
  }
}
