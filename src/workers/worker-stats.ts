/**
 * What a worker counts (queue depth, leases held, lost and taken over, jobs done) and the log lines it
 * writes of them: ids and counts only.
 *
 * @packageDocumentation
 */
import type { Log } from '../transport/logger.js';
import type { JobResult } from './job.js';
import { batchesOf, type QueuedJob } from './queue.js';

/**
 * A worker's figures: the queue as its last scan saw it, the leases it holds, and what it did since it
 * started. Logged every `metricsIntervalMs` and when it stops; read them at any time with
 * {@link Worker.stats} (e.g. for OpenTelemetry observable gauges).
 *
 * @example
 * ```ts
 * const { queuedJobs, leasesHeld, takenOver } = worker.stats();
 * console.log(`${queuedJobs} jobs waiting or running, ${leasesHeld} here, ${takenOver} taken over`);
 * ```
 */
export interface WorkerStats {
  /** The worker's id, the owner of its leases. */
  readonly workerId: string;
  /** Jobs not ended yet (waiting, or running on some worker), at the last scan of the queue. */
  readonly queuedJobs: number;
  /** Batches of those jobs (each one `HandleSecurityEvents` call). */
  readonly queuedBatches: number;
  /** Alerts of those batches. */
  readonly queuedAlerts: number;
  /** Jobs this worker holds the lease of now: those it is running. */
  readonly leasesHeld: number;
  /** Jobs this worker ran to their end. */
  readonly jobsDone: number;
  /** Batches of those jobs. */
  readonly batchesDone: number;
  /**
   * Of the jobs done, those another worker had started and left unfinished (it was killed, or paused
   * past its lease): finished here through reconciliation, after its lease expired.
   */
  readonly takenOver: number;
  /** Jobs whose lease this worker lost before it could end them (it expired; another worker goes on). */
  readonly leasesLost: number;
  /** Jobs refused for good (an expired or invalid plan): nothing was sent for them. */
  readonly jobsFailed: number;
}

/** The counters behind {@link WorkerStats}. */
export class WorkerCounters {
  queuedJobs = 0;
  queuedBatches = 0;
  queuedAlerts = 0;
  jobsDone = 0;
  batchesDone = 0;
  takenOver = 0;
  leasesLost = 0;
  jobsFailed = 0;

  constructor(readonly workerId: string) {}

  /** The figures now, with the leases held. */
  snapshot(leasesHeld: number): WorkerStats {
    const { workerId, queuedJobs, queuedBatches, queuedAlerts, jobsDone, batchesDone } = this;
    const { takenOver, leasesLost, jobsFailed } = this;
    return {
      workerId,
      queuedJobs,
      queuedBatches,
      queuedAlerts,
      leasesHeld,
      jobsDone,
      batchesDone,
      takenOver,
      leasesLost,
      jobsFailed,
    };
  }
}

/** Logs the figures (info). */
export function logStats(log: Log, stats: WorkerStats, when: 'now' | 'stopped'): void {
  const prefix = when === 'stopped' ? `Worker ${stats.workerId} stopped` : `Worker ${stats.workerId}`;
  log.write(
    'info',
    `${prefix}: queue ${stats.queuedJobs} jobs (${stats.queuedBatches} batches, ${stats.queuedAlerts} alerts); ` +
      `${stats.leasesHeld} leases held; ${stats.jobsDone} jobs done (${stats.batchesDone} batches), ` +
      `${stats.takenOver} taken over after a lease expired, ${stats.leasesLost} leases lost, ` +
      `${stats.jobsFailed} failed.`,
    { ...stats },
  );
}

/** Logs what a job came to: its end (info), a takeover or a lost lease (warn), a failure (error). */
export function logJob(log: Log, workerId: string, job: QueuedJob, result: JobResult): void {
  const fields = { workerId, job: job.key, batches: batchesOf(job) };
  switch (result.kind) {
    case 'done': {
      const { executionId, counts, takenOver } = result;
      const how = takenOver
        ? ', taken over from a worker that stopped (its in-doubt batches reconciled, none resent)'
        : '';
      log.write('info', `Job ${job.key} done by execution ${executionId}${how}.`, {
        ...fields,
        executionId,
        takenOver,
        ...counts,
      });
      return;
    }
    case 'failed':
      log.write(
        'error',
        `Job ${job.key} refused for good (${result.error.name}): nothing was sent for its alerts.`,
        { ...fields, error: result.error.name },
      );
      return;
    case 'lost':
      log.write(
        'warn',
        `Job ${job.key}: this worker's lease expired; another worker goes on with it.`,
        fields,
      );
      return;
    case 'busy':
      log.write(
        'debug',
        `Job ${job.key}: its execution is still held by another runner; tried again later.`,
        fields,
      );
      return;
    case 'retry':
      log.write('warn', `Job ${job.key} could not run (${result.error.name}); tried again later.`, {
        ...fields,
        error: result.error.name,
      });
      return;
    case 'finished':
      return;
  }
}
