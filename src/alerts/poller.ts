/**
 * Waits for a handling task to finish, polling `DescribeSecurityEventOperationStatus`, and reports a
 * result for every alert of the task.
 *
 * @packageDocumentation
 */
import {
  OperationTaskNotExistsError,
  type SdkError,
  ValidationError,
  type ValidationIssue,
} from '../errors.js';
import type {
  DescribeSecurityEventOperationStatusRequest,
  SecurityEventOperationStatus,
  SecurityEventOperationStatusResult,
} from '../generated/index.js';
import { checkOptions, type OptionRules } from '../util/check-options.js';
import { abortError, sleep } from '../util/deadline.js';
import { countsAsAttempt, queryStatus, STATUS_ACTION, type StatusCalls } from './status-query.js';
import { eventResult, type TaskOutcome, type TaskResult } from './task-result.js';

export type { TaskEventResult, TaskOutcome, TaskResult } from './task-result.js';

/** Where a wait stands, after each query. */
export interface TaskProgress {
  /** Queries sent so far, this one included. */
  readonly attempt: number;
  /**
   * `TaskStatus` of the answer (`Processing`, `Pending`, `Success`, `Failure`); after a failed query,
   * that of the latest answer (`undefined` before any).
   */
  readonly taskStatus: SecurityEventOperationStatusResult['TaskStatus'];
  /** Requested alerts that have a final result (`Success` or `Failed`) in the latest answer. */
  readonly done: number;
  /** Requested alerts. */
  readonly total: number;
  /** Why this query failed, when it did; the wait goes on while attempts and budget remain. */
  readonly error?: SdkError;
}

/** Options of {@link AlertHandler.waitForTask}. */
export interface WaitForTaskOptions {
  /**
   * Pause between queries while the task is `Processing` or `Pending`.
   * @defaultValue 2000
   */
  intervalMs?: number;
  /**
   * Queries in all, from 1 to 100.
   * @defaultValue 5
   */
  maxAttempts?: number;
  /**
   * Budget of the whole wait: no query starts and no pause lasts past it; a query's deadline is cut
   * to what remains. At least `intervalMs`.
   * @defaultValue 10000
   */
  maxWaitMs?: number;
  /**
   * Deadline of one query (its retries included), before it is cut to the remaining budget.
   * @defaultValue 5000
   */
  requestTimeoutMs?: number;
  /** Aborts the wait: it rejects at once with an {@link AbortError}, while pausing or querying. */
  signal?: AbortSignal;
  /** Called after each query, answered or failed. Exceptions it throws are ignored. */
  onProgress?: (progress: TaskProgress) => void;
}

/** The poll settings a wait uses where its options say nothing: 2 s apart, 5 queries, within 10 s. */
export const POLL_DEFAULTS = {
  intervalMs: 2000,
  maxAttempts: 5,
  maxWaitMs: 10000,
  requestTimeoutMs: 5000,
} as const;
const MAX_ALERT_IDS = 100;

/** Rules of the poll settings ({@link WaitForTaskOptions} without `signal` and `onProgress`). */
export const POLL_OPTION_RULES: OptionRules = {
  intervalMs: { kind: 'duration' },
  maxAttempts: { kind: 'integer', min: 1, max: 100 },
  maxWaitMs: { kind: 'duration' },
  requestTimeoutMs: { kind: 'duration' },
};

const WAIT_OPTION_RULES: OptionRules = {
  ...POLL_OPTION_RULES,
  signal: { kind: 'signal' },
  onProgress: { kind: 'function' },
};
const FINAL_TASK_STATUSES: readonly string[] = ['Success', 'Failure'];
const FINAL_EVENT_STATUSES: readonly string[] = ['Success', 'Failed'];

