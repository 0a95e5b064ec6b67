/**
 * What people did with a handled alert, as far as the wire tells it.
 *
 * @packageDocumentation
 */
import type { Alert } from '../alerts/alert.js';
import type { OperationCode } from '../alerts/operation-codes.js';

/**
 * What people did with an alert: the operation they applied, `unknown` when the alert was handled by
 * someone but the wire does not tell with which operation, `none` when nobody handled it (it expired,
 * was deleted or the service handled it itself).
 */
export type PeopleAction = OperationCode | 'unknown' | 'none';

/** What an `EventStatus` says people did, when `OperateErrorCode` does not name the operation. */
const ACTION_BY_STATUS: Readonly<Record<number, PeopleAction>> = {
  2: 'ignore',
  4: 'unknown',
  8: 'mark_mis_info',
  16: 'unknown',
  32: 'unknown',
  64: 'none',
  128: 'none',
  512: 'none',
  513: 'none',
  604: 'none',
};

const SUCCESS = /^([a-z_]+)\.Success$/;

/**
 * What people did with a handled alert. The wire names the operation only in `OperateErrorCode`
 * (`block_ip.Success`); without it, the status tells what it can:
 *
 * | `EventStatus` | people did |
 * | --- | --- |
 * | 2 ignored | `ignore` |
 * | 8 false positive | `mark_mis_info` (a whitelisting, `advance_mark_mis_info`, looks the same) |
 * | 4 confirmed, 16 handling, 32 handled | `unknown` |
 * | 64 expired, 128 deleted, 512/513 blocked by the service, 604 false positive by the service | `none` |
 * | anything else (1 pending, missing) | `none` |
 *
 * @example
 * ```ts
 * handledAs(toAlert({ Id: 1, EventStatus: 32, OperateErrorCode: 'block_ip.Success' })); // 'block_ip'
 * handledAs(toAlert({ Id: 2, EventStatus: 2 })); // 'ignore'
 * ```
 */
export function handledAs(alert: Alert): PeopleAction {
  const named = SUCCESS.exec(alert.raw.OperateErrorCode ?? '');
  if (named?.[1] !== undefined) return named[1];
  return (alert.statusCode === undefined ? undefined : ACTION_BY_STATUS[alert.statusCode]) ?? 'none';
}
