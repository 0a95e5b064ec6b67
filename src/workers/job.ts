/**
 * Running one job of the queue under its lease: a fresh execution of its batches, or, when an earlier
 * worker started it and stopped, that execution finished through `AlertHandler.resume` (reconciliation,
 * never a blind resend); then the job's end, fenced by the lease.
 *
 * @packageDocumentation
 */
import type { AlertHandler } from '../alerts/alert-handler.js';
import type { ExecuteOptions } from '../alerts/execute.js';
import { EXECUTION_ID_PATTERN, journaledExecution, storedOutcome } from '../alerts/execution-journal.js';
import { PlanExpiredError } from '../alerts/plan-expired-error.js';
import { type Plan, sealPlan } from '../alerts/plan-format.js';
import { type AlertOutcome, HandlingReport, type OutcomeCounts } from '../alerts/report.js';
import { ExecutionLockedError, isSdkError, ValidationError } from '../errors.js';
import { accountJournal } from '../fleet/account-journal.js';
import { executeResponsePlan, resumeResponsePlan, type VerifyApprovalOptions } from '../rules/approval.js';
import type { JsonValue, Store } from '../stores/store.js';
import { LeaseLostError } from '../stores/store-errors.js';
import type { JobLease } from './job-lease.js';
import {
  isFinished,
  noteEnded,
  planOfJob,
  type QueuedFleetResponse,
  type QueuedJob,
  readJobState,
} from './queue.js';

/** Options of each execution a worker runs, as {@link AlertHandler.execute} takes them. */
export type WorkerExecuteOptions = Pick<
  ExecuteOptions,
  'concurrency' | 'overlapPolling' | 'poll' | 'reconcileGraceMs'
>;

/**
 * How a worker verifies the approvals of fleet response plans when it sends their destructive batches.
 *
 * @example
 * ```ts
 * const checks: ApprovalChecks = { secret: process.env.APPROVAL_KEY, requireDistinctApprover: true };
 * ```
 */
export type ApprovalChecks = Pick<VerifyApprovalOptions, 'secret' | 'requireDistinctApprover'>;

/** What a worker gives a job to run with. */
export interface JobContext {
  readonly store: Store;
  /** The handler of execution jobs, if the worker runs them. */
  readonly alerts: AlertHandler | undefined;
  /** The handler of an account, for fleet response jobs, if the worker runs them. */
  readonly alertsFor: ((accountId: string) => AlertHandler | undefined) | undefined;
  readonly approvalChecks: ApprovalChecks;
  readonly workerId: string;
  readonly leaseTtlMs: number;
  readonly execute: WorkerExecuteOptions;
}

/** What running a job came to. */
export type JobResult =
  /** Its execution ended and the job's end was written; `takenOver` when an earlier worker had started it. */
  | {
      readonly kind: 'done';
      readonly executionId: string;
      readonly counts: OutcomeCounts;
      readonly takenOver: boolean;
    }
  /** It was refused for good (expired or invalid plan): nothing was sent; written as failed. */
  | { readonly kind: 'failed'; readonly error: Error }
  /** It had ended already (another worker finished it meanwhile). */
  | { readonly kind: 'finished' }
  /** Its execution is held by another runner: try again once that one's lease ends. */
  | { readonly kind: 'busy'; readonly error: Error }
  /** This worker's lease on it was lost: another worker goes on with it. */
  | { readonly kind: 'lost'; readonly error: Error }
  /** A failure that may pass (the store unavailable): try again later. */
  | { readonly kind: 'retry'; readonly error: Error };

/**
 * Runs `job` while `lease` holds it.
 *
 * @example
 * ```ts
 * const result = await runJob(context, job, lease);
 * ```
 */
export async function runJob(context: JobContext, job: QueuedJob, lease: JobLease): Promise<JobResult> {
  const { store, workerId } = context;
  try {
    const state = await readJobState(store, job.key);
    if (isFinished(state)) {
      await noteEnded(store, job); // its worker stopped before it listed it
      return { kind: 'finished' };
    }
    const { executionId, counts, outcomes } = await runExecution(context, job, lease, state.executionId);
    const end = {
      type: 'done',
      executionId,
      counts: { ...counts },
      ...(outcomes !== undefined && { outcomes: outcomes.map(storedOutcome) }),
      worker: workerId,
    };
    await store.append(job.key, [end], { lease: lease.current() });
    await noteEnded(store, job);
    return { kind: 'done', executionId, counts, takenOver: state.executionId !== undefined };
  } catch (thrown) {
    const error = thrown instanceof Error ? thrown : new Error(String(thrown));
    if (error instanceof LeaseLostError) return { kind: 'lost', error };
    if (error instanceof ExecutionLockedError) return { kind: 'busy', error };
    if (error instanceof PlanExpiredError || error instanceof ValidationError) {
      return writeFailed(context, job, lease, error);
    }
    return { kind: 'retry', error };
  }
}

/** What a job's execution came to; `outcomes` for a fleet response job (its report, guard refusals included). */
interface JobExecution {
  readonly executionId: string;
  readonly counts: OutcomeCounts;
  readonly outcomes?: readonly AlertOutcome[];
}

/**
 * The job's execution, run to its end: the one an earlier worker started, finished from its journal;
 * or a new one, linked to the job before its first record. A fleet response job runs its account's
 * response plan in the account's part of the store, its guards and approval checked at send time.
 */
