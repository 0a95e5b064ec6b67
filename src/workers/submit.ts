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
import { type FleetResponsePlan, parseFleetResponsePlan } from '../fleet/fleet-plan.js';
import type { Approval } from '../rules/approval.js';
import type { Store } from '../stores/store.js';
import { checkOptions } from '../util/check-options.js';
import { abortError } from '../util/deadline.js';
import {
  alertsOf,
  cutIntoJobs,
  fleetResponseRecord,
  jobsOf,
  newSubmissionId,
  planOfJob,
  type QueuedJob,
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
   * for good gives its alerts `skipped`, nothing sent), and the plan's skipped alerts. For a fleet
   * response, every account's together (alert IDs may repeat across accounts: see `accountReports`).
   */
  readonly report: HandlingReport;
  /**
   * For a fleet response ({@link submitFleetResponse}): each account's outcomes so far, by account ID,
   * in the plan's account order; an account outside `allowedAccounts` has its alerts `skipped`.
   */
  readonly accountReports?: ReadonlyMap<string, HandlingReport>;
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
const FLEET_SUBMIT_OPTION_RULES = {
  allowedAccounts: { kind: 'strings' },
  approvals: { kind: 'any' },
} as const;
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
 * Options of {@link submitFleetResponse}.
 *
 * @example
 * ```ts
 * const options: SubmitFleetResponseOptions = { allowedAccounts: ['1234567890123456'], approvals };
 * ```
 */
export interface SubmitFleetResponseOptions {
  /**
   * The accounts the workers may act in: one job is queued per account of the plan among them; the
   * others get nothing (their alerts are reported `skipped`).
   */
  readonly allowedAccounts: readonly string[];
  /**
   * Approvals of the accounts' response plans (`approve(accountPlan, …)`), in any order. A worker sends
   * an account's destructive batches only with a valid approval of that account's plan, verified again
   * right before each is sent (with its `approvalChecks`).
   */
  readonly approvals?: readonly Approval[];
}

/**
 * Puts a fleet response plan ({@link AccountFleet.planResponse}) in the queue of `store`: one job per
 * account of `allowedAccounts`, run by workers started with `alertsFor` ({@link startWorker}). Each job
 * runs its account's response plan as `executeResponsePlan` does (guards and the approval checked
 * again before each batch is sent), under the job's lease, journaled in the account's part of the
 * store (names prefixed `a<accountId>.`, as `AccountFleet.executeResponse` journals). The plan is
 * checked as `parseFleetResponsePlan` does, and the workers check it again when they read it.
 *
 * @throws {@link ValidationError} when the plan or an option is not valid
 *
 * @example
 * ```ts
 * const store = postgresStore({ connectionString: process.env.DATABASE_URL });
 * const rules = ResponseRules.parse(DEFAULT_RESPONSE_RULES);
 * const fleetPlan = await fleet.planResponse(rules, { dealt: false }, { maxAlertsPerRun: 50 });
 * const approvals = fleetPlan.accounts.map(({ plan }) =>
 *   approve(plan, { approver: 'alice', expiresAt: Date.now() + 3_600_000, secret: process.env.APPROVAL_KEY }),
 * );
 * const { submissionId } = await submitFleetResponse(store, fleetPlan, { allowedAccounts, approvals });
 * const status = await readSubmission(store, submissionId);
 * ```
 */
export async function submitFleetResponse(
  store: Store,
  fleetPlan: FleetResponsePlan,
  options: SubmitFleetResponseOptions,
): Promise<Submission> {
  checkOptions(options, FLEET_SUBMIT_OPTION_RULES, 'submitFleetResponse');
  const { allowedAccounts, approvals = [] } = options ?? ({} as SubmitFleetResponseOptions);
  if (!Array.isArray(allowedAccounts)) {
    throw new ValidationError('submitFleetResponse: `allowedAccounts` must be an array of account IDs.', {
      field: 'allowedAccounts',
    });
  }
  if (!Array.isArray(approvals) || approvals.some((each) => typeof each !== 'object' || each === null)) {
    throw new ValidationError('submitFleetResponse: `approvals` must be an array of approvals.', {
      field: 'approvals',
    });
  }
  const checked = parseFleetResponsePlan(fleetPlan);
  const record = fleetResponseRecord(checked, approvals, allowedAccounts);
  const submissionId = newSubmissionId(Date.now());
  await store.append(submissionId, [record]);
  const allowed = checked.accounts.filter(({ accountId }) => allowedAccounts.includes(accountId));
  const batches = allowed.flatMap(({ plan }) => plan.plan.batches);
  return {
    submissionId,
    jobs: allowed.length,
    batches: batches.length,
    alerts: batches.reduce((sum, batch) => sum + batch.alertIds.length, 0),
  };
}

