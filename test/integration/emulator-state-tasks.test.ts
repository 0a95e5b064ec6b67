import { describe, expect, it } from 'vitest';
import { ALERTS, DAY_MS, LOGON, LOGON_2, MALWARE, SHELL, WEBSHELL } from '../support/state-alerts.js';
import { handle, idsOf, status, useStateEmulator } from '../support/state-emulator.js';

const setup = useStateEmulator();

describe('handling tasks', () => {
  it('answers Processing to the first taskPolls queries, then Success, and updates the events once', async () => {
    const { emulator, sas } = await setup({ alerts: ALERTS, state: { taskPolls: 2 } });

    const taskId = await handle(sas, [LOGON, WEBSHELL], 'ignore');
    const handling = emulator.state.alert(LOGON.Id)?.EventStatus;
    const answers = [];
    for (let poll = 0; poll < 4; poll++) answers.push(await status(sas, taskId, [LOGON, WEBSHELL]));

    expect(handling).toBe(16);
    expect(answers.map((answer) => answer?.TaskStatus)).toEqual([
      'Processing',
      'Processing',
      'Success',
      'Success',
    ]);
    expect(answers[0]?.SecurityEventOperationStatuses).toEqual([
      { SecurityEventId: String(LOGON.Id), Status: 'Processing', ErrorCode: '' },
      { SecurityEventId: String(WEBSHELL.Id), Status: 'Processing', ErrorCode: '' },
    ]);
    expect(answers[2]?.SecurityEventOperationStatuses).toEqual([
      { SecurityEventId: String(LOGON.Id), Status: 'Success', ErrorCode: 'ignore.Success' },
      { SecurityEventId: String(WEBSHELL.Id), Status: 'Success', ErrorCode: 'ignore.Success' },
    ]);
    expect(emulator.state.alert(LOGON.Id)).toMatchObject({
      EventStatus: 2,
      OperateErrorCode: 'ignore.Success',
    });
    expect(emulator.state.tasks()).toEqual([
      expect.objectContaining({ taskId, operationCode: 'ignore', polls: 4, taskStatus: 'Success' }),
    ]);
    expect([emulator.state.handledCount(LOGON.Id), emulator.state.handledCount(WEBSHELL.Id)]).toEqual([1, 1]);
  });

  it('filters the statuses to the events asked for, and finds the newest task of events given alone', async () => {
    const { sas } = await setup({ alerts: ALERTS, state: { taskPolls: 0 } });

    const first = await handle(sas, [LOGON, WEBSHELL], 'ignore');
    const second = await handle(sas, [LOGON], 'manual_handled');
    const filtered = await status(sas, first, [WEBSHELL]);
    const byEvents = await sas.describeSecurityEventOperationStatus({
      SecurityEventIds: idsOf(LOGON, WEBSHELL),
    });

    expect(second).toBe(first + 1);
    expect(filtered?.SecurityEventOperationStatuses).toEqual([
      { SecurityEventId: String(WEBSHELL.Id), Status: 'Success', ErrorCode: 'ignore.Success' },
    ]);
    expect(byEvents.SecurityEventOperationStatusResponse?.SecurityEventOperationStatuses).toEqual([
      { SecurityEventId: String(LOGON.Id), Status: 'Success', ErrorCode: 'manual_handled.Success' },
      { SecurityEventId: String(WEBSHELL.Id), Status: 'Success', ErrorCode: 'ignore.Success' },
    ]);
  });

  it('fails events on an offline host with <op>.AgentOffline, and the task with Failure', async () => {
    const { emulator, sas } = await setup({
      alerts: ALERTS,
      state: { hosts: [{ uuid: String(LOGON.Uuid), online: false }], taskPolls: 0 },
    });
    const OperationParams = JSON.stringify({ expireTime: Date.now() + DAY_MS });

    const blocked = await status(sas, await handle(sas, [LOGON, LOGON_2], 'block_ip', { OperationParams }));
    const ignored = await status(sas, await handle(sas, [LOGON], 'ignore'));

    expect(blocked).toEqual({
      TaskStatus: 'Failure',
      SecurityEventOperationStatuses: [
        { SecurityEventId: String(LOGON.Id), Status: 'Failed', ErrorCode: 'block_ip.AgentOffline' },
        { SecurityEventId: String(LOGON_2.Id), Status: 'Success', ErrorCode: 'block_ip.Success' },
      ],
    });
    expect(emulator.state.alert(LOGON_2.Id)?.EventStatus).toBe(32);
    // Ignoring needs no agent: it is done on the service side.
    expect(ignored?.TaskStatus).toBe('Success');
    expect(emulator.state.alert(LOGON.Id)).toMatchObject({
      EventStatus: 2,
      OperateErrorCode: 'ignore.Success',
    });
  });

  it('puts an event whose handling failed back to pending', async () => {
    const { emulator, sas } = await setup({
      alerts: ALERTS,
      state: { hosts: [{ uuid: String(WEBSHELL.Uuid), online: false }], taskPolls: 0 },
    });

    await status(sas, await handle(sas, [WEBSHELL], 'quara'));

    expect(emulator.state.alert(WEBSHELL.Id)).toMatchObject({
      EventStatus: 1,
      OperateErrorCode: 'quara.AgentOffline',
      OperateMsg: 'failed',
    });
  });

  it('fails kills of a vanished process with <op>.ProcessNotExist, while quarantine still works', async () => {
    const { sas } = await setup({
      alerts: ALERTS,
      state: { goneProcesses: [MALWARE.Id, SHELL.Id], taskPolls: 0 },
    });
    const kill = JSON.stringify({ subOperation: 'killAndQuaraFileByMd5andPath' });

    const killed = await status(
      sas,
      await handle(sas, [MALWARE], 'kill_and_quara', { OperationParams: kill }),
    );
    const shell = await status(sas, await handle(sas, [SHELL], 'kill_process'));
    const quarantined = await status(
      sas,
      await handle(sas, [MALWARE], 'virus_quara', {
        OperationParams: '{"subOperation":"quaraFileByMd5andPath"}',
      }),
    );

    expect(killed?.TaskStatus).toBe('Failure');
    expect(killed?.SecurityEventOperationStatuses?.[0]?.ErrorCode).toBe('kill_and_quara.ProcessNotExist');
    expect(shell?.SecurityEventOperationStatuses?.[0]).toMatchObject({
      Status: 'Failed',
      ErrorCode: 'kill_process.ProcessNotExist',
    });
    expect(quarantined?.SecurityEventOperationStatuses?.[0]?.ErrorCode).toBe('virus_quara.Success');
  });

  it('keeps a task Processing for ever with taskPolls Infinity, or only the events that never finish', async () => {
    const forever = await setup({ alerts: ALERTS, state: { taskPolls: Number.POSITIVE_INFINITY } });
    const stuck = await setup({
      alerts: ALERTS,
      state: { taskPolls: 0, neverFinish: { alertIds: [LOGON.Id] } },
    });

    const foreverTask = await handle(forever.sas, [LOGON], 'ignore');
    const foreverAnswers = [];
    for (let poll = 0; poll < 10; poll++)
      foreverAnswers.push((await status(forever.sas, foreverTask))?.TaskStatus);
    const stuckTask = await handle(stuck.sas, [LOGON, WEBSHELL], 'ignore');
    const partial = await status(stuck.sas, stuckTask);
    const again = await status(stuck.sas, stuckTask);

    expect(new Set(foreverAnswers)).toEqual(new Set(['Processing']));
    expect(forever.emulator.state.alert(LOGON.Id)?.EventStatus).toBe(16);
    expect(partial).toEqual({
      TaskStatus: 'Processing',
      SecurityEventOperationStatuses: [
        { SecurityEventId: String(LOGON.Id), Status: 'Processing', ErrorCode: '' },
        { SecurityEventId: String(WEBSHELL.Id), Status: 'Success', ErrorCode: 'ignore.Success' },
      ],
    });
    expect(again?.TaskStatus).toBe('Processing');
    expect(stuck.emulator.state.alert(LOGON.Id)?.EventStatus).toBe(16);
    expect(stuck.emulator.state.alert(WEBSHELL.Id)?.EventStatus).toBe(2);
  });

  it('shows the status each operation leads to in DescribeSuspEvents: Dealed N shrinks, Status finds them', async () => {
    const { sas } = await setup({ alerts: ALERTS, state: { taskPolls: 0 } });
    const list = async (request: { Dealed?: 'N' | 'Y'; Status?: string }) =>
      (await sas.describeSuspEvents({ PageSize: '100', ...request })).SuspEvents?.map((event) => event.Id);
    const markMissParam = JSON.stringify([
      { uuid: 'ALL', field: 'filePath', operate: 'strEqual', fieldValue: '/var/www' },
    ]);

    const pendingBefore = await list({ Dealed: 'N' });
    const tasks = [
      await handle(sas, [LOGON], 'ignore'),
      await handle(sas, [WEBSHELL], 'advance_mark_mis_info', { MarkMissParam: markMissParam }),
      await handle(sas, [SHELL], 'manual_handled'),
    ];
    const whileHandling = await list({ Status: '16' });
    for (const taskId of tasks) await status(sas, taskId);

    expect(pendingBefore).toHaveLength(45);
    expect(whileHandling).toEqual([LOGON.Id, WEBSHELL.Id, SHELL.Id].sort((a, b) => b - a));
    expect(await list({ Dealed: 'N' })).toHaveLength(42);
    expect(await list({ Dealed: 'Y' })).toHaveLength(3);
    expect(await list({ Status: '2' })).toEqual([LOGON.Id]);
    expect(await list({ Status: '8' })).toEqual([WEBSHELL.Id]);
    expect(await list({ Status: '32' })).toEqual([SHELL.Id]);
  });
});
