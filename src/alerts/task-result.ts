/**
 * What a wait on a handling task reports: the task's outcome and a result for each of its alerts.
 *
 * @packageDocumentation
 */
import { HandlingError, handlingErrorFromCode, type SdkError } from '../errors.js';
import type { SecurityEventOperationStatus } from '../generated/index.js';

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
  /**
   * Only on a `TimedOut` result whose last query failed: that query's error (a `ThrottlingError`,
   * `ServerError`, `TimeoutError`, `NetworkError`, `InvalidResponseError`, …). `events` then hold
   * what the latest answer said, or `timedOut` for every alert when no query was answered.
   */
  readonly lastError?: SdkError;
}

/**
 * The result of one alert of a task, from its status in the latest answer: `succeeded`, `failed` (with
 * its {@link HandlingError}), `timedOut` while the task has not finished, or `failed` with
 * `UnknownResult` when the task finished without a final result for it.
 */
export function eventResult(
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
