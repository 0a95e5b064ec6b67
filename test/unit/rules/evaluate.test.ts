import { describe, expect, it } from 'vitest';
import { toAlert } from '../../../src/alerts/alert.js';
import { sampleAlerts } from '../../../src/emulator/index.js';
import { ValidationError } from '../../../src/errors.js';
import type { SuspEvent } from '../../../src/generated/index.js';
import { caught } from '../../support/caught.js';
import { alertOf, rule, ruleSet, skip } from './rule-fixtures.js';

const login = alertOf({
  Level: 'serious',
  AlarmEventType: 'Unusual Logon',
  AlarmEventName: 'login_common_location',
  InternetIp: '203.0.113.45',
  Details: [{ NameDisplay: 'Login source IP', Value: '198.51.100.23' }],
});
const outcomes = (trace: readonly { rule: { id: string }; outcome: string }[]) =>
  trace.map((entry) => [entry.rule.id, entry.outcome]);

describe('ResponseRules#evaluate: order and terminal', () => {
  it('evaluates by order, then as written; the first enabled match decides and, terminal, ends evaluation', () => {
    const rules = ruleSet([
      rule('late', { order: 30 }),
      rule('second', { order: 20, action: skip('second') }),
      rule('first', { order: 20, match: { type: { equals: 'Webshell' } } }),
      rule('earliest', { order: 5, match: { level: { equals: 'remind' } } }),
    ]);
    expect(rules.rules.map((entry) => entry.id)).toEqual(['earliest', 'second', 'first', 'late']);
    const result = rules.evaluate(login, { now: 0 });
    expect(result.rule?.id).toBe('second');
    expect(result.action).toEqual({ skip: { reason: 'second' } });
    expect(outcomes(result.trace)).toEqual([
      ['earliest', 'notMatched'],
      ['second', 'matched'],
      ['first', 'notReached'],
      ['late', 'notReached'],
    ]);
  });

  it('non-terminal matches let later rules be evaluated and collected, without changing the decision', () => {
    const rules = ruleSet([
      rule('note', { order: 1, terminal: false, action: skip('noted') }),
      rule('block', {
        order: 2,
        terminal: false,
        action: { handle: { operation: 'block_ip', input: { duration: '1d' } } },
      }),
      rule('stop', { order: 3 }),
      rule('after', { order: 4 }),
    ]);
    const result = rules.evaluate(login, { now: 0 });
    expect(result.rule?.id).toBe('note');
    expect(result.action).toEqual({ skip: { reason: 'noted' } });
    expect(result.matches.map((match) => match.rule.id)).toEqual(['note', 'block', 'stop']);
    expect(outcomes(result.trace).at(-1)).toEqual(['after', 'notReached']);
  });

  it('decides nothing when no rule matches: every rule is traced as not matched', () => {
    const result = ruleSet([rule('a', { match: { level: { equals: 'remind' } } })]).evaluate(login, {
      now: 0,
    });
    expect(result).toMatchObject({ rule: undefined, action: undefined, matches: [], dryRunMatches: [] });
    expect(outcomes(result.trace)).toEqual([['a', 'notMatched']]);
  });
});

