import type { EmulatorReply } from '../http/handler.js';
import { invalidParameter } from './param-errors.js';
import { parseServiceTime } from './service-time.js';
import type { SuspEventRecord } from './susp-event.js';
import type { WireParams } from './wire-params.js';

/** The bounds of one time window, epoch milliseconds; `undefined` when open on that side. */
interface Window {
  readonly start: number | undefined;
  readonly end: number | undefined;
}

/** The time filters of `DescribeSuspEvents`: on the last detection and on the handling time. */
export interface TimeFilters {
  readonly lastDetection: Window;
  readonly handling: Window;
}

/** The parameters that carry the time filters, in the order they are checked. */
const TIME_PARAMS = ['TimeStart', 'TimeEnd', 'OperateTimeStart', 'OperateTimeEnd'] as const;

/**
 * Reads `TimeStart`/`TimeEnd` and `OperateTimeStart`/`OperateTimeEnd`: `yyyy-MM-dd HH:mm:ss` at
 * UTC+08:00, an empty value as none; anything else is `400 InvalidParameter` naming the parameter.
 */
export function readTimeFilters(params: WireParams): TimeFilters | EmulatorReply {
  const times: Partial<Record<(typeof TIME_PARAMS)[number], number>> = {};
  for (const name of TIME_PARAMS) {
    const text = params[name];
    if (text === undefined || text === '') continue;
    const epochMs = parseServiceTime(text);
    if (epochMs === undefined) return invalidParameter(name);
    times[name] = epochMs;
  }
  return {
    lastDetection: { start: times.TimeStart, end: times.TimeEnd },
    handling: { start: times.OperateTimeStart, end: times.OperateTimeEnd },
  };
}

/**
 * Whether an alert falls within the windows, their bounds included, compared to the second (the
 * precision of the text): the last detection is `LastTimeStamp`, else the `LastTime` text; the handling
 * time is `OperateTime`. An alert without the time a window asks about is outside it.
 */
export function withinTimes(alert: SuspEventRecord, filters: TimeFilters): boolean {
  return within(lastDetection(alert), filters.lastDetection) && within(handlingTime(alert), filters.handling);
}

/** When the alert was last detected, epoch milliseconds, if known. */
export function lastDetection(alert: SuspEventRecord): number | undefined {
  const stamp = Number(alert.LastTimeStamp);
  if (Number.isFinite(stamp) && stamp > 0) return stamp;
  return typeof alert.LastTime === 'string' ? parseServiceTime(alert.LastTime) : undefined;
}

/** When the alert was handled, epoch milliseconds, if ever. */
export function handlingTime(alert: SuspEventRecord): number | undefined {
  const time = Number(alert.OperateTime);
  return Number.isFinite(time) && time > 0 ? time : undefined;
}

function within(epochMs: number | undefined, window: Window): boolean {
  if (window.start === undefined && window.end === undefined) return true;
  if (epochMs === undefined) return false;
  const second = Math.floor(epochMs / 1000) * 1000;
  return (
    (window.start === undefined || second >= window.start) &&
    (window.end === undefined || second <= window.end)
  );
}
