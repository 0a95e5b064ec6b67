import { describe, expect, it } from 'vitest';
import { SasClient } from '../../src/clients/sas-client.js';
import {
  type EmulatorActivity,
  type EmulatorOptions,
  formatServiceTime,
  type SuspEventRecord,
  sampleActivity,
  sampleAlerts,
  sampleArrivals,
} from '../../src/emulator/index.js';
import type { DescribeSuspEventsRequest } from '../../src/generated/describe-susp-events.js';
import { caught } from '../support/caught.js';
import { useEmulators } from '../support/emulators.js';
import { handle, status } from '../support/state-emulator.js';

const start = useEmulators();

const MINUTE = 60_000;
/** 2026-01-15 00:00:00 at UTC+08:00. */
const T0 = Date.UTC(2026, 0, 14, 16);
/** The emulator's clock, set by each test; requests are signed at real time, so any distance is accepted. */
let clock = T0;

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
  /** Every event DescribeSuspEvents serves for `request`. */
  const list = async (request: DescribeSuspEventsRequest = {}) => {
    const events: SuspEventRecord[] = [];
    for (let page = 1; ; page++) {
      const answer = await sas.describeSuspEvents({ ...request, CurrentPage: String(page), PageSize: '100' });
      const items = (answer.SuspEvents ?? []) as SuspEventRecord[];
      events.push(...items);
      if (items.length < 100) return events;
    }
  };
  const ids = async (request: DescribeSuspEventsRequest = {}) =>
    (await list(request)).map((alert) => alert.Id);
  return { emulator, sas, list, ids };
}

/** A `TimeStart`/`TimeEnd` window on the last detection, to the second. */
const lastDetected = (from: number, to: number) => ({
  TimeStart: formatServiceTime(from),
  TimeEnd: formatServiceTime(to),
});

describe('alerts that fire again', () => {
  it('moves the last detection of a handled alert and raises it again as pending, served within a time window after it', async () => {
    clock = T0;
    const alerts = sampleAlerts(5, 'refire');
    const [target, other] = alerts as [SuspEventRecord, SuspEventRecord];
    const { emulator, sas, list, ids } = await emulatorWith({ state: { alerts, taskPolls: 0 } });
    await status(sas, await handle(sas, [target], 'ignore'));
    const handledBefore = await ids({ Dealed: 'Y' });
    const windowOfRefire = lastDetected(T0 + 5 * MINUTE, T0 + 10 * MINUTE);
    const inWindowBefore = await ids(windowOfRefire);

    clock = T0 + 10 * MINUTE;
    const refired = emulator.state.refire(target.Id, T0 + 7 * MINUTE);

    const served = (await list({ Dealed: 'N' })).find((alert) => alert.Id === target.Id);
    expect(handledBefore).toEqual([target.Id]);
    expect(inWindowBefore).toEqual([]);
    expect(served).toMatchObject({
      EventStatus: 1,
      LastTimeStamp: T0 + 7 * MINUTE,
      LastTime: formatServiceTime(T0 + 7 * MINUTE),
      OccurrenceTimeStamp: target.OccurrenceTimeStamp,
      OperateErrorCode: 'ignore.Success',
    });
    expect(refired).toEqual(served);
    expect(await ids({ Dealed: 'Y' })).toEqual([]);
    expect(await ids(windowOfRefire)).toEqual([target.Id]);
    expect(await ids(lastDetected(T0 + 8 * MINUTE, T0 + 10 * MINUTE))).toEqual([]);
    expect(emulator.state.alert(other.Id)).toEqual(other);
  });

  it('keeps a pending alert pending and one being handled so, and leaves an alert marked as a false positive alone', async () => {
    clock = T0;
    const [pending, handling, whitelisted] = sampleAlerts(3, 'refire-kinds') as [
      SuspEventRecord,
      SuspEventRecord,
      SuspEventRecord,
    ];
    const { emulator, sas } = await emulatorWith({
      state: { alerts: [pending, handling, { ...whitelisted, EventStatus: 8 }], taskPolls: 5 },
    });
    await handle(sas, [handling], 'ignore');

    const at = T0 + MINUTE;
    const after = [pending, handling, whitelisted].map((alert) =>
      emulator.state.refire(String(alert.Id), at),
    );

    expect(after.map((alert) => [alert.EventStatus, alert.LastTimeStamp])).toEqual([
      [1, at],
      [16, at],
      [8, whitelisted.LastTimeStamp],
    ]);
    expect(emulator.state.refire(pending.Id).LastTimeStamp).toBe(clock);
  });

  it('refuses an alert that does not exist, or has not arrived yet', async () => {
    clock = T0;
    const arrivals = sampleArrivals(1, 'later', { from: T0 + MINUTE, to: T0 + MINUTE });
    const { emulator } = await emulatorWith({ state: { alerts: sampleAlerts(1), arrivals } });

    expect(caught(() => emulator.state.refire(42))).toEqual(
      new RangeError('refire: no alert 42, or it has not arrived yet.'),
    );
    expect(caught(() => emulator.state.refire(arrivals[0]?.alert.Id ?? 0))).toBeInstanceOf(RangeError);
  });
});

