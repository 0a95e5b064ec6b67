/**
 * The re-read of a batch's alerts right before its handling call: alerts no longer pending, or with a
 * handling still running, are held back; the others are sent, each with a record of its latest handling
 * (its baseline), so that a lost answer is judged only by a handling newer than that.
 *
 * @packageDocumentation
 */

import { AbortError, OperationTaskNotExistsError, SdkError } from '../errors.js';
import type { SecurityEventOperationStatus } from '../generated/index.js';
import { mapWithConcurrency } from '../util/concurrency.js';
import { exactNumber } from '../util/int64.js';
import { ALERT_STATUS_CODES, type Alert, alertStatusFromCode, toAlert } from './alert.js';
import type { HandlingBaseline } from './handling-baseline.js';
import type { OperationCode } from './operation-codes.js';
import type { AlertOutcome } from './report.js';
import type { SasCalls } from './sas-calls.js';

/** The reads made before sending: the alerts, and their handling status. */
export type SendTimeCheckCalls = Pick<
  SasCalls,
  'describeSuspEvents' | 'describeSecurityEventOperationStatus'
>;

/** What the re-read found: alerts to send with their baselines, and outcomes for those held back. */
export interface SendTimeCheck {
  /** Alerts still pending with no handling running, in the order given, each with its baseline. */
  readonly ready: ReadonlyMap<string, HandlingBaseline>;
  /** One outcome for each alert held back. */
  readonly held: readonly AlertOutcome[];
  /** The UUID of each ready alert's machine, when the alert names it. */
  readonly hosts: ReadonlyMap<string, string>;
  /** Each ready alert as just re-read. */
  readonly alerts: ReadonlyMap<string, Alert>;
}

/** Alerts read at once by the check. */
const READ_CONCURRENCY = 5;

/**
 * Re-reads `alertIds` right before their handling call: each alert (`DescribeSuspEvents` by `Id`), then
 * their handling status (`DescribeSecurityEventOperationStatus` by `SecurityEventIds`). An alert gone or
 * no longer pending is `skipped` (handled meanwhile, by another run or in the console), one with a
 * handling still `Processing` is `skipped` (being handled), one that cannot be read is `failed` with
 * nothing sent. An abort holds back every alert not yet checked as `skipped`.
 *
 * @example
 * ```ts
 * const { ready, held } = await checkBeforeSend(sas, 'en', 'ignore', ['7009586', '7009587'], signal);
 * ```
 */
export async function checkBeforeSend(
  calls: SendTimeCheckCalls,
  lang: 'zh' | 'en' | undefined,
  operation: OperationCode,
  alertIds: readonly string[],
  signal: AbortSignal | undefined,
): Promise<SendTimeCheck> {
  const held: AlertOutcome[] = [];
  const hold = (alertId: string, outcome: Omit<AlertOutcome, 'alertId' | 'operation'>) =>
    held.push({ alertId, operation, ...outcome });
  const notRead = (alertId: string, error: SdkError, what: string) =>
    error instanceof AbortError
      ? hold(alertId, { status: 'skipped', reason: 'Execution was aborted before this alert was sent.' })
      : hold(alertId, {
          status: 'failed',
          errorCode: error.code,
          error,
          reason: `${what} could not be re-read before sending (${error.code}), so nothing was sent: handle it again.`,
        });

  const operateTimes = new Map<string, number | undefined>();
  const hosts = new Map<string, string>();
  const read = new Map<string, Alert>();
  await mapWithConcurrency(alertIds, READ_CONCURRENCY, async (alertId) => {
    try {
      const { SuspEvents: events = [] } = await calls.describeSuspEvents(
        { Id: Number(alertId), Lang: lang },
        { signal },
      );
      const event = events.find((candidate) => String(candidate.Id) === alertId);
      if (event === undefined) {
        hold(alertId, { status: 'skipped', reason: 'The alert no longer exists, so nothing was sent.' });
      } else if (event.EventStatus !== ALERT_STATUS_CODES.pending) {
        hold(alertId, {
          status: 'skipped',
          reason: `The alert is no longer pending (${alertStatusFromCode(event.EventStatus)}): it was handled meanwhile, by another run or in the console, so nothing was sent.`,
        });
      } else {
        operateTimes.set(alertId, exactNumber(event.OperateTime));
        if (event.Uuid) hosts.set(alertId, event.Uuid);
        read.set(alertId, toAlert(event));
      }
    } catch (error) {
      if (!(error instanceof SdkError)) throw error;
      notRead(alertId, error, 'The alert');
    }
  });

  const pending = alertIds.filter((alertId) => operateTimes.has(alertId));
  const ready = new Map<string, HandlingBaseline>();
  const alerts = new Map<string, Alert>();
  if (pending.length === 0) return { ready, held, hosts, alerts };
  let statuses: ReadonlyMap<string, SecurityEventOperationStatus>;
  try {
    statuses = await latestHandlings(calls, pending, signal);
  } catch (error) {
    if (!(error instanceof SdkError)) throw error;
    for (const alertId of pending) notRead(alertId, error, 'Its handling status');
    return { ready, held, hosts, alerts };
  }
  for (const alertId of pending) {
    const entry = statuses.get(alertId);
    if (entry?.Status === 'Processing') {
      hold(alertId, {
        status: 'skipped',
        reason: `A handling of the alert is still running (${entry.ErrorCode || 'no result yet'}), by another run or in the console, so nothing was sent: check it later.`,
      });
      continue;
    }
    const operateTime = operateTimes.get(alertId);
    ready.set(alertId, {
      ...(entry?.Status !== undefined && { status: entry.Status }),
      ...(entry?.ErrorCode && { errorCode: entry.ErrorCode }),
      ...(operateTime !== undefined && { operateTime }),
    });
    alerts.set(alertId, read.get(alertId) as Alert);
  }
  return { ready, held, hosts, alerts };
}

/**
 * Each alert's latest handling status, by alert ID; empty when none of them was ever handled (the service
 * answers that no task exists).
 *
 * @example
 * ```ts
 * const statuses = await latestHandlings(sas, ['7009607'], signal);
 * if (statuses.get('7009607')?.Status === 'Processing') console.log('being handled');
 * ```
 */
export async function latestHandlings(
  calls: Pick<SasCalls, 'describeSecurityEventOperationStatus'>,
  alertIds: readonly string[],
  signal: AbortSignal | undefined,
): Promise<Map<string, SecurityEventOperationStatus>> {
  try {
    const answer = await calls.describeSecurityEventOperationStatus(
      { SecurityEventIds: [...alertIds] },
      { signal },
    );
    const entries = answer.SecurityEventOperationStatusResponse?.SecurityEventOperationStatuses ?? [];
    return new Map(entries.map((entry) => [String(entry.SecurityEventId), entry]));
  } catch (error) {
    if (error instanceof OperationTaskNotExistsError) return new Map();
    throw error;
  }
}
