import { apiError } from '../errors.js';
import type { EmulatorHandler, EmulatorReply } from '../types.js';
import type { SuspEventRecord } from './susp-event.js';

const DEFAULT_PAGE_SIZE = 20;
const MAX_PAGE_SIZE = 100;
const PENDING = 1;

/**
 * A `DescribeSuspEvents` handler over a fixed list of events, paged and filtered like the service:
 * `CurrentPage` (from 1), `PageSize` (default 20, at most 100), `Levels` (comma-separated), `Dealed`
 * (`N`: pending events only, `Y`: all others) and `Status` (one status code, `0` for all).
 *
 * @example
 * ```ts
 * const emulator = await startEmulator({ handlers: { DescribeSuspEvents: describeSuspEvents(sampleAlerts(45)) } });
 * ```
 */
export function describeSuspEvents(alerts: readonly SuspEventRecord[]): EmulatorHandler {
  return ({ params }) => {
    const currentPage = pageNumber(params, 'CurrentPage', 1);
    const requestedSize = pageNumber(params, 'PageSize', DEFAULT_PAGE_SIZE);
    if (typeof currentPage !== 'number') return currentPage;
    if (typeof requestedSize !== 'number') return requestedSize;
    const pageSize = Math.min(requestedSize, MAX_PAGE_SIZE);
    const matching = alerts.filter(filterFor(params));
    const page = matching.slice((currentPage - 1) * pageSize, currentPage * pageSize);
    return {
      status: 200,
      body: {
        Count: page.length,
        CurrentPage: currentPage,
        PageSize: pageSize,
        TotalCount: matching.length,
        SuspEvents: page,
      },
    };
  };
}

function pageNumber(
  params: Readonly<Record<string, string>>,
  name: string,
  fallback: number,
): number | EmulatorReply {
  const value = params[name];
  if (value === undefined || value === '') return fallback;
  if (!/^\d+$/.test(value)) {
    return apiError(400, 'InvalidParameter', `The specified value of parameter "${name}" is not valid.`);
  }
  return Math.max(Number(value), 1);
}

function filterFor(params: Readonly<Record<string, string>>): (alert: SuspEventRecord) => boolean {
  const levels = params.Levels?.split(',')
    .map((level) => level.trim())
    .filter((level) => level !== '');
  const { Dealed: dealed, Status: status } = params;
  return (alert) =>
    (levels === undefined || levels.length === 0 || levels.includes(alert.Level)) &&
    (dealed !== 'N' || alert.EventStatus === PENDING) &&
    (dealed !== 'Y' || alert.EventStatus !== PENDING) &&
    (status === undefined || status === '' || status === '0' || alert.EventStatus === Number(status));
}
