import { describe, expect, it } from 'vitest';
import { SasClient } from '../../src/clients/sas-client.js';
import {
  type EmulatorOptions,
  formatServiceTime,
  type SuspEventRecord,
  sampleAlerts,
  sampleArrivals,
  sampleHistory,
} from '../../src/emulator/index.js';
import type { DescribeSuspEventsRequest } from '../../src/generated/describe-susp-events.js';
import { failure } from '../support/caught.js';
import { useEmulators } from '../support/emulators.js';
import { call, clientFor, failure as serviceFailure } from '../support/openapi-client.js';

const start = useEmulators();

const HOUR = 3_600_000;
/** 2026-01-01 00:00:00 and 2026-01-15 00:00:00 at UTC+08:00, the service's time. */
const FROM = Date.UTC(2025, 11, 31, 16);
const TO = Date.UTC(2026, 0, 14, 16);
/** The emulator's clock, set by each test; requests are signed at real time, so any distance is accepted. */
let clock = TO + HOUR;

async function emulatorWith(options: EmulatorOptions) {
  const emulator = await start({
    now: () => clock,
    timestampToleranceMs: Number.POSITIVE_INFINITY,
    ...options,
  });
  const sas = new SasClient({
    endpoint: emulator.endpoint,
    protocol: 'http',
    credential: emulator.credentials,
  });
  return { emulator, sas };
}

/** Every event the listing serves for `request`, page after page of `pageSize`. */
async function walk(sas: SasClient, request: DescribeSuspEventsRequest, pageSize = 100) {
  const events: Record<string, unknown>[] = [];
  const totals: number[] = [];
  for (let page = 1; ; page++) {
    const answer = await sas.describeSuspEvents({
      ...request,
      CurrentPage: String(page),
      PageSize: String(pageSize),
    });
    const items = (answer.SuspEvents ?? []) as Record<string, unknown>[];
    totals.push(Number(answer.TotalCount));
    events.push(...items);
    if (items.length < pageSize) return { ids: events.map((event) => Number(event.Id)), events, totals };
  }
}

const second = (epochMs: number) => Math.floor(epochMs / 1000) * 1000;

