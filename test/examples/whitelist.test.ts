import { describe, expect, it } from 'vitest';
import type { EmulatorWhitelistRule } from '../../src/emulator/index.js';
import { emulatorWith, runExample, SAMPLE } from '../support/run-example.js';

// 7009633 is an Unusual Logon alert: login source IP 198.51.100.23, login user root.
const EXISTING: EmulatorWhitelistRule = {
  uuid: 'ALL',
  field: 'loginUser',
  operate: 'strEqual',
  fieldValue: 'deploy',
};
const state = { alerts: SAMPLE, whitelistRules: { 'Unusual Logon': [EXISTING] } };

describe('examples/whitelist.ts', () => {
  it('with the alert ID alone, shows the rules in place and the whitelistable fields', async () => {
    const emulator = await emulatorWith(state);
    const { code, stdout } = await runExample(emulator, 'whitelist', ['7009633']);

    expect(code).toBe(0);
    expect(stdout).toContain(
      'Whitelist rules in place for this alert type:\n  loginUser strEqual "deploy" on ALL\n',
    );
    expect(stdout).toContain(
      '  loginSourceIp (Login source IP) = "198.51.100.23", operators: strEqual, strNotEqual, inIpSegment\n',
    );
    expect(emulator.count('HandleSecurityEvents')).toBe(0);
  });

  it('without --yes prints the plan with existing and new rules in MarkMissParam, and changes nothing', async () => {
    const emulator = await emulatorWith(state);
    const { code, stdout } = await runExample(emulator, 'whitelist', [
      '7009633',
      'loginSourceIp',
      '198.51.100.23',
    ]);

    expect(code).toBe(0);
    expect(stdout).toContain(
      `    MarkMissParam: ${JSON.stringify([
        EXISTING,
        { uuid: 'part', field: 'loginSourceIp', operate: 'strEqual', fieldValue: '198.51.100.23' },
      ])}`,
    );
    expect(stdout).toContain('Dry run: nothing was changed.');
    expect(emulator.count('HandleSecurityEvents')).toBe(0);
    expect(emulator.state.whitelistRules('Unusual Logon')).toEqual([EXISTING]);
  });

  it('with --yes sends the merged rules, keeping the existing one', async () => {
    const emulator = await emulatorWith(state);
    const added = {
      uuid: 'ALL',
      field: 'loginSourceIp',
      operate: 'inIpSegment',
      fieldValue: '198.51.100.0/24',
    };
    const { code, stdout } = await runExample(emulator, 'whitelist', [
      '7009633',
      'loginSourceIp',
      '198.51.100.0/24',
      '--operate',
      'inIpSegment',
      '--scope',
      'ALL',
      '--yes',
    ]);

    expect(code).toBe(0);
    expect(stdout).toContain('[Alert 7009633] Advanced Whitelist - Success');
    expect(emulator.state.handleLog()).toMatchObject([
      {
        operationCode: 'advance_mark_mis_info',
        securityEventIds: [7009633],
        markMissParam: [EXISTING, added],
      },
    ]);
    expect(emulator.state.whitelistRules('Unusual Logon')).toEqual([EXISTING, added]);
  });

  it('rejects a field the alert does not offer before sending anything', async () => {
    const emulator = await emulatorWith(state);
    const { code, stderr } = await runExample(emulator, 'whitelist', ['7009633', 'md5', 'abc', '--yes']);

    expect(code).toBe(2);
    expect(stderr).toContain(
      "'md5' is not a whitelist field of this alert; use one of: loginSourceIp, loginUser",
    );
    expect(emulator.count('HandleSecurityEvents')).toBe(0);
    expect(emulator.state.whitelistRules('Unusual Logon')).toEqual([EXISTING]);
  });
});