describe('ResponseRules#evaluate: status and expiry', () => {
  it('skips disabled rules', () => {
    const result = ruleSet([
      rule('off', { order: 1, status: 'disabled' }),
      rule('on', { order: 2 }),
    ]).evaluate(login);
    expect(result.rule?.id).toBe('on');
    expect(result.trace[0]).toEqual({ rule: expect.objectContaining({ id: 'off' }), outcome: 'disabled' });
  });

  it('reports dryRun matches as what they would have done, decides nothing with them, and goes on', () => {
    const rules = ruleSet([
      rule('trial', {
        order: 1,
        status: 'dryRun',
        action: { handle: { operation: 'block_ip', input: { duration: '6h' } } },
      }),
      rule('real', { order: 2, terminal: false }),
      rule('trial-late', { order: 3, status: 'dryRun', action: skip('later') }),
    ]);
    const result = rules.evaluate(login, { now: 0 });
    expect(result.rule?.id).toBe('real');
    expect(
      result.dryRunMatches.map(({ rule: { id }, decisive, action }) => ({ id, decisive, action })),
    ).toEqual([
      {
        id: 'trial',
        decisive: true,
        action: { handle: { operation: 'block_ip', input: { duration: '6h' }, reason: 'rule trial' } },
      },
      { id: 'trial-late', decisive: false, action: { skip: { reason: 'later' } } },
    ]);
    expect(outcomes(result.trace)).toEqual([
      ['trial', 'dryRunMatched'],
      ['real', 'matched'],
      ['trial-late', 'dryRunMatched'],
    ]);
  });

  it('a terminal dryRun match does not end evaluation', () => {
    const rules = ruleSet([rule('trial', { order: 1, status: 'dryRun' }), rule('real', { order: 2 })]);
    expect(rules.evaluate(login).rule?.id).toBe('real');
  });

  it('skips a rule from its expiresAt on, traced as expired, judged at the given now', () => {
    const rules = ruleSet([
      rule('temporary', { order: 1, expiresAt: '2026-01-15T00:00:00Z' }),
      rule('later', { order: 2 }),
    ]);
    const expiry = Date.parse('2026-01-15T00:00:00Z');
    expect(rules.evaluate(login, { now: expiry - 1 }).rule?.id).toBe('temporary');
    const expired = rules.evaluate(login, { now: new Date(expiry) });
    expect(expired.rule?.id).toBe('later');
    expect(expired.trace[0]?.outcome).toBe('expired');
    expect(expired.nowMs).toBe(expiry);
  });

  it('refuses a now that is not a time', () => {
    const error = caught(() => ruleSet([]).evaluate(login, { now: Number.NaN }));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe('now');
    expect(caught(() => ruleSet([]).evaluate(login, { now: new Date('nope') }))).toBeInstanceOf(
      ValidationError,
    );
  });
});

describe('ResponseRules#evaluate: condition trees and traces', () => {
  it('all / any / not combine, and the trace says which conditions held, with the values read', () => {
    const rules = ruleSet([
      rule('r', {
        match: {
          all: [
            { level: { atLeast: 'suspicious' } },
            {
              any: [
                { type: { equals: 'Webshell' } },
                { eventName: { prefix: 'login_' } },
                { name: { contains: 'x' } },
              ],
            },
            { not: { internetIp: { cidr: '10.0.0.0/8' } } },
          ],
        },
      }),
    ]);
    const result = rules.evaluate(login, { now: 0 });
    expect(result.rule?.id).toBe('r');
    expect(result.trace[0]?.conditions).toEqual({
      path: 'rules[0].match.all',
      test: 'all of 3',
      held: true,
      children: [
        {
          path: 'rules[0].match.all[0].level',
          test: 'level is at least suspicious',
          held: true,
          actual: 'serious',
        },
        {
          path: 'rules[0].match.all[1].any',
          test: 'any of 3',
          held: true,
          children: [
            {
              path: 'rules[0].match.all[1].any[0].type',
              test: 'type equals "Webshell"',
              held: false,
              actual: 'Unusual Logon',
            },
            {
              path: 'rules[0].match.all[1].any[1].eventName',
              test: 'eventName starts with "login_"',
              held: true,
              actual: 'login_common_location',
            },
          ],
        },
        {
          path: 'rules[0].match.all[2].not',
          test: 'not',
          held: true,
          children: [
            {
              path: 'rules[0].match.all[2].not.internetIp',
              test: 'internetIp lies in 10.0.0.0/8',
              held: false,
              actual: '203.0.113.45',
            },
          ],
        },
      ],
    });
  });

  it('all stops at the first condition that fails, and the trace shows it', () => {
    const result = ruleSet([
      rule('r', { match: { all: [{ level: { equals: 'remind' } }, { type: { equals: 'Unusual Logon' } }] } }),
    ]).evaluate(login, { now: 0 });
    expect(result.trace[0]?.conditions?.held).toBe(false);
    expect(result.trace[0]?.conditions?.children).toHaveLength(1);
  });

  it('an empty all matches every alert; a detail test shows the detail that held', () => {
    expect(ruleSet([rule('any-alert', { match: { all: [] } })]).evaluate(alertOf({})).rule?.id).toBe(
      'any-alert',
    );
    const result = ruleSet([rule('r', { match: { detail: { name: { prefix: 'Login' } } } })]).evaluate(login);
    expect(result.trace[0]?.conditions?.actual).toBe('Login source IP=198.51.100.23');
  });

  it('is pure: the same input gives the same result, and neither the alert nor the set changes', () => {
    const rules = ruleSet([rule('a', { terminal: false }), rule('b', { status: 'dryRun' })]);
    const before = JSON.stringify(login);
    const first = rules.evaluate(login, { now: 1 });
    expect(rules.evaluate(login, { now: 1 })).toEqual(first);
    expect(JSON.stringify(login)).toBe(before);
    expect(Object.isFrozen(first.rule)).toBe(true);
    expect(() => {
      (first.rule as { order: number }).order = 99;
    }).toThrow(TypeError);
  });
});

