import * as OpenApiModule from '@alicloud/openapi-client';
import * as OpenApiUtilModule from '@alicloud/openapi-util';
import { RuntimeOptions } from '@alicloud/tea-util';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type Emulator,
  type EmulatorOptions,
  type EmulatorWhitelistRule,
  type SuspEventRecord,
  sampleAlerts,
  sampleRisks,
  startEmulator,
} from '../../src/emulator/index.js';
import { ApiError, type HandleSecurityEventsRequest, SasClient, SddpClient } from '../../src/index.js';
import { unwrapDefault } from '../../src/transport/interop.js';

// --- setup -----------------------------------------------------------------------------------------

const ALERTS = sampleAlerts(45, 'state');
const DAY_MS = 86_400_000;

function firstOf(type: string, skip = 0): SuspEventRecord {
  const alert = ALERTS.filter((candidate) => candidate.AlarmEventType === type)[skip];
  if (alert === undefined) throw new Error(`sampleAlerts(45, 'state') has no ${type} alert #${skip}`);
  return alert;
}

const LOGON = firstOf('Unusual Logon');
const LOGON_2 = firstOf('Unusual Logon', 1);
const WEBSHELL = firstOf('Webshell');
const MALWARE = firstOf('Malicious process');
const SHELL = firstOf('Suspicious process');

const emulators: Emulator[] = [];
afterEach(async () => {
  await Promise.all(emulators.splice(0).map((emulator) => emulator.close()));
});

async function setup(options: EmulatorOptions) {
  const emulator = await startEmulator(options);
  emulators.push(emulator);
  const clientOptions = {
    endpoint: emulator.endpoint,
    protocol: emulator.protocol,
    credential: emulator.credentials,
    retry: false,
  } as const;
  return { emulator, sas: new SasClient(clientOptions), sddp: new SddpClient(clientOptions) };
}

async function failure(call: Promise<unknown>): Promise<ApiError> {
  return call.then(
    () => expect.unreachable('the call should have failed'),
    (error: unknown) => {
      expect(error).toBeInstanceOf(ApiError);
      return error as ApiError;
    },
  );
}

const idsOf = (...alerts: SuspEventRecord[]) => alerts.map((alert) => String(alert.Id));

async function handle(
  sas: SasClient,
  alerts: SuspEventRecord[],
  OperationCode: string,
  extra: Partial<HandleSecurityEventsRequest> = {},
): Promise<number> {
  const response = await sas.handleSecurityEvents({
    SecurityEventIds: idsOf(...alerts),
    OperationCode,
    OperationParams: '{}',
    ...extra,
  });
  const taskId = response.HandleSecurityEventsResponse?.TaskId;
  if (taskId === undefined) throw new Error('no TaskId');
  return taskId;
}

async function status(sas: SasClient, TaskId: number, alerts: SuspEventRecord[] = []) {
  const response = await sas.describeSecurityEventOperationStatus({
    TaskId,
    ...(alerts.length > 0 && { SecurityEventIds: idsOf(...alerts) }),
  });
  return response.SecurityEventOperationStatusResponse;
}

async function operations(sas: SasClient, alert: SuspEventRecord) {
  const response = await sas.describeSecurityEventOperations({ SecurityEventId: alert.Id });
  return response.SecurityEventOperationsResponse ?? [];
}

// --- the raw OpenAPI client, for requests the SDK clients refuse to send -----------------------------

interface RawClient {
  callApi(
    params: OpenApiModule.Params,
    request: OpenApiModule.OpenApiRequest,
    runtime: RuntimeOptions,
  ): Promise<{ body: Record<string, unknown> }>;
}

const Client = unwrapDefault<new (config: OpenApiModule.Config) => RawClient>(OpenApiModule);
const Util = unwrapDefault<{ query(filter: Record<string, unknown>): Record<string, string> }>(
  OpenApiUtilModule,
);

