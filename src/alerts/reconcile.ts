import { handlingErrorFromCode, OperationTaskNotExistsError, type SdkError } from '../errors.js';
import type { SuspEvent } from '../generated/index.js';
import { ALERT_STATUS_CODES } from './alert.js';
import type { AlertOutcome } from './report.js';
import type { SasCalls } from './sas-calls.js';

/** The reads reconciliation makes: the alerts' handling status, and the alerts themselves. */
export type ReconcileCalls = Pick<SasCalls, 'describeSecurityEventOperationStatus' | 'describeSuspEvents'>;

/**
 * Finds out, without resending anything, what became of alerts whose handling call failed in a way that
 * may have applied it (its error's `delivery` is `unknown`). For each alert it reads the latest handling status
 * (`DescribeSecurityEventOperationStatus` by `SecurityEventIds`) and, when there is none, the alert
 * itself: a final status proves the outcome; a running one proves it was applied; a still pending alert
 * with no handling proves it was not. Everything else is reported as `unknown`.
 */
export async function reconcile(
  calls: ReconcileCalls,
  lang: 'zh' | 'en' | undefined,
  operation: string,
  alertIds: readonly string[],
  cause: SdkError,
  signal: AbortSignal | undefined,
): Promise<AlertOutcome[]> {
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

  let statuses: Map<string, { Status?: string; ErrorCode?: string }>;
  try {
    const answer = await calls.describeSecurityEventOperationStatus(
      { SecurityEventIds: [...alertIds] },
      { signal },
    );
    const entries = answer.SecurityEventOperationStatusResponse?.SecurityEventOperationStatuses ?? [];
    statuses = new Map(entries.map((entry) => [String(entry.SecurityEventId), entry]));
  } catch (error) {
    // A task that does not exist means no handling was ever recorded for these alerts.
    if (!(error instanceof OperationTaskNotExistsError)) {
      return alertIds.map((alertId) => unknown(alertId, 'its handling status could not be read'));
    }
    statuses = new Map();
  }

  const outcomes: AlertOutcome[] = [];
  for (const alertId of alertIds) {
    const entry = statuses.get(alertId);
    const ours = !entry?.ErrorCode || entry.ErrorCode.startsWith(`${operation}.`);
    if (entry !== undefined && ours && entry.Status === 'Success') {
      outcomes.push({
        alertId,
        operation,
        status: 'succeeded',
        errorCode: entry.ErrorCode,
        reason: 'Verified after the call failed.',
      });
    } else if (entry !== undefined && ours && entry.Status === 'Failed') {
      const error = handlingErrorFromCode(entry.ErrorCode ?? `${operation}.Failed`, { alertId });
      outcomes.push({ alertId, operation, status: 'failed', errorCode: error.code, error });
    } else if (entry !== undefined && ours && entry.Status === 'Processing') {
      outcomes.push({
        alertId,
        operation,
        status: 'timedOut',
        reason:
          'The handling call failed, but the handling was applied and is still running: check the alert later.',
      });
    } else {
      outcomes.push(await fromAlertState(calls, lang, operation, alertId, cause, signal, unknown));
    }
  }
  return outcomes;
}

async function fromAlertState(
  calls: ReconcileCalls,
  lang: 'zh' | 'en' | undefined,
  operation: string,
  alertId: string,
  cause: SdkError,
  signal: AbortSignal | undefined,
  unknown: (alertId: string, why: string) => AlertOutcome,
): Promise<AlertOutcome> {
  try {
    const event = await readAlert(calls, lang, alertId, signal);
    if (event?.EventStatus === ALERT_STATUS_CODES.pending) {
      return {
        alertId,
        operation,
        status: 'failed',
        errorCode: cause.code,
        error: cause,
        reason:
          'Verified not applied: the alert is still pending with no handling, so it can be handled again.',
      };
    }
    return unknown(alertId, 'the alert changed state without a handling result for this operation');
  } catch {
    return unknown(alertId, 'the alert could not be read');
  }
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
