/**
 * Lists pending Security Center alerts, newest first, each with a recommended action and the reason for
 * it. Only reads: nothing is changed.
 *
 *   npx tsx examples/list-alerts.ts [levels]
 *
 * `levels` is a comma-separated list of severities (default `serious,suspicious,remind`). Where it
 * connects: see `connection.ts`.
 */
import { AlertHandler } from 'alicloud-alert-handler';
import { handlerOptions } from './connection.js';
import { formatAlert } from './format.js';

const [levels = 'serious,suspicious,remind', ...extra] = process.argv.slice(2);
if (extra.length > 0 || !/^[a-z]+(,[a-z]+)*$/.test(levels)) {
  console.error('Usage: npx tsx examples/list-alerts.ts [levels, e.g. serious,suspicious]');
  process.exit(2);
}

const alerts = new AlertHandler(handlerOptions());

// byPage() walks the service's pages, one in memory at a time; the first one tells the total.
let shown = 0;
for await (const page of alerts.listAlerts({ dealt: false, levels: levels.split(',') }).byPage()) {
  if (page.pageNumber === 1) console.log(`Alert List (Total ${page.totalCount} items):`);
  for (const alert of page.items) {
    console.log(`\n${formatAlert(alert, ++shown, alerts.recommend(alert))}`);
  }
}
if (shown === 0) console.log('No pending alerts.');
