/**
 * Waits for a handling task to finish, polling `DescribeSecurityEventOperationStatus`, and reports a
 * result for every alert of the task.
 *
 * @packageDocumentation
 */
import {
  HandlingError,
  handlingErrorFromCode,
  TimeoutError,
  ValidationError,
  type ValidationIssue,
} from '../errors.js';
import type {
  DescribeSecurityEventOperationStatusRequest,
  DescribeSecurityEventOperationStatusResponse,
  SecurityEventOperationStatus,
  SecurityEventOperationStatusResult,
} from '../generated/index.js';
import { checkOptions, type OptionRules } from '../util/check-options.js';
import { abortError, sleep, withDeadline } from '../util/deadline.js';
import type { SasCalls } from './sas-calls.js';

/** The status query a wait makes; each query gets its deadline and a signal that fires when it is abandoned. */
type StatusCalls = Pick<SasCalls, 'describeSecurityEventOperationStatus'>;

/** Where a wait stands, after each answer. */
export interface TaskProgress {
  /** Queries sent so far, this one included. */
  readonly attempt: number;
  /** `TaskStatus` of the answer (`Processing`, `Pending`, `Success`, `Failure`). */
  readonly taskStatus: SecurityEventOperationStatusResult['TaskStatus'];
  /** Requested alerts that have a final result (`Success` or `Failed`). */
  readonly done: number;
  /** Requested alerts. */
  readonly total: number;
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
  /** Called after each answer. Exceptions it throws are ignored. */
  onProgress?: (progress: TaskProgress) => void;
}

/** Final state of a wait: the task's own (`Success`, `Failure`), or `TimedOut` when the wait gave up. */
export type TaskOutcome = 'Success' | 'Failure' | 'TimedOut' | (string & {});

/** Result of one alert of the task. */
export interface TaskEventResult {
  /** The alert (security event) ID. */
  readonly alertId: string;
  /**
   * `succeeded` or `failed` as the service reported it; `failed` also when the task finished without
   * a result for the alert (`errorCode` `UnknownResult`); `timedOut` when the wait ended first (the
   * handling may still complete: check the alert before handling it again).
   */
  readonly status: 'succeeded' | 'failed' | 'timedOut';
  /** The service's result code `<operation>.<result>` (e.g. `kill_and_quara.AgentOffline`), or `UnknownResult`. */
  readonly errorCode?: string;
  /** Why it failed: `AgentOfflineError`, `ProcessNotExistError` or another {@link HandlingError}. */
  readonly error?: HandlingError;
}

/** Result of {@link AlertHandler.waitForTask}. */
export interface TaskResult {
  /** The task waited for. */
  readonly taskId: number;
  /** The task's final status, or `TimedOut`. */
  readonly taskStatus: TaskOutcome;
  /** Queries sent. */
  readonly attempts: number;
  /** Time the wait took. */
  readonly elapsedMs: number;
  /** One entry per requested alert, in the order requested (duplicates removed). */
  readonly events: readonly TaskEventResult[];
}

const ACTION = 'DescribeSecurityEventOperationStatus';
const DEFAULTS = { intervalMs: 2000, maxAttempts: 5, maxWaitMs: 10000, requestTimeoutMs: 5000 } as const;
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
 * Errors of a query (after the transport's own retries) end the wait and are rethrown; a query cut
 * short by the budget ends it as `TimedOut`.
 *
 * @param calls - Reads the task's status: a {@link SasClient}, or any object with `describeSecurityEventOperationStatus`.
 * @param taskId - `TaskId` returned by `HandleSecurityEvents`.
 * @param alertIds - The alerts handled by the task (1 to 100).
 *
 * @throws {@link ValidationError} when an argument or option is invalid (`taskId`, `alertIds`,
 * `intervalMs`, `maxAttempts`, `maxWaitMs`, `requestTimeoutMs`, `onProgress`, `signal`, an unknown key).
 * @throws {@link AbortError} when `signal` aborts.
 * @throws {@link TimeoutError} when a query gets no answer within `requestTimeoutMs` while budget remains.
 * @throws what the status query throws, e.g. `OperationTaskNotExistsError` or `ThrottlingError`.
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
  const {
    intervalMs = DEFAULTS.intervalMs,
    maxAttempts = DEFAULTS.maxAttempts,
    maxWaitMs = DEFAULTS.maxWaitMs,
    requestTimeoutMs = DEFAULTS.requestTimeoutMs,
    signal,
    onProgress,
  } = options ?? {};
  const ids = [...new Set(alertIds)];
  const request: DescribeSecurityEventOperationStatusRequest = { TaskId: taskId, SecurityEventIds: ids };
  const startMs = Date.now();
  const elapsedMs = () => Date.now() - startMs;
  const budgetSpent = () => elapsedMs() >= maxWaitMs;
  let attempts = 0;
  let statuses = new Map<string, SecurityEventOperationStatus>();

  while (true) {
    if (signal?.aborted) throw abortError(ACTION, signal);
    const remainingMs = maxWaitMs - elapsedMs();
    if (remainingMs <= 0) break;
    attempts += 1;
    const deadlineMs = Math.min(requestTimeoutMs, remainingMs);
    const answer = await query(calls, request, deadlineMs, signal, budgetSpent);
    if (answer === undefined) break;
    const task = answer.SecurityEventOperationStatusResponse;
    statuses = statusesByAlert(task);
    notify(onProgress, {
      attempt: attempts,
      taskStatus: task?.TaskStatus,
      done: ids.filter((id) => FINAL_EVENT_STATUSES.includes(statuses.get(id)?.Status ?? '')).length,
      total: ids.length,
    });
    if (task?.TaskStatus !== undefined && FINAL_TASK_STATUSES.includes(task.TaskStatus)) {
      return result(taskId, task.TaskStatus, attempts, elapsedMs(), ids, statuses, true);
    }
    if (attempts >= maxAttempts || maxWaitMs - elapsedMs() <= intervalMs) break;
    await sleep(intervalMs, signal, ACTION);
  }
  return result(taskId, 'TimedOut', attempts, elapsedMs(), ids, statuses, false);
}

