/**
 * A worker: takes jobs of the queue in a {@link Store} under leases, runs each as an execution with its
 * write-ahead journal in the same store, and finishes through reconciliation the jobs that a stopped
 * worker left in doubt. N workers, in one process or on several machines sharing the store, never run
 * one job at once. See docs/workers.md.
 *
 * @packageDocumentation
 */
import { randomBytes, randomInt } from 'node:crypto';
import { hostname } from 'node:os';
import type { AlertHandler } from '../alerts/alert-handler.js';
import { EXECUTE_OPTION_RULES } from '../alerts/execute.js';
import { ValidationError } from '../errors.js';
import type { Store } from '../stores/store.js';
import { LOG_LEVELS, type Logger, type LogLevel, resolveLog } from '../transport/logger.js';
import { checkOptions, type OptionRules } from '../util/check-options.js';
import {
  type ApprovalChecks,
  type JobContext,
  type JobResult,
  runJob,
  type WorkerExecuteOptions,
} from './job.js';
import { JobLease } from './job-lease.js';
import {
  alertsOf,
  batchesOf,
  endedJobs,
  jobsOf,
  type QueuedJob,
  type QueuedSubmission,
  readQueuedSubmission,
  submissionIds,
} from './queue.js';
import { logJob, logStats, WorkerCounters, type WorkerStats } from './worker-stats.js';

/**
 * Options of {@link startWorker}.
 *
 * @example
 * ```ts
 * const options: WorkerOptions = {
 *   store: fileJournal('.alert-handler/journal'),
 *   alerts: new AlertHandler({ regionId: 'cn-shanghai' }),
 *   handleSignals: true,
 * };
 * ```
 */
export interface WorkerOptions {
  /** Where the queue, the journal and the leases are: shared by every worker and by the submitters. */
  store: Store;
  /**
   * The handler execution jobs ({@link submitExecution}) run with (its region, credentials, client
   * settings). A worker without it leaves those jobs to others.
   */
  alerts?: AlertHandler;
  /**
   * The handler of an account, for the jobs of fleet response plans ({@link submitFleetResponse}), e.g.
   * `(id) => fleet.accounts.find((account) => account.accountId === id)?.alerts`; `undefined` for an
   * account this worker must not act in (its job then fails, nothing sent). A worker without it leaves
   * those jobs to others. At least one of `alerts` and `alertsFor` is required.
   */
  alertsFor?: (accountId: string) => AlertHandler | undefined;
  /**
   * How the approvals of fleet response plans are verified when their destructive batches are sent: the
   * HMAC `secret` they were signed with, and `requireDistinctApprover`, as `executeResponsePlan` takes them.
   */
  approvalChecks?: ApprovalChecks;
  /**
   * The owner name of this worker's leases, unique among the workers sharing the store.
   * @defaultValue `<host>-<pid>-<6 random hex digits>`
   */
  workerId?: string;
  /**
   * How long a job's lease (and its execution's) lasts without renewal; renewed every third of it. A
   * worker killed holding jobs delays them by up to this long: then another worker takes them over.
   * @defaultValue 30 000 ms
   */
  leaseTtlMs?: number;
  /**
   * How often the queue is scanned for jobs (a worker also looks again as soon as one of its jobs ends).
   * @defaultValue 1 000 ms
   */
  pollIntervalMs?: number;
  /**
   * Jobs run at once by this worker.
   * @defaultValue 2
   */
  concurrency?: number;
  /** Options of each job's execution, as `AlertHandler.execute` takes them. */
  execute?: WorkerExecuteOptions;
  /**
   * Stops the worker gracefully when aborted, as {@link Worker.stop} does.
   */
  signal?: AbortSignal;
  /**
   * Stop gracefully on SIGTERM and SIGINT (what Kubernetes and systemd send): take no new job, finish
   * the jobs in hand, release their leases. The handlers are removed once the worker stopped.
   * @defaultValue false
   */
  handleSignals?: boolean;
  /**
   * How often the worker's figures ({@link WorkerStats}) are logged at `info`.
   * @defaultValue 60 000 ms
   */
  metricsIntervalMs?: number;
  /** Where log lines go, as for `AlertHandler` (`logger`, else stderr when `ALERT_HANDLER_LOG_LEVEL` is set). */
  logger?: Logger;
  /** The least severe level logged. @defaultValue `ALERT_HANDLER_LOG_LEVEL`, else `info` */
  logLevel?: LogLevel;
}

