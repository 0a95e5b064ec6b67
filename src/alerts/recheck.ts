/**
 * Recovery: re-reads the alerts a run left `timedOut` or `unknown` and reports what became of them,
 * without sending any handling call.
 *
 * @packageDocumentation
 */

import {
  AbortError,
  AuthenticationError,
  CredentialsError,
  handlingErrorFromCode,
  NoPermissionError,
  OperationTaskNotExistsError,
  type SdkError,
  ValidationError,
  type ValidationIssue,
} from '../errors.js';
import type { SecurityEventOperationStatus } from '../generated/index.js';
import { checkOptions, type OptionRules } from '../util/check-options.js';
import { mapWithConcurrency } from '../util/concurrency.js';
import { abortError } from '../util/deadline.js';
import { isCallerError } from './caller-errors.js';
import { type HandlingBaseline, isNewHandling } from './handling-baseline.js';
import { POLL_DEFAULTS, POLL_OPTION_RULES, type WaitForTaskOptions, waitForTask } from './poller.js';
import { follow } from './reconcile.js';
import { type AlertOutcome, baselinesOf, HandlingReport } from './report.js';
import type { SasCalls } from './sas-calls.js';

/** Options of {@link AlertHandler.recheck}. */
export interface RecheckOptions {
  /** Stops the recheck: it rejects with an {@link AbortError}. */
  signal?: AbortSignal;
  /**
   * How long to wait for tasks and handlings still running (the handler's `poll` where not given).
   * A handling read by alert ID that is still `Processing` is followed for the rest of this budget.
   */
  poll?: Omit<WaitForTaskOptions, 'signal' | 'onProgress'>;
}

/** Rules of {@link RecheckOptions}. */
export const RECHECK_OPTION_RULES = {
  signal: { kind: 'signal' },
  poll: { kind: 'object', rules: POLL_OPTION_RULES },
} as const satisfies OptionRules;

/** The only call a recheck makes: handling status, by task or by alert IDs. Never a handling call. */
export type RecheckCalls = Pick<SasCalls, 'describeSecurityEventOperationStatus'>;

const ACTION = 'DescribeSecurityEventOperationStatus';
/** Alert IDs per status query, as the API takes them. */
const MAX_IDS = 100;
/** Tasks, or chunks of alert IDs, waited for at once. */
const CONCURRENCY = 4;

/**
 * Re-reads every `timedOut` and `unknown` outcome of a report and returns a new report with what can
 * now be proven; nothing is ever sent but status queries. An outcome with a `taskId` waits for that task
 * (bounded, {@link waitForTask}) and takes the alert's result from it. One without reads the alert's
 * latest handling by alert ID (at most 100 IDs per query) and accepts it only when it is a final status
 * of the same operation (`ErrorCode` `<operation>.…` or none) that differs from what the alert showed
 * before its call, when the report's execution recorded that: `Success` → `succeeded`, `Failed` →
 * `failed` with its typed error; a handling still `Processing` is followed for the poll budget. Every
 * other outcome stays as it was, its reason saying when it was rechecked and why it is still open.
 *
 * Outcomes of other statuses are kept unchanged; the order, the alerts and `aborted` are the report's.
 * A failed read leaves its alerts as they were, the reason naming the error.
 *
 * @throws {@link ValidationError} when an option or the report is not valid, before any request
 * @throws {@link AbortError} when `signal` aborts
 * @throws {@link NoPermissionError}, {@link AuthenticationError} or {@link CredentialsError} when a
 * status query is refused for the caller's identity or permission
 *
 * @example
 * ```ts
 * const fresh = await recheckReport(sas, report, { poll: { intervalMs: 2000, maxWaitMs: 30_000 } });
 * console.log(fresh.counts.timedOut, fresh.counts.unknown);
 * ```
 */
export async function recheckReport(
  calls: RecheckCalls,
  report: HandlingReport,
  options: RecheckOptions = {},
): Promise<HandlingReport> {
  checkOptions(options, RECHECK_OPTION_RULES, 'recheck');
  checkReport(report, options.poll);
  const { signal, poll } = options;
  if (signal?.aborted) throw abortError(ACTION, signal, 'notSent');

  const open = report.outcomes
    .map((outcome, index) => ({ outcome, index }))
    .filter(({ outcome }) => outcome.status === 'timedOut' || outcome.status === 'unknown');
  const updated = new Map<number, AlertOutcome>();

  const byTask = new Map<number, Open[]>();
  const byAlert: Open[] = [];
  for (const entry of open) {
    const { taskId } = entry.outcome;
    if (taskId === undefined) byAlert.push(entry);
    else byTask.set(taskId, [...(byTask.get(taskId) ?? []), entry]);
  }

  await mapWithConcurrency([...byTask], CONCURRENCY, async ([taskId, entries]) => {
    for (const part of chunks(entries, MAX_IDS)) {
      for (const [index, outcome] of await fromTask(calls, taskId, part, poll, signal)) {
        updated.set(index, outcome);
      }
    }
  });
  const baselines = baselinesOf(report);
  for (const [index, outcome] of await fromAlertIds(calls, byAlert, baselines, poll, signal)) {
    updated.set(index, outcome);
  }

  return new HandlingReport(
    report.outcomes.map((outcome, index) => updated.get(index) ?? outcome),
    { aborted: report.aborted, executionId: report.executionId, baselines },
  );
}

