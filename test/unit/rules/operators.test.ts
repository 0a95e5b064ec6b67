import { describe, expect, it } from 'vitest';
import { alertOf, holds } from './rule-fixtures.js';

describe('text tests', () => {
  const subject = alertOf({
    AlarmEventType: 'Unusual Logon',
    AlarmEventName: 'login_common_location',
    AlarmEventNameDisplay: 'Login from an unusual location',
    Uuid: 'uuid-1',
    InstanceId: 'i-abc',
    InstanceName: 'web-01',
    EventStatus: 1,
    SupportOperateCode: 'AI.real_attack',
  });

  it('equals: the whole value, case-sensitive unless ignoreCase', () => {
    expect(holds({ type: { equals: 'Unusual Logon' } }, subject)).toBe(true);
    expect(holds({ type: { equals: 'unusual logon' } }, subject)).toBe(false);
    expect(holds({ type: { equals: 'unusual logon', ignoreCase: true } }, subject)).toBe(true);
    expect(holds({ type: { equals: 'Unusual' } }, subject)).toBe(false);
  });

  it('in: one of the values', () => {
    expect(holds({ uuid: { in: ['uuid-0', 'uuid-1'] } }, subject)).toBe(true);
    expect(holds({ uuid: { in: ['uuid-0'] } }, subject)).toBe(false);
    expect(holds({ instanceId: { in: ['I-ABC'], ignoreCase: true } }, subject)).toBe(true);
  });

  it('prefix and contains: one string or any of several', () => {
    expect(holds({ eventName: { prefix: 'login_' } }, subject)).toBe(true);
    expect(holds({ eventName: { prefix: ['x', 'login'] } }, subject)).toBe(true);
    expect(holds({ eventName: { prefix: 'common' } }, subject)).toBe(false);
    expect(holds({ name: { contains: 'unusual' } }, subject)).toBe(true);
    expect(holds({ name: { contains: ['UNUSUAL', 'nope'] } }, subject)).toBe(false);
    expect(holds({ name: { contains: ['UNUSUAL', 'nope'], ignoreCase: true } }, subject)).toBe(true);
  });

  it('regex: RE2, found anywhere unless anchored, ignoreCase as a flag', () => {
    expect(holds({ instanceName: { regex: 'web-\\d+' } }, subject)).toBe(true);
    expect(holds({ instanceName: { regex: '^eb' } }, subject)).toBe(false);
    expect(holds({ type: { regex: ['^x', 'LOGON$'] } }, subject)).toBe(false);
    expect(holds({ type: { regex: ['^x', 'LOGON$'], ignoreCase: true } }, subject)).toBe(true);
    expect(holds({ type: { regex: '(?i)logon' } }, subject)).toBe(true);
  });

  it('reads status (decoded), verdict (SupportOperateCode) and id', () => {
    expect(holds({ status: { equals: 'pending' } }, subject)).toBe(true);
    expect(holds({ verdict: { equals: 'AI.real_attack' } }, subject)).toBe(true);
    expect(holds({ id: { equals: subject.id } }, subject)).toBe(true);
  });

  it('a missing or empty field passes no test, and its negation holds', () => {
    const bare = alertOf({});
    expect(holds({ type: { regex: '.*' } }, bare)).toBe(false);
    expect(holds({ uuid: { prefix: 'u' } }, bare)).toBe(false);
    expect(holds({ not: { type: { contains: 'x' } } }, bare)).toBe(true);
  });
});

describe('level tests (by rank: remind < suspicious < serious)', () => {
  const at = (level: string) => alertOf({ Level: level });

  it('atLeast and atMost compare ranks', () => {
    expect(holds({ level: { atLeast: 'suspicious' } }, at('serious'))).toBe(true);
    expect(holds({ level: { atLeast: 'suspicious' } }, at('suspicious'))).toBe(true);
    expect(holds({ level: { atLeast: 'suspicious' } }, at('remind'))).toBe(false);
    expect(holds({ level: { atMost: 'suspicious' } }, at('remind'))).toBe(true);
    expect(holds({ level: { atMost: 'remind' } }, at('serious'))).toBe(false);
  });

  it('equals and in name levels', () => {
    expect(holds({ level: { equals: 'serious' } }, at('serious'))).toBe(true);
    expect(holds({ level: { in: ['remind', 'suspicious'] } }, at('serious'))).toBe(false);
  });

  it('an unknown or missing level passes no rank test', () => {
    expect(holds({ level: { atLeast: 'remind' } }, at('critical'))).toBe(false);
    expect(holds({ level: { atMost: 'serious' } }, alertOf({}))).toBe(false);
  });
});

