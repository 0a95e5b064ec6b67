import { AbortError, handlingErrorFromCode, SdkError } from '../errors.js';
import type { SecurityEventOperationStatus, SuspEvent } from '../generated/index.js';
import { sleep } from '../util/deadline.js';
import { exactNumber } from '../util/int64.js';
import { ALERT_STATUS_CODES } from './alert.js';
import { type HandlingBaseline, isNewHandling } from './handling-baseline.js';
import { POLL_DEFAULTS, pollStatus, type WaitForTaskOptions, waitForTask } from './poller.js';
import type { AlertOutcome } from './report.js';
import type { SasCalls } from './sas-calls.js';
import { latestHandlings } from './send-time-check.js';

/** The reads reconciliation makes: the alerts' handling status, and the alerts themselves. */
export type ReconcileCalls = Pick<SasCalls, 'describeSecurityEventOperationStatus' | 'describeSuspEvents'>;

/** Options of {@link reconcile}. */
export interface ReconcileOptions {
  /**
   * The poll settings of the execution. Reconciliation shares their budget: its first status read
   * counts as one attempt, and a handling still `Processing` is followed for the rest.
   * @defaultValue the poller's (2 s apart, 5 queries, within 10 s)
   */
  readonly poll?: Omit<WaitForTaskOptions, 'signal' | 'onProgress'>;
  /**
   * The handling call's `TaskId`, when the caller knows it although the answer was lost: the task is
   * then waited for with {@link waitForTask}, and every outcome carries it.
   */
  readonly taskId?: number;
  /**
   * How long to wait before reading again an alert found still pending with no handling of this
   * operation; only if the second read shows the same is it reported not applied. It must be longer
   * than the lost request's deadline: a request the client gave up on may still be applied by the
   * service after that. The second read starts a fresh poll budget.
   * @defaultValue 15 000 ms, longer than the client's default per-attempt deadline of 10 000 ms
   */
  readonly graceMs?: number;
  /**
   * When the lost call was sent (epoch ms): the grace period counts from then, so a re-check long after
   * the call (when an interrupted execution is resumed) waits only for what is left of it.
   * @defaultValue now
   */
  readonly sentAtMs?: number;
  /**
   * Each alert's latest handling just before the call was sent ({@link checkBeforeSend}). Only a handling
   * of this operation newer than it proves what the call did; an alert without one is judged by any
   * handling of this operation.
   */
  readonly baselines?: ReadonlyMap<string, HandlingBaseline>;
}

const STATUS_ACTION = 'DescribeSecurityEventOperationStatus';

/** {@link ReconcileOptions.graceMs} when not given: longer than the client's default 10 s deadline. */
const DEFAULT_GRACE_MS = 15_000;

/**
 * What one pass of reads proved: outcomes; the alerts still pending with no handling (`unseen`); and those
 * being handled with no result yet (`busy`), which a handling applied late may be.
 */
interface Pass {
  readonly outcomes: ReadonlyMap<string, AlertOutcome>;
  readonly unseen: readonly string[];
  readonly busy: readonly string[];
}

/**
 * Finds out, without resending anything, what became of alerts whose handling call failed in a way that
 * may have applied it (its error's `delivery` is `unknown`). With a known `taskId`, it waits for that
 * task. Otherwise it reads each alert's latest handling status (`DescribeSecurityEventOperationStatus`
 * by `SecurityEventIds`) and, when there is none newer than the alert's baseline, the alert itself (its
 * `OperateTime` and `OperateErrorCode`): a final status newer than the baseline proves the outcome;
 * a handling still `Processing` proves it was applied and is polled for the rest of the poll budget,
 * then reported from its final status, or `timedOut`. A still pending alert with no handling is read
 * again (status, then alert) after `graceMs`, since the service may apply a request after its caller
 * gave up: only if it still shows nothing is it reported `failed` (verified not applied); an abort
 * before then leaves it `unknown`. Everything else is reported as `unknown`. The status answer names
 * no task (neither per alert nor overall), so outcomes read by alert IDs carry no `taskId`.
 */
