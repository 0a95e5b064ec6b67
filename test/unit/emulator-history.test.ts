import { describe, expect, it } from 'vitest';
import {
  DEFAULT_OPERATIONS_BY_ALERT_TYPE,
  formatServiceTime,
  parseScenario,
  ScenarioError,
  type SuspEventRecord,
  sampleAlerts,
  sampleArrivals,
  sampleHistory,
  scenarioToOptions,
  startEmulator,
} from '../../src/emulator/index.js';
import { caught } from '../support/caught.js';

const FROM = Date.UTC(2025, 11, 31, 16);
const TO = Date.UTC(2026, 0, 14, 16);

const detail = (alert: SuspEventRecord, name: string) =>
  (alert.Details as { NameDisplay: string; Value: string }[] | undefined)?.find(
    (item) => item.NameDisplay === name,
  )?.Value;

describe('service time', () => {
  it('writes times as yyyy-MM-dd HH:mm:ss at UTC+08:00, the console time, in samples too', () => {
    expect(formatServiceTime(Date.UTC(2026, 0, 10, 0, 0, 0, 999))).toBe('2026-01-10 08:00:00');
    expect(formatServiceTime(Date.UTC(2026, 0, 9, 20))).toBe('2026-01-10 04:00:00');
    for (const alert of sampleAlerts(20, 'zone')) {
      expect(alert.LastTime).toBe(formatServiceTime(alert.LastTimeStamp as number));
      expect(alert.OccurrenceTime).toBe(formatServiceTime(alert.OccurrenceTimeStamp as number));
    }
  });
});

describe('sampleHistory', () => {
  const history = sampleHistory(400, 'patterns', { from: FROM, to: TO });

  it('is the same for the same seed, and another for another seed', () => {
    expect(sampleHistory(400, 'patterns', { from: FROM, to: TO })).toEqual(history);
    expect(sampleHistory(400, 'other', { from: FROM, to: TO })).not.toEqual(history);
    expect(sampleHistory(3, 'x', { from: new Date(FROM), to: new Date(TO) })).toEqual(
      sampleHistory(3, 'x', { from: FROM, to: TO }),
    );
  });

  it('spreads detections and handlings over the period, each handled after it was last detected', () => {
    for (const { alert, operateTime } of history) {
      const last = alert.LastTimeStamp as number;
      expect(last).toBeGreaterThanOrEqual(FROM);
      expect(last).toBeLessThanOrEqual(operateTime);
      expect(operateTime).toBeLessThanOrEqual(TO);
      expect(alert.LastTime).toBe(formatServiceTime(last));
    }
    const days = new Set(history.map((entry) => Math.floor((entry.operateTime - FROM) / 86_400_000)));
    expect(days.size).toBeGreaterThanOrEqual(12);
  });

  it('handles each alert type the way people do, with an operation the type offers, its status following', () => {
    const codesOf = (name: string, ip?: (value: string) => boolean) =>
      new Set(
        history
          .filter((entry) => entry.alert.AlarmEventName === name)
          .filter((entry) => ip === undefined || ip(detail(entry.alert, 'Login source IP') ?? ''))
          .map((entry) => entry.operationCode),
      );
    const corporate = (value: string) => value.startsWith('192.0.2.');

    expect(codesOf('login_brute_force_success')).toEqual(new Set(['block_ip']));
    expect(codesOf('malicious_process_miner')).toEqual(new Set(['kill_and_quara', 'virus_quara']));
    expect(codesOf('webshell_php')).toEqual(new Set(['quara']));
    expect(codesOf('login_common_location', corporate)).toEqual(new Set(['advance_mark_mis_info', 'ignore']));
    expect(codesOf('login_common_location', (value) => !corporate(value))).toEqual(new Set(['block_ip']));
    for (const entry of history) {
      expect(DEFAULT_OPERATIONS_BY_ALERT_TYPE[entry.alert.AlarmEventType ?? '']).toContain(
        entry.operationCode,
      );
      const expected =
        entry.operationCode === 'ignore' ? 2 : entry.operationCode === 'advance_mark_mis_info' ? 8 : 32;
      expect(entry.eventStatus).toBe(expected);
      expect(entry.alert).toMatchObject({
        EventStatus: expected,
        OperateTime: entry.operateTime,
        OperateErrorCode: `${entry.operationCode}.Success`,
        OperateMsg: 'success',
      });
    }
    const operators = new Set(history.map((entry) => entry.operator));
    expect(operators.size).toBeGreaterThanOrEqual(3);
    const remarks = history.filter((entry) => entry.remark !== undefined).length;
    expect(remarks).toBeGreaterThan(0);
    expect(remarks).toBeLessThan(history.length);
  });

  it('gives IDs of its own, apart from those of sampleAlerts and sampleArrivals', () => {
    const ids = history.map((entry) => entry.alert.Id);
    const others = [
      ...sampleAlerts(10_000, 'x', { fields: 'core' }),
      ...sampleArrivals(1000, 'x', { from: TO, to: TO + 86_400_000 }).map((arrival) => arrival.alert),
    ].map((alert) => alert.Id);
    expect(new Set([...ids, ...others]).size).toBe(ids.length + others.length);
  });

  it('refuses a period that ends before it starts', () => {
    expect(() => sampleHistory(1, 'x', { from: TO, to: FROM })).toThrow(RangeError);
    expect(() => sampleArrivals(1, 'x', { from: TO, to: FROM })).toThrow(RangeError);
  });
});

