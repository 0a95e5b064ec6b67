import { formatServiceTime } from './service-time.js';
import type { SuspEventRecord } from './susp-event.js';

/** A period of time, its ends included: epoch milliseconds or dates. */
export interface SamplePeriod {
  /** Its start. */
  readonly from: Date | number;
  /** Its end, not before its start. */
  readonly to: Date | number;
}

/**
 * The period's ends in epoch milliseconds.
 *
 * @throws RangeError when an end is not a valid time or the period ends before it starts
 */
export function periodBounds(period: SamplePeriod, name: string): { from: number; to: number } {
  const from = Number(period.from);
  const to = Number(period.to);
  if (!Number.isFinite(from) || !Number.isFinite(to) || to < from) {
    throw new RangeError(`${name}: the period must have valid times and end no earlier than it starts.`);
  }
  return { from, to };
}

/** `count` times drawn evenly at random within `from` and `to`, earliest first. */
export function timesWithin(count: number, from: number, to: number, random: () => number): number[] {
  return Array.from({ length: count }, () => from + Math.floor(random() * (to - from + 1))).sort(
    (a, b) => a - b,
  );
}

/**
 * A sample alert given another ID and last detected at `lastTime`: its first detection keeps its
 * distance, its note (if any) is written at `lastTime`.
 */
export function retimed(alert: SuspEventRecord, id: number, lastTime: number): SuspEventRecord {
  const firstTime = lastTime - (Number(alert.LastTimeStamp) - Number(alert.OccurrenceTimeStamp));
  const notes = Array.isArray(alert.EventNotes) ? (alert.EventNotes as Record<string, unknown>[]) : [];
  return {
    ...alert,
    Id: id,
    SecurityEventIds: String(id),
    OccurrenceTime: formatServiceTime(firstTime),
    OccurrenceTimeStamp: firstTime,
    LastTime: formatServiceTime(lastTime),
    LastTimeStamp: lastTime,
    EventNotes: notes.map((note) => ({ ...note, NoteTime: formatServiceTime(lastTime) })),
  };
}
