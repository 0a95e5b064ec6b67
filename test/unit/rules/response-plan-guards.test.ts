/** Blast-radius guards of response plans: order, counts, determinism, and the circuit breaker. */
import { describe, expect, it } from 'vitest';
import { breakerTripped, ValidationError } from '../../../src/index.js';
import { failure } from '../../support/caught.js';
import { fakeHandler } from './response-plan-fakes.js';
import { alertOf, rule, ruleSet } from './rule-fixtures.js';

const NOW = Date.parse('2026-01-15T00:00:00Z');

/** A set deciding block_ip for `Brute` alerts and manual_handled for the rest. */
const rules = ruleSet([
  rule('block', {
    order: 1,
    match: { type: { equals: 'Brute' } },
    action: { handle: { operation: 'block_ip', input: { duration: '1d' } } },
  }),
  rule('handled', { order: 2 }),
]);

describe('guards of rules.plan', () => {
  it('leaves destructive handlings out by default (maxDestructivePerRun 0) and caps the run at 100', async () => {
    const { alerts, requests } = fakeHandler();
    const subjects = [
      alertOf({ AlarmEventType: 'Brute' }),
      ...Array.from({ length: 105 }, () => alertOf({ AlarmEventType: 'Other' })),
    ];
    const rplan = await rules.plan(alerts, subjects, { now: NOW });
    expect(rplan.guardsTripped.map(({ guard, alertIds }) => [guard, alertIds.length])).toEqual([
      ['maxDestructivePerRun', 1],
      ['maxAlertsPerRun', 5],
    ]);
    expect(requests[0]).toHaveLength(100);
    expect(requests[0]?.every((request) => request.operation.code === 'manual_handled')).toBe(true);
    expect(rplan.decisions[0]).toMatchObject({ status: 'guarded', ruleId: 'block', operation: 'block_ip' });
    expect(rplan.decisions.filter((decision) => decision.status === 'requested')).toHaveLength(100);
    expect(rplan.guards).toMatchObject({ maxAlertsPerRun: 100, maxDestructivePerRun: 0 });
  });

  it('applies protected → cooldown → per host → destructive → total, in alert order', async () => {
    const { alerts, requests } = fakeHandler();
    const subjects = [
      alertOf({ AlarmEventType: 'Brute', Uuid: 'u-db', InternetIp: '10.1.2.3' }), // protected by CIDR
      alertOf({ AlarmEventType: 'Other', Uuid: 'u-prod' }), // protected by uuid
      alertOf({ AlarmEventType: 'Cool', Uuid: 'u-1' }), // cooldown
      alertOf({ AlarmEventType: 'Brute', Uuid: 'u-1' }), // kept (u-1: 1, destructive 1)
      alertOf({ AlarmEventType: 'Other', Uuid: 'u-1' }), // kept (u-1: 2)
      alertOf({ AlarmEventType: 'Other', Uuid: 'u-1' }), // per host
      alertOf({ AlarmEventType: 'Brute', Uuid: 'u-2' }), // kept (destructive 2)
      alertOf({ AlarmEventType: 'Brute', Uuid: 'u-3' }), // destructive cap
      alertOf({ AlarmEventType: 'Other', Uuid: 'u-4' }), // kept (total 4)
      alertOf({ AlarmEventType: 'Other' }), // total cap (no host: not counted per host)
    ];
    const ids = subjects.map((subject) => subject.id);
    const rplan = await rules.plan(alerts, subjects, {
      now: NOW,
      protectedAssets: ['10.0.0.0/8', 'u-prod'],
      cooldownMs: 60_000,
      history: [
        { type: 'Cool', at: NOW - 1000 },
        { type: 'Other', at: NOW - 60_000 },
      ],
      maxPerHost: 2,
      maxDestructivePerRun: 2,
      maxAlertsPerRun: 4,
    });
    expect(rplan.guardsTripped.map(({ guard, alertIds }) => [guard, alertIds])).toEqual([
      ['protectedAssets', [ids[0], ids[1]]],
      ['cooldownMs', [ids[2]]],
      ['maxPerHost', [ids[5]]],
      ['maxDestructivePerRun', [ids[7]]],
      ['maxAlertsPerRun', [ids[9]]],
    ]);
    expect(requests[0]?.map((request) => request.alertId)).toEqual([ids[3], ids[4], ids[6], ids[8]]);
    expect(rplan.plan.batches.flatMap((batch) => batch.alertIds).sort()).toEqual(
      [ids[3], ids[4], ids[6], ids[8]].sort(),
    );
  });

  it('stamps each request with its rule, and records skips, no decisions and dry runs with reasons', async () => {
    const { alerts, requests } = fakeHandler();
    const set = ruleSet([
      rule('quiet', {
        order: 1,
        match: { type: { equals: 'Noise' } },
        action: { skip: { reason: 'noise' } },
      }),
      rule('trial', { order: 2, status: 'dryRun', match: { type: { equals: 'Trial' } } }),
      rule('handled', { order: 3, match: { type: { equals: 'Real' } } }),
    ]);
    const [noise, trial, none, real] = ['Noise', 'Trial', 'Unknown', 'Real'].map((type) =>
      alertOf({ AlarmEventType: type }),
    );
    const rplan = await set.plan(alerts, [noise, trial, none, real, real] as never, { now: NOW });
    expect(rplan.decisions.map(({ status, ruleId }) => [status, ruleId])).toEqual([
      ['ruleSkip', 'quiet'],
      ['dryRun', 'trial'],
      ['noDecision', undefined],
      ['requested', 'handled'],
    ]);
    expect(rplan.decisions[1]?.reason).toContain('would have handled it with manual_handled');
    expect(requests[0]).toEqual([
      {
        alertId: real?.id,
        operation: expect.objectContaining({ code: 'manual_handled' }),
        remark: 'rule test@1/handled run {executionId}',
      },
    ]);
  });

  it('plans no batch, without calling plan(), when nothing is to be handled', async () => {
    const { alerts, requests } = fakeHandler();
    const rplan = await rules.plan(alerts, [alertOf({ AlarmEventType: 'Brute' })], { now: NOW });
    expect(requests).toEqual([]);
    expect(rplan.plan.batches).toEqual([]);
  });

  it('refuses a rule set name a remark stamp cannot hold, and bad guard options, naming the field', async () => {
    const { alerts } = fakeHandler();
    const spaced = ruleSet([rule('r')]);
    Object.defineProperty(spaced, 'name', { value: 'my rules' });
    const named = await failure(spaced.plan(alerts, []));
    expect(named).toBeInstanceOf(ValidationError);
    expect(named).toMatchObject({ field: 'ruleSet.name' });
    for (const [options, field] of [
      [{ maxAlertsPerRun: -1 }, 'maxAlertsPerRun'],
      [{ protectedAssets: [''] }, 'protectedAssets[0]'],
      [{ circuitBreaker: { maxFailureShare: 2 } }, 'circuitBreaker.maxFailureShare'],
      [{ cooldownMs: 10, history: [{ type: 'x', at: 'soon' }] }, 'history[0]'],
    ] as const) {
      const error = await failure(
        rules.plan(alerts, [alertOf({ AlarmEventType: 'Other' })], options as never),
      );
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field ?? (error as ValidationError).issues[0]?.path).toBe(field);
    }
  });
});

describe('breakerTripped', () => {
  const batch = (...statuses: string[]) => statuses.map((status) => ({ status }) as never);
  it('trips once minBatches finished and the failed or unknown share exceeds maxFailureShare', () => {
    const config = { minBatches: 2, maxFailureShare: 0.5 };
    expect(breakerTripped([batch('failed', 'failed')], config)).toBe(false);
    expect(breakerTripped([batch('failed'), batch('unknown', 'succeeded')], config)).toBe(true);
    expect(breakerTripped([batch('failed'), batch('succeeded')], config)).toBe(false);
    expect(breakerTripped([batch('failed', 'skipped', 'skipped'), batch('timedOut')], config)).toBe(false);
    expect(breakerTripped([batch('skipped'), batch('skipped')], config)).toBe(false);
  });
});
