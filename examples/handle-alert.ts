/**
 * Handles one alert given by its ID: checks that the alert exists, shows the operations it offers, and
 * handles it with `handle()`, which plans, sends the request and waits for the result in one call.
 * Destructive operations (block, kill, quarantine) need `--yes`: without it `handle()` refuses before
 * anything is sent.
 *
 *   npx tsx examples/handle-alert.ts <alertId> [operationCode] [--yes]
 *
 * `operationCode` defaults to `ignore`; `block_ip` blocks for 7 days. To whitelist, see whitelist.ts.
 */
import { parseArgs } from 'node:util';
import {
  AlertHandler,
  type AlertOperations,
  ConfirmationRequiredError,
  isKnownOperationCode,
  type Operation,
  Operations,
  SecurityEventNotExistsError,
  ValidationError,
} from 'alicloud-alert-handler';
import { handlerOptions } from './connection.js';

function usage(message?: string): never {
  if (message) console.error(message);
  console.error('Usage: npx tsx examples/handle-alert.ts <alertId> [operationCode] [--yes]');
  console.error('To whitelist, use examples/whitelist.ts.');
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
const [alertId, code = 'ignore', ...extra] = positionals;
if (alertId === undefined || !/^\d+$/.test(alertId) || extra.length > 0) usage();

// Build the operation first: a code that is unknown or needs more input fails here, before any request.
let operation: Operation;
try {
  if (!isKnownOperationCode(code)) usage(`Unknown operation code '${code}'.`);
  if (code === 'advance_mark_mis_info') usage('advance_mark_mis_info needs whitelist rules.');
  operation = code === 'block_ip' ? Operations.fromCode(code, { duration: '7d' }) : Operations.fromCode(code);
} catch (error) {
  if (error instanceof ValidationError) usage(error.message);
  throw error;
}

const alerts = new AlertHandler(handlerOptions());

// The ID came from the user: make sure the alert exists, and see what it allows.
let offered: AlertOperations;
try {
  offered = await alerts.getOperations(alertId);
} catch (error) {
  if (!(error instanceof SecurityEventNotExistsError)) throw error;
  console.error(`Alert ${alertId} does not exist or is not visible: it may have been handled already.`);
  process.exit(1);
}
console.log(`Alert ${alertId} offers:`);
for (const { code, displayName, userCanOperate } of offered.operations) {
  console.log(`  ${code.padEnd(24)}${displayName}${userCanOperate ? '' : ' (not allowed by your edition)'}`);
}

console.log(`\nHandling alert ${alertId}: ${operation.description}`);
try {
  const report = await alerts.handle([alertId], operation, { confirm: values.yes });
  console.log(`\n${report.summary()}`);
  process.exitCode = report.succeeded.length === 1 ? 0 : 1;
} catch (error) {
  if (!(error instanceof ConfirmationRequiredError)) throw error;
  console.error(
    `${operation.description} is destructive: run again with --yes to confirm. Nothing was sent.`,
  );
  process.exitCode = 1;
}
