/**
 * Blocks the source IP of one alert for 7 days, the reviewed way: plan it (which checks that the alert
 * offers block_ip and that your edition allows it), print the plan, execute it, print the summary.
 * The 7 days count from when the block is sent, however long after planning that is.
 * Blocking changes the firewall of your hosts, so the script does nothing without `--yes`.
 *
 *   npx tsx examples/block-ip.ts <alertId> --yes
 */
import { parseArgs } from 'node:util';
import { AlertHandler, formatPlan, Operations } from 'alicloud-alert-handler';
import { handlerOptions } from './connection.js';

function usage(message?: string): never {
  if (message) console.error(message);
  console.error('Usage: npx tsx examples/block-ip.ts <alertId> --yes');
  process.exit(2);
}

function parse() {
  try {
    return parseArgs({ allowPositionals: true, options: { yes: { type: 'boolean', default: false } } });
  } catch (error) {
    return usage((error as Error).message);
  }
}

const { values, positionals } = parse();
const [alertId, ...extra] = positionals;
if (alertId === undefined || !/^\d+$/.test(alertId) || extra.length > 0) usage();
if (!values.yes) usage('Blocking an IP is destructive: add --yes to confirm it. Nothing was sent.');

const alerts = new AlertHandler(handlerOptions());

// Planning only reads: it queries the alert's operations and says what would be sent.
const plan = await alerts.plan([{ alertId, operation: Operations.blockIp({ duration: '7d' }) }]);
console.log(formatPlan(plan));

// An alert the plan skipped is reported as skipped, with the reason; nothing is sent for it.
const report = await alerts.execute(plan);
console.log(`\n${report.summary()}`);
process.exitCode = report.succeeded.length === 1 ? 0 : 1;
