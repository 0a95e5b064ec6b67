#!/usr/bin/env node
/**
 * `alicloud-alert-handler`: the handler's command line. `respond` runs the response runner (once, or in
 * a loop until SIGINT or SIGTERM), `approve` and `execute` take a reviewed response plan to its
 * destructive handlings, `rules` checks and simulates a rule set. An entry point: it uses the package's
 * public API only.
 *
 * @example
 * ```sh
 * npx alicloud-alert-handler respond --rules rules.json --dry-run --max-destructive 5 --plan-out plan.json
 * ALERT_HANDLER_APPROVAL_SECRET=... npx alicloud-alert-handler approve plan.json --approver alice --expires 1h --out approval.json
 * ALERT_HANDLER_APPROVAL_SECRET=... npx alicloud-alert-handler execute plan.json --approval approval.json
 * ```
 *
 * @packageDocumentation
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SDK_VERSION } from '../index.js';
import { APPROVE_USAGE, approvePlan } from './approve.js';
import { DB_USAGE, dbCommand } from './db.js';
import { EXECUTE_USAGE, executePlan } from './execute.js';
import { APPROVAL_SECRET_VARIABLE, type CliIo, describeFailure, EXIT, PROGRAM, UsageError } from './io.js';
import { RESPOND_USAGE, respond } from './respond.js';
import { RULES_USAGE, rulesCommand } from './rules.js';

/** The help text of the program. */
export const USAGE = `Usage: ${PROGRAM} <command> [options]

Handles Alibaba Cloud Security Center alerts with a response rule set.

Commands:
  respond     List the alerts still to be handled, decide with the rules under guards, and execute
              the non-destructive handlings with a journal (--dry-run: send nothing; --loop: a service)
  approve     Approve a response plan written by respond --plan-out, after reading what it holds
  execute     Execute a stored response plan; its destructive batches only with a valid approval
  rules       check: validate a rule set; simulate: compare it with what people did, read-only
  db          migrate: apply the PostgreSQL store's schema; health: print the store's health

Run ${PROGRAM} <command> --help for a command's options.

Environment:
  ALERT_HANDLER_ENDPOINT            An endpoint URL or host (e.g. a local emulator's); else the region
  ALIBABA_CLOUD_REGION_ID           The region when --region is not given. Default: cn-shanghai
  ALIBABA_CLOUD_ACCESS_KEY_ID, ...  Credentials, by the default chain of @alicloud/credentials
  ${APPROVAL_SECRET_VARIABLE}     The key approvals are signed and verified with (approve, execute)
  DATABASE_URL, PGHOST, ...         The PostgreSQL store's database (db)

Exit codes: 0 done; 1 failed (an alert failed or ended unknown, a plan or an approval refused, an
error); 2 a bad command line.
`;

const COMMANDS: Record<
  string,
  { run: (argv: readonly string[], io: CliIo) => Promise<number>; usage: string }
> = {
  respond: { run: respond, usage: RESPOND_USAGE },
  approve: { run: approvePlan, usage: APPROVE_USAGE },
  execute: { run: executePlan, usage: EXECUTE_USAGE },
  rules: { run: rulesCommand, usage: RULES_USAGE },
  db: { run: dbCommand, usage: DB_USAGE },
};

/**
 * Runs the command line and resolves with the exit code: `0` done, `1` failed, `2` a bad command line.
 * Nothing it prints holds a secret: no AccessKey, token or approval key.
 *
 * @param argv - The arguments after the program name, e.g. `['rules', 'check', 'rules.json']`.
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.stderr : io.stdout).write(USAGE);
    return name === undefined ? EXIT.usage : EXIT.done;
  }
  if (name === '--version') {
    io.stdout.write(`${SDK_VERSION}\n`);
    return EXIT.done;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (command === undefined) {
    io.stderr.write(`${PROGRAM}: unknown command ${name}\n\n${USAGE}`);
    return EXIT.usage;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`${PROGRAM} ${name}: ${error.message}\n\n${command.usage}`);
      return EXIT.usage;
    }
    io.stderr.write(`${PROGRAM} ${name}: ${describeFailure(error)}\n`);
    return EXIT.failed;
  }
}

/** Whether this module is the program node was started with, rather than an import. */
function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

/** Runs {@link main} on the process: its arguments, streams and environment, stopped by SIGINT or SIGTERM. */
async function run(): Promise<number> {
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop).once('SIGTERM', stop);
  try {
    return await main(process.argv.slice(2), {
      stdout: process.stdout,
      stderr: process.stderr,
      env: process.env,
      signal: controller.signal,
    });
  } finally {
    process.off('SIGINT', stop).off('SIGTERM', stop);
  }
}

if (isEntryPoint()) process.exitCode = await run();