/** Outcomes `skipped` with `reason` for the alerts of `plan`'s batches at `indexes`. */
function skippedAlerts(plan: Plan, indexes: readonly number[], reason: string): AlertOutcome[] {
  return indexes.flatMap((index) => {
    const batch = plan.batches[index];
    return (batch?.alertIds ?? []).map((alertId) => ({
      alertId,
      operation: batch?.operation.code as AlertOutcome['operation'],
      status: 'skipped' as const,
      reason,
    }));
  });
}

/** The outcomes of the alerts a plan left out. */
function planSkipped(plan: Plan): AlertOutcome[] {
  return plan.skipped.map(({ alertId, operation, reason, errorCode }) => ({
    alertId,
    operation,
    status: 'skipped',
    reason,
    ...(errorCode !== undefined && { errorCode }),
  }));
}

/** The account of a fleet response job. */
function accountOf(job: QueuedJob | undefined): string | undefined {
  const submission = job?.submission;
  if (submission?.kind !== 'fleetResponse') return undefined;
  return submission.fleetPlan.accounts[job?.batches[0] as number]?.accountId;
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
  const byAccount = new Map<string, AlertOutcome[]>();
  const add = (job: QueuedJob | undefined, each: readonly AlertOutcome[], accountId = accountOf(job)) => {
    outcomes.push(...each);
    if (accountId !== undefined) byAccount.set(accountId, [...(byAccount.get(accountId) ?? []), ...each]);
  };
  const executionIds: string[] = [];
  let pendingJobs = 0;
  for (const job of jobsOf(submission)) {
    const state = await readJobState(store, job.key);
    const plan = planOfJob(job);
    if (state.done !== undefined) {
      executionIds.push(state.done.executionId);
      if (state.done.outcomes !== undefined) {
        add(job, state.done.outcomes);
        continue;
      }
      const execution = await journaledExecution(store, state.done.executionId);
      for (const batch of execution?.batches.values() ?? []) add(job, batch.outcomes ?? []);
    } else if (state.failed !== undefined) {
      const { name, message } = state.failed;
      const indexes = submission.kind === 'execution' ? job.batches : plan.batches.map((_, index) => index);
      add(
        job,
        skippedAlerts(plan, indexes, `Its job was refused (${name}: ${message}), so nothing was sent.`),
      );
      if (submission.kind === 'fleetResponse') add(job, planSkipped(plan));
    } else if (alertsOf(job) > 0) {
      pendingJobs++;
    }
  }
  if (submission.kind === 'execution') {
    add(undefined, planSkipped(submission.plan));
  } else {
    const running = new Set(submission.jobs.map(([index]) => index));
    submission.fleetPlan.accounts.forEach(({ accountId, plan }, index) => {
      if (running.has(index)) return;
      const reason = `Account ${accountId} is not among the allowed accounts, so nothing was sent there.`;
      const all = plan.plan.batches.map((_, batch) => batch);
      add(undefined, [...skippedAlerts(plan.plan, all, reason), ...planSkipped(plan.plan)], accountId);
    });
  }
  return {
    submissionId,
    jobs: submission.jobs.length,
    pendingJobs,
    done: pendingJobs === 0,
    executionIds,
    report: new HandlingReport(outcomes),
    ...(submission.kind === 'fleetResponse' && {
      accountReports: new Map(
        submission.fleetPlan.accounts.map(({ accountId }) => [
          accountId,
          new HandlingReport(byAccount.get(accountId) ?? []),
        ]),
      ),
    }),
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
