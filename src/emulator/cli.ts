#!/usr/bin/env node
/**
 * `alicloud-alert-emulator`: runs the emulator of the Security Center and Data Security Center APIs
 * on this machine, serving a scenario, until SIGINT or SIGTERM. It prints the endpoint, the AccessKey it
 * accepts (by default the documented test key {@link EMULATOR_TEST_KEY}, which opens a local emulator
 * and nothing else) and the environment lines that point the examples at it; or with `--json` one line
 * for scripts.
 *
 * @example
 * ```sh
 * npx alicloud-alert-emulator --port 8080 --scenario minimal
 * npx alicloud-alert-emulator --port 0 --scenario ./night-shift.json --json > emulator.json &
 * ```
 *
 * @packageDocumentation
 */
import { realpathSync } from 'node:fs';
import { isIPv4 } from 'node:net';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
// The emulator's public entry: the built command loads it from dist/emulator.js instead of bundling a copy.
import {
  BUILTIN_SCENARIOS,
  EMULATOR_TEST_KEY,
  loadScenario,
  type Scenario,
  scenarioToOptions,
  startEmulator,
} from './index.js';
import { scenarioSummary } from './scenario/scenario-summary.js';

const NAME = 'alicloud-alert-emulator';

/** The help text, printed by `--help` and after a usage error. */
export const USAGE = `Usage: ${NAME} [options]

Runs a local emulator of the Alibaba Cloud Security Center (Sas) and Data Security Center (Sddp)
APIs, serving a scenario of alert and risk events, until Ctrl+C (SIGINT) or SIGTERM.

Options:
  --port <port>               Port to listen on, 0 to 65535; 0 picks a free one. Default: 8080
  --host <host>               Host to print in the endpoint: 127.0.0.1 or localhost. Default: 127.0.0.1
  --scenario <name|path>      A built-in scenario (${Object.keys(BUILTIN_SCENARIOS).join(', ')}) or a scenario JSON file.
                              Default: default
  --access-key-id <id>        AccessKey ID the emulator accepts. Default: ${EMULATOR_TEST_KEY.accessKeyId}
  --access-key-secret <key>   Its secret. Default: ${EMULATOR_TEST_KEY.accessKeySecret}
  --random-keys               Accept a random AccessKey, new on every start, instead of the test key
  --json                      Print one JSON line for scripts:
                              { endpoint, url, protocol, accessKeyId, accessKeySecret }
  -h, --help                  Print this help

The default key (${EMULATOR_TEST_KEY.accessKeyId} / ${EMULATOR_TEST_KEY.accessKeySecret}) is the emulator's documented
test key: it opens a local emulator and nothing else. With it, the examples of alicloud-alert-handler
need one variable: ALERT_HANDLER_ENDPOINT=http://127.0.0.1:8080.
`;

/** Where {@link main} writes, and what stops it. */
export interface CliIo {
  /** Receives the endpoint, the key, the environment lines and the snippet, or the JSON line. */
  readonly stdout: { write(text: string): unknown };
  /** Receives usage and scenario errors. */
  readonly stderr: { write(text: string): unknown };
  /** The emulator runs until this aborts; {@link main} then closes it and resolves with `0`. */
  readonly signal: AbortSignal;
}

interface CliOptions {
  readonly port: number;
  readonly host: string;
  readonly scenario: string;
  readonly accessKeyId: string | undefined;
  readonly accessKeySecret: string | undefined;
  readonly randomKeys: boolean;
  readonly json: boolean;
  readonly help: boolean;
}

/** A command line that cannot be run: exit code 2, with the usage. */
class UsageError extends Error {}

