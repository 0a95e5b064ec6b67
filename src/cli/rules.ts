/**
 * `alicloud-alert-handler rules check` and `rules simulate`: a rule set validated, and compared with
 * what people did with the alerts they handled in a period (read-only).
 *
 * @packageDocumentation
 */
import { ValidationError } from '../index.js';
import { alertHandlerFor, CONNECTION_NOTE, REGION_OPTION } from './connection.js';
import { type CliIo, CommandFailure, EXIT, PROGRAM, parseCommand, printable, UsageError } from './io.js';
import { readRuleFile } from './rule-file.js';

/** The help of `rules`. */
export const RULES_USAGE = `Usage: ${PROGRAM} rules check <file>
       ${PROGRAM} rules simulate <file> --from <time> --to <time> [options]

check     Validates a rule set (JSON, or YAML: .yaml, .yml, with the yaml package installed) and prints
          its rules by status, or every problem with its path. Reads no alert.
simulate  Reads the alerts people handled from --from to --to (ISO 8601 times) and prints what the
          rules would have done with each against what people did: per rule, agreed, disagreed,
          skipped but handled. Read-only: it sends no handling.

Options of simulate:
  --from <time>               Start of the period, e.g. 2026-01-01T00:00:00+08:00 (required)
  --to <time>                 End of the period (required)
  --json                      Print the simulation as JSON instead of the table
${REGION_OPTION}
  -h, --help                  Print this help

${CONNECTION_NOTE}

Exit code: 0 valid (check) or simulated; 1 the rule set is not valid, or reading failed; 2 on a bad
command line.
`;

const CHECK_OPTIONS = { help: { type: 'boolean', short: 'h' } } as const;

const SIMULATE_OPTIONS = {
  from: { type: 'string' },
  to: { type: 'string' },
  json: { type: 'boolean' },
  region: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/**
 * Runs `rules <check|simulate>`; resolves with the exit code.
 *
 * @throws {@link UsageError} on a bad command line
 */
export async function rulesCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === '--help' || sub === '-h') {
    io.stdout.write(RULES_USAGE);
    return EXIT.done;
  }
  if (sub === 'check') return check(rest, io);
  if (sub === 'simulate') return simulate(rest, io);
  throw new UsageError(sub === undefined ? 'rules needs check or simulate' : `unknown rules command ${sub}`);
}

async function check(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(argv, CHECK_OPTIONS, { min: 1, max: 1 });
  if (values.help === true) {
    io.stdout.write(RULES_USAGE);
    return EXIT.done;
  }
  const [file] = positionals as [string];
  let rules: Awaited<ReturnType<typeof readRuleFile>>;
  try {
    rules = await readRuleFile(file);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const lines = error.issues.map(
      (issue) => `  ${printable(issue.path || '(top)')}: ${printable(issue.message)}`,
    );
    throw new CommandFailure(
      `${file} is not a valid rule set (${error.issues.length} problem${error.issues.length === 1 ? '' : 's'}):\n${lines.join('\n')}`,
    );
  }
  const byStatus = (['enabled', 'dryRun', 'disabled'] as const).map(
    (status) => `${rules.rules.filter((rule) => rule.status === status).length} ${status}`,
  );
  io.stdout.write(
    `${file}: valid rule set ${printable(rules.name)}@${rules.version}, ${rules.rules.length} rule${rules.rules.length === 1 ? '' : 's'} (${byStatus.join(', ')})\n`,
  );
  return EXIT.done;
}

async function simulate(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(argv, SIMULATE_OPTIONS, { min: 1, max: 1 });
  if (values.help === true) {
    io.stdout.write(RULES_USAGE);
    return EXIT.done;
  }
  const [file] = positionals as [string];
  const from = timeOption('from', values.from);
  const to = timeOption('to', values.to);
  if (from > to) throw new UsageError('--from must not be after --to');
  const rules = await readRuleFile(file);
  const simulation = await rules.simulate(alertHandlerFor(io.env, values.region), { from, to });
  io.stdout.write(values.json === true ? `${JSON.stringify(simulation)}\n` : `${simulation.format()}\n`);
  return EXIT.done;
}

function timeOption(flag: string, text: string | undefined): Date {
  if (text === undefined) throw new UsageError(`--${flag} <time> is required`);
  const at = /^\d{4}-\d{2}-\d{2}/.test(text) ? new Date(text) : new Date(Number.NaN);
  if (Number.isNaN(at.getTime())) throw new UsageError(`--${flag} must be an ISO 8601 time, not ${text}`);
  return at;
}
