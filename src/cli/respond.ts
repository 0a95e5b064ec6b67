/**
 * `alicloud-alert-handler respond`: the response runner on the command line. It lists the alerts still
 * to be handled, plans with a rule set under its guards, and executes with the journal, once or in a
 * loop; with `--dry-run` it sends nothing. It never approves: destructive batches are sent only by
 * `execute`, with an approval of the plan `--plan-out` wrote.
 *
 * @packageDocumentation
 */
import {
  DEFAULT_RUNNER_INTERVAL_MS,
  fileJournal,
  type ResponseRun,
  ResponseRunner,
  type ResponseRunnerOptions,
  ValidationError,
} from '../index.js';
import { alertHandlerFor, CONNECTION_NOTE, REGION_OPTION } from './connection.js';
import {
  type CliIo,
  countOption,
  describeFailure,
  durationOption,
  EXIT,
  PROGRAM,
  parseCommand,
  UsageError,
  writeWhole,
} from './io.js';
import { anyFailed, formatRun, runRecord } from './plan-summary.js';
import { readRuleFile } from './rule-file.js';

/** The journal folder when `--journal` is not given. */
export const DEFAULT_JOURNAL = '.alert-handler/journal';

/** The help of `respond`. */
export const RESPOND_USAGE = `Usage: ${PROGRAM} respond --rules <file> [options]

Lists the alerts still to be handled, decides with the rule set under its guards, and executes the
non-destructive handlings with the journal (or with --dry-run sends nothing). respond never
approves: destructive handlings (blocks, kills, quarantines, whitelists), which --max-destructive
lets into the plan, end skipped, "approval required". To send them, write the plan with
--plan-out, have a person approve it (${PROGRAM} approve), then execute it
(${PROGRAM} execute --approval).

Options:
  --rules <file>              The rule set: JSON, or YAML (.yaml, .yml; needs the yaml package)
  --dry-run                   List, decide and plan only: send nothing, resume nothing
  --loop                      Run again every --interval until SIGINT or SIGTERM
  --interval <duration>       Rest between two runs of --loop, at least 1s. Default: ${DEFAULT_RUNNER_INTERVAL_MS / 1000}s
  --journal <dir>             The execution journal. Default: ${DEFAULT_JOURNAL}
  --max-alerts <n>            The most alerts a run handles. Default: 100
  --max-destructive <n>       The most alerts a run plans to handle destructively. Default: 0
  --max-per-host <n>          The most alerts a run handles on one asset. Default: no limit
  --protect <asset>           A server UUID, instance ID, IP address or CIDR block never touched;
                              repeat it for more
  --cooldown <duration>       Leave alone alert types handled less than this long ago, e.g. 1h
  --plan-out <file>           Write each run's response plan (JSON) there, for review and approval
  --json                      Print one JSON line per run instead of the summary
${REGION_OPTION}
  -h, --help                  Print this help

${CONNECTION_NOTE}

Durations: a whole number and a unit, ms, s, m, h or d (90s, 5m, 1h, 1d).
Exit code: 0 when every run ended and no alert failed; 1 when an alert failed or ended unknown, or a
run failed (with --loop, only an error no later run can mend, such as an invalid setting, ends it);
2 on a bad command line.
`;

const OPTIONS = {
  rules: { type: 'string' },
  'dry-run': { type: 'boolean' },
  loop: { type: 'boolean' },
  interval: { type: 'string' },
  journal: { type: 'string' },
  'max-alerts': { type: 'string' },
  'max-destructive': { type: 'string' },
  'max-per-host': { type: 'string' },
  protect: { type: 'string', multiple: true },
  cooldown: { type: 'string' },
  'plan-out': { type: 'string' },
  json: { type: 'boolean' },
  region: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/**
 * Runs `respond`; resolves with the exit code.
 *
 * @throws {@link UsageError} on a bad command line
 */
export async function respond(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseCommand(argv, OPTIONS, { min: 0, max: 0 });
  if (values.help === true) {
    io.stdout.write(RESPOND_USAGE);
    return EXIT.done;
  }
  if (values.rules === undefined || values.rules === '') throw new UsageError('--rules <file> is required');
  if (values.interval !== undefined && values.loop !== true) throw new UsageError('--interval needs --loop');
  const protectedAssets = values.protect ?? [];
  if (protectedAssets.some((asset) => asset.trim() === '')) {
    throw new UsageError('--protect must not be empty');
  }
  const guards = {
    ...(values['max-alerts'] !== undefined && {
      maxAlertsPerRun: countOption('max-alerts', values['max-alerts'], 0),
    }),
    ...(values['max-destructive'] !== undefined && {
      maxDestructivePerRun: countOption('max-destructive', values['max-destructive'], 0),
    }),
    ...(values['max-per-host'] !== undefined && {
      maxPerHost: countOption('max-per-host', values['max-per-host'], 1),
    }),
    ...(values.cooldown !== undefined && { cooldownMs: durationOption('cooldown', values.cooldown) }),
    ...(protectedAssets.length > 0 && { protectedAssets }),
  };
  const intervalMs =
    values.interval === undefined
      ? DEFAULT_RUNNER_INTERVAL_MS
      : durationOption('interval', values.interval, 1000);
  const json = values.json === true;
  const planOut = values['plan-out'];

  const rules = await readRuleFile(values.rules);
  const alerts = alertHandlerFor(io.env, values.region);
  let failed = false;
  const report = async (run: ResponseRun) => {
    if (planOut !== undefined) await writeWhole(planOut, `${JSON.stringify(run.rplan, null, 2)}\n`);
    io.stdout.write(
      json
        ? `${JSON.stringify({ ...runRecord(run), ...(planOut !== undefined && { planOut }) })}\n`
        : `${formatRun(run)}${planOut === undefined ? '' : `Response plan written to ${planOut}\n`}`,
    );
    if (anyFailed([...run.resumed, run.report])) failed = true;
  };
  const options: ResponseRunnerOptions = {
    rules,
    journal: fileJournal(values.journal ?? DEFAULT_JOURNAL),
    dryRun: values['dry-run'] === true,
    intervalMs,
    ...guards,
  };

  if (values.loop !== true) {
    const run = await new ResponseRunner(alerts, options).runOnce({ signal: io.signal });
    await report(run);
    return failed ? EXIT.failed : EXIT.done;
  }
  // The loop: each run reported as it ends; a failed run reported and the next one tried, unless no
  // later run can succeed (an invalid setting), which ends the loop.
  const stop = new AbortController();
  if (io.signal.aborted) stop.abort();
  io.signal.addEventListener('abort', () => stop.abort(), { once: true });
  let fatal: unknown;
  let pending = Promise.resolve();
  const runner = new ResponseRunner(alerts, {
    ...options,
    onRun: (run) => {
      pending = pending
        .then(() => report(run))
        .catch((error: unknown) => {
          fatal = error;
          stop.abort();
        });
    },
    onError: (error) => {
      io.stderr.write(`${PROGRAM} respond: run failed: ${describeFailure(error)}\n`);
      if (error instanceof ValidationError) {
        fatal = error;
        stop.abort();
      }
    },
  });
  await runner.run({ signal: stop.signal });
  await pending;
  if (fatal !== undefined && !(fatal instanceof ValidationError)) throw fatal;
  return fatal !== undefined || failed ? EXIT.failed : EXIT.done;
}