/**
 * Runs the command line: validates `argv`, starts the emulator with the scenario, prints how to reach
 * it, waits for `io.signal` and closes it. Resolves with the exit code: `0` after a clean stop (or
 * `--help`), `1` when the scenario or the port is unusable, `2` on a bad command line.
 *
 * @param argv - The arguments after the program name, e.g. `['--port', '0', '--json']`.
 *
 * @example
 * ```ts
 * const controller = new AbortController();
 * const exitCode = main(['--port', '0', '--json'], { stdout: process.stdout, stderr: process.stderr, signal: controller.signal });
 * // ... call the printed endpoint ...
 * controller.abort();
 * await exitCode; // 0
 * ```
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let options: CliOptions;
  try {
    options = readOptions(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`${NAME}: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (options.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  let started: Awaited<ReturnType<typeof start>>;
  try {
    started = await start(options);
  } catch (error) {
    io.stderr.write(`${NAME}: ${startFailure(error, options)}\n`);
    return 1;
  }
  const { emulator, summary } = started;
  const endpoint = `${options.host}:${emulator.port}`;
  const key = emulator.credentials;
  io.stdout.write(
    options.json
      ? `${JSON.stringify({ endpoint, url: `http://${endpoint}`, protocol: emulator.protocol, ...key })}\n`
      : banner(`http://${endpoint}`, key, `${options.scenario}: ${summary}`),
  );
  await aborted(io.signal);
  await emulator.close();
  if (!options.json) io.stdout.write('Emulator stopped.\n');
  return 0;
}

function readOptions(argv: readonly string[]): CliOptions {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(argv).values;
  } catch (error) {
    throw new UsageError(parseFailure(error));
  }
  for (const flag of ['host', 'scenario', 'access-key-id', 'access-key-secret'] as const) {
    if (values[flag] === '') throw new UsageError(`--${flag} must not be empty`);
  }
  const givenKey = values['access-key-id'] ?? values['access-key-secret'];
  if (values['random-keys'] === true && givenKey !== undefined) {
    throw new UsageError(
      '--random-keys and --access-key-id/--access-key-secret exclude each other: give one',
    );
  }
  return {
    port: portOf(values.port ?? '8080'),
    host: hostOf(values.host ?? '127.0.0.1'),
    scenario: values.scenario ?? 'default',
    accessKeyId: values['access-key-id'],
    accessKeySecret: values['access-key-secret'],
    randomKeys: values['random-keys'] ?? false,
    json: values.json ?? false,
    help: values.help ?? false,
  };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      scenario: { type: 'string' },
      'access-key-id': { type: 'string' },
      'access-key-secret': { type: 'string' },
      'random-keys': { type: 'boolean' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

/** The first line of `parseArgs`' complaint, without advice on positional arguments: this command takes none. */
function parseFailure(error: unknown): string {
  const { code, message } = error as { code?: string; message: string };
  const quoted = /'([^']*)'/.exec(message)?.[1] ?? '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option ${quoted}`;
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return `unexpected argument ${quoted}`;
  return message.split('\n')[0] ?? message;
}

function portOf(text: string): number {
  const port = /^\d{1,5}$/.test(text) ? Number(text) : Number.NaN;
  if (!(port <= 65_535)) throw new UsageError(`--port must be an integer from 0 to 65535, not ${text}`);
  return port;
}

/**
 * The emulator listens on 127.0.0.1 only: it accepts test keys, and must not be reachable from other
 * machines.
 */
function hostOf(host: string): string {
  if (host === '127.0.0.1' || host === 'localhost') return host;
  const loopback = host === '::1' || host === '[::1]' || (isIPv4(host) && host.startsWith('127.'));
  throw new UsageError(
    loopback
      ? `--host ${host}: the emulator listens on 127.0.0.1 only; use 127.0.0.1 or localhost`
      : `--host must be a loopback address (127.0.0.1 or localhost), not ${host}`,
  );
}

async function start(options: CliOptions) {
  const scenario = await scenarioNamed(options.scenario);
  const scenarioOptions = scenarioToOptions(scenario);
  // Without keys, startEmulator draws a random pair.
  const key = options.randomKeys
    ? {}
    : {
        accessKeyId: options.accessKeyId ?? EMULATOR_TEST_KEY.accessKeyId,
        accessKeySecret: options.accessKeySecret ?? EMULATOR_TEST_KEY.accessKeySecret,
      };
  const emulator = await startEmulator({ ...scenarioOptions, port: options.port, ...key });
  return { emulator, summary: scenarioSummary(scenarioOptions.state) };
}

/** A built-in scenario by name, else the scenario file at that path. */
function scenarioNamed(nameOrPath: string): Promise<Scenario> | Scenario {
  return Object.hasOwn(BUILTIN_SCENARIOS, nameOrPath)
    ? BUILTIN_SCENARIOS[nameOrPath as keyof typeof BUILTIN_SCENARIOS]
    : loadScenario(nameOrPath);
}

function startFailure(error: unknown, options: CliOptions): string {
  if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    return `port ${options.port} is in use: choose another --port, or --port 0 for a free one`;
  }
  return error instanceof Error ? error.message : String(error);
}

function banner(url: string, key: { accessKeyId: string; accessKeySecret: string }, scenario: string) {
  const testKey =
    key.accessKeyId === EMULATOR_TEST_KEY.accessKeyId &&
    key.accessKeySecret === EMULATOR_TEST_KEY.accessKeySecret;
  const variables: [string, string][] = [
    ['ALERT_HANDLER_ENDPOINT', url],
    ['ALIBABA_CLOUD_ACCESS_KEY_ID', key.accessKeyId],
    ['ALIBABA_CLOUD_ACCESS_KEY_SECRET', key.accessKeySecret],
  ];
  return `Security Center emulator listening on ${url}

  Endpoint           ${url}
  AccessKey ID       ${key.accessKeyId}
  AccessKey secret   ${key.accessKeySecret}
  Scenario           ${scenario}

${
  testKey
    ? "This AccessKey is the emulator's documented test key: it opens a local emulator and nothing else."
    : "This AccessKey is the emulator's own: it opens this emulator and nothing else."
}

Point the examples at it: paste into a shell of its own (the last two lines replace any AccessKey
of yours in that shell${testKey ? '; with the test key, the examples need only the first line' : ''}).

bash, zsh:

${variables.map(([name, value]) => `export ${name}=${shellQuote(value)}`).join('\n')}

PowerShell:

${variables.map(([name, value]) => `$env:${name} = ${powerShellQuote(value)}`).join('\n')}

TypeScript:

import { AlertHandler } from 'alicloud-alert-handler';

const alerts = new AlertHandler({
  endpoint: ${quote(url)},
  credential: { accessKeyId: ${quote(key.accessKeyId)}, accessKeySecret: ${quote(key.accessKeySecret)} },
});

Press Ctrl+C to stop.
`;
}

/** The value as one POSIX shell word: bare when it is plain, else single-quoted. */
function shellQuote(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", "'\\''")}'`;
}

/** A single-quoted PowerShell string literal. */
function powerShellQuote(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** A single-quoted TypeScript string literal. */
function quote(text: string): string {
  return `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
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

/** Runs {@link main} on the process: its arguments and streams, stopped by SIGINT or SIGTERM. */
async function run(): Promise<number> {
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop).once('SIGTERM', stop);
  try {
    return await main(process.argv.slice(2), {
      stdout: process.stdout,
      stderr: process.stderr,
      signal: controller.signal,
    });
  } finally {
    process.off('SIGINT', stop).off('SIGTERM', stop);
  }
}

if (isEntryPoint()) process.exitCode = await run();
