/**
 * The offset at which the emulator writes and reads the service's text times (`LastTime`,
 * `OccurrenceTime`, `NoteTime`, and the `TimeStart`, `TimeEnd`, `OperateTimeStart` and `OperateTimeEnd`
 * filters of `DescribeSuspEvents`): UTC+08:00, China Standard Time, the time of the Security Center
 * console. The API documents no zone; this one is fixed.
 */
export const SERVICE_TIME_OFFSET = '+08:00';

const OFFSET_MS = 8 * 60 * 60 * 1000;
const SERVICE_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/**
 * A time as the service writes it: `yyyy-MM-dd HH:mm:ss` at {@link SERVICE_TIME_OFFSET}, to the second
 * (milliseconds are dropped).
 *
 * @param epochMs - The time, epoch milliseconds.
 *
 * @example
 * ```ts
 * formatServiceTime(Date.UTC(2026, 0, 10, 0, 0, 0)); // '2026-01-10 08:00:00'
 * const to = Date.UTC(2026, 0, 14, 16); // 2026-01-15 00:00:00 at UTC+08:00
 * const lastWeek = { OperateTimeStart: formatServiceTime(to - 7 * 86_400_000), OperateTimeEnd: formatServiceTime(to) };
 * await sas.describeSuspEvents({ Dealed: 'Y', ...lastWeek });
 * ```
 */
export function formatServiceTime(epochMs: number): string {
  return new Date(epochMs + OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * The epoch milliseconds of a `yyyy-MM-dd HH:mm:ss` text read at {@link SERVICE_TIME_OFFSET};
 * `undefined` for any other text or a date that does not exist (`2026-02-30 00:00:00`).
 */
export function parseServiceTime(text: string): number | undefined {
  const match = SERVICE_TIME.exec(text);
  if (match === null) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const epochMs = Date.UTC(year, month - 1, day, hour, minute, second) - OFFSET_MS;
  return formatServiceTime(epochMs) === text ? epochMs : undefined;
}