describe('ResponseRules#evaluate: actions', () => {
  const whitelist = rule('whitelist', {
    order: 1,
    action: {
      handle: {
        operation: 'advance_mark_mis_info',
        input: {
          scope: 'part',
          rules: [
            { field: 'loginSourceIp', operate: 'strEqual', value: { detail: 'Login source IP' } },
            { field: 'internetIp', operate: 'inIpSegment', value: { field: 'internetIp' } },
            { field: 'loginUser', operate: 'strEqual', value: 'deploy' },
          ],
        },
        reason: 'Known jump host',
      },
    },
  });

  it('fills whitelist values from the alert, ready for Operations.fromCode', () => {
    const result = ruleSet([whitelist]).evaluate(login, { now: 0 });
    expect(result.action).toEqual({
      handle: {
        operation: 'advance_mark_mis_info',
        reason: 'Known jump host',
        input: {
          scope: 'part',
          rules: [
            { field: 'loginSourceIp', operate: 'strEqual', value: '198.51.100.23' },
            { field: 'internetIp', operate: 'inIpSegment', value: '203.0.113.45' },
            { field: 'loginUser', operate: 'strEqual', value: 'deploy' },
          ],
        },
      },
    });
  });

  it('a rule whose action needs a value the alert lacks is traced unresolved and decides nothing', () => {
    const result = ruleSet([whitelist, rule('next', { order: 2 })]).evaluate(alertOf({ Level: 'serious' }), {
      now: 0,
    });
    expect(result.rule?.id).toBe('next');
    expect(result.trace[0]).toMatchObject({
      outcome: 'unresolved',
      missing: [
        'rules[0].action.handle.input.rules[0].value (detail "Login source IP")',
        'rules[0].action.handle.input.rules[1].value (field internetIp)',
      ],
    });
  });

  it('gives handle a reason: its own, else the rule description, else the rule id', () => {
    const reasons = ruleSet([
      rule('a', {
        order: 1,
        terminal: false,
        description: 'Described',
        action: { handle: { operation: 'ignore' } },
      }),
      rule('b', { order: 2, terminal: false, action: { handle: { operation: 'ignore', reason: 'Own' } } }),
      rule('c', {
        order: 3,
        action: { handle: { operation: 'kill_and_quara', input: { quarantine: false } } },
      }),
    ])
      .evaluate(login)
      .matches.map(({ action }) => ('handle' in action ? action.handle.reason : ''));
    expect(reasons).toEqual(['Described', 'Own', 'rule c']);
  });
});

describe('ResponseRules#evaluate({ explain: false })', () => {
  it('decides the same, with the same outcomes, and leaves out why conditions held', () => {
    const rules = ruleSet([
      rule('trial', { order: 1, status: 'dryRun', match: { level: { atLeast: 'suspicious' } } }),
      rule('brute', {
        order: 2,
        terminal: false,
        match: { eventName: { regex: 'brute', ignoreCase: true } },
      }),
      rule('net', { order: 3, match: { not: { internetIp: { cidr: '203.0.113.0/24' } } } }),
      rule('detail', { order: 4, match: { detail: { name: { contains: 'File' } } } }),
      rule('late', { order: 5, match: { lastSeen: { withinLastMs: 3_600_000 } } }),
      rule('off', { order: 6, status: 'disabled' }),
    ]);
    for (const item of sampleAlerts(300, 'explain')) {
      const subject = toAlert(item as SuspEvent);
      const full = rules.evaluate(subject, { now: Date.parse('2026-01-15T00:00:00Z') });
      const brief = rules.evaluate(subject, { now: Date.parse('2026-01-15T00:00:00Z'), explain: false });
      expect(brief).toEqual({
        ...full,
        trace: full.trace.map(({ conditions: _conditions, ...entry }) => entry),
      });
    }
  });
});