describe('handled history', () => {
  const history = sampleHistory(120, 'sim', { from: FROM, to: TO });
  const queue = sampleAlerts(10, 'queue');

  it('serves the handled alerts to Dealed=Y, with their operation, time and status, and the queue to Dealed=N', async () => {
    const { emulator, sas } = await emulatorWith({ alerts: queue, state: { history } });

    const dealt = await walk(sas, { Dealed: 'Y' });
    const pending = await walk(sas, { Dealed: 'N' });

    expect(new Set(dealt.ids)).toEqual(new Set(history.map((entry) => entry.alert.Id)));
    expect(pending.ids).toEqual(queue.map((alert) => alert.Id));
    for (const entry of history) {
      const event = dealt.events.find((candidate) => candidate.Id === entry.alert.Id);
      expect(event).toMatchObject({
        EventStatus: entry.eventStatus,
        OperateTime: entry.operateTime,
        OperateErrorCode: `${entry.operationCode}.Success`,
      });
    }
    expect(emulator.state.history()).toEqual(
      history.map((entry) => ({
        alertId: entry.alert.Id,
        operationCode: entry.operationCode,
        operator: entry.operator,
        operateTime: entry.operateTime,
        eventStatus: entry.eventStatus,
        ...(entry.remark !== undefined && { remark: entry.remark }),
      })),
    );
  });

  it('sorts Dealed=Y by handling time, newest first, or as SortColumn and SortType say', async () => {
    const { sas } = await emulatorWith({ alerts: queue, state: { history } });

    const byDefault = await walk(sas, { Dealed: 'Y' }, 15);
    const byLastTime = await walk(sas, { Dealed: 'Y', SortColumn: 'lastTime', SortType: 'asc' }, 15);
    const unsorted = await walk(sas, { SortColumn: 'lastTime', SortType: 'asc' });

    const operateTimes = byDefault.events.map((event) => Number(event.OperateTime));
    expect(operateTimes).toEqual([...operateTimes].sort((a, b) => b - a));
    const lastTimes = byLastTime.events.map((event) => Number(event.LastTimeStamp));
    expect(lastTimes).toEqual([...lastTimes].sort((a, b) => a - b));
    expect(byLastTime.ids).toHaveLength(120);
    expect(unsorted.ids).toEqual([...queue, ...history.map((entry) => entry.alert)].map((alert) => alert.Id));
  });

  it('filters on the handling time with OperateTimeStart and OperateTimeEnd, bounds included, pages consistent', async () => {
    const { sas } = await emulatorWith({ alerts: queue, state: { history } });
    const times = history.map((entry) => entry.operateTime).sort((a, b) => a - b);
    const [start, end] = [times[20] ?? 0, times[80] ?? 0];
    const expected = history
      .filter(
        (entry) => second(entry.operateTime) >= second(start) && second(entry.operateTime) <= second(end),
      )
      .sort((a, b) => b.operateTime - a.operateTime)
      .map((entry) => entry.alert.Id);

    const window = { OperateTimeStart: formatServiceTime(start), OperateTimeEnd: formatServiceTime(end) };
    const pages = await walk(sas, { Dealed: 'Y', ...window }, 7);

    expect(expected.length).toBeGreaterThanOrEqual(61);
    expect(pages.ids).toEqual(expected);
    expect(new Set(pages.totals)).toEqual(new Set([expected.length]));
    expect((await walk(sas, { Dealed: 'N', ...window })).ids).toEqual([]);
  });

  it('filters on the last detection with TimeStart and TimeEnd, read as UTC+08:00, bounds included', async () => {
    const at = Date.UTC(2026, 0, 10, 0, 0, 0, 400); // 2026-01-10 08:00:00.400 at UTC+08:00
    const alerts: SuspEventRecord[] = [
      { Id: 1, Level: 'remind', EventStatus: 1, LastTime: '2026-01-10 08:00:00', LastTimeStamp: at },
      { Id: 2, Level: 'remind', EventStatus: 1, LastTime: '2026-01-10 08:00:01', LastTimeStamp: at + 1000 },
      { Id: 3, Level: 'remind', EventStatus: 1, LastTime: '2026-01-10 07:59:59' },
    ];
    const { sas } = await emulatorWith({ alerts });
    const ids = async (request: DescribeSuspEventsRequest) => (await walk(sas, request)).ids;

    expect(await ids({ TimeStart: '2026-01-10 08:00:00', TimeEnd: '2026-01-10 08:00:00' })).toEqual([1]);
    expect(await ids({ TimeStart: '2026-01-10 08:00:00' })).toEqual([1, 2]);
    expect(await ids({ TimeEnd: '2026-01-10 08:00:00' })).toEqual([1, 3]);
    expect(await ids({ TimeStart: '2026-01-10 00:00:00', TimeEnd: '2026-01-10 07:59:59' })).toEqual([3]);
    expect(await ids({ TimeStart: '', TimeEnd: '' })).toEqual([1, 2, 3]);
  });

  it('answers 400 InvalidParameter, naming it, to a time that is not yyyy-MM-dd HH:mm:ss', async () => {
    const { sas } = await emulatorWith({ alerts: queue });

    const errors = await Promise.all(
      [
        { TimeStart: '2026/01/10 08:00:00' },
        { TimeEnd: '2026-01-10T08:00:00' },
        { OperateTimeStart: '2026-02-30 00:00:00' },
        { OperateTimeEnd: '1768003200000' },
      ].map((request) => failure(sas.describeSuspEvents(request))),
    );

    expect(errors.map((error) => [(error as { code: string }).code, (error as Error).message])).toEqual([
      ['InvalidParameter', expect.stringContaining('"TimeStart"')],
      ['InvalidParameter', expect.stringContaining('"TimeEnd"')],
      ['InvalidParameter', expect.stringContaining('"OperateTimeStart"')],
      ['InvalidParameter', expect.stringContaining('"OperateTimeEnd"')],
    ]);
  });

  it('answers 400 InvalidParameter to an unknown SortColumn or SortType, which the SDK would not send', async () => {
    const { emulator } = await emulatorWith({ alerts: queue });
    const client = clientFor(emulator.endpoint, emulator.credentials);

    const column = await serviceFailure(
      call(client, 'DescribeSuspEvents', { Dealed: 'Y', SortColumn: 'name' }),
    );
    const type = await serviceFailure(call(client, 'DescribeSuspEvents', { Dealed: 'Y', SortType: 'up' }));

    expect([column.code, column.statusCode, type.code]).toEqual([
      'InvalidParameter',
      400,
      'InvalidParameter',
    ]);
    expect([column.message, type.message]).toEqual([
      expect.stringContaining('"SortColumn"'),
      expect.stringContaining('"SortType"'),
    ]);
  });
});

