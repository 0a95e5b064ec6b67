/**
 * The model's `DescribeSuspEvents` serves pages from an index of the alerts' status and level (and
 * keeps sorted or time-filtered listings until the alerts change): its answers must be exactly those of
 * a scan of every alert, whatever the filters, paging and changes in between.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  describeSuspEvents,
  type EmulatorPaging,
  type EmulatorRequest,
  type SuspEventRecord,
} from '../../src/emulator/index.js';
import { AlertStore } from '../../src/emulator/state/alert-store.js';
import { suspEventsHandler } from '../../src/emulator/state/describe-susp-events.js';
import { formatServiceTime } from '../../src/emulator/state/service-time.js';

const T0 = Date.UTC(2026, 0, 14, 16);
const LEVELS = ['serious', 'suspicious', 'remind'] as const;
const STATUSES = [1, 1, 1, 2, 8, 16, 32] as const;

const record = (
  id: number,
  [status, level, last, operated]: [number, number, number, number],
): SuspEventRecord => ({
  Id: id,
  Level: LEVELS[level] ?? 'remind',
  EventStatus: STATUSES[status] ?? 1,
  LastTimeStamp: T0 + last * 1000,
  LastTime: formatServiceTime(T0 + last * 1000),
  ...(operated > 0 && { OperateTime: T0 + operated * 1000 }),
});
const fields = fc.tuple(fc.nat(6), fc.nat(2), fc.nat(600), fc.integer({ min: -100, max: 600 }));

const time = (seconds: number | null) =>
  seconds === null ? undefined : formatServiceTime(T0 + seconds * 1000);
/** Paging and the filters on status and level, which the index serves. */
const indexedRequest = fc.record(
  {
    CurrentPage: fc.oneof(fc.integer({ min: 1, max: 40 }).map(String), fc.constant('')),
    PageSize: fc.constantFrom('1', '7', '20', '100', '250'),
    Levels: fc.oneof(
      fc.subarray([...LEVELS]).map((levels) => levels.join(',')),
      fc.constantFrom('serious, ,remind', ' ', 'other'),
    ),
    Dealed: fc.constantFrom('N', '', 'x'),
    Status: fc.constantFrom('0', '', '1', '2', '16', '32', 'abc'),
  },
  { requiredKeys: ['PageSize'] },
);
/** Any request: with `Id`, time windows and the order of `Dealed=Y` too. */
const request = fc.oneof(
  indexedRequest,
  fc
    .record(
      {
        Dealed: fc.constantFrom('N', 'Y', ''),
        Id: fc.oneof(fc.integer({ min: 0, max: 2700 }).map(String), fc.constantFrom('', '12x')),
        TimeStart: fc.option(fc.nat(600)).map(time),
        TimeEnd: fc.option(fc.nat(600)).map(time),
        OperateTimeStart: fc.option(fc.nat(600)).map(time),
        OperateTimeEnd: fc.option(fc.nat(600)).map(time),
        SortColumn: fc.constantFrom('lastTime', 'operateTime', ''),
        SortType: fc.constantFrom('asc', 'desc', ''),
      },
      { requiredKeys: [] },
    )
    .chain((more) => indexedRequest.map((base) => ({ ...base, ...more }))),
);
const paging: fc.Arbitrary<EmulatorPaging> = fc.record(
  {
    totalCount: fc.oneof(fc.constant('omit' as const), fc.nat(500)),
    beyondEnd: fc.constantFrom('empty' as const, 'repeatLast' as const, 'cycle' as const),
    maxPageSize: fc.integer({ min: 1, max: 120 }),
  },
  { requiredKeys: [] },
);
/** What happens between two requests: a change of one alert, or the clock moving on. */
const step = fc.oneof(
  fc.record({ change: fc.nat(2700), fields }),
  fc.record({ clock: fc.integer({ min: -50, max: 700 }) }),
);

describe('DescribeSuspEvents over the model', () => {
  it('answers exactly what a scan of every alert answers, across changes, arrivals and block boundaries', () => {
    fc.assert(
      fc.property(
        fc.array(fields, { maxLength: 2600, size: 'max' }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 600 }), fields), { maxLength: 40, size: 'max' }),
        paging,
        fc.array(fc.tuple(step, request), { minLength: 1, maxLength: 25, size: 'max' }),
        (given, arriving, pagingOptions, steps) => {
          let clock = T0;
          const alerts = given.map((values, index) => record(index + 1, values));
          const arrivals = arriving.map(([seconds, values], index) => ({
            at: T0 + seconds * 1000,
            alert: record(5000 + index, values),
          }));
          const store = new AlertStore(alerts, [], [], { arrivals, now: () => clock });
          const current = new Map(
            [...alerts, ...arrivals.map((arrival) => arrival.alert)].map((a) => [a.Id, a]),
          );
          const byArrival = [...arrivals].sort((a, b) => b.at - a.at);
          const scanned = describeSuspEvents(
            () =>
              [
                ...byArrival
                  .filter((arrival) => arrival.at <= clock)
                  .map((arrival) => current.get(arrival.alert.Id)),
                ...alerts.map((alert) => current.get(alert.Id)),
              ] as SuspEventRecord[],
            pagingOptions,
          );
          const indexed = suspEventsHandler((selection) => store.select(selection), pagingOptions);
          const ids = [...current.keys()];
          for (const [happening, params] of steps) {
            if ('clock' in happening) clock = T0 + happening.clock * 1000;
            else if (ids.length > 0) {
              const id = ids[happening.change % ids.length] as number;
              const changes = record(id, happening.fields);
              store.update(id, changes);
              current.set(id, { ...current.get(id), ...changes });
            }
            const request: EmulatorRequest = {
              product: 'Sas',
              version: '2018-12-03',
              action: 'DescribeSuspEvents',
              params: Object.fromEntries(Object.entries(params).filter(([, value]) => value !== undefined)),
              accessKeyId: 'LTAIx',
              signatureVersion: 'v3',
            };
            expect(JSON.stringify(indexed(request))).toBe(JSON.stringify(scanned(request)));
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});