/**
 * A running worker.
 *
 * @example
 * ```ts
 * const worker = await startWorker({ store: fileJournal('.alert-handler/journal'), alerts, handleSignals: true });
 * await worker.done; // after SIGTERM: in-hand jobs finished, leases released
 * console.log(worker.stats());
 * ```
 */
export interface Worker {
  /** The owner name of its leases. */
  readonly workerId: string;
  /** Resolves once the worker stopped: no job in hand, every lease it held released. */
  readonly done: Promise<void>;
  /**
   * Stops gracefully: takes no new job, lets the jobs in hand run to their end, releases their leases.
   * Resolves with {@link Worker.done}.
   *
   * @example
   * ```ts
   * process.once('SIGUSR2', () => void worker.stop());
   * ```
   */
  stop(): Promise<void>;
  /**
   * The worker's figures now: the queue's depth, the leases it holds, what it did.
   *
   * @example
   * ```ts
   * const { queuedJobs, leasesHeld, takenOver } = worker.stats();
   * ```
   */
  stats(): WorkerStats;
}

const STORE_RULE = { ...EXECUTE_OPTION_RULES.journal, what: 'a store such as fileJournal(…)' };

const WORKER_OPTION_RULES = {
  store: STORE_RULE,
  alerts: { kind: 'methods', what: 'an AlertHandler', names: ['execute', 'resume'] },
  alertsFor: { kind: 'function' },
  approvalChecks: {
    kind: 'object',
    rules: { secret: { kind: 'any' }, requireDistinctApprover: { kind: 'boolean' } },
  },
  workerId: { kind: 'string' },
  leaseTtlMs: { kind: 'duration', min: 1000 },
  pollIntervalMs: { kind: 'duration', min: 1 },
  concurrency: { kind: 'integer', min: 1, max: 64 },
  execute: {
    kind: 'object',
    rules: {
      concurrency: EXECUTE_OPTION_RULES.concurrency,
      overlapPolling: EXECUTE_OPTION_RULES.overlapPolling,
      poll: EXECUTE_OPTION_RULES.poll,
      reconcileGraceMs: EXECUTE_OPTION_RULES.reconcileGraceMs,
    },
  },
  signal: { kind: 'signal' },
  handleSignals: { kind: 'boolean' },
  metricsIntervalMs: { kind: 'duration', min: 1 },
  logger: { kind: 'methods', what: 'a logger such as console', names: ['debug', 'info', 'warn', 'error'] },
  logLevel: { kind: 'oneOf', values: LOG_LEVELS },
} as const satisfies OptionRules;

/**
 * Starts a worker over `options.store`: it scans the queue every `pollIntervalMs`, takes up to
 * `concurrency` jobs, each under a lease with a fencing token, and runs each as an execution journaled
 * in the same store. A job whose last worker stopped (killed, or paused past its lease) is taken over
 * once that lease expires, and its execution finished with `AlertHandler.resume`: batches whose handling
 * call may have been sent are reconciled, never resent. Submit work with {@link submitExecution}.
 *
 * Any number of workers may share one store: processes of one machine over `fileJournal`, or of
 * several machines over a database store.
 *
 * @throws {@link ValidationError} when an option is invalid
 * @throws the store's error when it cannot be read at start (e.g. a database that does not answer)
 *
 * @example
 * ```ts
 * import { AlertHandler, fileJournal, startWorker } from 'alicloud-alert-handler';
 *
 * const worker = await startWorker({
 *   store: fileJournal('.alert-handler/journal'),
 *   alerts: new AlertHandler({ regionId: 'cn-shanghai' }),
 *   handleSignals: true, // SIGTERM: finish the jobs in hand, then stop
 * });
 * await worker.done;
 * ```
 */
