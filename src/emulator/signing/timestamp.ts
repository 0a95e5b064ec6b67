import type { GatewayFailure } from '../errors.js';

const ISO_UTC = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,3})?Z$/;

/**
 * Parses a signing timestamp, UTC ISO 8601 as the clients send it (`2026-01-15T08:00:00Z`, milliseconds
 * allowed), into epoch milliseconds; `undefined` when it is not one or names no real date.
 */
export function parseSigningTimestamp(value: string): number | undefined {
  const match = ISO_UTC.exec(value);
  if (match === null) return undefined;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  const [year, month, day] = [match[1], match[2], match[3]].map(Number);
  const date = new Date(at);
  const real =
    date.getUTCFullYear() === year && date.getUTCMonth() + 1 === month && date.getUTCDate() === day;
  return real ? at : undefined;
}

/**
 * Checks a signing timestamp against the clock: `InvalidTimeStamp.Format` when unreadable,
 * `InvalidTimeStamp.Expired` when further than `toleranceMs` from `nowMs` either way.
 */
export function checkTimestamp(
  value: string,
  nowMs: number,
  toleranceMs: number,
): { at: number } | GatewayFailure {
  const at = parseSigningTimestamp(value);
  if (at === undefined) return { code: 'InvalidTimeStamp.Format' };
  if (Math.abs(nowMs - at) > toleranceMs) return { code: 'InvalidTimeStamp.Expired' };
  return { at };
}