/** An open outcome and its place in the report. */
interface Open {
  readonly outcome: AlertOutcome;
  readonly index: number;
}

/** The outcome kept open, its reason saying when it was rechecked and why it stays so. */
function stillOpen(outcome: AlertOutcome, why: string): AlertOutcome {
  return {
    ...outcome,
    reason: `Rechecked at ${new Date().toISOString()}: ${why}; check the alert before handling it again.`,
  };
}

function verified(outcome: AlertOutcome): string {
  return `Verified by a recheck at ${new Date().toISOString()} (was ${outcome.status}).`;
}

/** Waits for one task and takes each alert's result from it. */
async function fromTask(
  calls: RecheckCalls,
  taskId: number,
  entries: readonly Open[],
  poll: RecheckOptions['poll'],
  signal: AbortSignal | undefined,
): Promise<[number, AlertOutcome][]> {
  const alertIds = entries.map(({ outcome }) => outcome.alertId);
  try {
    const result = await waitForTask(calls, taskId, alertIds, { ...poll, signal });
    const events = new Map(result.events.map((event) => [event.alertId, event]));
    const { lastError } = result;
    return entries.map(({ outcome, index }): [number, AlertOutcome] => {
      const event = events.get(outcome.alertId);
      const known = { alertId: outcome.alertId, operation: outcome.operation, taskId };
      const errorCode = event?.errorCode === undefined ? {} : { errorCode: event.errorCode };
      if (event?.status === 'succeeded') {
        return [index, { ...known, status: 'succeeded', ...errorCode, reason: verified(outcome) }];
      }
      if (event?.status === 'failed') {
        return [
          index,
          {
            ...known,
            status: 'failed',
            ...errorCode,
            ...(event.error !== undefined && { error: event.error }),
          },
        ];
      }
      const why =
        lastError === undefined
          ? `task ${taskId} still running after ${result.attempts} status queries`
          : `task ${taskId} not seen finished; its last status query failed (${lastError.name} ${lastError.code})`;
      return [index, stillOpen(outcome, why)];
    });
  } catch (error) {
    if (isCallerError(error)) throw error;
    const { name, code } = error as SdkError;
    return entries.map(({ outcome, index }) => [
      index,
      stillOpen(outcome, `task ${taskId} could not be read (${name} ${code})`),
    ]);
  }
}