export async function startWorker(options: WorkerOptions): Promise<Worker> {
  checkOptions(options, WORKER_OPTION_RULES, 'startWorker');
  if (options?.store === undefined) {
    throw new ValidationError('startWorker: `store` is required.', { field: 'store' });
  }
  if (options.alerts === undefined && options.alertsFor === undefined) {
    throw new ValidationError(
      'startWorker: `alerts` (for submitted executions) or `alertsFor` (for fleet response plans) is required.',
      { field: 'alerts' },
    );
  }
  if (options.workerId !== undefined && !/^\S{1,200}$/.test(options.workerId)) {
    throw new ValidationError('startWorker: `workerId` must be 1 to 200 characters without spaces.', {
      field: 'workerId',
    });
  }
  await submissionIds(options.store);
  return new QueueWorker(options);
}

/** Jobs that cannot run now wait this many polls before they are tried again. */
const BACKOFF_POLLS = 2;

class QueueWorker implements Worker {
  readonly workerId: string;
  readonly done: Promise<void>;
  readonly #store: Store;
  readonly #context: JobContext;
  readonly #pollIntervalMs: number;
  readonly #concurrency: number;
  readonly #log;
  readonly #counters: WorkerCounters;
  readonly #running = new Map<string, Promise<void>>();
  /** Jobs known to have ended: they never run again. */
  readonly #finished = new Set<string>();
  /** Submissions read so far (they never change), and those whose jobs all ended or that are unreadable. */
  readonly #submissions = new Map<string, QueuedSubmission>();
  readonly #closed = new Set<string>();
  /** Jobs not to try before this time (epoch ms): busy elsewhere, or a failure that may pass. */
  readonly #notBefore = new Map<string, number>();
  #pending: QueuedJob[] = [];
  #lastScan = Number.NEGATIVE_INFINITY;
  #stopping = false;
  #wake: () => void = () => undefined;
  readonly #cleanups: (() => void)[] = [];

  constructor(options: WorkerOptions) {
    this.workerId = options.workerId ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
    this.#store = options.store;
    this.#context = {
      store: options.store,
      alerts: options.alerts,
      alertsFor: options.alertsFor,
      approvalChecks: options.approvalChecks ?? {},
      workerId: this.workerId,
      leaseTtlMs: options.leaseTtlMs ?? 30_000,
      execute: options.execute ?? {},
    };
    this.#pollIntervalMs = options.pollIntervalMs ?? 1_000;
    this.#concurrency = options.concurrency ?? 2;
    this.#log = resolveLog(options);
    this.#counters = new WorkerCounters(this.workerId);

    const metrics = setInterval(
      () => logStats(this.#log, this.stats(), 'now'),
      options.metricsIntervalMs ?? 60_000,
    );
    metrics.unref?.();
    this.#cleanups.push(() => clearInterval(metrics));
    if (options.handleSignals === true) this.#handleSignals();
    const { signal } = options;
    if (signal !== undefined) {
      const onAbort = () => void this.stop();
      signal.addEventListener('abort', onAbort, { once: true });
      this.#cleanups.push(() => signal.removeEventListener('abort', onAbort));
      if (signal.aborted) this.#stopping = true;
    }
    this.#log.write('info', `Worker ${this.workerId} started.`, { workerId: this.workerId });
    this.done = this.#loop().finally(() => {
      for (const cleanup of this.#cleanups) cleanup();
      logStats(this.#log, this.stats(), 'stopped');
    });
  }

  stop(): Promise<void> {
    this.#stopping = true;
    this.#wake();
    return this.done;
  }

  stats(): WorkerStats {
    return this.#counters.snapshot(this.#running.size);
  }