async function raw(
  emulator: Emulator,
  action: string,
  query: Record<string, unknown>,
  version = '2018-12-03',
): Promise<{ body: Record<string, unknown> } | { code: string; statusCode: number }> {
  const client = new Client(
    new OpenApiModule.Config({ ...emulator.credentials, endpoint: emulator.endpoint, protocol: 'http' }),
  );
  const params = new OpenApiModule.Params({
    action,
    version,
    protocol: 'HTTPS',
    pathname: '/',
    method: 'POST',
    authType: 'AK',
    style: 'RPC',
    reqBodyType: 'formData',
    bodyType: 'json',
  });
  const request = new OpenApiModule.OpenApiRequest({ query: Util.query(query) });
  try {
    const { body } = await client.callApi(params, request, new RuntimeOptions({}));
    return { body };
  } catch (error) {
    const { code, statusCode } = error as { code: string; statusCode: number };
    return { code, statusCode };
  }
}

// --- DescribeSecurityEventOperations ------------------------------------------------------------------

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

// --- HandleSecurityEvents and DescribeSecurityEventOperationStatus ------------------------------------

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

// --- the advanced whitelist -----------------------------------------------------------------------

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

// --- validation and bookkeeping -----------------------------------------------------------------

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

// --- Data Security Center risks -------------------------------------------------------------------

describe('Sddp risks', () => {
  const RISKS = sampleRisks(25, 'state');

  it('pages DescribeRiskRules by 10 by default and filters on HandleStatus', async () => {
    const { sddp } = await setup({ state: { risks: RISKS } });

    const pages = [];
    for (const CurrentPage of [1, 2, 3]) pages.push(await sddp.describeRiskRules({ CurrentPage }));
    const processed = await sddp.describeRiskRules({ HandleStatus: 'PROCESSED' });
    const bySeven = await sddp.describeRiskRules({
      HandleStatus: 'UNPROCESSED',
      PageSize: 7,
      CurrentPage: 4,
    });

    expect(
      pages.map((page) => [page.CurrentPage, page.PageSize, page.TotalCount, page.Items?.length]),
    ).toEqual([
      [1, 10, 25, 10],
      [2, 10, 25, 10],
      [3, 10, 25, 5],
    ]);
    expect(pages.flatMap((page) => page.Items?.map((item) => item.RiskId))).toEqual(
      RISKS.map((risk) => risk.RiskId),
    );
    expect(pages[0]?.Items?.[0]).toEqual(RISKS[0]);
    expect(processed.TotalCount).toBe(0);
    expect(bySeven.Items?.map((item) => item.RiskId)).toEqual(RISKS.slice(21).map((risk) => risk.RiskId));
  });

  it('answers the { code, data, requestId, success } shape when asked to, which the client reads alike', async () => {
    const { emulator, sddp } = await setup({ state: { risks: RISKS, riskResponseShape: 'wrapped' } });

    const page = await sddp.describeRiskRules({ CurrentPage: 1, PageSize: 5 });
    const wire = await raw(emulator, 'DescribeRiskRules', { PageSize: 5 }, '2019-01-03');

    expect(page.TotalCount).toBe(25);
    expect(page.Items?.map((item) => item.RiskId)).toEqual(RISKS.slice(0, 5).map((risk) => risk.RiskId));
    expect(wire).toEqual({
      body: {
        code: 200,
        data: { TotalCount: 25, PageSize: 5, CurrentPage: 1, Items: RISKS.slice(0, 5) },
        success: true,
        requestId: emulator.received.at(-1)?.requestId,
      },
    });
  });

  it('marks a risk PROCESSED with PreHandleAuditRisk and keeps the handling detail', async () => {
    const { emulator, sddp } = await setup({ state: { risks: RISKS } });
    const target = RISKS[3]?.RiskId ?? 0;
    const HandleContent = JSON.stringify({ HandleMethod: 0, HandleDetail: 'Confirmed as false positive' });

    const answer = await sddp.preHandleAuditRisk({
      RiskId: target,
      HandleInfoList: [{ HandleType: 'Manual', HandleContent }],
    });
    const unprocessed = await sddp.describeRiskRules({ HandleStatus: 'UNPROCESSED', PageSize: 50 });
    const processed = await sddp.describeRiskRules({ HandleStatus: 'PROCESSED' });

    expect(answer).toEqual({ RequestId: expect.any(String), Success: true });
    expect(unprocessed.TotalCount).toBe(24);
    expect(processed.Items?.map((item) => [item.RiskId, item.HandleStatus])).toEqual([[target, 'PROCESSED']]);
    expect(emulator.state.risk(target)).toEqual({
      record: expect.objectContaining({
        RiskId: target,
        HandleStatus: 'PROCESSED',
        HandleMarkTime: expect.any(Number),
      }),
      handlings: [
        {
          handleType: 'Manual',
          handleMethod: 0,
          handleDetail: 'Confirmed as false positive',
          time: expect.any(Number),
        },
      ],
    });
  });

  it('refuses unknown risks and missing or malformed handling instructions', async () => {
    const { emulator, sddp } = await setup({ state: { risks: RISKS } });
    const target = RISKS[0]?.RiskId ?? 0;
    const content = '{"HandleMethod":0,"HandleDetail":"done"}';
    const sddpRaw = (query: Record<string, unknown>) =>
      raw(emulator, 'PreHandleAuditRisk', query, '2019-01-03');

    const unknown = await failure(
      sddp.preHandleAuditRisk({
        RiskId: 1,
        HandleInfoList: [{ HandleType: 'Manual', HandleContent: content }],
      }),
    );
    const wire = [
      await sddpRaw({ RiskId: target }),
      await sddpRaw({ RiskId: target, HandleInfoList: [{ HandleType: 'Manual' }] }),
      await sddpRaw({
        RiskId: target,
        HandleInfoList: [{ HandleType: 'Manual', HandleContent: 'not json' }],
      }),
      await sddpRaw({
        RiskId: target,
        HandleInfoList: [{ HandleType: 'Manual', HandleContent: '{"HandleMethod":0}' }],
      }),
      await sddpRaw({ RiskId: target, HandleInfoList: [{ HandleType: 'Auto', HandleContent: content }] }),
      await sddpRaw({ HandleInfoList: [{ HandleType: 'Manual', HandleContent: content }] }),
    ];

    expect([unknown.code, unknown.statusCode]).toEqual(['InvalidParameter', 400]);
    expect(wire.map((answer) => ('code' in answer ? answer.code : 'answered'))).toEqual([
      'MissingParameter',
      'MissingParameter',
      'InvalidParameter',
      'InvalidParameter',
      'InvalidParameter',
      'MissingParameter',
    ]);
    expect(emulator.state.risks()).toEqual(RISKS);
  });
});

