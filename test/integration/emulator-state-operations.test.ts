import { describe, expect, it } from 'vitest';
import type { EmulatorWhitelistRule, SuspEventRecord } from '../../src/emulator/index.js';
import { ALERTS, DAY_MS, LOGON, MALWARE, SHELL, WEBSHELL } from '../support/state-alerts.js';
import { failure, handle, operations, raw, useStateEmulator } from '../support/state-emulator.js';

const setup = useStateEmulator();

describe('DescribeSecurityEventOperations', () => {
  it('offers the operations of the alert type, all allowed, with pre-filled OperationParams', async () => {
    const { sas } = await setup({ alerts: ALERTS });
    const before = Date.now();

    const codes = async (alert: SuspEventRecord) =>
      (await operations(sas, alert)).map((op) => [op.OperationCode, op.UserCanOperate]);
    const logon = await operations(sas, LOGON);
    const malware = await operations(sas, MALWARE);

    expect(await codes(LOGON)).toEqual([
      ['block_ip', true],
      ['advance_mark_mis_info', true],
      ['ignore', true],
      ['manual_handled', true],
    ]);
    expect(await codes(WEBSHELL)).toEqual([
      ['quara', true],
      ['advance_mark_mis_info', true],
      ['ignore', true],
      ['manual_handled', true],
    ]);
    expect((await codes(MALWARE)).map(([code]) => code)).toEqual([
      'kill_and_quara',
      'virus_quara',
      'advance_mark_mis_info',
      'ignore',
      'manual_handled',
      'defense_mark_mis_info',
      'client_problem_check',
    ]);
    expect((await codes(SHELL)).map(([code]) => code)).toEqual([
      'kill_process',
      'advance_mark_mis_info',
      'ignore',
      'manual_handled',
      'client_problem_check',
    ]);
    const expireTime = JSON.parse(logon[0]?.OperationParams ?? '{}').expireTime as number;
    expect(expireTime).toBeGreaterThanOrEqual(before + 7 * DAY_MS);
    expect(expireTime).toBeLessThanOrEqual(Date.now() + 7 * DAY_MS);
    expect(malware[0]?.OperationParams).toBe('{"subOperation":"killAndQuaraFileByMd5andPath"}');
    expect(malware[1]?.OperationParams).toBe('{"subOperation":"quaraFileByMd5andPath"}');
    expect(malware[3]?.OperationParams).toBe('{}');
    expect(
      malware.filter((op) => (op.MappingMarkFields ?? []).length > 0).map((op) => op.OperationCode),
    ).toEqual(['defense_mark_mis_info']);
  });

  it('asks for the fields of a precise-defense rule (MappingMarkFields) with defense_mark_mis_info', async () => {
    const { sas } = await setup({ alerts: ALERTS });

    const defense = (await operations(sas, MALWARE)).find(
      (op) => op.OperationCode === 'defense_mark_mis_info',
    );
    const details = MALWARE.Details as { NameDisplay: string; Value: string }[];
    const pid = String(1_000 + (MALWARE.Id % 30_000));

    expect(defense?.MappingMarkFields).toEqual([
      {
        Name: 'pid',
        ShowName: 'Process ID',
        Value: pid,
        ShowValue: pid,
        FillType: 'SYSTEM',
        Required: true,
        MinLength: 1,
        MaxLength: 32,
        Description: 'ID of the process the defense stopped',
      },
      expect.objectContaining({
        Name: 'processPath',
        Value: details.find((detail) => detail.NameDisplay === 'Process path')?.Value,
        FillType: 'CUSTOM',
        Required: false,
      }),
    ]);
  });

  it("offers the alert's own values as whitelist fields, and its type's rules in place as MarkField", async () => {
    const existing: EmulatorWhitelistRule = {
      uuid: 'ALL',
      field: 'loginUser',
      operate: 'strEqual',
      fieldValue: 'deploy',
    };
    const { sas } = await setup({
      alerts: ALERTS,
      state: { whitelistRules: { 'Unusual Logon': [existing] } },
    });

    const logon = await operations(sas, LOGON);
    const whitelist = logon.find((op) => op.OperationCode === 'advance_mark_mis_info');
    const shell = (await operations(sas, SHELL)).find((op) => op.OperationCode === 'advance_mark_mis_info');

    expect(whitelist?.MarkFieldsSource).toEqual([
      {
        FiledName: 'loginSourceIp',
        FiledAliasName: 'Login source IP',
        MarkMisValue: expect.stringMatching(/^198\.51\.100\.\d+$/),
        SupportedMisType: ['strEqual', 'strNotEqual', 'inIpSegment'],
      },
      {
        FiledName: 'loginUser',
        FiledAliasName: 'Login user',
        MarkMisValue: expect.any(String),
        SupportedMisType: ['strEqual', 'strNotEqual', 'contains', 'notContains', 'regex'],
      },
    ]);
    expect(whitelist?.MarkField).toEqual([
      {
        FiledName: 'loginUser',
        FiledAliasName: 'Login user',
        MarkMisType: 'strEqual',
        MarkMisValue: 'deploy',
        SupportedMisType: ['strEqual', 'strNotEqual', 'contains', 'notContains', 'regex'],
        Uuid: 'ALL',
      },
    ]);
    expect(logon.find((op) => op.OperationCode === 'block_ip')?.MarkField).toEqual([]);
    expect(shell?.MarkFieldsSource?.map((field) => [field.FiledName, field.MarkMisValue])).toEqual([
      ['cmdline', expect.stringMatching(/^(bash|wget) /)],
      ['processPath', expect.stringMatching(/^\/usr\/bin\//)],
    ]);
    expect(shell?.MarkField).toEqual([]);
  });

  it('reports UserCanOperate false for per-alert overrides and denied codes, and refuses to run them', async () => {
    const { emulator, sas } = await setup({
      alerts: ALERTS,
      state: {
        operations: { [LOGON.Id]: [{ code: 'block_ip', userCanOperate: false }, { code: 'ignore' }] },
        deniedOperations: ['quara'],
      },
    });
    const expireTime = Date.now() + DAY_MS;

    const logon = await operations(sas, LOGON);
    const webshell = await operations(sas, WEBSHELL);
    const denied = await failure(
      handle(sas, [LOGON], 'block_ip', { OperationParams: JSON.stringify({ expireTime }) }),
    );
    const notOffered = await failure(handle(sas, [WEBSHELL], 'kill_process'));
    const consoleOnly = await failure(handle(sas, [MALWARE], 'client_problem_check'));

    expect(logon.map((op) => [op.OperationCode, op.UserCanOperate])).toEqual([
      ['block_ip', false],
      ['ignore', true],
    ]);
    expect(webshell.find((op) => op.OperationCode === 'quara')?.UserCanOperate).toBe(false);
    expect(webshell.find((op) => op.OperationCode === 'ignore')?.UserCanOperate).toBe(true);
    expect([denied.code, denied.statusCode]).toEqual(['NoPermission', 400]);
    expect([notOffered.code, consoleOnly.code]).toEqual(['OperationNotSupported', 'OperationNotSupported']);
    expect(emulator.state.handleLog()).toEqual([]);
    expect(emulator.state.alert(LOGON.Id)?.EventStatus).toBe(1);
  });

  it('answers SecurityEventNotExists for an unknown event and MissingSecurityEventId without one', async () => {
    const { emulator, sas } = await setup({ alerts: ALERTS });

    const unknown = await failure(sas.describeSecurityEventOperations({ SecurityEventId: 1 }));
    const missing = await raw(emulator, 'DescribeSecurityEventOperations', {});

    expect([unknown.code, unknown.statusCode, unknown.serviceMessage]).toEqual([
      'SecurityEventNotExists',
      400,
      'Security event not exists.',
    ]);
    expect(missing).toEqual({ code: 'MissingSecurityEventId', statusCode: 400 });
  });
});
