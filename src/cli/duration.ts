/**
 * Durations as people write them on a command line: `90s`, `5m`, `1h`, `7d`.
 *
 * @packageDocumentation
 */

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/**
 * The milliseconds of a duration written as a whole number and a unit: `ms`, `s`, `m`, `h` or `d`
 * (`250ms`, `60s`, `5m`, `1h`, `7d`). Anything else, a number without a unit included, gives
 * `undefined`, for the caller to say which option it was.
 *
 * @example
 * ```ts
 * parseDuration('5m'); // 300000
 * parseDuration('5'); // undefined: a unit is needed
 * ```
 */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d{1,15})(ms|s|m|h|d)$/.exec(text);
  if (match === null) return undefined;
  const ms = Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
  return Number.isSafeInteger(ms) ? ms : undefined;
}