export async function reconcile(
  calls: ReconcileCalls,
  lang: 'zh' | 'en' | undefined,
  operation: string,
  alertIds: readonly string[],
  cause: SdkError,
  signal: AbortSignal | undefined,
  options: ReconcileOptions = {},
): Promise<AlertOutcome[]> {
  const startMs = Date.now();
  const unknown = (alertId: string, why: string): AlertOutcome => ({
    alertId,
    operation,
    status: 'unknown',
    errorCode: cause.code,
    error: cause,
    reason: `The handling call failed (${cause.code}) and ${why}: check the alert before handling it again.`,
  });
  if (signal?.aborted)
    return alertIds.map((alertId) => unknown(alertId, 'execution was aborted before it could be verified'));
  if (options.taskId !== undefined) {
    return fromTask(calls, operation, alertIds, options.taskId, options.poll, signal, unknown);
  }

  const graceMs = options.graceMs ?? DEFAULT_GRACE_MS;
  const sentAtMs = Math.min(options.sentAtMs ?? startMs, startMs);
  const pass: PassSettings = { poll: options.poll, baselines: options.baselines, unknown };
  const notApplied = (alertId: string): AlertOutcome => ({
    alertId,
    operation,
    status: 'failed',
    errorCode: cause.code,
    error: cause,
    reason: `Verified not applied after ${graceMs} ms: the alert is still pending with no handling, so it can be handled again.`,
  });
  /**
   * Reads `unseen` alerts again once the grace period is over: those still pending with nothing newer
   * were not applied; those still being handled with no result are `unknown`.
   */
  const afterGrace = async (unseen: readonly string[]): Promise<ReadonlyMap<string, AlertOutcome>> => {
    try {
      await sleep(Math.max(0, graceMs - (Date.now() - sentAtMs)), signal, STATUS_ACTION);
    } catch (error) {
      if (!(error instanceof AbortError)) throw error;
      const why = `execution was aborted before its re-check after ${graceMs} ms`;
      return new Map(unseen.map((alertId) => [alertId, unknown(alertId, why)]));
    }
    const second = await readPass(calls, lang, operation, unseen, Date.now(), signal, pass);
    const stillBusy = new Set(second.busy);
    const busyWhy = `the alert is still being handled after ${graceMs} ms, with no result of this operation yet`;
    return new Map(
      unseen.map((alertId) => [
        alertId,
        second.outcomes.get(alertId) ??
          (stillBusy.has(alertId) ? unknown(alertId, busyWhy) : notApplied(alertId)),
      ]),
    );
  };

  const first = await readPass(calls, lang, operation, alertIds, startMs, signal, pass);
  const open = [...first.unseen, ...first.busy];
  const late = open.length === 0 ? new Map<string, AlertOutcome>() : await afterGrace(open);
  // Every alert has its outcome in one of the two: the first pass's, or the re-check's.
  return alertIds.map((alertId) => first.outcomes.get(alertId) ?? (late.get(alertId) as AlertOutcome));
}

/** What every pass of reads shares: the poll settings, the baselines, and how to say `unknown`. */
interface PassSettings {
  readonly poll: ReconcileOptions['poll'];
  readonly baselines: ReconcileOptions['baselines'];
  readonly unknown: (alertId: string, why: string) => AlertOutcome;
}

/**
 * One pass of reads over `alertIds`: their handling status (a handling still `Processing` is followed
 * within the poll budget that started at `startMs`), then, for those with no handling of this operation
 * newer than their baseline, the alert. Alerts still pending with nothing newer are left `unseen`,
 * without an outcome.
 */
