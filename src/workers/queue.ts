/**
 * The work queue kept in a {@link Store}, next to the execution journal: a submission's stream holds its
 * plan and how its batches are cut into jobs; each job's stream (also the key of its lease) holds the
 * execution that runs it, then its end. Workers read it; nothing else is needed to dispatch.
 *
 * @packageDocumentation
 */
import { randomBytes } from 'node:crypto';
import { outcomeOf } from '../alerts/execution-journal.js';
import { type Plan, parsePlan } from '../alerts/plan-format.js';
import type { AlertOutcome, OutcomeCounts } from '../alerts/report.js';
import { ValidationError } from '../errors.js';
import { type FleetResponsePlan, parseFleetResponsePlan } from '../fleet/fleet-plan.js';
import type { Approval } from '../rules/approval.js';
import type { JsonObject, JsonValue, Store } from '../stores/store.js';

/** Prefix of every submission's id, and so of the names of its streams. */
export const SUBMISSION_PREFIX = 'sub-';

/** The pattern of a submission id: `sub-<yyyymmdd>-<hhmmss>-<8 hex digits>`. */
export const SUBMISSION_ID_PATTERN = /^sub-\d{8}-\d{6}-[0-9a-f]{8}$/;

/** The pattern of a job's key: its submission's id, then `.job-<n>`. */
const JOB_KEY_PATTERN = /^(sub-\d{8}-\d{6}-[0-9a-f]{8})\.job-(\d+)$/;

/** A new submission id, e.g. `sub-20261201-081010-3fa9c2d1`. */
export function newSubmissionId(nowMs: number): string {
  const stamp = new Date(nowMs).toISOString().replace(/[-:]/g, '').slice(0, 15).replace('T', '-');
  return `${SUBMISSION_PREFIX}${stamp}-${randomBytes(4).toString('hex')}`;
}

/**
 * The stream that lists the ended jobs of a submission, so that a scan of the queue reads one stream per
 * submission rather than one per job. A job's own stream is the authority; this list may lag it (a
 * worker stopped between the two writes), never lead it.
 */
export function endedJobsStream(submissionId: string): string {
  return `${submissionId}.ended`;
}

/** The indexes of the jobs `store` lists as ended for a submission. */
export async function endedJobs(store: Store, submissionId: string): Promise<Set<number>> {
  const ended = new Set<number>();
  for (const { data } of await store.read(endedJobsStream(submissionId))) {
    const job = (data as { job?: unknown }).job;
    if (Number.isSafeInteger(job)) ended.add(job as number);
  }
  return ended;
}

/** Adds job `index` to the list of ended jobs of its submission. */
export async function noteEnded(store: Store, job: QueuedJob): Promise<void> {
  await store.append(endedJobsStream(job.submission.submissionId), [{ job: job.index }]);
}

/** The key of job `index` of a submission: the name of its stream and of its lease. */
export function jobKey(submissionId: string, index: number): string {
  return `${submissionId}.job-${index}`;
}

/** A submission as its stream holds it: a plan and the batch indexes of each job, or a fleet response. */
export type QueuedSubmission = QueuedExecution | QueuedFleetResponse;

/** A plan whose batches are cut into jobs. */
export interface QueuedExecution {
  readonly kind: 'execution';
  readonly submissionId: string;
  readonly plan: Plan;
  /** Job n runs these batches of the plan, in this order. */
  readonly jobs: readonly (readonly number[])[];
}

/** A fleet response plan, one job per allowed account. */
export interface QueuedFleetResponse {
  readonly kind: 'fleetResponse';
  readonly submissionId: string;
  readonly fleetPlan: FleetResponsePlan;
  /** Approvals of the accounts' response plans, verified when each batch is sent. */
  readonly approvals: readonly Approval[];
  /** The accounts it may act in. */
  readonly allowedAccounts: readonly string[];
  /** Job n runs the response plan of this account of `fleetPlan.accounts` (one index per job). */
  readonly jobs: readonly (readonly number[])[];
}

/** One job of a submission. */
export interface QueuedJob {
  readonly submission: QueuedSubmission;
  readonly index: number;
  readonly key: string;
  readonly batches: readonly number[];
}

/** What a job's stream says of it. */
export interface JobState {
  /** The execution last started for it, if any. */
  readonly executionId?: string;
  /** Set once it ended: its execution ran to its end. */
  readonly done?: {
    readonly executionId: string;
    readonly counts: OutcomeCounts;
    /** Every outcome of the job's alerts (fleet response jobs only: their report holds guard refusals the journal does not). */
    readonly outcomes?: readonly AlertOutcome[];
  };
  /** Set once it failed for good (its plan expired, or was refused): nothing was sent for it. */
  readonly failed?: { readonly name: string; readonly code: string; readonly message: string };
}

/**
 * Cuts a plan into jobs: runs of `batchesPerJob` batches in the plan's order, except whitelist batches,
 * which all go into one job: each re-reads the rules it replaces, so two sent at once (by two workers)
 * could each drop the other's additions.
 */
export function cutIntoJobs(plan: Plan, batchesPerJob: number): number[][] {
  const jobs: number[][] = [];
  const whitelist: number[] = [];
  let run: number[] = [];
  plan.batches.forEach((batch, index) => {
    if (batch.operation.markMissParam !== undefined) {
      whitelist.push(index);
      return;
    }
    run.push(index);
    if (run.length === batchesPerJob) {
      jobs.push(run);
      run = [];
    }
  });
  if (run.length > 0) jobs.push(run);
  if (whitelist.length > 0) jobs.push(whitelist);
  return jobs;
}

