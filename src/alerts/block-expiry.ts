/**
 * When a `block_ip` operation's block ends: a named or numeric duration after its batch is sent, or a
 * time given outright, each checked against the limits the service accepts.
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

/** When a block ends: `afterMs` milliseconds after its batch is sent, or at `atMs` (epoch milliseconds). */
export type BlockEnd = { readonly afterMs: number } | { readonly atMs: number };

const SECOND_MS = 1000;
const MINUTE_MS = 60 * SECOND_MS;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
const MAX_BLOCK_MS = 365 * DAY_MS;

/** What a block duration must be, for messages. */
export const BLOCK_DURATION_RANGE = `whole milliseconds from ${MINUTE_MS} (1 minute) to ${MAX_BLOCK_MS} (365 days)`;

/**
 * When a block ends: `duration` after sending, or at `expireTime`; exactly one of them must be given.
 * `nowMs` is what `expireTime` is checked against.
 *
 * @throws {@link ValidationError} `duration` when neither is given or the duration is not one of
 * {@link BLOCK_DURATIONS_MS} or an integer from 1 minute to 365 days; `expireTime` when both are given
 * or it is not a valid time in the future at most 365 days ahead.
 *
 * @example
 * ```ts
 * blockEnd('7d', undefined, Date.now()); // { afterMs: 604800000 }
 * blockEnd(undefined, new Date('2026-02-01T00:00:00Z'), Date.parse('2026-01-15T08:00:00Z')); // { atMs: 1769904000000 }
 * ```
 */
export function blockEnd(
  duration: BlockDuration | number | undefined,
  expireTime: Date | number | undefined,
  nowMs: number,
): BlockEnd {
  if (duration === undefined && expireTime === undefined) {
    throw invalid(
      'duration',
      "block_ip needs `duration` ('6h', '1d', '7d', '30d' or milliseconds) or `expireTime` (a Date or epoch milliseconds).",
    );
  }
  if (duration !== undefined && expireTime !== undefined) {
    throw invalid('expireTime', 'Give either `duration` or `expireTime`, not both.');
  }
  return duration === undefined
    ? { atMs: expireTimeMs(expireTime, nowMs) }
    : { afterMs: durationMs(duration) };
}

/**
 * Whether a value is a block duration in milliseconds: an integer from 1 minute to 365 days.
 *
 * @example
 * ```ts
 * isBlockDurationMs(BLOCK_DURATIONS_MS['7d']); // true
 * isBlockDurationMs(59_999); // false
 * ```
 */
export function isBlockDurationMs(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= MINUTE_MS && (value as number) <= MAX_BLOCK_MS;
}

/**
 * A block duration for people, in the largest unit that divides it: `7 days`, `90 minutes`,
 * `60001 milliseconds`.
 *
 * @example
 * ```ts
 * describeBlockDuration(BLOCK_DURATIONS_MS['6h']); // '6 hours'
 * describeBlockDuration(24 * 60 * 60 * 1000); // '1 day'
 * ```
 */
export function describeBlockDuration(ms: number): string {
  const units = [
    [DAY_MS, 'day'],
    [HOUR_MS, 'hour'],
    [MINUTE_MS, 'minute'],
    [SECOND_MS, 'second'],
  ] as const;
  const [size, name] = units.find(([unit]) => ms % unit === 0) ?? [1, 'millisecond'];
  const count = ms / size;
  return `${count} ${name}${count === 1 ? '' : 's'}`;
}

function invalid(field: string, message: string): ValidationError {
  return new ValidationError(message, { field });
}

function durationMs(duration: BlockDuration | number): number {
  if (typeof duration === 'string' && Object.hasOwn(BLOCK_DURATIONS_MS, duration)) {
    return BLOCK_DURATIONS_MS[duration];
  }
  if (typeof duration === 'number' && isBlockDurationMs(duration)) return duration;
  throw invalid(
    'duration',
    `\`duration\` must be '6h', '1d', '7d', '30d', or ${BLOCK_DURATION_RANGE}; got ${String(duration)}.`,
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