describe('sampleArrivals', () => {
  it('gives pending alerts with new IDs, detected when they arrive, spread over the period', () => {
    const arrivals = sampleArrivals(50, 'new', { from: TO, to: TO + 3_600_000 });

    expect(sampleArrivals(50, 'new', { from: TO, to: TO + 3_600_000 })).toEqual(arrivals);
    for (const { at, alert } of arrivals) {
      expect(at).toBeGreaterThanOrEqual(TO);
      expect(at).toBeLessThanOrEqual(TO + 3_600_000);
      expect(alert).toMatchObject({ EventStatus: 1, LastTimeStamp: at, LastTime: formatServiceTime(at) });
    }
  });
});

describe('history and arrivals as options', () => {
  it('refuses an alert ID given twice, and a handled status that is pending or in progress', async () => {
    const [entry] = sampleHistory(1, 'dup', { from: FROM, to: TO });
    if (entry === undefined) throw new Error('no entry');
    const twice = { ...entry.alert, Id: 42 };

    await expect(
      startEmulator({
        alerts: [{ Id: 42, Level: 'remind', EventStatus: 1 }],
        state: { history: [{ ...entry, alert: twice }] },
      }),
    ).rejects.toThrow(/42/);
    await expect(
      startEmulator({
        state: { arrivals: [{ at: TO, alert: twice }], history: [{ ...entry, alert: twice }] },
      }),
    ).rejects.toThrow(/42/);
    await expect(startEmulator({ state: { history: [{ ...entry, eventStatus: 1 }] } })).rejects.toThrow(
      RangeError,
    );
    await expect(startEmulator({ state: { history: [{ ...entry, eventStatus: 16 }] } })).rejects.toThrow(
      RangeError,
    );
  });

  it('reads a scenario’s history, sampled or written out', () => {
    const sampled = parseScenario(
      JSON.stringify({
        seed: 's',
        alerts: { sample: 3 },
        history: { sample: 30, from: '2026-01-01T00:00:00+08:00', to: '2026-01-15T00:00:00+08:00' },
      }),
      'history.json',
    );
    const written = parseScenario(
      JSON.stringify({
        alerts: [],
        history: [
          {
            alert: { Id: 5, Level: 'serious', EventStatus: 32, AlarmEventType: 'Unusual Logon' },
            operationCode: 'block_ip',
            operator: 'alice',
            operateTime: FROM,
            remark: 'blocked',
          },
        ],
      }),
      'history.json',
    );

    expect(scenarioToOptions(sampled).state.history).toEqual(sampleHistory(30, 's', { from: FROM, to: TO }));
    expect(scenarioToOptions(written).state.history).toEqual([
      {
        alert: { Id: 5, Level: 'serious', EventStatus: 32, AlarmEventType: 'Unusual Logon' },
        operationCode: 'block_ip',
        operator: 'alice',
        operateTime: FROM,
        remark: 'blocked',
      },
    ]);
  });

  it('names what is wrong in a scenario’s history', () => {
    const error = caught(() =>
      parseScenario(
        JSON.stringify({
          alerts: [{ Id: 5, Level: 'serious', EventStatus: 1 }],
          history: [
            {
              alert: { Id: 5, Level: 'serious', EventStatus: 32 },
              operationCode: 'block',
              operator: 'a',
              operateTime: 1,
            },
            { sample: 3 },
          ],
        }),
        'history.json',
      ),
    );
    expect(error).toBeInstanceOf(ScenarioError);
    expect((error as Error).message).toMatch(/history/);
  });
});