/** The record that starts a fleet response submission's stream: one job per allowed account. */
export function fleetResponseRecord(
  fleetPlan: FleetResponsePlan,
  approvals: readonly Approval[],
  allowedAccounts: readonly string[],
): JsonObject {
  const jobs: number[][] = [];
  fleetPlan.accounts.forEach(({ accountId }, index) => {
    if (allowedAccounts.includes(accountId)) jobs.push([index]);
  });
  return {
    type: 'submitted',
    kind: 'fleetResponse',
    plan: fleetPlan as unknown as JsonObject,
    approvals: approvals as unknown as JsonObject[],
    allowedAccounts: [...allowedAccounts],
    jobs,
  };
}

/** The record that starts a submission's stream. */
export function submissionRecord(plan: Plan, jobs: readonly (readonly number[])[]): JsonObject {
  return {
    type: 'submitted',
    kind: 'execution',
    plan: plan as unknown as JsonObject,
    jobs: jobs.map((batches) => [...batches]),
  };
}

/**
 * Reads a submission back from its stream: its plan checked as `parsePlan` (or
 * `parseFleetResponsePlan`) does, and its jobs; `undefined` when the store holds no such submission.
 *
 * @throws {@link ValidationError} when the stream is not one this module writes
 */
export async function readQueuedSubmission(
  store: Store,
  submissionId: string,
): Promise<QueuedSubmission | undefined> {
  const [first] = await store.read(submissionId);
  if (first === undefined) return undefined;
  const record = first.data as Record<string, unknown>;
  const refused = () =>
    new ValidationError(
      `Submission ${submissionId} in the store is not one this SDK writes; the store was changed by something else.`,
      { field: 'submissionId' },
    );
  if (record.type !== 'submitted') throw refused();
  const jobsWithin = (count: number) =>
    Array.isArray(record.jobs) &&
    record.jobs.every(
      (indexes) =>
        Array.isArray(indexes) &&
        indexes.length > 0 &&
        indexes.every((index) => Number.isSafeInteger(index) && index >= 0 && index < count),
    );
  const jobs = record.jobs as number[][];
  if (record.kind === 'execution') {
    const plan = parsePlan(record.plan);
    if (!jobsWithin(plan.batches.length)) throw refused();
    return { kind: 'execution', submissionId, plan, jobs };
  }
  if (record.kind === 'fleetResponse') {
    const fleetPlan = parseFleetResponsePlan(record.plan);
    const { approvals, allowedAccounts } = record;
    const valid =
      Array.isArray(approvals) &&
      Array.isArray(allowedAccounts) &&
      allowedAccounts.every((id) => typeof id === 'string') &&
      jobsWithin(fleetPlan.accounts.length) &&
      jobs.every((indexes) => indexes.length === 1);
    if (!valid) throw refused();
    return {
      kind: 'fleetResponse',
      submissionId,
      fleetPlan,
      approvals: approvals as Approval[],
      allowedAccounts: allowedAccounts as string[],
      jobs,
    };
  }
  throw refused();
}

/** The jobs of a submission. */
export function jobsOf(submission: QueuedSubmission): QueuedJob[] {
  return submission.jobs.map((batches, index) => ({
    submission,
    index,
    key: jobKey(submission.submissionId, index),
    batches,
  }));
}

/** The ids of the submissions in `store`, oldest first. */
export async function submissionIds(store: Store): Promise<string[]> {
  const streams = await store.streams(SUBMISSION_PREFIX);
  return streams.filter((stream) => SUBMISSION_ID_PATTERN.test(stream));
}

/** Whether `stream` is the stream of a job. */
export function isJobKey(stream: string): boolean {
  return JOB_KEY_PATTERN.test(stream);
}

/** What a job's stream says: its last execution, and its end. */
export async function readJobState(store: Store, key: string): Promise<JobState> {
  let state: JobState = {};
  for (const { data } of await store.read(key)) {
    const record = data as Record<string, JsonValue | undefined>;
    if (record.type === 'execution' && typeof record.executionId === 'string') {
      state = { ...state, executionId: record.executionId };
    } else if (record.type === 'done' && typeof record.executionId === 'string') {
      state = {
        ...state,
        done: {
          executionId: record.executionId,
          counts: record.counts as unknown as OutcomeCounts,
          ...(Array.isArray(record.outcomes) && { outcomes: record.outcomes.map(outcomeOf) }),
        },
      };
    } else if (record.type === 'failed') {
      const error = (record.error ?? {}) as Record<string, JsonValue>;
      state = {
        ...state,
        failed: { name: String(error.name), code: String(error.code), message: String(error.message) },
      };
    }
  }
  return state;
}

/** Whether a job has ended, done or failed. */
export function isFinished(state: JobState): boolean {
  return state.done !== undefined || state.failed !== undefined;
}

/** The plans of a job's batches: the submission's, or the account's inner plan of a fleet response. */
export function planOfJob(job: QueuedJob): Plan {
  const { submission } = job;
  if (submission.kind === 'execution') return submission.plan;
  return (submission.fleetPlan.accounts[job.batches[0] as number] as FleetResponsePlan['accounts'][number])
    .plan.plan;
}

/** The batches a job runs. */
export function batchesOf(job: QueuedJob): number {
  const { submission } = job;
  return submission.kind === 'execution' ? job.batches.length : planOfJob(job).batches.length;
}

/** Alerts in the batches of a job. */
export function alertsOf(job: QueuedJob): number {
  const plan = planOfJob(job);
  const indexes = job.submission.kind === 'execution' ? job.batches : plan.batches.map((_, index) => index);
  return indexes.reduce((sum, index) => sum + (plan.batches[index]?.alertIds.length ?? 0), 0);
}
