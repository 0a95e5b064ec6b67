/**
 * Keeps an audit trail of alert handling: every request attempt, the plan, each executed batch and the
 * execution, one JSON object per line (JSON Lines), appended to a file or written to stdout. To show a
 * whole trail it ignores the first pending alert, with `plan()` then `execute()`.
 *
 *   npx tsx examples/audit-log.ts [audit.jsonl]
 *
 * Audit events never hold a secret, so the trail can be shipped to any log store as is. Where it
 * connects: see `connection.ts`.
 */
import { appendFileSync } from 'node:fs';
import { type Alert, AlertHandler, type AuditEvent, Operations } from 'alicloud-alert-handler';
import { handlerOptions } from './connection.js';

const [file, ...extra] = process.argv.slice(2);
if (extra.length > 0) {
  console.error('Usage: npx tsx examples/audit-log.ts [audit.jsonl]');
  process.exit(2);
}
// With the trail on stdout, messages for people go to stderr.
const say = file === undefined ? console.error : console.log;

/** One line per event, stamped with the time it was seen; written at once, so a crash loses nothing. */
function record(event: AuditEvent): void {
  const line = `${JSON.stringify({ time: new Date().toISOString(), ...event })}\n`;
  if (file === undefined) process.stdout.write(line);
  else appendFileSync(file, line);
}

const alerts = new AlertHandler({ ...handlerOptions(), onAudit: record });

let first: Alert | undefined;
for await (const alert of alerts.listAlerts({ dealt: false, maxItems: 1 })) first = alert;
if (first === undefined) {
  say('No pending alerts: nothing to handle.');
  process.exit(0);
}

const plan = await alerts.plan([{ alertId: first.id, operation: Operations.ignore() }]);
const report = await alerts.execute(plan);
say(report.summary());
if (file !== undefined) say(`Audit trail appended to ${file}.`);
process.exitCode = report.succeeded.length === 1 ? 0 : 1;
