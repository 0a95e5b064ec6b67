import { describe, expect, it } from 'vitest';
import type { SuspEvent } from '../../../src/generated/index.js';
import {
  type AlertFilter,
  handledAs,
  ResponseRules,
  simulate,
  toAlert,
  ValidationError,
} from '../../../src/index.js';
import { failure } from '../../support/caught.js';

const FROM = Date.parse('2026-01-01T00:00:00+08:00');
const TO = Date.parse('2026-01-15T00:00:00+08:00');
const HOUR = 3_600_000;

const RULES = ResponseRules.parse({
  name: 'unit',
  version: 1,
  rules: [
    {
      id: 'skip-scans',
      order: 1,
      match: { eventName: { equals: 'scan' } },
      action: { skip: { reason: 'noise' } },
    },
    {
      id: 'block-logons',
      order: 2,
      match: { eventName: { equals: 'logon' } },
      action: { handle: { operation: 'block_ip', input: { duration: '1d' } } },
    },
    {
      id: 'pending-only',
      order: 3,
      match: { all: [{ eventName: { equals: 'tamper' } }, { status: { equals: 'pending' } }] },
      action: { handle: { operation: 'manual_handled' } },
    },
    {
      id: 'until-jan-5',
      order: 4,
      expiresAt: '2026-01-05T00:00:00+08:00',
      match: { eventName: { equals: 'miner' } },
      action: { handle: { operation: 'kill_and_quara' } },
    },
    {
      id: 'try-ignore-miners',
      order: 5,
      status: 'dryRun',
      match: { eventName: { equals: 'miner' } },
      action: { handle: { operation: 'ignore' } },
    },
  ],
});

let nextId = 1;
function handled(eventName: string, fields: Partial<SuspEvent>) {
  return toAlert({ Id: nextId++, AlarmEventName: eventName, Name: `${eventName}\u001b[2J`, ...fields });
}

/** A source that serves `alerts` and keeps the filters it was given. */
function source(alerts: ReturnType<typeof handled>[]) {
  const filters: AlertFilter[] = [];
  return {
    filters,
    async *listAlerts(filter: AlertFilter) {
      filters.push(filter);
      yield* alerts;
    },
  };
}

const at = (hours: number) => FROM + hours * HOUR;

describe('handledAs', () => {
  it('reads the operation from OperateErrorCode, else from the status', () => {
    expect(handledAs(toAlert({ Id: 1, EventStatus: 32, OperateErrorCode: 'block_ip.Success' }))).toBe(
      'block_ip',
    );
    expect(handledAs(toAlert({ Id: 1, EventStatus: 2, OperateErrorCode: 'block_ip.AgentOffline' }))).toBe(
      'ignore',
    );
    expect(handledAs(toAlert({ Id: 1, EventStatus: 8 }))).toBe('mark_mis_info');
    expect(handledAs(toAlert({ Id: 1, EventStatus: 32 }))).toBe('unknown');
    expect(handledAs(toAlert({ Id: 1, EventStatus: 64 }))).toBe('none');
    expect(handledAs(toAlert({ Id: 1, EventStatus: 513 }))).toBe('none');
    expect(handledAs(toAlert({ Id: 1 }))).toBe('none');
  });
});