describe('statuses set in the console', () => {
  it('handles an alert as a person would: served as handled at that time, entered in the history with its operator', async () => {
    clock = T0 + 30 * MINUTE;
    const alerts = sampleAlerts(4, 'console');
    const [ignored, handled] = alerts as [SuspEventRecord, SuspEventRecord];
    const { emulator, list, ids } = await emulatorWith({ alerts });

    emulator.state.setStatus(ignored.Id, 2, { operator: 'bob', at: T0 + 10 * MINUTE });
    emulator.state.setStatus(String(handled.Id), 32);

    const dealt = await list({ Dealed: 'Y' });
    expect(
      dealt.map((alert) => [alert.Id, alert.EventStatus, alert.OperateTime, alert.OperateErrorCode]),
    ).toEqual([
      [handled.Id, 32, clock, 'manual_handled.Success'],
      [ignored.Id, 2, T0 + 10 * MINUTE, 'ignore.Success'],
    ]);
    expect(dealt.every((alert) => alert.OperateMsg === 'success')).toBe(true);
    const window = {
      OperateTimeStart: formatServiceTime(T0),
      OperateTimeEnd: formatServiceTime(T0 + 15 * MINUTE),
    };
    expect(await ids({ Dealed: 'Y', ...window })).toEqual([ignored.Id]);
    expect(await ids({ Dealed: 'N' })).toEqual(alerts.slice(2).map((alert) => alert.Id));
    expect(emulator.state.history()).toEqual([
      {
        alertId: ignored.Id,
        operationCode: 'ignore',
        operator: 'bob',
        operateTime: T0 + 10 * MINUTE,
        eventStatus: 2,
      },
      {
        alertId: handled.Id,
        operationCode: 'manual_handled',
        operator: 'console',
        operateTime: clock,
        eventStatus: 32,
      },
    ]);
  });

  it('puts an alert back to pending without entering a handling, and refuses a status a person cannot set', async () => {
    clock = T0;
    const [alert] = sampleAlerts(1, 'reopen') as [SuspEventRecord];
    const { emulator, ids } = await emulatorWith({ alerts: [{ ...alert, EventStatus: 32 }] });

    const reopened = emulator.state.setStatus(alert.Id, 1, { at: T0 + MINUTE });

    expect(reopened).toMatchObject({ EventStatus: 1, OperateTime: T0 + MINUTE });
    expect(await ids({ Dealed: 'N' })).toEqual([alert.Id]);
    expect(emulator.state.history()).toEqual([]);
    expect(caught(() => emulator.state.setStatus(alert.Id, 16))).toEqual(
      new RangeError(
        'setStatus: status 16 is not one a person sets; give 1 (pending) or a handled status (2, 4, 8, 32, 64, 128, 512, 513).',
      ),
    );
  });
});

