/**
 * The transport's log lines, in one place: each request attempt (debug), normalizations made while
 * reading a response and retries about to happen (warn), and calls that finally failed (error). They
 * carry ids, statuses, sizes and timings, never a body, a secret or a parameter value.
 *
 * @packageDocumentation
 */
import { SdkError } from '../errors.js';
import type { Product } from './action-descriptor.js';
import type { Log } from './logger.js';
import type { RequestAuditEvent } from './options.js';

/** How many paths a line names before it says "…". */
const FIRST_PATHS = 3;

/** The event's request attempt, as one debug line, and its normalizations as a warning. */
export function logAttempt(log: Log, event: RequestAuditEvent<Product>): void {
  const { product, action, attempt, statusCode, requestId, requestBytes, responseBytes } = event;
  const durationMs = Math.round(event.durationMs);
  if (log.enabled('debug')) {
    const answer = statusCode === undefined ? 'no answer' : `HTTP ${statusCode}`;
    const failed = event.error === undefined ? '' : `, ${event.error.name} (${event.error.code})`;
    log.write(
      'debug',
      `${product} ${action} attempt ${attempt}: ${answer}${failed} in ${durationMs} ms, ${requestBytes} bytes sent, ` +
        `${responseBytes ?? 0} bytes received${requestId === undefined ? '' : `, RequestId ${requestId}`}.`,
      {
        product,
        action,
        attempt,
        outcome: event.outcome,
        statusCode,
        requestId,
        durationMs,
        requestBytes,
        responseBytes,
        ...(event.error && { errorName: event.error.name, errorCode: event.error.code }),
      },
    );
  }
  const normalized = event.normalized ?? [];
  if (normalized.length > 0 && log.enabled('warn')) {
    const paths = normalized.map((note) => note.path);
    log.write(
      'warn',
      `${product} ${action}: ${paths.length} field(s) of the response were normalized while reading it ` +
        `(${firstOf(paths)})${requestId === undefined ? '' : `, RequestId ${requestId}`}.`,
      { product, action, requestId, normalizedCount: paths.length, paths: paths.slice(0, FIRST_PATHS) },
    );
  }
}

/** Where a call stands when it retries or gives up. */
export interface CallState {
  readonly product: string;
  readonly action: string;
  /** The attempt that failed: 1 for the first. */
  readonly attempt: number;
  /** What it failed with. */
  readonly error: unknown;
}

/** A retry about to happen: why, and after what delay. */
export function logRetry(log: Log, call: CallState, delayMs: number, maxAttempts: number): void {
  if (!log.enabled('warn')) return;
  const { product, action, attempt } = call;
  const why = describe(call.error);
  const delay = Math.round(delayMs);
  log.write(
    'warn',
    `${product} ${action} attempt ${attempt} failed with ${why.text}; retrying in ${delay} ms ` +
      `(attempt ${attempt + 1} of at most ${maxAttempts}).`,
    { product, action, attempt, delayMs: delay, ...why.fields },
  );
}

/**
 * The errors that answer a question rather than fail a call: the service saying that an alert or a
 * task does not exist, which the workflow asks on purpose (whether an alert was ever handled). Told at
 * `debug`; the caller gets the typed error all the same.
 */
const ANSWERS = new Set(['SecurityEventNotExistsError', 'OperationTaskNotExistsError']);

/**
 * A call that finally failed, at `error`; an aborted one at `info` (it was stopped on purpose), and a
 * "does not exist" answer at `debug`.
 */
export function logFailure(log: Log, call: CallState): void {
  const { product, action, attempt } = call;
  const why = describe(call.error);
  const name = String(why.fields.errorName);
  const level = name === 'AbortError' ? 'info' : ANSWERS.has(name) ? 'debug' : 'error';
  if (!log.enabled(level)) return;
  const attempts = `${attempt} attempt${attempt === 1 ? '' : 's'}`;
  log.write(
    level,
    name === 'AbortError'
      ? `${product} ${action} was aborted after ${attempts}.`
      : `${product} ${action} failed after ${attempts}: ${why.text}.`,
    { product, action, attempts: attempt, ...why.fields },
  );
}

/** An error by name, code and RequestId: never its message, which may quote what was sent. */
function describe(error: unknown): { text: string; fields: Record<string, unknown> } {
  if (!(error instanceof SdkError)) {
    const errorName = error instanceof Error ? error.name : typeof error;
    return { text: errorName, fields: { errorName } };
  }
  const requestId = error.requestId === undefined ? '' : `, RequestId ${error.requestId}`;
  return {
    text: `${error.name} (${error.code}${error.statusCode === undefined ? '' : `, HTTP ${error.statusCode}`}${requestId})`,
    fields: {
      errorName: error.name,
      errorCode: error.code,
      statusCode: error.statusCode,
      requestId: error.requestId,
    },
  };
}

/** `a, b, c` or `a, b, c, …`. */
export function firstOf(paths: readonly string[]): string {
  return paths.slice(0, FIRST_PATHS).join(', ') + (paths.length > FIRST_PATHS ? ', …' : '');
}
