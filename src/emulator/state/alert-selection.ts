import type { EmulatorReply } from '../http/handler.js';
import { type DealtOrder, readDealtOrder, sortDealt } from './dealt-order.js';
import type { SuspEventRecord } from './susp-event.js';
import { readTimeFilters, type TimeFilters, withinTimes } from './time-filters.js';
import type { WireParams } from './wire-params.js';

const PENDING = 1;

/** The alerts a `DescribeSuspEvents` request asks for, and in what order. */
export interface AlertSelection {
  /** `Id`, when given: that alert only. */
  readonly id: string | undefined;
  /** Whether an alert of this status and level is selected, its times aside. */
  readonly selectsKey: (status: unknown, level: unknown) => boolean;
  readonly times: TimeFilters;
  /** Whether a time window is given at all. */
  readonly timed: boolean;
  /** How `Dealed=Y` listings are sorted; `undefined` for the others, which keep the alerts' order. */
  readonly order: DealtOrder | undefined;
  /** The filters and order as text: two selections with the same text select the same alerts. */
  readonly text: string;
}

/**
 * Reads the filters of `DescribeSuspEvents`: `Id`, `Levels` (comma-separated), `Dealed` (`N`: pending
 * events only, `Y`: all others, sorted), `Status` (one status code, `0` for all) and the time filters.
 * A time that is not `yyyy-MM-dd HH:mm:ss`, or an unknown `SortColumn` or `SortType`, is
 * `400 InvalidParameter` naming it.
 */
export function readSelection(params: WireParams): AlertSelection | EmulatorReply {
  const times = readTimeFilters(params);
  if ('status' in times) return times;
  const order = readDealtOrder(params);
  if ('status' in order) return order;
  const levels = params.Levels?.split(',')
    .map((level) => level.trim())
    .filter((level) => level !== '');
  const { Dealed: dealed, Status: status, Id: id } = params;
  const { lastDetection, handling } = times;
  const bounds = [lastDetection.start, lastDetection.end, handling.start, handling.end];
  const sorted = dealed === 'Y';
  return {
    id,
    selectsKey: (eventStatus, level) =>
      (levels === undefined || levels.length === 0 || levels.includes(level as string)) &&
      (dealed !== 'N' || eventStatus === PENDING) &&
      (!sorted || eventStatus !== PENDING) &&
      (status === undefined || status === '' || status === '0' || eventStatus === Number(status)),
    times,
    timed: bounds.some((bound) => bound !== undefined),
    order: sorted ? order : undefined,
    // Written when asked for: only listings kept between requests need it.
    get text() {
      return JSON.stringify([levels, dealed, status, bounds, sorted && [params.SortColumn, params.SortType]]);
    },
  };
}

/** Whether the selection takes this alert. */
export function selects(selection: AlertSelection, alert: SuspEventRecord): boolean {
  return (
    (selection.id === undefined || String(alert.Id) === selection.id) &&
    selection.selectsKey(alert.EventStatus, alert.Level) &&
    withinTimes(alert, selection.times)
  );
}

/** The alerts the selection takes, in its order: a scan of them all. */
export function scanSelection(
  alerts: readonly SuspEventRecord[],
  selection: AlertSelection,
): SuspEventRecord[] {
  const matching = alerts.filter((alert) => selects(selection, alert));
  return selection.order === undefined ? matching : sortDealt(matching, selection.order);
}