async function runExecution(
  context: JobContext,
  job: QueuedJob,
  lease: JobLease,
  linked: string | undefined,
): Promise<JobExecution> {
  const { store, leaseTtlMs, execute } = context;
  const response = job.submission.kind === 'fleetResponse' ? responseOf(context, job) : undefined;
  const journal = response === undefined ? store : accountJournal(store, response.accountId);
  const alerts = response?.alerts ?? (context.alerts as AlertHandler);
  const execution = linked === undefined ? undefined : await journaledExecution(journal, linked);
  if (execution?.ended) {
    const outcomes = [...execution.batches.values()].flatMap((batch) => batch.outcomes ?? []);
    const report = new HandlingReport(outcomes);
    return {
      executionId: execution.executionId,
      counts: report.counts,
      ...(response !== undefined && { outcomes }),
    };
  }
  const run =
    execution !== undefined
      ? response === undefined
        ? alerts.resume(execution.executionId, { ...execute, journal, leaseTtlMs })
        : resumeResponsePlan(alerts, response.plan, execution.executionId, {
            ...execute,
            ...response.approval,
            journal,
            leaseTtlMs,
          })
      : (async () => {
          if (linked !== undefined) await fenceOff(context, journal, linked);
          const linking = linkingStore(journal, store, job.key, lease, context.workerId);
          return response === undefined
            ? alerts.execute(planOf(job), { ...execute, journal: linking, leaseTtlMs })
            : executeResponsePlan(alerts, response.plan, {
                ...execute,
                ...response.approval,
                journal: linking,
                leaseTtlMs,
              });
        })();
  const report = await run;
  return {
    executionId: report.executionId as string,
    counts: report.counts,
    ...(response !== undefined && { outcomes: report.outcomes }),
  };
}

/**
 * The account, handler, response plan and approval of a fleet response job.
 *
 * @throws {@link ValidationError} when the account is not among the submission's allowed accounts, or
 * the worker has no handler for it (nothing is sent)
 */
function responseOf(context: JobContext, job: QueuedJob) {
  const submission = job.submission as QueuedFleetResponse;
  const { accountId, plan } = submission.fleetPlan.accounts[
    job.batches[0] as number
  ] as QueuedFleetResponse['fleetPlan']['accounts'][number];
  const alerts = submission.allowedAccounts.includes(accountId) ? context.alertsFor?.(accountId) : undefined;
  if (alerts === undefined) {
    throw new ValidationError(
      `Account ${accountId} is not among the submission's allowed accounts, or this worker has no handler for it (alertsFor); nothing was sent there.`,
      { field: 'accountId' },
    );
  }
  const approval = submission.approvals.find((each) => each?.digest === plan.digest);
  return {
    accountId,
    alerts,
    plan,
    approval: { ...context.approvalChecks, ...(approval !== undefined && { approval }) },
  };
}

/**
 * Makes sure an execution linked to the job but never started (its worker stopped between the link and
 * the plan) can no longer start: its lease is taken once, so the token its runner holds is refused.
 *
 * @throws {@link ExecutionLockedError} while its runner still holds it
 */
async function fenceOff(
  { workerId, leaseTtlMs }: JobContext,
  store: Store,
  executionId: string,
): Promise<void> {
  const fence = await store.acquire(executionId, workerId, leaseTtlMs);
  if (fence === undefined) {
    const holder = await store.holder(executionId);
    throw new ExecutionLockedError({
      executionId,
      owner: holder?.owner ?? 'another runner',
      expiresAt: holder?.expiresAt ?? Date.now(),
    });
  }
  await store.release(fence);
}

/** The plan of a job: the submission's batches it runs, sealed as a plan of their own. */
function planOf(job: QueuedJob): Plan {
  const plan = planOfJob(job);
  return sealPlan({
    createdAt: plan.createdAt,
    expiresAt: plan.expiresAt,
    batches: job.batches.map((index) => plan.batches[index] as Plan['batches'][number]),
    skipped: [],
  });
}

/**
 * `store` (the execution's journal) as the execution of `jobKey` writes it: just before the execution's
 * first record (its plan), the job's stream in `queue` gets `{ type: 'execution', executionId }`, fenced
 * by the job's lease. A worker that lost the job cannot start an execution for it; one that stops after
 * the link leaves it findable.
 */
function linkingStore(store: Store, queue: Store, jobKey: string, lease: JobLease, workerId: string): Store {
  return {
    async append(stream, records, options) {
      const first = records[0] as { type?: JsonValue } | null | undefined;
      if (EXECUTION_ID_PATTERN.test(stream) && first?.type === 'start') {
        const link = { type: 'execution', executionId: stream, worker: workerId };
        await queue.append(jobKey, [link], { lease: lease.current() });
      }
      return store.append(stream, records, options);
    },
    read: (stream) => store.read(stream),
    streams: (prefix) => store.streams(prefix),
    acquire: (key, owner, ttlMs) => store.acquire(key, owner, ttlMs),
    renew: (held, ttlMs) => store.renew(held, ttlMs),
    release: (held) => store.release(held),
    holder: (key) => store.holder(key),
    getCheckpoint: (key) => store.getCheckpoint(key),
    putCheckpoint: (key, value, options) => store.putCheckpoint(key, value, options),
  };
}

/** Writes that a job failed for good; its alerts were never sent. */
async function writeFailed(
  { store, workerId }: JobContext,
  job: QueuedJob,
  lease: JobLease,
  error: Error,
): Promise<JobResult> {
  const code = isSdkError(error) ? error.code : 'Error';
  const record = {
    type: 'failed',
    error: { name: error.name, code, message: error.message },
    worker: workerId,
  };
  try {
    await store.append(job.key, [record], { lease: lease.current() });
    await noteEnded(store, job);
  } catch (failure) {
    if (failure instanceof LeaseLostError) return { kind: 'lost', error: failure };
    return { kind: 'retry', error: failure instanceof Error ? failure : error };
  }
  return { kind: 'failed', error };
}
