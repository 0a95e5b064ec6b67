import type { EmulatorReply } from '../http/handler.js';
import { invalidParameter } from './param-errors.js';
import type { SuspEventRecord } from './susp-event.js';
import { handlingTime, lastDetection } from './time-filters.js';
import type { WireParams } from './wire-params.js';

const COLUMNS = { lastTime: lastDetection, operateTime: handlingTime } as const;
const TYPES = ['asc', 'desc'] as const;

/** How `Dealed=Y` listings are ordered. */
export interface DealtOrder {
  readonly timeOf: (alert: SuspEventRecord) => number | undefined;
  readonly descending: boolean;
}

/**
 * Reads `SortColumn` (`lastTime` or `operateTime`, the default) and `SortType` (`asc` or `desc`, the
 * default); another value is `400 InvalidParameter` naming the parameter.
 */
export function readDealtOrder(params: WireParams): DealtOrder | EmulatorReply {
  const column =
    params.SortColumn === undefined || params.SortColumn === '' ? 'operateTime' : params.SortColumn;
  const type = params.SortType === undefined || params.SortType === '' ? 'desc' : params.SortType;
  if (!Object.hasOwn(COLUMNS, column)) return invalidParameter('SortColumn');
  if (!(TYPES as readonly string[]).includes(type)) return invalidParameter('SortType');
  return { timeOf: COLUMNS[column as keyof typeof COLUMNS], descending: type === 'desc' };
}

/** The alerts in that order; alerts of the same time, or with none, keep their order. */
export function sortDealt(alerts: readonly SuspEventRecord[], order: DealtOrder): SuspEventRecord[] {
  const direction = order.descending ? -1 : 1;
  return alerts
    .map((alert, index) => ({ alert, index, time: order.timeOf(alert) ?? 0 }))
    .sort((a, b) => (a.time - b.time) * direction || a.index - b.index)
    .map(({ alert }) => alert);
}