describe('address tests', () => {
  const v4 = alertOf({ InternetIp: '203.0.113.45', IntranetIp: '10.1.2.3' });
  const v6 = alertOf({ InternetIp: '2001:db8:85a3::8a2e:370:7334' });

  it('cidr: IPv4 blocks, single addresses, any of several', () => {
    expect(holds({ internetIp: { cidr: '203.0.113.0/24' } }, v4)).toBe(true);
    expect(holds({ internetIp: { cidr: '203.0.112.0/24' } }, v4)).toBe(false);
    expect(holds({ intranetIp: { cidr: ['192.168.0.0/16', '10.0.0.0/8'] } }, v4)).toBe(true);
    expect(holds({ internetIp: { cidr: '203.0.113.45' } }, v4)).toBe(true);
    expect(holds({ internetIp: { cidr: '0.0.0.0/0' } }, v4)).toBe(true);
  });

  it('cidr: IPv6 blocks; an IPv4 block never holds for an IPv6 address', () => {
    expect(holds({ internetIp: { cidr: '2001:db8::/32' } }, v6)).toBe(true);
    expect(holds({ internetIp: { cidr: '2001:db9::/32' } }, v6)).toBe(false);
    expect(holds({ internetIp: { cidr: '0.0.0.0/0' } }, v6)).toBe(false);
  });

  it('cidr: an IPv4-mapped IPv6 address is its IPv4 address', () => {
    expect(
      holds({ internetIp: { cidr: '203.0.113.0/24' } }, alertOf({ InternetIp: '::ffff:203.0.113.9' })),
    ).toBe(true);
  });

  it('cidr: reads comma-separated addresses; text that is no address never holds', () => {
    expect(
      holds(
        { internetIp: { cidr: '198.51.100.0/24' } },
        alertOf({ InternetIp: '203.0.113.1, 198.51.100.7' }),
      ),
    ).toBe(true);
    expect(holds({ internetIp: { cidr: '0.0.0.0/0' } }, alertOf({ InternetIp: 'unknown' }))).toBe(false);
    expect(holds({ internetIp: { cidr: '0.0.0.0/0' } }, alertOf({}))).toBe(false);
  });

  it('text tests work on addresses too', () => {
    expect(holds({ internetIp: { prefix: '203.0.113.' } }, v4)).toBe(true);
  });
});

describe('time tests', () => {
  const day = 86_400_000;
  const now = Date.parse('2026-01-15T00:00:00Z');
  const subject = alertOf({ OccurrenceTimeStamp: now - 3 * day, LastTimeStamp: now - day / 2 });

  it('before and after compare with a fixed time', () => {
    expect(holds({ firstSeen: { before: '2026-01-13T00:00:00Z' } }, subject)).toBe(true);
    expect(holds({ firstSeen: { after: '2026-01-13T00:00:00+08:00' } }, subject)).toBe(false);
    expect(holds({ lastSeen: { after: '2026-01-14T00:00:00Z' } }, subject)).toBe(true);
  });

  it('withinLastMs and olderThanMs count back from now', () => {
    expect(holds({ lastSeen: { withinLastMs: day } }, subject, now)).toBe(true);
    expect(holds({ lastSeen: { withinLastMs: day / 4 } }, subject, now)).toBe(false);
    expect(holds({ firstSeen: { olderThanMs: 2 * day } }, subject, now)).toBe(true);
    expect(holds({ firstSeen: { olderThanMs: 2 * day } }, subject, now - 2 * day)).toBe(false);
  });

  it('an alert without the time passes no time test', () => {
    expect(holds({ lastSeen: { before: '2100-01-01T00:00:00Z' } }, alertOf({}))).toBe(false);
    expect(holds({ lastSeen: { withinLastMs: day } }, alertOf({}), now)).toBe(false);
  });
});

describe('detail tests', () => {
  const subject = alertOf({
    Details: [
      { NameDisplay: 'Login source IP', Value: '198.51.100.23' },
      { NameDisplay: 'Login user', Value: 'root' },
    ],
  });

  it('some detail has the name, and that same detail the value', () => {
    expect(holds({ detail: { name: { equals: 'Login user' } } }, subject)).toBe(true);
    expect(holds({ detail: { name: { equals: 'Login user' }, value: { equals: 'root' } } }, subject)).toBe(
      true,
    );
    expect(
      holds({ detail: { name: { equals: 'Login user' }, value: { equals: '198.51.100.23' } } }, subject),
    ).toBe(false);
    expect(
      holds(
        { detail: { name: { contains: 'source ip', ignoreCase: true }, value: { cidr: '198.51.100.0/24' } } },
        subject,
      ),
    ).toBe(true);
    expect(holds({ detail: { name: { equals: 'File path' } } }, alertOf({}))).toBe(false);
  });
});

describe('regexes run in linear time', () => {
  it('(a+)+$ against "aaaa…!" completes (a backtracking engine would not)', () => {
    const input = `${'a'.repeat(100_000)}!`;
    const subject = alertOf({ AlarmEventName: input });
    const started = performance.now();
    expect(holds({ eventName: { regex: '(a+)+$' } }, subject)).toBe(false);
    expect(holds({ eventName: { regex: '(a|a)*b' } }, subject)).toBe(false);
    expect(holds({ eventName: { regex: '(a|aa)+!$' } }, subject)).toBe(true);
    console.log(
      `catastrophic patterns on ${input.length} characters: ${(performance.now() - started).toFixed(1)} ms`,
    );
  });
});
