import { describe, expect, it } from 'vitest';
import { completeReply } from '../../src/emulator/http/complete-reply.js';
import { AlertStore } from '../../src/emulator/state/alert-store.js';
import type { Checked } from '../../src/emulator/state/checked.js';
import { readHandleRequest } from '../../src/emulator/state/handling/handle-request.js';
import { readMarkMissParam } from '../../src/emulator/state/handling/mark-miss-param.js';
import { eventResult, statusAfterSuccess } from '../../src/emulator/state/handling/operation-effects.js';
import { readOperationParams } from '../../src/emulator/state/handling/operation-params.js';
import { replaceWhitelists } from '../../src/emulator/state/handling/replace-whitelists.js';
import { finalStatus, TaskStore } from '../../src/emulator/state/handling/task-store.js';
import { WhitelistStore } from '../../src/emulator/state/handling/whitelist-store.js';
import { DEFAULT_OPERATIONS_BY_ALERT_TYPE } from '../../src/emulator/state/operations/catalog.js';
import {
  markFieldsSource,
  WHITELIST_FIELDS_BY_ALERT_TYPE,
} from '../../src/emulator/state/operations/mark-fields.js';
import { OperationTable } from '../../src/emulator/state/operations/operation-table.js';
import { sampleRisks } from '../../src/emulator/state/risks/sample-risks.js';
import { sampleAlerts } from '../../src/emulator/state/sample-alerts.js';
import type { SuspEventRecord } from '../../src/emulator/state/susp-event.js';
import { repeatList } from '../../src/emulator/state/wire-params.js';

const NOW = Date.UTC(2026, 0, 15);
const code = (checked: Checked<unknown>) =>
  checked.ok ? 'ok' : (checked.reply.body as { Code: string }).Code;

