/**
 * What a feed compares to tell a change: an alert's state (last detection, status, handling time), and
 * the kind of change from a known state to the one just read.
 *
 * @packageDocumentation
 */
import { ALERT_STATUS_CODES, type Alert, type KnownAlertStatus } from '../alerts/alert.js';
import { exactNumber } from '../util/int64.js';
import type { AlertChangeKind } from './change.js';

/**
 * The statuses after which an alert needs nothing more: a feed reports an alert reaching one of them as
 * `resolved`. Someone dealt with it (`ignored`, `confirmed`, `falsePositive`, `handled`), the service
 * did (`autoBlocked`, `systemFalsePositive`), or it is gone (`expired`, `deleted`). The others are open:
 * `pending`, and the transient `handling` and `autoBlocking`, which end in one of these or back in
 * `pending`; a status this package does not know counts as open.
 *
 * @example
 * ```ts
 * const open = alert.status === 'unknown' || !FINAL_ALERT_STATUSES.includes(alert.status);
 * ```
 */
export const FINAL_ALERT_STATUSES: readonly KnownAlertStatus[] = [
  'ignored',
  'confirmed',
  'falsePositive',
  'handled',
  'expired',
  'deleted',
  'autoBlocked',
  'systemFalsePositive',
];

const FINAL_CODES: ReadonlySet<number> = new Set(
  FINAL_ALERT_STATUSES.map((status) => ALERT_STATUS_CODES[status]),
);

/** What a feed remembers of an alert to tell whether it changed. */
export interface AlertState {
  /** Last detection, epoch milliseconds; 0 when unknown. */
  readonly lastSeen: number;
  /** `EventStatus`; `null` when the service gave none. */
  readonly status: number | null;
  /** Last handling (`OperateTime`), epoch milliseconds; 0 when never handled. */
  readonly handledAt: number;
}

/** The state of an alert as read. */
export function stateOf(alert: Alert): AlertState {
  const handledAt = exactNumber(alert.raw.OperateTime);
  return {
    lastSeen: alert.lastSeen?.getTime() ?? 0,
    status: alert.statusCode ?? null,
    handledAt: handledAt !== undefined && handledAt > 0 ? handledAt : 0,
  };
}

/**
 * When the state entered a feed's window: the later of its last detection and its handling, the two
 * times the window is read on. A state older than a window's start is not in that window.
 */
export function stateTime(state: AlertState): number {
  return Math.max(state.lastSeen, state.handledAt);
}

/** Whether two states are the same: nothing to report between them. */
export function sameState(a: AlertState, b: AlertState): boolean {
  return a.lastSeen === b.lastSeen && a.status === b.status && a.handledAt === b.handledAt;
}

function isStale(known: AlertState, current: AlertState): boolean {
  return current.lastSeen < known.lastSeen || current.handledAt < known.handledAt;
}

/** Whether a status code is one of {@link FINAL_ALERT_STATUSES}. */
export function isFinalStatus(status: number | null): boolean {
  return status !== null && FINAL_CODES.has(status);
}

/**
 * The kind of change from `known` (the state a feed delivered last, `undefined` for an alert it does
 * not know) to `current`; `undefined` when nothing changed, or when `current` is older than `known` (a
 * detection or handling time went back: a stale answer, not a change).
 */
export function changeKind(known: AlertState | undefined, current: AlertState): AlertChangeKind | undefined {
  if (known !== undefined && (sameState(known, current) || isStale(known, current))) return undefined;
  if (isFinalStatus(current.status) && (known === undefined || !isFinalStatus(known.status))) {
    return 'resolved';
  }
  return known === undefined ? 'new' : 'updated';
}

/**
 * The identity of one change, stable across restarts: the alert id, its last detection, its status and,
 * once handled, its handling time, e.g. `7009607@1733030400000:1` or
 * `7009607@1733030400000:32:1733031000000`.
 */
export function changeId(alertId: string, state: AlertState): string {
  const handled = state.handledAt > 0 ? `:${state.handledAt}` : '';
  return `${alertId}@${state.lastSeen}:${state.status ?? ''}${handled}`;
}