/**
 * One query within `deadlineMs`; `undefined` when it ran out of time because the budget is spent.
 * The query's own signal fires when the caller aborts or the query is abandoned.
 */
async function query(
  calls: StatusCalls,
  request: DescribeSecurityEventOperationStatusRequest,
  deadlineMs: number,
  signal: AbortSignal | undefined,
  budgetSpent: () => boolean,
): Promise<DescribeSecurityEventOperationStatusResponse | undefined> {
  const controller = new AbortController();
  const forward = () => controller.abort(signal?.reason);
  signal?.addEventListener('abort', forward, { once: true });
  try {
    return await withDeadline(
      calls.describeSecurityEventOperationStatus(request, {
        timeoutMs: deadlineMs,
        signal: controller.signal,
      }),
      deadlineMs,
      signal,
      () => {
        controller.abort();
        return new TimeoutError(
          `${ACTION} got no answer within ${deadlineMs} ms. Retry, or raise \`requestTimeoutMs\`.`,
          {
            code: 'RequestTimeout',
            action: ACTION,
            timeoutMs: deadlineMs,
            retryable: true,
          },
        );
      },
      ACTION,
    );
  } catch (error) {
    if (error instanceof TimeoutError && budgetSpent()) return undefined;
    throw error;
  } finally {
    signal?.removeEventListener('abort', forward);
  }
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

function result(
  taskId: number,
  taskStatus: TaskOutcome,
  attempts: number,
  elapsedMs: number,
  ids: readonly string[],
  statuses: ReadonlyMap<string, SecurityEventOperationStatus>,
  taskFinished: boolean,
): TaskResult {
  return {
    taskId,
    taskStatus,
    attempts,
    elapsedMs,
    events: ids.map((alertId) =>
      eventResult(alertId, statuses.get(alertId), taskId, taskStatus, taskFinished),
    ),
  };
}

function eventResult(
  alertId: string,
  status: SecurityEventOperationStatus | undefined,
  taskId: number,
  taskStatus: TaskOutcome,
  taskFinished: boolean,
): TaskEventResult {
  const code = status?.ErrorCode;
  const reported = code === undefined ? { alertId } : { alertId, errorCode: code };
  if (status?.Status === 'Success') return { ...reported, status: 'succeeded' };
  if (status?.Status === 'Failed') {
    const error =
      code === undefined
        ? new HandlingError(
            `Alert ${alertId}: task ${taskId} reported a failure without a result code. Check the alert in the Security Center console.`,
            { code: 'Failed', alertId, operation: 'unknown', taskId },
          )
        : handlingErrorFromCode(code, { alertId, taskId });
    return { ...reported, status: 'failed', error };
  }
  if (!taskFinished) return { ...reported, status: 'timedOut' };
  return {
    alertId,
    status: 'failed',
    errorCode: 'UnknownResult',
    error: new HandlingError(
      `Alert ${alertId}: task ${taskId} finished (${taskStatus}) without a final result for this alert. ` +
        'Check the alert with DescribeSuspEvents before handling it again.',
      { code: 'UnknownResult', alertId, operation: code?.split('.')[0] ?? 'unknown', taskId },
    ),
  };
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
  const { intervalMs = DEFAULTS.intervalMs, maxWaitMs = DEFAULTS.maxWaitMs } = options ?? {};
  check(intervalMs <= maxWaitMs, 'intervalMs', 'must not exceed maxWaitMs');
  const first = issues[0];
  if (first !== undefined)
    throw new ValidationError(`waitForTask: ${first.path} ${first.message}.`, { issues });
}
