/**
 * Handles every pending alert with its recommended operation (IP blocks last one day). Lists the alerts,
 * plans (alerts whose operation is not offered or not allowed are skipped, with the reason), prints the
 * plan, and executes it only with `--yes`: without it this is a dry run that changes nothing.
 *
 *   npx tsx examples/handle-batch.ts [--yes]
 */
import { parseArgs } from 'node:util';
import { AlertHandler, formatPlan, type HandleRequest, Operations } from 'alicloud-alert-handler';
import { handlerOptions } from './connection.js';
import { formatAlert } from './format.js';

function usage(message?: string): never {
  if (message) console.error(message);
  console.error('Usage: npx tsx examples/handle-batch.ts [--yes]');
  process.exit(2);
}

function parse() {
  try {
    return parseArgs({ options: { yes: { type: 'boolean', default: false } } });
  } catch (error) {
    return usage((error as Error).message);
  }
}

const { values } = parse();
const alerts = new AlertHandler(handlerOptions());

// One clock reading for every block: equal expiry times let those alerts share a batch.
const now = Date.now();
const requests: HandleRequest[] = [];
for await (const page of alerts.listAlerts({ dealt: false }).byPage()) {
  if (page.pageNumber === 1) console.log(`Alert List (Total ${page.totalCount} items):`);
  for (const alert of page.items) {
    const rec = alerts.recommend(alert);
    console.log(`\n${formatAlert(alert, requests.length + 1, rec)}`);
    const operation =
      rec.operation === 'block_ip'
        ? Operations.fromCode(rec.operation, { duration: '1d', now: () => now })
        : Operations.fromCode(rec.operation);
    requests.push({ alertId: alert.id, operation });
  }
}

if (requests.length === 0) {
  console.log('No pending alerts.');
} else {
  // One query per alert: each alert says for itself which operations it allows.
  const plan = await alerts.plan(requests);
  console.log(`\n${formatPlan(plan)}`);

  if (!values.yes) {
    console.log('\nDry run: nothing was changed. Run again with --yes to execute this plan.');
  } else {
    const report = await alerts.execute(plan, {
      onProgress: ({ phase, batchIndex, batchCount, taskId, completedAlerts, totalAlerts }) => {
        const batch = `Batch ${batchIndex + 1}/${batchCount}`;
        if (phase === 'submitted') console.log(`${batch}: task ${taskId} started`);
        if (phase === 'finished') console.log(`${batch}: done, ${completedAlerts}/${totalAlerts} alerts`);
      },
    });
    console.log(`\n${report.summary()}`);
    process.exitCode = report.failed.length + report.timedOut.length > 0 ? 1 : 0;
  }
}
