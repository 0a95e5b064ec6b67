/**
 * When a `block_ip` operation's block ends: a named or numeric duration added to now, or a time given
 * outright, each checked against the limits the service accepts.
 *
 * @packageDocumentation
 */
import { ValidationError } from '../errors.js';

/** Block durations the console offers, in milliseconds. */
export const BLOCK_DURATIONS_MS = {
  '6h': 6 * 60 * 60 * 1000,
  '1d': 24 * 60 * 60 * 1000,
  '7d': 7 * 24 * 60 * 60 * 1000,
  '30d': 30 * 24 * 60 * 60 * 1000,
} as const;

/** A named block duration (see {@link BLOCK_DURATIONS_MS}). */
export type BlockDuration = keyof typeof BLOCK_DURATIONS_MS;

const MINUTE_MS = 60 * 1000;
const MAX_BLOCK_MS = 365 * 24 * 60 * MINUTE_MS;

/**
 * The epoch milliseconds a block ends at: `nowMs` plus `duration`, or `expireTime`; exactly one of
 * them must be given.
 *
 * @throws {@link ValidationError} `duration` when neither is given or the duration is not one of
 * {@link BLOCK_DURATIONS_MS} or an integer from 1 minute to 365 days; `expireTime` when both are given
 * or it is not a valid time in the future at most 365 days ahead.
 */
export function blockExpireMs(
  duration: BlockDuration | number | undefined,
  expireTime: Date | number | undefined,
  nowMs: number,
): number {
  if (duration === undefined && expireTime === undefined) {
    throw invalid(
      'duration',
      "block_ip needs `duration` ('6h', '1d', '7d', '30d' or milliseconds) or `expireTime` (a Date or epoch milliseconds).",
    );
  }
  if (duration !== undefined && expireTime !== undefined) {
    throw invalid('expireTime', 'Give either `duration` or `expireTime`, not both.');
  }
  return duration === undefined ? expireTimeMs(expireTime, nowMs) : nowMs + durationMs(duration);
}

function invalid(field: string, message: string): ValidationError {
  return new ValidationError(message, { field });
}

function durationMs(duration: BlockDuration | number): number {
  if (typeof duration === 'string' && Object.hasOwn(BLOCK_DURATIONS_MS, duration)) {
    return BLOCK_DURATIONS_MS[duration];
  }
  if (
    typeof duration === 'number' &&
    Number.isInteger(duration) &&
    duration >= MINUTE_MS &&
    duration <= MAX_BLOCK_MS
  ) {
    return duration;
  }
  throw invalid(
    'duration',
    `\`duration\` must be '6h', '1d', '7d', '30d', or whole milliseconds from ${MINUTE_MS} (1 minute) to ${MAX_BLOCK_MS} (365 days); got ${String(duration)}.`,
  );
}

function expireTimeMs(expireTime: Date | number | undefined, nowMs: number): number {
  const ms = expireTime instanceof Date ? expireTime.getTime() : expireTime;
  if (typeof ms !== 'number' || !Number.isInteger(ms)) {
    throw invalid('expireTime', '`expireTime` must be a valid Date or whole epoch milliseconds.');
  }
  if (ms <= nowMs) {
    throw invalid(
      'expireTime',
      `\`expireTime\` must be in the future; ${new Date(ms).toISOString()} has passed.`,
    );
  }
  if (ms > nowMs + MAX_BLOCK_MS) {
    throw invalid('expireTime', '`expireTime` must be at most 365 days ahead.');
  }
  return ms;
}
