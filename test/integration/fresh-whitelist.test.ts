/**
 * Whitelist rules are re-read and merged right before their batch is sent: the service replaces an
 * alert type's rules wholesale, so a plan must never send the list it read at planning time.
 */
import { describe, expect, it } from 'vitest';
import { sampleAlerts } from '../../src/emulator/index.js';
import { Operations } from '../../src/index.js';
import { useEmulatorHandler } from '../support/emulator-handler.js';

const { setup } = useEmulatorHandler();

/** Two pending alerts of one type that can be whitelisted, and that type. */
function twoOfOneType() {
  const records = sampleAlerts(45).filter((record) => record.AlarmEventType === 'Unusual Logon');
  const [first, second] = records;
  if (first === undefined || second === undefined) throw new Error('the sample has too few logon alerts');
  return { records: [first, second], type: String(first.AlarmEventType) };
}

describe('whitelist rules at send time', () => {
  it('two plans made before either runs: executed in turn, every rule is kept', async () => {
    const { records, type } = twoOfOneType();
    const existing = { uuid: 'ALL', field: 'loginUser', operate: 'strEqual', fieldValue: 'deploy' };
    const { emulator, alerts } = await setup({ alerts: records, whitelistRules: { [type]: [existing] } });
    const [first, second] = records.map((record) => String(record.Id));
    const rule = (value: string) =>
      Operations.whitelist({ rules: [{ field: 'loginSourceIp', operate: 'strEqual', value }], scope: 'ALL' });

    const planA = await alerts.plan([{ alertId: first as string, operation: rule('198.51.100.1') }]);
    const planB = await alerts.plan([{ alertId: second as string, operation: rule('198.51.100.2') }]);
    expect((await alerts.execute(planA)).counts.succeeded).toBe(1);
    expect((await alerts.execute(planB)).counts.succeeded).toBe(1);

    expect(emulator.state.whitelistRules(type)).toEqual([
      existing,
      { uuid: 'ALL', field: 'loginSourceIp', operate: 'strEqual', fieldValue: '198.51.100.1' },
      { uuid: 'ALL', field: 'loginSourceIp', operate: 'strEqual', fieldValue: '198.51.100.2' },
    ]);
  });

  it('a rule added in the console after planning is kept', async () => {
    const { records, type } = twoOfOneType();
    const { emulator, alerts } = await setup({ alerts: records });
    const alertId = String(records[0]?.Id);
    const plan = await alerts.plan([
      {
        alertId,
        operation: Operations.whitelist({
          rules: [{ field: 'loginSourceIp', operate: 'strEqual', value: '198.51.100.7' }],
          scope: 'ALL',
        }),
      },
    ]);
    // Meanwhile, someone adds a rule by hand: the service's list now differs from the plan's.
    const console = { uuid: 'ALL', field: 'loginUser', operate: 'strEqual', fieldValue: 'backup' };
    await alerts.client.handleSecurityEvents({
      SecurityEventIds: [String(records[1]?.Id)],
      OperationCode: 'advance_mark_mis_info',
      OperationParams: '{}',
      MarkMissParam: JSON.stringify([console]),
    });

    const audit: unknown[] = [];
    const report = await alerts.execute(plan, {
      onProgress: (progress) => {
        if (progress.phase === 'finished') audit.push(progress.markMissParam);
      },
    });
    expect(report.counts.succeeded).toBe(1);
    const added = { uuid: 'ALL', field: 'loginSourceIp', operate: 'strEqual', fieldValue: '198.51.100.7' };
    expect(emulator.state.whitelistRules(type)).toEqual([console, added]);
    expect(audit).toEqual([JSON.stringify([console, added])]);
  });

  it('whitelisting with scope part twice, for alerts of one machine, sends no duplicate rule', async () => {
    const { records, type } = twoOfOneType();
    const host = String(records[0]?.Uuid);
    const sameHost = records.map((record) => ({ ...record, Uuid: host }));
    const { emulator, alerts } = await setup({ alerts: sameHost });
    const rule = Operations.whitelist({
      rules: [{ field: 'loginSourceIp', operate: 'strEqual', value: '198.51.100.9' }],
      scope: 'part',
    });
    for (const record of sameHost) {
      const report = await alerts.handle([String(record.Id)], rule, { confirm: true });
      expect(report.counts.succeeded).toBe(1);
    }

    const bound = { uuid: host, field: 'loginSourceIp', operate: 'strEqual', fieldValue: '198.51.100.9' };
    expect(emulator.state.whitelistRules(type)).toEqual([bound]);
    const sent = emulator.received.filter((request) => request.action === 'HandleSecurityEvents');
    expect(JSON.parse(sent[1]?.params.MarkMissParam ?? '[]')).toEqual([bound]);
  });
});
