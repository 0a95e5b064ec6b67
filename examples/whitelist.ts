/**
 * Adds an advanced whitelist rule (advance_mark_mis_info) from one alert: future alerts that match it
 * are whitelisted. The service replaces the alert type's rules wholesale, so the plan sends the existing
 * rules together with the new one; the printed plan shows them all in MarkMissParam.
 *
 *   npx tsx examples/whitelist.ts <alertId>
 *   npx tsx examples/whitelist.ts <alertId> <field> <value> [--operate strEqual] [--scope part|ALL] [--yes]
 *
 * With the alert ID alone, it shows the rules in place and the fields the alert can be whitelisted on.
 * `--scope part` (the default) applies the rule to the alert's machine only, `--scope ALL` to every
 * machine. Without `--yes` the plan is printed and nothing is changed.
 */
import { parseArgs } from 'node:util';
import {
  AlertHandler,
  formatPlan,
  Operations,
  type Plan,
  ValidationError,
  type WhitelistOperator,
  type WhitelistScope,
} from 'alicloud-alert-handler';
import { handlerOptions } from './connection.js';

function usage(message?: string): never {
  if (message) console.error(message);
  console.error(
    'Usage: npx tsx examples/whitelist.ts <alertId> [<field> <value> [--operate strEqual] [--scope part|ALL] [--yes]]',
  );
  process.exit(2);
}

function parse() {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        operate: { type: 'string', default: 'strEqual' },
        scope: { type: 'string', default: 'part' },
        yes: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    return usage((error as Error).message);
  }
}

const { values, positionals } = parse();
const [alertId, field, value, ...extra] = positionals;
const incomplete = field !== undefined && value === undefined;
if (alertId === undefined || !/^\d+$/.test(alertId) || incomplete || extra.length > 0) usage();

const alerts = new AlertHandler(handlerOptions());
const { whitelistRules, whitelistFields } = await alerts.getOperations(alertId);

console.log('Whitelist rules in place for this alert type:');
if (whitelistRules.length === 0) console.log('  (none)');
for (const rule of whitelistRules) {
  console.log(`  ${rule.field} ${rule.operate} ${JSON.stringify(rule.fieldValue)} on ${rule.uuid}`);
}
console.log('Fields this alert can be whitelisted on:');
for (const candidate of whitelistFields) {
  console.log(
    `  ${candidate.field} (${candidate.alias ?? candidate.field}) = ${JSON.stringify(candidate.currentValue ?? '')}` +
      `, operators: ${candidate.supportedOperators.join(', ')}`,
  );
}
if (field === undefined || value === undefined) process.exit(0);

// The SDK checks the rule (operator, value, scope) and, while planning, that the alert offers the field.
const rule = { field, operate: values.operate as WhitelistOperator, value };
let plan: Plan;
try {
  const operation = Operations.whitelist({ rules: [rule], scope: values.scope as WhitelistScope });
  plan = await alerts.plan([{ alertId, operation }]);
} catch (error) {
  if (error instanceof ValidationError) usage(error.message);
  throw error;
}
console.log(`\n${formatPlan(plan)}`);

if (!values.yes) {
  console.log('\nDry run: nothing was changed. Add --yes to apply this plan.');
} else {
  const report = await alerts.execute(plan);
  console.log(`\n${report.summary()}`);
  process.exitCode = report.succeeded.length === 1 ? 0 : 1;
}
