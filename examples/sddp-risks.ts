/**
 * Data Security Center (Sddp) risk events: lists the unprocessed ones, or marks one as handled with an
 * explanation that is kept for audit.
 *
 *   npx tsx examples/sddp-risks.ts                        list unprocessed risk events
 *   npx tsx examples/sddp-risks.ts <riskId> "<detail>"    mark one as handled
 */
import { RiskHandler, ValidationError } from 'alicloud-alert-handler';
import { clientOptions } from './connection.js';

const USAGE = 'Usage: npx tsx examples/sddp-risks.ts [<riskId> "<how or why it was handled>"]';
const args = process.argv.slice(2);
if (args.length === 1 || args.length > 2 || args[0]?.startsWith('-')) {
  console.error(USAGE);
  process.exit(2);
}

const risks = new RiskHandler(clientOptions());
const [riskId, detail] = args;

if (riskId === undefined || detail === undefined) {
  const line = '-'.repeat(80);
  let count = 0;
  for await (const page of risks.listRisks({ status: 'unprocessed' }).byPage()) {
    if (page.pageNumber === 1) {
      console.log(`Found ${page.totalCount} unprocessed risk events\n${'='.repeat(80)}`);
    }
    for (const risk of page.items) {
      count++;
      console.log(
        [
          `Risk ID: ${risk.id}`,
          `Rule Name: ${risk.ruleName ?? '-'}`,
          `Risk Level: ${risk.level ?? '-'}`,
          `Product Type: ${risk.product ?? '-'}`,
          `Alert Count: ${risk.alarmCount ?? '-'}`,
          `Asset Count: ${risk.assetCount ?? '-'}`,
          `Rule Category: ${risk.category ?? '-'}`,
          line,
        ].join('\n'),
      );
    }
  }
  if (count === 0) console.log('No unprocessed risk events.');
} else {
  try {
    // The detail is required, trimmed and at most 500 characters; a bad ID or detail is never sent.
    const handled = await risks.handleRisk(riskId, detail);
    console.log(`✅ Risk event ${handled.riskId} handled: ${handled.detail}`);
    console.log(`RequestId: ${handled.requestId}`);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    console.error(error.message);
    console.error(USAGE);
    process.exitCode = 2;
  }
}