/**
 * Polls a handling task until it is `Success` or `Failure`, or until `maxAttempts` queries or
 * `maxWaitMs` are spent, and reports every requested alert: `succeeded`, `failed` (with its
 * {@link HandlingError}) or `timedOut`. Each query carries both `TaskId` and `SecurityEventIds`.
 *
 * A query that fails (after the transport's own retries: throttled, a 5xx, no answer within
 * `requestTimeoutMs`, a network error, an unreadable answer, a service code not listed below) counts
 * as one attempt, and polling goes on while attempts and budget remain, as AWS SDK waiters do. When
 * they run out, the result is `TimedOut` and `lastError` holds the last query's error. A task can be
 * unknown for a moment right after `HandleSecurityEvents` (the service's reads are eventually
 * consistent), so `OperationTaskNotExists` counts as an attempt too; it is thrown only when no query
 * of the whole wait was answered and the last one said so, which points to a wrong `taskId`.
 *
 * @param calls - Reads the task's status: a {@link SasClient}, or any object with `describeSecurityEventOperationStatus`.
 * @param taskId - `TaskId` returned by `HandleSecurityEvents`.
 * @param alertIds - The alerts handled by the task (1 to 100).
 *
 * @throws {@link ValidationError} when an argument or option is invalid (`taskId`, `alertIds`,
 * `intervalMs`, `maxAttempts`, `maxWaitMs`, `requestTimeoutMs`, `onProgress`, `signal`, an unknown key).
 * @throws {@link AbortError} when `signal` aborts.
 * @throws {@link NoPermissionError}, {@link AuthenticationError}, {@link CredentialsError} or
 * {@link InvalidParameterError} at once: polling cannot change a refused permission, identity or request.
 * @throws {@link OperationTaskNotExistsError} when no query of the wait was answered and the last one
 * found no such task.
 *
 * @example
 * ```ts
 * const sas = new SasClient({ regionId: 'cn-shanghai' });
 * const result = await waitForTask(
 *   sas,
 *   15411,
 *   ['7009607', '7009586'],
 *   { intervalMs: 2000, maxAttempts: 5, maxWaitMs: 10000, signal },
 * );
 * if (result.lastError) console.warn(`Task status unreadable at the end: ${result.lastError.code}`);
 * for (const event of result.events) console.log(event.alertId, event.status, event.error?.message ?? '');
 * ```
 */
export async function waitForTask(
  calls: StatusCalls,
  taskId: number,
  alertIds: readonly string[],
  options: WaitForTaskOptions = {},
): Promise<TaskResult> {
  validate(calls, taskId, alertIds, options);
  const ids = [...new Set(alertIds)];
  const poll = await pollStatus(
    calls,
    { TaskId: taskId, SecurityEventIds: ids },
    options ?? {},
    (taskStatus) => taskStatus !== undefined && FINAL_TASK_STATUSES.includes(taskStatus),
  );
  const taskStatus = poll.settled ? (poll.taskStatus as TaskOutcome) : 'TimedOut';
  return {
    taskId,
    taskStatus,
    attempts: poll.attempts,
    elapsedMs: poll.elapsedMs,
    events: ids.map((alertId) =>
      eventResult(alertId, poll.statuses.get(alertId), taskId, taskStatus, poll.settled),
    ),
    ...(poll.lastError !== undefined && { lastError: poll.lastError }),
  };
}

/** How a {@link pollStatus} ended. */
export interface StatusPoll {
  /** Whether an answer settled the poll; `false` when attempts or budget ran out first. */
  readonly settled: boolean;
  /** `TaskStatus` of the latest answer; `undefined` before any. */
  readonly taskStatus: string | undefined;
  /** Each alert's status in the latest answer, by alert ID. */
  readonly statuses: ReadonlyMap<string, SecurityEventOperationStatus>;
  /** Queries sent, failed ones included. */
  readonly attempts: number;
  /** Time the poll took. */
  readonly elapsedMs: number;
  /** The last query's error, when it failed and the poll did not settle. */
  readonly lastError?: SdkError;
}

/**
 * The loop of every wait on handling status: sends `request` to `DescribeSecurityEventOperationStatus`
 * until `isSettled` accepts an answer, pausing `intervalMs` between queries, within `maxAttempts`
 * queries and `maxWaitMs` (each query's deadline cut to what remains). A failed query counts as one
 * attempt, except the errors that end a wait (see {@link waitForTask}); `OperationTaskNotExists` is
 * thrown at the end when no query was answered and the last one met it. `options` are taken as valid.
 */
