import { describe, expect, it } from 'vitest';
import { sampleHistory } from '../../src/emulator/index.js';
import type { EmulatorHistoryEntry } from '../../src/emulator/state/history/past-handling.js';
import {
  type Alert,
  DEFAULT_RESPONSE_RULES,
  ResponseRules,
  type RuleSimulation,
  simulate,
  toAlert,
} from '../../src/index.js';
import { useEmulatorHandler } from '../support/emulator-handler.js';

const { setup } = useEmulatorHandler();

/** 2026-01-01 00:00:00 and 2026-01-15 00:00:00 at UTC+08:00. */
const FROM = Date.UTC(2025, 11, 31, 16);
const TO = Date.UTC(2026, 0, 14, 16);
const DAY = 86_400_000;
const history = sampleHistory(300, 'simulate', { from: FROM, to: TO });

/** A rule set close to what people do, with a skip and a dryRun rule. */
const CUSTOM = ResponseRules.parse({
  name: 'team',
  version: 2,
  rules: [
    {
      id: 'corporate-logons',
      order: 5,
      match: {
        all: [
          { eventName: { equals: 'login_common_location' } },
          { detail: { name: { equals: 'Login source IP' }, value: { cidr: '192.0.2.0/24' } } },
        ],
      },
      action: { skip: { reason: 'corporate range' } },
    },
    {
      id: 'block-logons',
      order: 10,
      match: { eventName: { regex: '^login_' } },
      action: { handle: { operation: 'block_ip', input: { duration: '7d' } } },
    },
    {
      id: 'miners',
      order: 20,
      match: { eventName: { equals: 'malicious_process_miner' } },
      action: { handle: { operation: 'kill_and_quara' } },
    },
    {
      id: 'ignore-crontab',
      order: 30,
      status: 'dryRun',
      match: { eventName: { equals: 'crontab_modified' } },
      action: { handle: { operation: 'ignore' } },
    },
  ],
});

const second = (epochMs: number) => Math.floor(epochMs / 1000) * 1000;

/** What the simulation must count, computed from the emulator's history and the alerts it holds. */
function expected(rules: ResponseRules, entries: readonly EmulatorHistoryEntry[], from: number, to: number) {
  const alerts = new Map(history.map((handling) => [handling.alert.Id, toAlert(handling.alert)]));
  const inPeriod = entries.filter(
    (entry) => second(entry.operateTime) >= second(from) && second(entry.operateTime) <= second(to),
  );
  const totals = {
    alerts: 0,
    decided: 0,
    agreed: 0,
    disagreed: 0,
    skippedButHandled: 0,
    undetermined: 0,
    undecided: 0,
  };
  const matrix: Record<string, Record<string, number>> = {};
  for (const entry of inPeriod) {
    const alert = alerts.get(entry.alertId) as Alert;
    const { action } = rules.evaluate(
      { ...alert, status: 'pending', statusCode: 1 },
      { now: entry.operateTime },
    );
    const ruleDid = action === undefined ? 'none' : 'skip' in action ? 'skip' : action.handle.operation;
    totals.alerts += 1;
    const row = matrix[ruleDid] ?? {};
    matrix[ruleDid] = row;
    row[entry.operationCode] = (row[entry.operationCode] ?? 0) + 1;
    if (ruleDid === 'none') totals.undecided += 1;
    else {
      totals.decided += 1;
      if (ruleDid === 'skip')
        totals.skippedButHandled += 1; // people handled every alert of the history
      else if (ruleDid === entry.operationCode) totals.agreed += 1;
      else totals.disagreed += 1;
    }
  }
  return { totals, matrix };
}

function show(title: string, simulation: RuleSimulation): void {
  console.log(`--- ${title}\n${simulation.format()}`);
}

