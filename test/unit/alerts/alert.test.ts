import { describe, expect, it } from 'vitest';
import { ALERT_STATUS_CODES, alertStatusFromCode, toAlert } from '../../../src/alerts/alert.js';
import { InvalidResponseError } from '../../../src/errors.js';
import type { SuspEvent } from '../../../src/generated/index.js';
import { caught } from '../../support/caught.js';

const event: SuspEvent = {
  Id: 7009607,
  AlarmEventName: 'login_common_location',
  AlarmEventNameDisplay: 'Login with unusual location',
  AlarmEventType: 'Unusual Logon',
  AlarmEventTypeDisplay: 'Unusual Logon',
  Name: 'Unusual Logon-Login with unusual location',
  Level: 'suspicious',
  EventStatus: 1,
  InternetIp: '203.0.113.7',
  IntranetIp: '10.0.0.7',
  Uuid: 'f6170c02-d55f-4c42-b73f-a394d7a20000',
  InstanceId: 'i-bp1example',
  InstanceName: 'web-007',
  OccurrenceTimeStamp: Date.UTC(2026, 2, 19, 5, 0, 0),
  LastTimeStamp: Date.UTC(2026, 2, 19, 6, 11, 5),
  LastTime: '2026-03-19 14:11:05',
  Details: [{ NameDisplay: 'Login source IP', Value: '198.51.100.23', ValueDisplay: '198.51.100.xx' }],
};

describe('toAlert', () => {
  it('maps every wire field to its camelCase view and keeps the raw event', () => {
    expect(toAlert(event)).toEqual({
      id: '7009607',
      name: 'Login with unusual location',
      eventName: 'login_common_location',
      type: 'Unusual Logon',
      typeDisplay: 'Unusual Logon',
      level: 'suspicious',
      status: 'pending',
      statusCode: 1,
      internetIp: '203.0.113.7',
      intranetIp: '10.0.0.7',
      uuid: 'f6170c02-d55f-4c42-b73f-a394d7a20000',
      instanceId: 'i-bp1example',
      instanceName: 'web-007',
      firstSeen: new Date('2026-03-19T05:00:00Z'),
      lastSeen: new Date('2026-03-19T06:11:05Z'),
      lastSeenText: '2026-03-19 14:11:05',
      details: [{ name: 'Login source IP', value: '198.51.100.23' }],
      raw: event,
    });
  });

  it('falls back to Name, then AlarmEventName, for the display name', () => {
    expect(toAlert({ Id: 1, Name: 'Type-Name', AlarmEventName: 'internal' }).name).toBe('Type-Name');
    expect(toAlert({ Id: 1, AlarmEventName: 'internal' }).name).toBe('internal');
    expect(toAlert({ Id: 1 }).name).toBe('');
  });

  it('reads times from the text, as UTC+08:00, when the timestamps are missing or 0', () => {
    const alert = toAlert({
      Id: 1,
      OccurrenceTime: '2026-03-19 08:00:00',
      LastTimeStamp: 0,
      LastTime: '2026-03-19 14:11:05',
    });
    expect(alert.firstSeen?.toISOString()).toBe('2026-03-19T00:00:00.000Z');
    expect(alert.lastSeen?.toISOString()).toBe('2026-03-19T06:11:05.000Z');
  });

  it('leaves times undefined when nothing parses', () => {
    const alert = toAlert({ Id: 1, LastTime: 'yesterday', OccurrenceTime: '2026-13-40 99:00:00' });
    expect(alert.lastSeen).toBeUndefined();
    expect(alert.firstSeen).toBeUndefined();
    expect(alert.lastSeenText).toBe('yesterday');
  });

  it('uses the display value of a detail when the raw value is missing', () => {
    expect(toAlert({ Id: 1, Details: [{ ValueDisplay: '/etc/crontab' }] }).details).toEqual([
      { name: '', value: '/etc/crontab' },
    ]);
  });

  it('rejects an event without Id', () => {
    const error = caught(() => toAlert({ Name: 'x' }));
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as InvalidResponseError).path).toBe('Id');
  });
});

describe('alert status', () => {
  it.each([
    [1, 'pending'],
    [2, 'ignored'],
    [4, 'confirmed'],
    [8, 'falsePositive'],
    [16, 'handling'],
    [32, 'handled'],
    [64, 'expired'],
    [128, 'deleted'],
    [512, 'autoBlocking'],
    [513, 'autoBlocked'],
    [604, 'systemFalsePositive'],
  ] as const)('decodes %i as %s, and ALERT_STATUS_CODES encodes it back', (code, status) => {
    expect(alertStatusFromCode(code)).toBe(status);
    expect(ALERT_STATUS_CODES[status]).toBe(code);
  });

  it('decodes an unknown code as unknown and keeps the code', () => {
    const alert = toAlert({ Id: 1, EventStatus: 9999 });
    expect(alert.status).toBe('unknown');
    expect(alert.statusCode).toBe(9999);
    expect(toAlert({ Id: 1 }).status).toBe('unknown');
  });
});