describe('remarks', () => {
  it('keeps the Remark of HandleSecurityEvents with each handling, whatever its length, and serves no such field', async () => {
    clock = TO + HOUR;
    const queue = sampleAlerts(3, 'remarks');
    const { emulator, sas } = await emulatorWith({ alerts: queue, state: { taskPolls: 0 } });
    const ids = queue.slice(0, 2).map((alert) => String(alert.Id));
    const remark = `rule:block-brute-force ${'x'.repeat(2000)}`;

    const { HandleSecurityEventsResponse: task } = await sas.handleSecurityEvents({
      SecurityEventIds: ids,
      OperationCode: 'ignore',
      OperationParams: '{}',
      Remark: remark,
    });
    await sas.describeSecurityEventOperationStatus({ TaskId: String(task?.TaskId) });
    const handled = await walk(sas, { Dealed: 'Y' });

    expect(emulator.state.handleLog().map((entry) => entry.remark)).toEqual([remark]);
    expect(emulator.state.history()).toEqual(
      ids.map((id) => ({
        alertId: Number(id),
        operationCode: 'ignore',
        operator: emulator.credentials.accessKeyId,
        operateTime: clock,
        eventStatus: 2,
        remark,
        taskId: task?.TaskId,
      })),
    );
    expect(handled.ids.map(String)).toEqual(ids);
    expect(handled.events.every((event) => !('Remark' in event))).toBe(true);
  });

  it('records no remark when none was sent, and no history for a handling that failed', async () => {
    clock = TO + HOUR;
    const queue = sampleAlerts(2, 'remarks');
    const { emulator, sas } = await emulatorWith({
      state: { alerts: queue, taskPolls: 0, hosts: [{ uuid: String(queue[0]?.Uuid), online: false }] },
    });

    const { HandleSecurityEventsResponse: task } = await sas.handleSecurityEvents({
      SecurityEventIds: [String(queue[0]?.Id)],
      OperationCode: 'manual_handled',
      OperationParams: '{}',
    });
    await sas.describeSecurityEventOperationStatus({ TaskId: String(task?.TaskId) });

    expect(emulator.state.handleLog()[0]).not.toHaveProperty('remark');
    expect(emulator.state.history()).toEqual([
      expect.objectContaining({ alertId: queue[0]?.Id, operationCode: 'manual_handled', eventStatus: 32 }),
    ]);
    expect(emulator.state.history()[0]).not.toHaveProperty('remark');
  });
});

describe('alerts that arrive over time', () => {
  it('lists an alert once the clock reaches its arrival, newest first, and not before', async () => {
    clock = TO;
    const queue = sampleAlerts(5, 'arrivals');
    const arrivals = sampleArrivals(3, 'arrivals', { from: TO + 60_000, to: TO + 600_000 });
    const { emulator, sas } = await emulatorWith({ alerts: queue, state: { arrivals } });
    const [first, second, third] = [...arrivals].sort((a, b) => a.at - b.at);

    const before = await walk(sas, { Dealed: 'N' });
    const notYet = await failure(
      sas.describeSecurityEventOperations({ SecurityEventId: String(first?.alert.Id) }),
    );
    clock = first?.at ?? 0;
    const once = await walk(sas, { Dealed: 'N' });
    clock = third?.at ?? 0;
    const all = await walk(sas, { Dealed: 'N' });

    expect(before.ids).toEqual(queue.map((alert) => alert.Id));
    expect((notYet as { code: string }).code).toBe('SecurityEventNotExists');
    expect(once.ids).toEqual([first?.alert.Id, ...before.ids]);
    expect(all.ids).toEqual([third?.alert.Id, second?.alert.Id, first?.alert.Id, ...before.ids]);
    expect(new Set(all.ids).size).toBe(8);
    expect(emulator.state.alerts()).toHaveLength(8);
    expect(all.events[0]).toMatchObject({
      LastTimeStamp: third?.at,
      LastTime: formatServiceTime(third?.at ?? 0),
    });
  });
});