describe('simulate over the emulator history', () => {
  it('counts what the default rules would have done against what people did, reading only', async () => {
    const { emulator, alerts } = await setup({ history });
    const rules = ResponseRules.parse(DEFAULT_RESPONSE_RULES);

    const simulation = await rules.simulate(alerts, { from: new Date(FROM), to: new Date(TO) });
    show('default rules, whole period', simulation);

    const want = expected(rules, emulator.state.history(), FROM, TO);
    expect(simulation.totals).toEqual(want.totals);
    expect(simulation.totals.alerts).toBe(300);
    expect({ ...simulation.matrix }).toEqual(want.matrix);
    const perRule = simulation.rules.reduce(
      (sum, rule) => sum + rule.agreed + rule.disagreed + rule.skippedButHandled + rule.undetermined,
      0,
    );
    expect(perRule).toBe(want.totals.decided);
    expect(simulation.disagreementCount).toBe(want.totals.disagreed + want.totals.skippedButHandled);
    expect(new Set(emulator.received.map((request) => request.action))).toEqual(
      new Set(['DescribeSuspEvents']),
    );
    expect(emulator.received.every((request) => request.params.Dealed === 'Y')).toBe(true);
    expect(emulator.received[0]?.params).toMatchObject({
      OperateTimeStart: '2026-01-01 00:00:00',
      OperateTimeEnd: '2026-01-15 00:00:00',
    });
  });

  it('counts a custom set, its skip rule and its dryRun rule, with the function form', async () => {
    const { emulator, alerts } = await setup({ history });

    const simulation = await simulate(CUSTOM, alerts, { from: FROM, to: TO, maxDisagreements: 5 });
    show('custom rules, whole period', simulation);

    const want = expected(CUSTOM, emulator.state.history(), FROM, TO);
    expect(simulation.totals).toEqual(want.totals);
    const byId = new Map(simulation.rules.map((rule) => [rule.ruleId, rule]));
    const corporate = history.filter(
      (h) =>
        h.alert.AlarmEventName === 'login_common_location' &&
        toAlert(h.alert).details.some(
          (detail) => detail.name === 'Login source IP' && detail.value.startsWith('192.0.2.'),
        ),
    );
    expect(byId.get('corporate-logons')?.skippedButHandled).toBe(corporate.length);
    const logons = history.filter((h) => String(h.alert.AlarmEventName).startsWith('login_'));
    expect(byId.get('block-logons')?.decided).toBe(logons.length - corporate.length);
    expect(byId.get('block-logons')?.disagreed).toBe(0); // people block logons from outside
    const miners = history.filter((h) => h.alert.AlarmEventName === 'malicious_process_miner');
    expect(byId.get('miners')).toMatchObject({
      decided: miners.length,
      agreed: miners.filter((h) => h.operationCode === 'kill_and_quara').length,
      peopleDidInstead: miners.some((h) => h.operationCode === 'virus_quara')
        ? { virus_quara: miners.filter((h) => h.operationCode === 'virus_quara').length }
        : {},
    });
    const crontab = history.filter((h) => h.alert.AlarmEventName === 'crontab_modified');
    expect(simulation.dryRun).toEqual([
      expect.objectContaining({
        ruleId: 'ignore-crontab',
        decided: crontab.length,
        agreed: crontab.filter((h) => h.operationCode === 'ignore').length,
      }),
    ]);
    expect(simulation.disagreements.length).toBe(Math.min(5, simulation.disagreementCount));
    expect(JSON.parse(JSON.stringify(simulation)).totals).toEqual(want.totals);
  });

  it('reads only the handlings of a narrower period', async () => {
    const { emulator, alerts } = await setup({ history });
    const from = FROM + 3 * DAY;
    const to = FROM + 5 * DAY;

    const simulation = await CUSTOM.simulate(alerts, { from, to });
    show('custom rules, two days', simulation);

    const want = expected(CUSTOM, emulator.state.history(), from, to);
    expect(simulation.totals).toEqual(want.totals);
    expect(simulation.totals.alerts).toBeGreaterThan(0);
    expect(simulation.totals.alerts).toBeLessThan(300);
  });
});