describe('activity over time', () => {
  it('applies refires and status changes as the clock reaches them, in order, alongside arrivals', async () => {
    clock = T0;
    const alerts = sampleAlerts(3, 'timeline');
    const [first, second] = alerts as [SuspEventRecord, SuspEventRecord];
    const arrivals = sampleArrivals(1, 'timeline', { from: T0 + MINUTE, to: T0 + MINUTE });
    const arrived = arrivals[0]?.alert.Id ?? 0;
    const activity: EmulatorActivity[] = [
      { kind: 'status', at: T0 + 3 * MINUTE, alertId: arrived, status: 2, operator: 'carol' },
      { kind: 'refire', at: T0 + 2 * MINUTE, alertId: first.Id },
      { kind: 'refire', at: T0 + 4 * MINUTE, alertId: arrived },
      { kind: 'status', at: T0 + 2 * MINUTE, alertId: second.Id, status: 32 },
    ];
    const { emulator, list, ids } = await emulatorWith({ state: { alerts, arrivals, activity } });
    const lastTimes = async () => new Map((await list()).map((alert) => [alert.Id, alert.LastTimeStamp]));

    const atStart = await lastTimes();
    clock = T0 + 2 * MINUTE;
    const afterTwo = await lastTimes();
    const pendingAfterTwo = await ids({ Dealed: 'N' });
    clock = T0 + 3 * MINUTE + 30_000;
    const handledAfterThree = await ids({ Dealed: 'Y' });
    clock = T0 + 4 * MINUTE;
    const pendingAfterFour = await ids({ Dealed: 'N' });

    expect(atStart.get(first.Id)).toBe(first.LastTimeStamp);
    expect(afterTwo.get(first.Id)).toBe(T0 + 2 * MINUTE);
    expect(afterTwo.get(arrived)).toBe(T0 + MINUTE);
    expect(pendingAfterTwo).toEqual([arrived, first.Id, alerts[2]?.Id]);
    expect(handledAfterThree).toEqual([arrived, second.Id]);
    expect(pendingAfterFour).toEqual([arrived, first.Id, alerts[2]?.Id]);
    expect(emulator.state.alert(arrived)).toMatchObject({ EventStatus: 1, LastTimeStamp: T0 + 4 * MINUTE });
    expect(
      emulator.state.history().map((entry) => [entry.alertId, entry.operator, entry.operateTime]),
    ).toEqual([
      [second.Id, 'console', T0 + 2 * MINUTE],
      [arrived, 'carol', T0 + 3 * MINUTE],
    ]);
  });

  it('serves a sampled demo: every change shows in the listing once its time has come', async () => {
    clock = T0;
    const period = { from: T0, to: T0 + 60 * MINUTE };
    const alerts = sampleAlerts(20, 'demo');
    const arrivals = sampleArrivals(10, 'demo', period);
    const activity = sampleActivity(30, 'demo', { ...period, alerts, arrivals });
    const { emulator, list } = await emulatorWith({ state: { alerts, arrivals, activity } });

    for (const change of activity) {
      clock = change.at;
      const served = (await list()).find((alert) => alert.Id === change.alertId);
      if (change.kind === 'refire' && served?.EventStatus !== 8) {
        expect(served).toMatchObject({ LastTimeStamp: change.at });
      } else if (change.kind === 'status') {
        expect(served).toMatchObject({ EventStatus: change.status, OperateTime: change.at });
      }
    }
    expect(new Set(activity.map((change) => change.kind))).toEqual(new Set(['refire', 'status']));
    expect(emulator.state.alerts()).toHaveLength(30);
  });

  it('refuses at start a change naming an alert that does not exist by its time, or a status a person cannot set', async () => {
    const arrivals = sampleArrivals(1, 'early', { from: T0 + MINUTE, to: T0 + MINUTE });
    const alertId = arrivals[0]?.alert.Id ?? 0;
    const early = start({ state: { arrivals, activity: [{ kind: 'refire', at: T0, alertId }] } });
    const badStatus = start({
      state: { arrivals, activity: [{ kind: 'status', at: T0 + MINUTE, alertId, status: 16 }] },
    });

    await expect(early).rejects.toThrow(
      new RangeError(`activity[0]: no alert ${alertId} exists by its time ${T0}.`),
    );
    await expect(badStatus).rejects.toThrow(/^activity\[0\]: status 16 is not one a person sets/);
  });
});
