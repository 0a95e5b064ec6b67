/**
 * The SDK's logging: the {@link Logger} shape callers pass (console, pino, ...), the level switch
 * (`logLevel`, else `ALERT_HANDLER_LOG_LEVEL`, else `info`), and {@link Log}, the levelled writer every
 * layer logs through.
 *
 * @packageDocumentation
 */
import { ValidationError } from '../errors.js';

/**
 * Where the SDK's log lines go: anything with console-shaped `debug`, `info`, `warn` and `error` methods,
 * such as `console` or a pino logger. Each line is a complete plain-text sentence (the first argument),
 * followed by an object of structured fields (product, action, requestId, sizes, ...), which pino
 * ignores and console prints. Never a secret, a request or response body, nor a parameter value other
 * than ids.
 *
 * @example
 * ```ts
 * import pino from 'pino';
 *
 * const alerts = new AlertHandler({ regionId: 'cn-shanghai', logger: pino({ level: 'debug' }), logLevel: 'debug' });
 * const sas = new SasClient({ regionId: 'cn-shanghai', logger: console });
 * ```
 */
export interface Logger {
  /**
   * Each request attempt: status, RequestId, duration, sizes.
   *
   * @example
   * ```ts
   * logger.debug('Sas DescribeSuspEvents attempt 1: HTTP 200 in 84 ms, 61 bytes sent, 151022 bytes received, RequestId 5E1F….', { requestId: '5E1F…' });
   * ```
   */
  debug(message: string, ...args: unknown[]): void;
  /**
   * Milestones: a plan made, a batch sent, an execution ended or resumed.
   *
   * @example
   * ```ts
   * logger.info('Plan made: 2 batches for 7 alerts, 1 skipped.', { batches: 2, alerts: 7, skipped: 1 });
   * ```
   */
  info(message: string, ...args: unknown[]): void;
  /**
   * A retry about to happen, a response normalized, an item kept apart as rejected, an unknown outcome.
   *
   * @example
   * ```ts
   * logger.warn('Sas DescribeSuspEvents attempt 1 failed with ThrottlingError (Throttling.User, HTTP 400); retrying in 183 ms (attempt 2 of at most 3).', { delayMs: 183 });
   * ```
   */
  warn(message: string, ...args: unknown[]): void;
  /**
   * A call that finally failed.
   *
   * @example
   * ```ts
   * logger.error('Sas HandleSecurityEvents failed after 1 attempt: NoPermissionError (NoPermission, HTTP 403).', { errorCode: 'NoPermission' });
   * ```
   */
  error(message: string, ...args: unknown[]): void;
}

/** How much is logged: the named level and the ones above it; `silent` logs nothing. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

/** The levels, least severe first. */
export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];

/** The environment variable that sets the level (and, without a `logger`, turns logging to stderr on). */
export const LOG_LEVEL_VARIABLE = 'ALERT_HANDLER_LOG_LEVEL';

/** Structured fields of a log line. */
export type LogFields = Readonly<Record<string, unknown>>;

/** Writes each line to stderr on one line, as `console.error` does, prefixed with the SDK's name and the level. */
const STDERR_LOGGER: Logger = {
  debug: (message) => stderrLine('debug', message),
  info: (message) => stderrLine('info', message),
  warn: (message) => stderrLine('warn', message),
  error: (message) => stderrLine('error', message),
};

function stderrLine(level: Exclude<LogLevel, 'silent'>, message: string): void {
  console.error(`alicloud-alert-handler ${level}: ${message.replace(/\s*\n\s*/g, ' ')}`);
}

/**
 * A {@link Logger} with its level applied: lines below the level are dropped before they are built
 * (see {@link Log.enabled}), and a logger that throws never breaks the work it observes.
 */
export class Log {
  readonly #logger: Logger | undefined;
  readonly #rank: number;

  constructor(logger: Logger | undefined, level: LogLevel) {
    this.#logger = level === 'silent' ? undefined : logger;
    this.#rank = LOG_LEVELS.indexOf(level);
  }

  /** Whether lines of `level` are written. */
  enabled(level: Exclude<LogLevel, 'silent'>): boolean {
    return this.#logger !== undefined && LOG_LEVELS.indexOf(level) >= this.#rank;
  }

  /** Writes one line, when its level is enabled: `message`, then `fields` for console-style loggers. */
  write(level: Exclude<LogLevel, 'silent'>, message: string, fields: LogFields): void {
    const logger = this.#logger;
    if (logger === undefined || !this.enabled(level)) return;
    try {
      // Called as a method: pino's methods need their `this`.
      logger[level](message, fields);
    } catch {
      // A logger must not break the call it observes.
    }
  }
}

/**
 * The log of a client or handler: `logger`, else stderr when `ALERT_HANDLER_LOG_LEVEL` is set, else
 * nothing; at `logLevel`, else `ALERT_HANDLER_LOG_LEVEL`, else `info`.
 *
 * @throws {@link ValidationError} when `ALERT_HANDLER_LOG_LEVEL` is consulted and holds no level
 */
export function resolveLog(
  options: { logger?: Logger | undefined; logLevel?: LogLevel | undefined },
  env: Readonly<Record<string, string | undefined>> = process.env,
): Log {
  // Read as shells set it: an empty value is unset, and case does not matter.
  const fromEnvironment = env[LOG_LEVEL_VARIABLE]?.trim().toLowerCase() || undefined;
  const needed = options.logLevel === undefined || options.logger === undefined;
  if (needed && fromEnvironment !== undefined && !LOG_LEVELS.includes(fromEnvironment as LogLevel)) {
    throw new ValidationError(
      `${LOG_LEVEL_VARIABLE} must be one of ${LOG_LEVELS.join(', ')}, not ${JSON.stringify(env[LOG_LEVEL_VARIABLE])}. ` +
        'Fix or unset the variable, or pass `logLevel`.',
      { field: LOG_LEVEL_VARIABLE },
    );
  }
  const logger = options.logger ?? (fromEnvironment === undefined ? undefined : STDERR_LOGGER);
  return new Log(logger, options.logLevel ?? (fromEnvironment as LogLevel | undefined) ?? 'info');
}