export async function pollStatus(
  calls: StatusCalls,
  request: DescribeSecurityEventOperationStatusRequest,
  options: WaitForTaskOptions,
  isSettled: (
    taskStatus: string | undefined,
    statuses: ReadonlyMap<string, SecurityEventOperationStatus>,
  ) => boolean,
): Promise<StatusPoll> {
  const {
    intervalMs = POLL_DEFAULTS.intervalMs,
    maxAttempts = POLL_DEFAULTS.maxAttempts,
    maxWaitMs = POLL_DEFAULTS.maxWaitMs,
    requestTimeoutMs = POLL_DEFAULTS.requestTimeoutMs,
    signal,
    onProgress,
  } = options;
  const ids = request.SecurityEventIds ?? [];
  const startMs = Date.now();
  const elapsedMs = () => Date.now() - startMs;
  let attempts = 0;
  let answered = false;
  let taskStatus: string | undefined;
  let statuses = new Map<string, SecurityEventOperationStatus>();
  let lastError: SdkError | undefined;
  const report = (error?: SdkError) =>
    notify(onProgress, {
      attempt: attempts,
      taskStatus,
      done: ids.filter((id) => FINAL_EVENT_STATUSES.includes(statuses.get(id)?.Status ?? '')).length,
      total: ids.length,
      ...(error !== undefined && { error }),
    });
  const ended = (settled: boolean): StatusPoll => ({
    settled,
    taskStatus,
    statuses,
    attempts,
    elapsedMs: elapsedMs(),
    ...(!settled && lastError !== undefined && { lastError }),
  });

  while (true) {
    if (signal?.aborted) throw abortError(STATUS_ACTION, signal);
    const remainingMs = maxWaitMs - elapsedMs();
    if (remainingMs <= 0) break;
    attempts += 1;
    try {
      const answer = await queryStatus(calls, request, Math.min(requestTimeoutMs, remainingMs), signal);
      answered = true;
      lastError = undefined;
      const task = answer.SecurityEventOperationStatusResponse;
      taskStatus = task?.TaskStatus;
      statuses = statusesByAlert(task);
    } catch (error) {
      if (!countsAsAttempt(error)) throw error;
      lastError = error;
    }
    report(lastError);
    if (lastError === undefined && isSettled(taskStatus, statuses)) return ended(true);
    if (attempts >= maxAttempts || maxWaitMs - elapsedMs() <= intervalMs) break;
    await sleep(intervalMs, signal, STATUS_ACTION);
  }
  if (!answered && lastError instanceof OperationTaskNotExistsError) throw lastError;
  return ended(false);
}

function statusesByAlert(
  task: SecurityEventOperationStatusResult | undefined,
): Map<string, SecurityEventOperationStatus> {
  const statuses = new Map<string, SecurityEventOperationStatus>();
  for (const status of task?.SecurityEventOperationStatuses ?? []) {
    if (status.SecurityEventId !== undefined) statuses.set(status.SecurityEventId, status);
  }
  return statuses;
}

function notify(onProgress: WaitForTaskOptions['onProgress'], progress: TaskProgress): void {
  try {
    onProgress?.(progress);
  } catch {
    // A progress callback must not end the wait.
  }
}

function validate(
  calls: StatusCalls,
  taskId: number,
  alertIds: readonly string[],
  options: WaitForTaskOptions,
): void {
  checkOptions(options, WAIT_OPTION_RULES, 'waitForTask');
  const issues: ValidationIssue[] = [];
  const check = (ok: boolean, path: string, message: string) => {
    if (!ok) issues.push({ path, message });
  };
  check(
    typeof calls?.describeSecurityEventOperationStatus === 'function',
    'calls',
    'must have describeSecurityEventOperationStatus (a SasClient)',
  );
  check(
    Number.isSafeInteger(taskId) && taskId > 0,
    'taskId',
    'must be the positive integer TaskId of HandleSecurityEvents',
  );
  if (!Array.isArray(alertIds) || alertIds.length === 0 || alertIds.length > MAX_ALERT_IDS) {
    issues.push({ path: 'alertIds', message: `must list 1 to ${MAX_ALERT_IDS} alert IDs` });
  } else {
    alertIds.forEach((id, index) => {
      check(
        typeof id === 'string' && /^\d{1,19}$/.test(id),
        `alertIds[${index}]`,
        'must be an alert ID (digits)',
      );
    });
  }
  const { intervalMs = POLL_DEFAULTS.intervalMs, maxWaitMs = POLL_DEFAULTS.maxWaitMs } = options ?? {};
  check(intervalMs <= maxWaitMs, 'intervalMs', 'must not exceed maxWaitMs');
  const first = issues[0];
  if (first !== undefined)
    throw new ValidationError(`waitForTask: ${first.path} ${first.message}.`, { issues });
}
