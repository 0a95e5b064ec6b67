/**
 * The alert handler's log lines, derived from its audit events in one place: a plan made, a batch sent,
 * an execution ended or resumed (info), alerts whose outcome is unknown (warn). Ids, codes and counts;
 * never operation parameters, whitelist rules or any other content of an alert.
 *
 * @packageDocumentation
 */
import { isSdkError } from '../errors.js';
import type { Log } from '../transport/logger.js';
import type { BatchAuditEvent, ExecutionAuditEvent, PlanAuditEvent } from './audit.js';
import type { OutcomeCounts } from './report.js';

/** The events of the handler itself (request attempts are logged by its client). */
export type HandlerAuditEvent = PlanAuditEvent | BatchAuditEvent | ExecutionAuditEvent;

/** Writes the log lines of one handler event. */
export function logHandlerEvent(log: Log, event: HandlerAuditEvent): void {
  if (event.kind === 'plan') logPlan(log, event);
  else if (event.kind === 'batch') logBatch(log, event);
  else logExecution(log, event);
}

/** An interrupted execution about to be finished from its journal. */
export function logResume(log: Log, executionId: string): void {
  log.write('info', `Resuming execution ${executionId} from its journal.`, { executionId });
}

/** A poll of a live feed that failed with a transient error, to be made again at the next interval. */
export function logFailedPoll(log: Log, error: unknown, failedPolls: number): void {
  const name = error instanceof Error ? error.name : typeof error;
  const code = isSdkError(error) ? error.code : undefined;
  log.write(
    'warn',
    `A poll of the alert feed failed (${name}${code === undefined ? '' : ` ${code}`}, ${count(failedPolls, 'poll')} ` +
      'in a row): it is made again, whole, at the next interval.',
    { error: name, code, failedPolls },
  );
}

function logPlan(log: Log, event: PlanAuditEvent): void {
  const alerts = event.batches.reduce((sum, batch) => sum + batch.alertIds.length, 0);
  log.write(
    'info',
    `Plan made: ${count(event.batches.length, 'batch', 'batches')} for ${count(alerts, 'alert')}, ` +
      `${event.skipped.length} skipped${event.destructive ? ', destructive' : ''}.`,
    {
      batches: event.batches.length,
      alerts,
      skipped: event.skipped.length,
      destructive: event.destructive,
      durationMs: Math.round(event.durationMs),
    },
  );
}

function logBatch(log: Log, event: BatchAuditEvent): void {
  const { executionId, operation, alertIds, taskId, counts } = event;
  const task = taskId === undefined ? 'no task started' : `task ${taskId}`;
  const fields = { executionId, operation, alerts: alertIds.length, taskId, ...counts };
  log.write(
    'info',
    `Batch ${operation} sent for ${count(alertIds.length, 'alert')} (${task}, execution ${executionId}): ` +
      `${outcomes(counts)}.`,
    fields,
  );
  if (counts.unknown > 0) {
    log.write(
      'warn',
      `${count(counts.unknown, 'alert')} of batch ${operation} (execution ${executionId}) ` +
        `${counts.unknown === 1 ? 'has' : 'have'} an unknown outcome: the handling call may or may not have ` +
        'been applied. Recheck them (recheck) before handling them again.',
      fields,
    );
  }
}

function logExecution(log: Log, event: ExecutionAuditEvent): void {
  const { executionId, counts, aborted } = event;
  log.write(
    'info',
    `Execution ${executionId} ${aborted ? 'was aborted' : 'ended'}: ${count(counts.total, 'alert')}, ` +
      `${outcomes(counts)}.`,
    {
      executionId,
      aborted,
      destructive: event.destructive,
      durationMs: Math.round(event.durationMs),
      ...counts,
    },
  );
}

/** `3 succeeded, 1 failed, 0 timed out, 0 unknown, 2 skipped`. */
function outcomes(counts: OutcomeCounts): string {
  return (
    `${counts.succeeded} succeeded, ${counts.failed} failed, ${counts.timedOut} timed out, ` +
    `${counts.unknown} unknown, ${counts.skipped} skipped`
  );
}

/** `1 alert`, `2 alerts`. */
function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