async function readPass(
  calls: ReconcileCalls,
  lang: 'zh' | 'en' | undefined,
  operation: string,
  alertIds: readonly string[],
  startMs: number,
  signal: AbortSignal | undefined,
  { poll, baselines, unknown }: PassSettings,
): Promise<Pass> {
  let statuses: Map<string, SecurityEventOperationStatus>;
  try {
    statuses = await latestHandlings(calls, alertIds, signal);
  } catch {
    const why = 'its handling status could not be read';
    const outcomes = new Map(alertIds.map((alertId) => [alertId, unknown(alertId, why)]));
    return { outcomes, unseen: [], busy: [] };
  }

  /** Whether the entry is a handling of this operation that the alert did not show before sending. */
  const ours = (
    alertId: string,
    entry: SecurityEventOperationStatus | undefined,
  ): entry is SecurityEventOperationStatus => {
    if (entry === undefined || (entry.ErrorCode && !entry.ErrorCode.startsWith(`${operation}.`)))
      return false;
    return isNewHandling(entry, baselines?.get(alertId));
  };
  const running = alertIds.filter((alertId) => {
    const entry = statuses.get(alertId);
    return ours(alertId, entry) && entry.Status === 'Processing';
  });
  let followError: SdkError | undefined;
  if (running.length > 0) {
    const followed = await follow(calls, running, poll, startMs, signal);
    for (const [alertId, entry] of followed.statuses) {
      if (running.includes(alertId)) statuses.set(alertId, entry);
    }
    followError = followed.lastError;
  }

  const outcomes = new Map<string, AlertOutcome>();
  const unseen: string[] = [];
  const busy: string[] = [];
  for (const alertId of alertIds) {
    const entry = statuses.get(alertId);
    if (ours(alertId, entry) && entry.Status === 'Success') {
      outcomes.set(alertId, verified(alertId, operation, true, entry.ErrorCode));
    } else if (ours(alertId, entry) && entry.Status === 'Failed') {
      outcomes.set(alertId, verified(alertId, operation, false, entry.ErrorCode));
    } else if (ours(alertId, entry) && entry.Status === 'Processing') {
      outcomes.set(alertId, {
        alertId,
        operation,
        status: 'timedOut',
        reason:
          'The handling call failed, but the handling was applied and is still running' +
          (followError === undefined
            ? ''
            : ` (its last status query failed: ${followError.name} ${followError.code})`) +
          ': check the alert later.',
        ...(followError !== undefined && { error: followError }),
      });
    } else {
      const outcome = await fromAlertState(calls, lang, operation, alertId, signal, {
        baseline: baselines?.get(alertId),
        unknown,
      });
      if (outcome === 'pending') unseen.push(alertId);
      else if (outcome === 'busy') busy.push(alertId);
      else outcomes.set(alertId, outcome);
    }
  }
  return { outcomes, unseen, busy };
}

/** The outcome a handling result proves: `succeeded`, or `failed` with the typed error of its code. */
function verified(
  alertId: string,
  operation: string,
  succeeded: boolean,
  code: string | undefined,
): AlertOutcome {
  if (succeeded) {
    return {
      alertId,
      operation,
      status: 'succeeded',
      ...(code && { errorCode: code }),
      reason: 'Verified after the call failed.',
    };
  }
  const error = handlingErrorFromCode(code || `${operation}.Failed`, { alertId });
  return { alertId, operation, status: 'failed', errorCode: error.code, error };
}

/**
 * Polls the handling status of `alertIds` (by alert ID) until none is `Processing`, within what the
 * poll budget that started at `startMs` has left: its attempts after the first read, its time after a
 * pause of `intervalMs`. The latest statuses, and the error that ended the polling or its last query.
 *
 * @example
 * ```ts
 * const { statuses, lastError } = await follow(sas, ['7009607'], { intervalMs: 2000 }, Date.now(), signal);
 * ```
 */
export async function follow(
  calls: Pick<ReconcileCalls, 'describeSecurityEventOperationStatus'>,
  alertIds: readonly string[],
  poll: ReconcileOptions['poll'],
  startMs: number,
  signal: AbortSignal | undefined,
): Promise<{ statuses: ReadonlyMap<string, SecurityEventOperationStatus>; lastError?: SdkError }> {
  const settings = { ...POLL_DEFAULTS, ...poll };
  const remainingMs = settings.maxWaitMs - (Date.now() - startMs);
  if (settings.maxAttempts <= 1 || remainingMs <= settings.intervalMs) return { statuses: new Map() };
  try {
    await sleep(settings.intervalMs, signal, STATUS_ACTION);
    const polled = await pollStatus(
      calls,
      { SecurityEventIds: [...alertIds] },
      {
        ...settings,
        maxAttempts: settings.maxAttempts - 1,
        maxWaitMs: remainingMs - settings.intervalMs,
        signal,
      },
      (_, statuses) => alertIds.every((alertId) => statuses.get(alertId)?.Status !== 'Processing'),
    );
    return {
      statuses: polled.statuses,
      ...(polled.lastError !== undefined && { lastError: polled.lastError }),
    };
  } catch (error) {
    if (!(error instanceof SdkError)) throw error;
    return { statuses: new Map(), lastError: error };
  }
}

