/**
 * What every command of `alicloud-alert-handler` shares: its streams and environment, its exit codes,
 * reading its arguments, files and numbers, and printing failures.
 *
 * @packageDocumentation
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { isSdkError, ValidationError } from '../index.js';
import { parseDuration } from './duration.js';

/** The program's name, as it prefixes its messages. */
export const PROGRAM = 'alicloud-alert-handler';

/** Where a command writes, what it reads its settings from, and what stops it. */
export interface CliIo {
  /** Receives what the command produces: summaries, JSON lines, approvals. */
  readonly stdout: { write(text: string): unknown };
  /** Receives usage errors, failures and what an approver is about to sign. */
  readonly stderr: { write(text: string): unknown };
  /** The environment: the endpoint, the region, the approval secret. */
  readonly env: NodeJS.ProcessEnv;
  /** Aborts a run (SIGINT, SIGTERM): sending stops, the loop ends. */
  readonly signal: AbortSignal;
}

/** The exit codes: done, failed (an alert, a check, a call), a command line that cannot be run. */
export const EXIT = { done: 0, failed: 1, usage: 2 } as const;

/** A command line that cannot be run: exit code 2, with the command's usage. */
export class UsageError extends Error {}

/** A failure the command explains itself (no stack, no error name): exit code 1. */
export class CommandFailure extends Error {}

/** The environment variable holding the key approvals are signed and verified with. Never printed. */
export const APPROVAL_SECRET_VARIABLE = 'ALERT_HANDLER_APPROVAL_SECRET';

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** What {@link parseCommand} gives: the options' values and the arguments. */
type ParsedCommand<T extends OptionsConfig> = ReturnType<
  typeof parseArgs<{ args: string[]; options: T; allowPositionals: true; strict: true }>
>;

/**
 * Parses a command's arguments strictly.
 *
 * @throws {@link UsageError} on an unknown option, a missing value, or a wrong number of arguments
 */
export function parseCommand<T extends OptionsConfig>(
  argv: readonly string[],
  options: T,
  positionals: { readonly min: number; readonly max: number },
): ParsedCommand<T> {
  let parsed: ParsedCommand<T>;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(parseFailure(error));
  }
  const help = (parsed.values as { help?: boolean }).help === true;
  const count = parsed.positionals.length;
  if (!help && count > positionals.max) {
    throw new UsageError(`unexpected argument ${parsed.positionals[positionals.max]}`);
  }
  if (!help && count < positionals.min) throw new UsageError('missing argument: see the usage below');
  return parsed;
}

/** The first line of `parseArgs`' complaint, without its advice on positional arguments. */
function parseFailure(error: unknown): string {
  const { code, message } = error as { code?: string; message: string };
  const quoted = /'([^']*)'/.exec(message)?.[1] ?? '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option ${quoted}`;
  return message.split('\n')[0] ?? message;
}

/**
 * A duration option (`60s`, `5m`, `1h`, `1d`) in milliseconds, at least `minMs`.
 *
 * @throws {@link UsageError} naming the option
 */
export function durationOption(flag: string, text: string, minMs = 1): number {
  const ms = parseDuration(text);
  if (ms === undefined) {
    throw new UsageError(
      `--${flag} must be a whole number with a unit (ms, s, m, h, d), e.g. 60s, not ${text}`,
    );
  }
  if (ms < minMs) throw new UsageError(`--${flag} must be at least ${minMs / 1000}s, not ${text}`);
  return ms;
}

/** The largest count a guard takes. */
const MAX_COUNT = 1_000_000;

/**
 * A count option: a whole number from `min` to 1,000,000.
 *
 * @throws {@link UsageError} naming the option
 */
export function countOption(flag: string, text: string, min: number): number {
  const count = /^\d{1,7}$/.test(text) ? Number(text) : Number.NaN;
  if (!(count >= min && count <= MAX_COUNT)) {
    throw new UsageError(`--${flag} must be a whole number from ${min} to ${MAX_COUNT}, not ${text}`);
  }
  return count;
}

/**
 * The text of a file.
 *
 * @throws {@link CommandFailure} saying which file could not be read
 */
export async function readText(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CommandFailure(
      `cannot read the ${what} ${path}: ${code === 'ENOENT' ? 'no such file' : (code ?? String(error))}`,
    );
  }
}

/** Writes a file whole: to a temporary file beside it, then renamed, so that no reader sees half of it. */
export async function writeWhole(path: string, text: string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, text, { mode: 0o600 });
  await rename(temporary, path);
}

/** The approval secret of the environment, checked; `undefined` when it is not set. */
export function approvalSecret(env: NodeJS.ProcessEnv): string | undefined {
  const secret = env[APPROVAL_SECRET_VARIABLE];
  if (secret === undefined || secret === '') return undefined;
  if (Buffer.byteLength(secret, 'utf8') < 16) {
    throw new CommandFailure(`${APPROVAL_SECRET_VARIABLE} must be at least 16 bytes long.`);
  }
  return secret;
}

/**
 * A failure as one or more lines: the SDK's errors by their message (which never holds a secret), a
 * validation error with each problem's path.
 */
export function describeFailure(error: unknown): string {
  if (error instanceof CommandFailure) return error.message;
  if (error instanceof ValidationError && error.issues.length > 1) {
    return [
      error.message,
      ...error.issues.map((issue) => `  ${issue.path || '(top)'}: ${issue.message}`),
    ].join('\n');
  }
  if (isSdkError(error)) return `${error.name}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

/** Control characters (C0, DEL, C1), the line and paragraph separators, and the direction marks. */
const UNPRINTABLE = /[\p{Cc}\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

/**
 * Service and file text made safe to print on one line of a terminal: every character that could break
 * or disguise the line shown as an escape (`\u001b`, `\u202e`, …).
 */
export function printable(text: string): string {
  return text.replace(
    UNPRINTABLE,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
