/**
 * A response plan, and a runner's run, as a person reads them: what the rules decided, what the guards
 * left out, and what would be sent, batch by batch; or as one JSON line for machines.
 *
 * @packageDocumentation
 */
import {
  type DecisionStatus,
  type HandlingReport,
  isDestructive,
  operationDisplayName,
  type ResponsePlan,
  type ResponseRun,
} from '../index.js';
import { printable } from './io.js';

const STATUSES: readonly DecisionStatus[] = ['requested', 'ruleSkip', 'noDecision', 'dryRun', 'guarded'];

/** How many decisions of each status the plan holds (statuses with none left out). */
export function decisionCounts(rplan: ResponsePlan): Partial<Record<DecisionStatus, number>> {
  const counts: Partial<Record<DecisionStatus, number>> = {};
  for (const status of STATUSES) {
    const count = rplan.decisions.filter((decision) => decision.status === status).length;
    if (count > 0) counts[status] = count;
  }
  return counts;
}

/**
 * The plan as text: its rule set and digest, the decisions by status, the guards tripped, each batch
 * (destructive ones marked) with its alerts, and the alerts the plan skipped.
 */
export function formatResponsePlan(rplan: ResponsePlan): string {
  const counts = Object.entries(decisionCounts(rplan)).map(([status, count]) => `${count} ${status}`);
  const { plan } = rplan;
  const lines = [
    `Response plan of rule set ${printable(rplan.ruleSet.name)}@${rplan.ruleSet.version}, evaluated at ${printable(rplan.evaluatedAt)}`,
    `  Digest: ${printable(rplan.digest)}${plan.expiresAt === undefined ? '' : `, expires at ${printable(plan.expiresAt)}`}`,
    `  Alerts: ${plural(rplan.decisions.length, 'alert')}${counts.length > 0 ? ` (${counts.join(', ')})` : ''}`,
  ];
  for (const tripped of rplan.guardsTripped) {
    lines.push(
      `  Guard ${tripped.guard} left out ${plural(tripped.alertIds.length, 'alert')} (${printable(tripped.detail)}): ${tripped.alertIds.map(printable).join(', ')}`,
    );
  }
  if (plan.batches.length === 0) lines.push('  Nothing to send.');
  plan.batches.forEach((batch, index) => {
    const { code } = batch.operation;
    lines.push(
      `  Batch ${index + 1}: ${printable(operationDisplayName(code))} [${printable(code)}]${isDestructive(code) ? ' (destructive: needs an approval)' : ''}, ${plural(batch.alertIds.length, 'alert')}: ${batch.alertIds.map(printable).join(', ')}`,
    );
  });
  for (const skipped of plan.skipped) {
    lines.push(`  Not planned: alert ${printable(skipped.alertId)}: ${printable(skipped.reason)}`);
  }
  return lines.join('\n');
}

/** A run as text: when, the interrupted executions it finished, its plan, and its report. */
export function formatRun(run: ResponseRun): string {
  const lines = [`Run started at ${run.startedAt}${run.dryRun ? ' (dry run: nothing is sent)' : ''}`];
  for (const report of run.resumed) {
    lines.push(`Finished an interrupted execution ${report.executionId ?? ''}:`, report.summary());
  }
  lines.push(formatResponsePlan(run.rplan));
  if (run.report !== undefined) lines.push(run.report.summary());
  return `${lines.join('\n')}\n`;
}

/** A run as one JSON object: counts and ids, and the reports as `HandlingReport.toJSON()` gives them. */
export function runRecord(run: ResponseRun): Record<string, unknown> {
  const { rplan } = run;
  return {
    startedAt: run.startedAt,
    dryRun: run.dryRun,
    ruleSet: rplan.ruleSet,
    digest: rplan.digest,
    decisions: decisionCounts(rplan),
    guardsTripped: rplan.guardsTripped,
    batches: rplan.plan.batches.map((batch) => ({
      operation: batch.operation.code,
      destructive: isDestructive(batch.operation.code),
      alertIds: batch.alertIds,
    })),
    resumed: run.resumed.map((report) => report.toJSON()),
    ...(run.report !== undefined && { report: run.report.toJSON() }),
  };
}

/** Whether any alert of the reports failed or ended unknown: the command then exits with 1. */
export function anyFailed(reports: readonly (HandlingReport | undefined)[]): boolean {
  return reports.some(
    (report) => report !== undefined && (report.failed.length > 0 || report.unknown.length > 0),
  );
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