/** Reads the latest handling of each alert by its ID, follows those still `Processing`, and decides. */
async function fromAlertIds(
  calls: RecheckCalls,
  entries: readonly Open[],
  baselines: ReadonlyMap<string, HandlingBaseline>,
  poll: RecheckOptions['poll'],
  signal: AbortSignal | undefined,
): Promise<[number, AlertOutcome][]> {
  if (entries.length === 0) return [];
  const startMs = Date.now();
  const timeoutMs = poll?.requestTimeoutMs ?? POLL_DEFAULTS.requestTimeoutMs;
  const ids = [...new Set(entries.map(({ outcome }) => outcome.alertId))];
  const statuses = new Map<string, SecurityEventOperationStatus>();
  const readErrors = new Map<string, SdkError>();

  for (const part of chunks(ids, MAX_IDS)) {
    try {
      const answer = await calls.describeSecurityEventOperationStatus(
        { SecurityEventIds: part },
        { signal, timeoutMs },
      );
      const found = answer.SecurityEventOperationStatusResponse?.SecurityEventOperationStatuses ?? [];
      for (const entry of found) statuses.set(String(entry.SecurityEventId), entry);
    } catch (error) {
      if (isCallerError(error)) throw error;
      // No task for any of these alerts: no handling was ever recorded for them.
      if (error instanceof OperationTaskNotExistsError) continue;
      for (const alertId of part) readErrors.set(alertId, error as SdkError);
    }
  }

  const ours = (outcome: AlertOutcome): SecurityEventOperationStatus | undefined => {
    const entry = statuses.get(outcome.alertId);
    const sameOperation =
      entry !== undefined && (!entry.ErrorCode || entry.ErrorCode.startsWith(`${outcome.operation}.`));
    // The handling the alert already showed before its call proves nothing about the call.
    return sameOperation && isNewHandling(entry, baselines.get(outcome.alertId)) ? entry : undefined;
  };
  const running = [
    ...new Set(
      entries
        .filter(({ outcome }) => ours(outcome)?.Status === 'Processing')
        .map(({ outcome }) => outcome.alertId),
    ),
  ];
  const followErrors = new Map<string, SdkError>();
  await mapWithConcurrency(chunks(running, MAX_IDS), CONCURRENCY, async (part) => {
    const followed = await follow(calls, part, poll, startMs, signal);
    if (followed.lastError !== undefined && isCallerError(followed.lastError)) throw followed.lastError;
    for (const alertId of part) {
      const entry = followed.statuses.get(alertId);
      if (entry !== undefined) statuses.set(alertId, entry);
      if (followed.lastError !== undefined) followErrors.set(alertId, followed.lastError);
    }
  });

  return entries.map(({ outcome, index }): [number, AlertOutcome] => {
    const { alertId, operation } = outcome;
    const readError = readErrors.get(alertId);
    if (readError !== undefined) {
      return [
        index,
        stillOpen(outcome, `its handling status could not be read (${readError.name} ${readError.code})`),
      ];
    }
    const entry = ours(outcome);
    if (entry?.Status === 'Success') {
      return [
        index,
        {
          alertId,
          operation,
          status: 'succeeded',
          ...(entry.ErrorCode ? { errorCode: entry.ErrorCode } : {}),
          reason: verified(outcome),
        },
      ];
    }
    if (entry?.Status === 'Failed') {
      const error = handlingErrorFromCode(entry.ErrorCode || `${operation}.Failed`, { alertId });
      return [index, { alertId, operation, status: 'failed', errorCode: error.code, error }];
    }
    if (entry?.Status === 'Processing') {
      const followError = followErrors.get(alertId);
      return [
        index,
        stillOpen(
          outcome,
          `its ${operation} handling is applied and still running` +
            (followError === undefined
              ? ''
              : ` (its last status query failed: ${followError.name} ${followError.code})`),
        ),
      ];
    }
    const latest = statuses.get(alertId);
    const before = baselines.get(alertId);
    const why =
      latest === undefined
        ? `no handling of ${operation} is recorded for it`
        : before !== undefined && !isNewHandling(latest, before)
          ? `its latest handling (${latest.Status ?? 'no status'}${latest.ErrorCode ? `, ${latest.ErrorCode}` : ''}) is the one it showed before its call, which proves nothing about the call`
          : `its latest handling is not a final result of ${operation} (${latest.Status ?? 'no status'}${latest.ErrorCode ? `, ${latest.ErrorCode}` : ''})`;
    return [index, stillOpen(outcome, why)];
  });
}

/** Refuses, before any request, a report whose open outcomes could not be read back. */
function checkReport(report: HandlingReport, poll: RecheckOptions['poll']): void {
  const issues: ValidationIssue[] = [];
  if (!Array.isArray((report as Partial<HandlingReport> | null)?.outcomes)) {
    issues.push({ path: 'report', message: 'must be a HandlingReport (from execute, handle or recheck)' });
  } else {
    report.outcomes.forEach((outcome, index) => {
      if (outcome?.status !== 'timedOut' && outcome?.status !== 'unknown') return;
      const at = `report.outcomes[${index}]`;
      if (typeof outcome.alertId !== 'string' || !/^\d{1,19}$/.test(outcome.alertId)) {
        issues.push({ path: `${at}.alertId`, message: 'must be an alert ID (digits)' });
      }
      if (typeof outcome.operation !== 'string' || outcome.operation === '') {
        issues.push({ path: `${at}.operation`, message: 'must be an operation code' });
      }
      if (outcome.taskId !== undefined && !(Number.isSafeInteger(outcome.taskId) && outcome.taskId > 0)) {
        issues.push({ path: `${at}.taskId`, message: 'must be a positive integer TaskId' });
      }
    });
  }
  const { intervalMs = POLL_DEFAULTS.intervalMs, maxWaitMs = POLL_DEFAULTS.maxWaitMs } = poll ?? {};
  if (intervalMs > maxWaitMs) issues.push({ path: 'poll.intervalMs', message: 'must not exceed maxWaitMs' });
  const first = issues[0];
  if (first !== undefined) {
    throw new ValidationError(`recheck: \`${first.path}\` ${first.message}. Nothing was sent.`, { issues });
  }
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const parts: T[][] = [];
  for (let start = 0; start < items.length; start += size) parts.push(items.slice(start, start + size));
  return parts;
}