  #handleSignals(): void {
    const onSignal = (signal: NodeJS.Signals) => {
      this.#log.write(
        'info',
        `Worker ${this.workerId} got ${signal}: taking no new job, finishing the ${this.#running.size} in hand.`,
        { workerId: this.workerId, signal, leasesHeld: this.#running.size },
      );
      void this.stop();
    };
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.once(signal, onSignal);
      this.#cleanups.push(() => process.off(signal, onSignal));
    }
  }

  async #loop(): Promise<void> {
    while (!this.#stopping) {
      try {
        if (Date.now() - this.#lastScan >= this.#pollIntervalMs) await this.#scan();
        await this.#take();
      } catch (error) {
        const name = error instanceof Error ? error.name : typeof error;
        this.#log.write(
          'warn',
          `Worker ${this.workerId} could not read the queue (${name}); it tries again.`,
          {
            workerId: this.workerId,
            error: name,
          },
        );
      }
      await this.#sleep();
    }
    await Promise.all(this.#running.values());
  }

  /** Waits for the poll interval, or less when a job ends or the worker stops. */
  async #sleep(): Promise<void> {
    if (this.#stopping) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, this.#pollIntervalMs);
      this.#wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.#wake = () => undefined;
  }

  /** Reads the queue: the jobs not ended, and the queue's depth. */
  async #scan(): Promise<void> {
    const pending: QueuedJob[] = [];
    for (const submissionId of await submissionIds(this.#store)) {
      if (this.#closed.has(submissionId)) continue;
      const submission = await this.#submission(submissionId);
      if (submission === undefined || !this.#runsKind(submission)) continue;
      const ended = await endedJobs(this.#store, submissionId);
      let open = 0;
      for (const job of jobsOf(submission)) {
        if (ended.has(job.index)) this.#finished.add(job.key);
        if (this.#finished.has(job.key)) continue;
        open++;
        pending.push(job);
      }
      if (open === 0) {
        this.#closed.add(submissionId);
        this.#submissions.delete(submissionId);
      }
    }
    this.#pending = pending;
    this.#lastScan = Date.now();
    this.#counters.queuedJobs = pending.length;
    this.#counters.queuedBatches = pending.reduce((sum, job) => sum + batchesOf(job), 0);
    this.#counters.queuedAlerts = pending.reduce((sum, job) => sum + alertsOf(job), 0);
  }

  async #submission(submissionId: string): Promise<QueuedSubmission | undefined> {
    const known = this.#submissions.get(submissionId);
    if (known !== undefined) return known;
    try {
      const submission = await readQueuedSubmission(this.#store, submissionId);
      if (submission !== undefined) this.#submissions.set(submissionId, submission);
      return submission;
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      this.#closed.add(submissionId);
      this.#log.write('error', `Submission ${submissionId} is left aside: ${error.message}`, {
        workerId: this.workerId,
        submissionId,
      });
      return undefined;
    }
  }

  /** Whether this worker has the handlers the submission's jobs need. */
  #runsKind(submission: QueuedSubmission): boolean {
    const context = this.#context;
    return submission.kind === 'execution' ? context.alerts !== undefined : context.alertsFor !== undefined;
  }

  /** Takes free jobs, from a random place in the queue (so that workers seldom race for one). */
  async #take(): Promise<void> {
    const pending = this.#pending;
    const offset = pending.length === 0 ? 0 : randomInt(pending.length);
    for (let n = 0; n < pending.length; n++) {
      if (this.#stopping || this.#running.size >= this.#concurrency) return;
      const job = pending[(offset + n) % pending.length] as QueuedJob;
      if (this.#finished.has(job.key) || this.#running.has(job.key)) continue;
      if ((this.#notBefore.get(job.key) ?? 0) > Date.now()) continue;
      const lease = await this.#store.acquire(job.key, this.workerId, this.#context.leaseTtlMs);
      if (lease === undefined) continue;
      this.#run(job, new JobLease(this.#store, lease, this.#context.leaseTtlMs));
    }
  }

  #run(job: QueuedJob, lease: JobLease): void {
    const run = (async () => {
      let result: JobResult;
      try {
        result = await runJob(this.#context, job, lease);
      } finally {
        await lease.release().catch(() => undefined);
      }
      this.#count(job, result);
      logJob(this.#log, this.workerId, job, result);
    })()
      .catch(() => undefined)
      .finally(() => {
        this.#running.delete(job.key);
        this.#wake();
      });
    this.#running.set(job.key, run);
  }

  #count(job: QueuedJob, result: JobResult): void {
    const counters = this.#counters;
    switch (result.kind) {
      case 'done':
        this.#finished.add(job.key);
        counters.jobsDone++;
        counters.batchesDone += batchesOf(job);
        if (result.takenOver) counters.takenOver++;
        return;
      case 'failed':
        this.#finished.add(job.key);
        counters.jobsFailed++;
        return;
      case 'finished':
        this.#finished.add(job.key);
        return;
      case 'lost':
        counters.leasesLost++;
        return;
      case 'busy':
      case 'retry':
        this.#notBefore.set(job.key, Date.now() + BACKOFF_POLLS * this.#pollIntervalMs);
        return;
    }
  }
}
