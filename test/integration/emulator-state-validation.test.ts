import { describe, expect, it } from 'vitest';
import { ALERTS, LOGON, MALWARE, SHELL, WEBSHELL } from '../support/state-alerts.js';
import { failure, handle, idsOf, raw, useStateEmulator } from '../support/state-emulator.js';

const setup = useStateEmulator();

describe('HandleSecurityEvents validation', () => {
  it('refuses what the service refuses, and refused requests change nothing', async () => {
    const { emulator, sas } = await setup({ alerts: ALERTS });
    const past = JSON.stringify({ expireTime: Date.now() - 1000 });

    const refusals = [
      await failure(handle(sas, [LOGON], 'no_such_operation')),
      await failure(handle(sas, [LOGON], 'block_ip', { OperationParams: past })),
      await failure(handle(sas, [LOGON], 'block_ip', { OperationParams: '{}' })),
      await failure(handle(sas, [MALWARE], 'kill_and_quara', { OperationParams: '{}' })),
      await failure(handle(sas, [LOGON], 'advance_mark_mis_info', { MarkMissParam: '{"uuid":"ALL"}' })),
      await failure(sas.handleSecurityEvents({ SecurityEventIds: ['1'], OperationCode: 'ignore' })),
    ];
    const wire = [
      await raw(emulator, 'HandleSecurityEvents', {
        SecurityEventIds: idsOf(LOGON),
        OperationCode: 'ignore',
        OperationParams: 'x',
      }),
      await raw(emulator, 'HandleSecurityEvents', {
        SecurityEventIds: idsOf(LOGON),
        OperationCode: 'advance_mark_mis_info',
        MarkMissParam: '[{"uuid":',
      }),
      await raw(emulator, 'HandleSecurityEvents', { OperationCode: 'ignore' }),
      await raw(emulator, 'HandleSecurityEvents', {
        SecurityEventIds: Array.from({ length: 101 }, (_, index) => String(LOGON.Id + index)),
        OperationCode: 'ignore',
      }),
    ];

    expect(refusals.map((error) => [error.code, error.statusCode])).toEqual([
      ['IllegalParam', 400],
      ['IllegalParam', 400],
      ['IllegalParam', 400],
      ['IllegalParam', 400],
      ['IllegalParam', 400],
      ['SecurityEventNotExists', 400],
    ]);
    expect(wire).toEqual(Array.from({ length: 4 }, () => ({ code: 'IllegalParam', statusCode: 400 })));
    expect(emulator.state.handleLog()).toEqual([]);
    expect(emulator.state.tasks()).toEqual([]);
    expect(emulator.state.alerts()).toEqual(ALERTS);
  });

  it('refuses status queries naming no task or an unknown one', async () => {
    const { emulator, sas } = await setup({ alerts: ALERTS });

    const unknown = await failure(sas.describeSecurityEventOperationStatus({ TaskId: 1 }));
    const unhandled = await failure(
      sas.describeSecurityEventOperationStatus({ SecurityEventIds: idsOf(LOGON) }),
    );
    const neither = await raw(emulator, 'DescribeSecurityEventOperationStatus', {});

    expect([unknown.code, unknown.statusCode, unknown.serviceMessage]).toEqual([
      'OperationTaskNotExists',
      400,
      'The specified operation task does not exist',
    ]);
    expect(unhandled.code).toBe('OperationTaskNotExists');
    expect(neither).toEqual({ code: 'IllegalParam', statusCode: 400 });
  });

  it('counts how often each event was handled, so "exactly once" can be proved', async () => {
    const { emulator, sas } = await setup({ alerts: ALERTS });

    const first = await handle(sas, [LOGON, WEBSHELL, LOGON], 'ignore');
    const second = await handle(sas, [LOGON], 'manual_handled', { OperationParams: '{"note":1}' });

    expect(emulator.state.handledCount(LOGON.Id)).toBe(2);
    expect(emulator.state.handledCount(String(WEBSHELL.Id))).toBe(1);
    expect(emulator.state.handledCount(SHELL.Id)).toBe(0);
    expect(emulator.state.handleLog()).toEqual([
      {
        taskId: first,
        operationCode: 'ignore',
        operationParams: {},
        securityEventIds: [LOGON.Id, WEBSHELL.Id],
      },
      {
        taskId: second,
        operationCode: 'manual_handled',
        operationParams: { note: 1 },
        securityEventIds: [LOGON.Id],
      },
    ]);
    expect(emulator.count('HandleSecurityEvents')).toBe(2);
  });
});