describe('simulate', () => {
  const alerts = [
    handled('logon', { EventStatus: 32, OperateErrorCode: 'block_ip.Success', OperateTime: at(1) }), // agreed
    handled('logon', { EventStatus: 2, OperateErrorCode: 'ignore.Success', OperateTime: at(2) }), // disagreed
    handled('logon', { EventStatus: 32, OperateTime: at(3) }), // undetermined
    handled('logon', { EventStatus: 64, OperateTime: at(3) }), // disagreed: nobody acted
    handled('scan', { EventStatus: 2, OperateTime: at(4) }), // skipped but handled
    handled('scan', { EventStatus: 128 }), // skip agrees with nobody acting
    handled('tamper', { EventStatus: 32, OperateErrorCode: 'manual_handled.Success', OperateTime: at(5) }), // evaluated as pending
    handled('miner', { EventStatus: 32, OperateErrorCode: 'kill_and_quara.Success', OperateTime: at(24) }), // before expiry
    handled('miner', { EventStatus: 2, OperateErrorCode: 'ignore.Success', OperateTime: at(24 * 6) }), // expired: dryRun decides
    handled('other', { EventStatus: 32, OperateErrorCode: 'quara.Success', OperateTime: at(6) }), // no rule
  ];

  it('counts every decision against what people did', async () => {
    const simulation = await RULES.simulate(source(alerts), { from: FROM, to: TO });

    expect(simulation.totals).toEqual({
      alerts: 10,
      decided: 8,
      agreed: 4,
      disagreed: 2,
      skippedButHandled: 1,
      undetermined: 1,
      undecided: 2,
    });
    expect(simulation.rules).toEqual([
      {
        ruleId: 'skip-scans',
        decided: 2,
        agreed: 1,
        disagreed: 0,
        peopleDidInstead: {},
        skippedButHandled: 1,
        undetermined: 0,
      },
      {
        ruleId: 'block-logons',
        decided: 4,
        agreed: 1,
        disagreed: 2,
        peopleDidInstead: { ignore: 1, none: 1 },
        skippedButHandled: 0,
        undetermined: 1,
      },
      {
        ruleId: 'pending-only',
        decided: 1,
        agreed: 1,
        disagreed: 0,
        peopleDidInstead: {},
        skippedButHandled: 0,
        undetermined: 0,
      },
      {
        ruleId: 'until-jan-5',
        decided: 1,
        agreed: 1,
        disagreed: 0,
        peopleDidInstead: {},
        skippedButHandled: 0,
        undetermined: 0,
      },
    ]);
    expect(simulation.dryRun).toEqual([
      {
        ruleId: 'try-ignore-miners',
        decided: 1,
        agreed: 1,
        disagreed: 0,
        peopleDidInstead: {},
        skippedButHandled: 0,
        undetermined: 0,
      },
    ]);
    expect(simulation.matrix).toEqual({
      block_ip: { block_ip: 1, ignore: 1, unknown: 1, none: 1 },
      skip: { ignore: 1, none: 1 },
      manual_handled: { manual_handled: 1 },
      kill_and_quara: { kill_and_quara: 1 },
      none: { ignore: 1, quara: 1 },
    });
    expect(simulation.disagreementCount).toBe(3);
    expect(
      simulation.disagreements.map(({ ruleId, ruleDid, peopleDid }) => [ruleId, ruleDid, peopleDid]),
    ).toEqual([
      ['block-logons', 'block_ip', 'ignore'],
      ['block-logons', 'block_ip', 'none'],
      ['skip-scans', 'skip', 'ignore'],
    ]);
  });

  it('asks for the alerts handled in the period, and caps the listed disagreements', async () => {
    const served = source(alerts);
    const simulation = await simulate(RULES, served, {
      from: new Date(FROM),
      to: TO,
      maxDisagreements: 1,
      maxAlerts: 500,
    });

    expect(served.filters).toEqual([
      { dealt: true, handledFrom: new Date(FROM), handledTo: new Date(TO), pageSize: 100, maxItems: 500 },
    ]);
    expect(simulation.disagreements).toHaveLength(1);
    expect(simulation.disagreementCount).toBe(3);
  });

  it('gives plain data and a text report with service text escaped', async () => {
    const simulation = await RULES.simulate(source(alerts), { from: FROM, to: TO });
    const data = JSON.parse(JSON.stringify(simulation));
    expect(data.period).toEqual({ from: '2025-12-31T16:00:00.000Z', to: '2026-01-14T16:00:00.000Z' });
    expect(data.disagreements[0]).toMatchObject({
      ruleId: 'block-logons',
      handledAt: new Date(at(2)).toISOString(),
    });

    const text = simulation.format();
    console.log(text);
    expect(text).not.toContain('\u001b');
    expect(text).toContain('"logon\\u001b[2J"');
    expect(text).toContain('agreed 4 (57.1%)');
    expect(text).toMatch(/block-logons\s+4\s+1\s+2\s+0\s+1\s+ignore 1, none 1/);
  });

  it('keeps an operation code from the service that names a property of objects', async () => {
    const odd = [
      handled('logon', { EventStatus: 32, OperateErrorCode: '__proto__.Success', OperateTime: at(1) }),
    ];
    const simulation = await RULES.simulate(source(odd), { from: FROM, to: TO });
    expect(Object.entries(simulation.rules[1]?.peopleDidInstead ?? {})).toEqual([['__proto__', 1]]);
    expect(Object.keys(simulation.matrix.block_ip ?? {})).toEqual(['__proto__']);
  });

  it.each([
    [{ from: Number.NaN, to: TO }, 'from'],
    [{ from: FROM, to: new Date('no') }, 'to'],
    [{ from: TO, to: FROM }, 'from'],
    [{ from: FROM, to: TO, maxAlerts: 0 }, 'maxAlerts'],
    [{ from: FROM, to: TO, maxDisagreements: -1 }, 'maxDisagreements'],
  ])('refuses %o before reading', async (options, field) => {
    const served = source(alerts);
    const error = await failure(RULES.simulate(served, options));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ field });
    expect(served.filters).toEqual([]);
  });
});