describe('sample data', () => {
  it('gives every sample alert a host and a value for each whitelist field of its type', () => {
    const alerts = sampleAlerts(60, 'fields');

    for (const alert of alerts) {
      const fields = WHITELIST_FIELDS_BY_ALERT_TYPE[alert.AlarmEventType ?? ''] ?? [];
      expect(alert.Uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(markFieldsSource(alert).map((field) => field.FiledName)).toEqual(
        fields.map((field) => field.name),
      );
      expect(DEFAULT_OPERATIONS_BY_ALERT_TYPE[alert.AlarmEventType ?? '']).toBeDefined();
    }
  });

  it('samples risk events deterministically, all unprocessed, newest first, with unique IDs', () => {
    const risks = sampleRisks(40, 'a');

    expect(sampleRisks(40, 'a')).toEqual(risks);
    expect(sampleRisks(40, 'b')).not.toEqual(risks);
    expect(new Set(risks.map((risk) => risk.RiskId)).size).toBe(40);
    expect(new Set(risks.map((risk) => risk.WarnLevelName))).toEqual(
      new Set(['High Risk', 'Medium Risk', 'Low Risk']),
    );
    for (const risk of risks) {
      expect(risk).toMatchObject({ HandleStatus: 'UNPROCESSED', HandleMarkTime: 0, AlarmSource: 'DSC' });
      expect(risk.FirstAlarmTime).toBeLessThanOrEqual(risk.LastAlarmTime ?? 0);
    }
    const times = risks.map((risk) => risk.LastAlarmTime ?? 0);
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });
});

describe('OperationTable', () => {
  const [alert] = sampleAlerts(1, 'table') as [SuspEventRecord];

  it("offers an event's own operations instead of its type's, and denies codes everywhere", () => {
    const table = new OperationTable({ [alert.Id]: [{ code: 'ignore' }, { code: 'quara' }] }, ['quara']);

    expect(table.offeredFor(alert)).toEqual([
      { code: 'ignore', userCanOperate: true },
      { code: 'quara', userCanOperate: false },
    ]);
    expect(new OperationTable().offeredFor({ Id: 1, Level: 'remind', EventStatus: 1 })).toEqual([
      { code: 'advance_mark_mis_info', userCanOperate: true },
      { code: 'ignore', userCanOperate: true },
      { code: 'manual_handled', userCanOperate: true },
    ]);
  });
});

describe('reading HandleSecurityEvents', () => {
  it('keeps each event once, in order, and parses the JSON parameters', () => {
    const read = readHandleRequest(
      {
        'SecurityEventIds.2': '7',
        'SecurityEventIds.1': '9',
        'SecurityEventIds.3': '9',
        OperationCode: 'advance_mark_mis_info',
        MarkMissParam: '[{"uuid":"ALL","field":"md5","operate":"strEqual","fieldValue":"ab"}]',
      },
      NOW,
    );

    expect(read).toEqual({
      ok: true,
      value: {
        securityEventIds: [9, 7],
        operationCode: 'advance_mark_mis_info',
        operationParams: {},
        markMissParam: [{ uuid: 'ALL', field: 'md5', operate: 'strEqual', fieldValue: 'ab' }],
      },
    });
  });

  it('refuses non-numeric IDs and operation parameters unfit for the operation', () => {
    const read = (params: Record<string, string>) =>
      code(readHandleRequest({ 'SecurityEventIds.1': '1', OperationCode: 'ignore', ...params }, NOW));

    expect(read({ 'SecurityEventIds.1': 'abc' })).toBe('IllegalParam');
    expect(read({ OperationParams: '[]' })).toBe('IllegalParam');
    expect(read({ OperationParams: 'null' })).toBe('IllegalParam');
    expect(read({ OperationParams: '' })).toBe('ok');
    expect(read({ OperationCode: 'block_ip', OperationParams: `{"expireTime":"${NOW + 1000}"}` })).toBe(
      'IllegalParam',
    );
    expect(read({ OperationCode: 'block_ip', OperationParams: `{"expireTime":${NOW + 1000}}` })).toBe('ok');
    expect(read({ OperationCode: 'virus_quara_bin' })).toBe('IllegalParam');
    expect(
      read({ OperationCode: 'kill_and_quara', OperationParams: '{"subOperation":"killByMd5andPath"}' }),
    ).toBe('ok');
  });

  it('reads MarkMissParam as whole rules with a known operator', () => {
    expect(readMarkMissParam(undefined)).toEqual({ ok: true, value: undefined });
    expect(readMarkMissParam('[]')).toEqual({ ok: true, value: [] });
    expect(code(readMarkMissParam('[{"uuid":"ALL","field":"md5","operate":"like","fieldValue":"x"}]'))).toBe(
      'IllegalParam',
    );
    expect(code(readMarkMissParam('[{"uuid":"ALL","field":"md5","operate":"strEqual"}]'))).toBe(
      'IllegalParam',
    );
    expect(code(readMarkMissParam('[1]'))).toBe('IllegalParam');
    expect(code(readOperationParams('ignore', '{', NOW))).toBe('IllegalParam');
  });

  it('reads repeat lists by index, skipping empty values and other names', () => {
    expect(
      repeatList({ 'Ids.10': 'c', 'Ids.2': 'b', 'Ids.1': 'a', 'Ids.3': '', IdsX: 'x', Ids: 'y' }, 'Ids'),
    ).toEqual(['a', 'b', 'c']);
  });
});

describe('handling results', () => {
  const alert: SuspEventRecord = { Id: 5, Level: 'serious', EventStatus: 1, Uuid: 'host-1' };

  it('decides never-finishing first, then offline agents, then vanished processes', () => {
    const offlineAndGone = new AlertStore([alert], ['host-1'], [5]);
    const gone = new AlertStore([alert], [], [5]);

    expect(eventResult(alert, 'kill_and_quara', offlineAndGone, { alertIds: [5] }).status).toBe('Processing');
    expect(eventResult(alert, 'kill_and_quara', offlineAndGone, {}).errorCode).toBe(
      'kill_and_quara.AgentOffline',
    );
    expect(eventResult(alert, 'kill_and_quara', gone, {}).errorCode).toBe('kill_and_quara.ProcessNotExist');
    expect(eventResult(alert, 'manual_handled', offlineAndGone, {}).errorCode).toBe('manual_handled.Success');
    expect(eventResult(alert, 'ignore', gone, { operations: ['ignore'] }).status).toBe('Processing');
  });

  it('maps operations to the status they lead to', () => {
    expect(
      ['ignore', 'mark_mis_info', 'advance_mark_mis_info', 'manual_handled', 'block_ip'].map(
        statusAfterSuccess,
      ),
    ).toEqual([2, 8, 8, 32, 32]);
  });
});

describe('TaskStore', () => {
  it('numbers tasks from a seed-derived start and answers Processing for the first polls', () => {
    const tasks = new TaskStore('seed', 2);
    const again = new TaskStore('seed', 0);
    const success = { securityEventId: 1, status: 'Success', errorCode: 'ignore.Success' } as const;

    const first = tasks.create('ignore', [success]);
    const answers = [tasks.poll(first), tasks.poll(first), tasks.poll(first), tasks.poll(first)];

    expect(again.create('ignore', [])).toBe(first);
    expect(tasks.create('ignore', [])).toBe(first + 1);
    expect(new TaskStore('other', 0).create('ignore', [])).not.toBe(first);
    expect(answers.map(({ answer }) => answer.taskStatus)).toEqual([
      'Processing',
      'Processing',
      'Success',
      'Success',
    ]);
    expect(answers.map(({ settled }) => settled !== undefined)).toEqual([false, false, true, false]);
    expect(tasks.latestFor(1)).toBe(first);
    expect(() => tasks.poll(1)).toThrow(RangeError);
  });

  it('finds the newest task of an event and each task by ID among many', () => {
    const tasks = new TaskStore('many', 0);
    const result = (securityEventId: number) =>
      ({ securityEventId, status: 'Success', errorCode: '' }) as const;
    const ids = Array.from({ length: 50 }, (_, index) =>
      tasks.create('ignore', [result(index % 7), result(100)]),
    );

    expect(tasks.latestFor(3)).toBe(ids[45]);
    expect(tasks.latestFor(100)).toBe(ids[49]);
    expect(tasks.latestFor(8)).toBeUndefined();
    tasks.stall(ids[49] as number);
    expect(tasks.latestFor(100)).toBe(ids[49]);
    expect(tasks.poll(ids[49] as number).answer.taskStatus).toBe('Processing');
    expect(tasks.has(ids[10] as number)).toBe(true);
    expect(tasks.has((ids[49] as number) + 1)).toBe(false);
  });

  it('fails a task when any event failed and keeps it processing while any event is', () => {
    const result = (status: 'Success' | 'Failed' | 'Processing') => ({
      securityEventId: 1,
      status,
      errorCode: '',
    });

    expect(finalStatus([result('Success'), result('Success')])).toBe('Success');
    expect(finalStatus([result('Success'), result('Failed')])).toBe('Failure');
    expect(finalStatus([result('Failed'), result('Processing')])).toBe('Processing');
  });
});

describe('whitelist rules', () => {
  const rule = { uuid: 'part', field: 'md5', operate: 'strEqual', fieldValue: 'ab' };

  it('starts every type with an empty rule set and keeps each set it had', () => {
    const store = new WhitelistStore({ Webshell: [{ ...rule, uuid: 'ALL' }] });

    store.replace('Webshell', []);

    expect(store.history('Unusual Logon')).toEqual([[]]);
    expect(store.history('Webshell')).toEqual([[{ ...rule, uuid: 'ALL' }], []]);
    expect(store.rules('Webshell')).toEqual([]);
  });

  it('binds part to every host of the type and replaces each type named', () => {
    const store = new WhitelistStore();
    const alerts: SuspEventRecord[] = [
      { Id: 1, Level: 'serious', EventStatus: 1, AlarmEventType: 'Webshell', Uuid: 'h1' },
      { Id: 2, Level: 'serious', EventStatus: 1, AlarmEventType: 'Webshell', Uuid: 'h2' },
      { Id: 3, Level: 'serious', EventStatus: 1, AlarmEventType: 'Webshell', Uuid: 'h1' },
      { Id: 4, Level: 'serious', EventStatus: 1, AlarmEventType: 'Malicious process', Uuid: 'h3' },
    ];

    replaceWhitelists(store, alerts, [rule, { ...rule, uuid: 'ALL' }]);

    expect(store.rules('Webshell')).toEqual([
      { ...rule, uuid: 'h1' },
      { ...rule, uuid: 'h2' },
      { ...rule, uuid: 'ALL' },
    ]);
    expect(store.rules('Malicious process')).toEqual([
      { ...rule, uuid: 'h3' },
      { ...rule, uuid: 'ALL' },
    ]);
  });
});

describe('completeReply with the { code, data, success } shape', () => {
  const context = { requestId: 'GENERATED', hostId: '127.0.0.1:1', product: 'Sddp' as const };

  it('adds a lower-case requestId when the body has none, and keeps its own', () => {
    const wrapped = completeReply({ status: 200, body: { code: 200, data: {}, success: true } }, context);
    const own = completeReply(
      { status: 200, body: { code: 200, data: {}, success: true, requestId: 'OWN' } },
      context,
    );

    expect(wrapped).toEqual({
      reply: { status: 200, body: { code: 200, data: {}, success: true, requestId: 'GENERATED' } },
      requestId: 'GENERATED',
    });
    expect(own.requestId).toBe('OWN');
  });
});