/** Reconciles by a known task: waits for it, and every outcome carries its `taskId`. */
async function fromTask(
  calls: ReconcileCalls,
  operation: string,
  alertIds: readonly string[],
  taskId: number,
  poll: ReconcileOptions['poll'],
  signal: AbortSignal | undefined,
  unknown: (alertId: string, why: string) => AlertOutcome,
): Promise<AlertOutcome[]> {
  try {
    const result = await waitForTask(calls, taskId, alertIds, { ...poll, signal });
    const { lastError } = result;
    return result.events.map((event): AlertOutcome => {
      const known = { alertId: event.alertId, operation, taskId };
      if (event.status === 'succeeded') {
        return {
          ...known,
          status: 'succeeded',
          ...(event.errorCode !== undefined && { errorCode: event.errorCode }),
          reason: 'Verified after the call failed.',
        };
      }
      if (event.status === 'failed') {
        return {
          ...known,
          status: 'failed',
          ...(event.errorCode !== undefined && { errorCode: event.errorCode }),
          ...(event.error !== undefined && { error: event.error }),
        };
      }
      return {
        ...known,
        status: 'timedOut',
        reason:
          `The handling call failed, but task ${taskId} was started and is still running` +
          (lastError === undefined
            ? ''
            : ` (its last status query failed: ${lastError.name} ${lastError.code})`) +
          ': check the alert later.',
        ...(lastError !== undefined && { error: lastError }),
      };
    });
  } catch (error) {
    if (!(error instanceof SdkError)) throw error;
    return alertIds.map((alertId) => ({
      ...unknown(alertId, `task ${taskId} could not be read (${error.name} ${error.code})`),
      taskId,
    }));
  }
}

/**
 * What the alert itself proves when its handling status shows nothing new of this operation: a handling
 * of this operation newer than the baseline's (`OperateTime` later, `OperateErrorCode` of this
 * operation) proves its result; `pending` while the alert is still pending with nothing newer
 * (nothing proven yet); `busy` while it is being handled with no result yet (a handling applied late
 * shows so until it settles); `unknown` when it changed state otherwise or could not be read. Without a
 * baseline, only "still pending" and "being handled" are told apart.
 */
async function fromAlertState(
  calls: ReconcileCalls,
  lang: 'zh' | 'en' | undefined,
  operation: string,
  alertId: string,
  signal: AbortSignal | undefined,
  { baseline, unknown }: { baseline: HandlingBaseline | undefined; unknown: PassSettings['unknown'] },
): Promise<AlertOutcome | 'pending' | 'busy'> {
  let event: SuspEvent | undefined;
  try {
    event = await readAlert(calls, lang, alertId, signal);
  } catch {
    return unknown(alertId, 'the alert could not be read');
  }
  const code = event?.OperateErrorCode;
  const operateTime = exactNumber(event?.OperateTime);
  const newer =
    baseline !== undefined &&
    operateTime !== undefined &&
    operateTime > (baseline.operateTime ?? Number.NEGATIVE_INFINITY) &&
    code?.startsWith(`${operation}.`) === true;
  if (newer) return verified(alertId, operation, code === `${operation}.Success`, code);
  if (event?.EventStatus === ALERT_STATUS_CODES.pending) return 'pending';
  if (event?.EventStatus === ALERT_STATUS_CODES.handling) return 'busy';
  return unknown(
    alertId,
    baseline === undefined
      ? 'the alert changed state without a handling result for this operation'
      : 'the alert changed state without a handling of this operation newer than before the call',
  );
}

/** Reads one alert event by ID (`DescribeSuspEvents` with `Id`), or `undefined` when there is none. */
async function readAlert(
  calls: ReconcileCalls,
  lang: 'zh' | 'en' | undefined,
  alertId: string,
  signal: AbortSignal | undefined,
): Promise<SuspEvent | undefined> {
  const { SuspEvents: events = [] } = await calls.describeSuspEvents(
    { Id: Number(alertId), Lang: lang },
    { signal },
  );
  return events.find((event) => String(event.Id) === alertId);
}
