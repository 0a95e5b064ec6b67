import { describe, expect, it } from 'vitest';
import type { EmulatorWhitelistRule, SuspEventRecord } from '../../src/emulator/index.js';
import { ALERTS, LOGON, LOGON_2 } from '../support/state-alerts.js';
import { handle, operations, useStateEmulator } from '../support/state-emulator.js';

const setup = useStateEmulator();

describe('advance_mark_mis_info', () => {
  const ip = (fieldValue: string): EmulatorWhitelistRule => ({
    uuid: 'ALL',
    field: 'loginSourceIp',
    operate: 'strEqual',
    fieldValue,
  });

  it("replaces the alert type's rules wholesale: a request without the existing rules drops them", async () => {
    const initial = ip('198.51.100.1');
    const { emulator, sas } = await setup({
      alerts: ALERTS,
      state: { whitelistRules: { 'Unusual Logon': [initial], Webshell: [ip('192.0.2.1')] } },
    });
    const whitelist = (rules: EmulatorWhitelistRule[]) =>
      handle(sas, [LOGON], 'advance_mark_mis_info', { MarkMissParam: JSON.stringify(rules) });
    const markFieldOf = async (alert: SuspEventRecord) =>
      (await operations(sas, alert))
        .find((op) => op.OperationCode === 'advance_mark_mis_info')
        ?.MarkField?.map((field) => field.MarkMisValue);

    await whitelist([initial, ip('198.51.100.2')]);
    const merged = emulator.state.whitelistRules('Unusual Logon');
    const seenByAnother = await markFieldOf(LOGON_2);
    await whitelist([ip('198.51.100.3')]);

    expect(merged).toEqual([initial, ip('198.51.100.2')]);
    expect(seenByAnother).toEqual(['198.51.100.1', '198.51.100.2']);
    expect(emulator.state.whitelistRules('Unusual Logon')).toEqual([ip('198.51.100.3')]);
    expect(await markFieldOf(LOGON_2)).toEqual(['198.51.100.3']);
    expect(emulator.state.whitelistHistory('Unusual Logon')).toEqual([
      [initial],
      [initial, ip('198.51.100.2')],
      [ip('198.51.100.3')],
    ]);
    expect(emulator.state.whitelistRules('Webshell')).toEqual([ip('192.0.2.1')]);
    expect(emulator.state.handleLog().map((entry) => entry.markMissParam)).toEqual([
      [initial, ip('198.51.100.2')],
      [ip('198.51.100.3')],
    ]);
  });

  it('binds a rule scoped part to the host of the alert, and leaves the rules alone without MarkMissParam', async () => {
    const { emulator, sas } = await setup({ alerts: ALERTS });
    const part = { uuid: 'part', field: 'loginUser', operate: 'contains', fieldValue: 'ops' };

    await handle(sas, [LOGON], 'advance_mark_mis_info', { MarkMissParam: JSON.stringify([part]) });
    await handle(sas, [LOGON_2], 'advance_mark_mis_info');

    expect(emulator.state.whitelistRules('Unusual Logon')).toEqual([{ ...part, uuid: LOGON.Uuid }]);
    expect(emulator.state.whitelistHistory('Unusual Logon')).toHaveLength(2);
  });
});
