/**
 * The work queue kept in a {@link Store}, next to the execution journal: a submission's stream holds its
 * plan and how its batches are cut into jobs; each job's stream (also the key of its lease) holds the
 * execution that runs it, then its end. Workers read it; nothing else is needed to dispatch.
 *
 * @packageDocumentation
 */
import { randomBytes } from 'node:crypto';
import { type Plan, parsePlan } from '../alerts/plan-format.js';
import type { OutcomeCounts } from '../alerts/report.js';
import { ValidationError } from '../errors.js';
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

/** A submission as its stream holds it: the plan, and the batch indexes of each job. */
export interface QueuedSubmission {
  readonly submissionId: string;
  readonly plan: Plan;
  /** Job n runs these batches of the plan, in this order. */
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
  readonly done?: { readonly executionId: string; readonly counts: OutcomeCounts };
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
 * Reads a submission back from its stream: its plan checked as `parsePlan` does, and its jobs;
 * `undefined` when the store holds no such submission.
 *
 * @throws {@link ValidationError} when the stream is not one this module writes
 */
export async function readQueuedSubmission(
  store: Store,
  submissionId: string,
): Promise<QueuedSubmission | undefined> {
  const [first] = await store.read(submissionId);
  if (first === undefined) return undefined;
  const record = first.data as { type?: unknown; kind?: unknown; plan?: unknown; jobs?: unknown };
  const plan =
    record.type === 'submitted' && record.kind === 'execution' ? parsePlan(record.plan) : undefined;
  const jobs = record.jobs;
  const valid =
    plan !== undefined &&
    Array.isArray(jobs) &&
    jobs.every(
      (batches) =>
        Array.isArray(batches) &&
        batches.length > 0 &&
        batches.every((index) => Number.isSafeInteger(index) && plan.batches[index as number] !== undefined),
    );
  if (!valid) {
    throw new ValidationError(
      `Submission ${submissionId} in the store is not one this SDK writes; the store was changed by something else.`,
      { field: 'submissionId' },
    );
  }
  return { submissionId, plan, jobs: jobs as number[][] };
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
        done: { executionId: record.executionId, counts: record.counts as unknown as OutcomeCounts },
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

/** Alerts in the batches of a job. */
export function alertsOf(job: QueuedJob): number {
  return job.batches.reduce(
    (sum, index) => sum + (job.submission.plan.batches[index]?.alertIds.length ?? 0),
    0,
  );
}