// --- options, determinism ---------------------------------------------------------------------------

describe('the model', () => {
  it('is the same for the same seed: RequestIds, TaskIds and answers repeat', async () => {
    const run = async (seed: string) => {
      const { emulator, sas } = await setup({ seed, alerts: ALERTS, state: { taskPolls: 1 } });
      const taskId = await handle(sas, [WEBSHELL, SHELL], 'manual_handled');
      await status(sas, taskId);
      const final = await status(sas, taskId);
      return {
        taskId,
        final,
        tasks: emulator.state.tasks(),
        ids: emulator.received.map((entry) => entry.requestId),
      };
    };

    const first = await run('seed-a');
    const again = await run('seed-a');
    const other = await run('seed-b');

    expect(again).toEqual(first);
    expect(first.taskId).toBeGreaterThanOrEqual(20_000_000);
    expect(other.taskId).not.toBe(first.taskId);
    expect(other.ids).not.toEqual(first.ids);
  });

  it('serves only the products it has data for', async () => {
    const { emulator, sddp, sas } = await setup({ alerts: ALERTS });
    const risksOnly = await setup({ state: { risks: sampleRisks(2) } });

    const risks = await failure(sddp.describeRiskRules({}));
    const alerts = await failure(risksOnly.sas.describeSuspEvents({}));

    expect([risks.code, alerts.code]).toEqual(['Emulator.UnexpectedRequest', 'Emulator.UnexpectedRequest']);
    expect((await sas.describeSuspEvents({})).TotalCount).toBe(45);
    expect(emulator.state.risks()).toEqual([]);
  });

  it('refuses alerts given twice and a taskPolls that is not a count', async () => {
    await expect(startEmulator({ alerts: ALERTS, state: { alerts: ALERTS } })).rejects.toThrow(TypeError);
    await expect(startEmulator({ state: { alerts: ALERTS, taskPolls: -1 } })).rejects.toThrow(RangeError);
    await expect(startEmulator({ state: { alerts: ALERTS, taskPolls: 1.5 } })).rejects.toThrow(RangeError);
  });
});
