import { describe, expect, it } from 'vitest';
import type { AlertOperations } from '../../../src/alerts/alert-operations.js';
import { buildPlan, formatPlan } from '../../../src/alerts/plan.js';
import type { SasCalls } from '../../../src/alerts/sas-calls.js';
import type { DescribeSecurityEventOperationsResponse } from '../../../src/index.js';
import {
  NoPermissionError,
  Operations,
  parsePlan,
  SecurityEventNotExistsError,
  ThrottlingError,
  ValidationError,
} from '../../../src/index.js';

const EXISTING = { uuid: 'ALL', field: 'loginSourceIp', operate: 'strEqual', fieldValue: '198.51.100.1' };

function operations(alertId: string, overrides: Partial<AlertOperations> = {}): AlertOperations {
  return {
    alertId,
    operations: ['block_ip', 'ignore', 'advance_mark_mis_info', 'kill_and_quara'].map((code) => ({
      code,
      displayName: code,
      userCanOperate: true,
      defaultParams: '{}',
    })),
    whitelistRules: [EXISTING],
    whitelistFields: [
      {
        field: 'loginSourceIp',
        alias: 'IP',
        currentValue: '198.51.100.9',
        supportedOperators: ['strEqual', 'inIpSegment'],
      },
      {
        field: 'loginUser',
        alias: 'User',
        currentValue: 'root',
        supportedOperators: ['strEqual', 'contains'],
      },
    ],
    requestId: 'R',
    ...overrides,
  };
}

type OperationsCalls = Pick<SasCalls, 'describeSecurityEventOperations'>;

/** The service's answer that reads back as `answer`: every operation, the rules and fields on the whitelist one. */
function wireAnswer(answer: AlertOperations): DescribeSecurityEventOperationsResponse {
  return {
    RequestId: answer.requestId ?? 'R',
    SecurityEventOperationsResponse: answer.operations.map((operation) => ({
      OperationCode: operation.code,
      UserCanOperate: operation.userCanOperate,
      OperationParams: operation.defaultParams,
      ...(operation.code === 'advance_mark_mis_info' && {
        MarkField: answer.whitelistRules.map((rule) => ({
          Uuid: rule.uuid,
          FiledName: rule.field,
          MarkMisType: rule.operate,
          MarkMisValue: rule.fieldValue,
        })),
        MarkFieldsSource: answer.whitelistFields.map((field) => ({
          FiledName: field.field,
          FiledAliasName: field.alias,
          MarkMisValue: field.currentValue,
          SupportedMisType: [...field.supportedOperators],
        })),
      }),
    })),
  };
}

/** Calls answering each alert's operations query from `answers` (an error is thrown). */
function queryFrom(answers: Record<string, AlertOperations | Error>): OperationsCalls & { calls: string[] } {
  return queryWith(async (alertId) => {
    const answer = answers[alertId] ?? operations(alertId);
    if (answer instanceof Error) throw answer;
    return answer;
  });
}

function queryWith(
  answer: (alertId: string) => Promise<AlertOperations>,
): OperationsCalls & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    describeSecurityEventOperations: async (request) => {
      const alertId = String(request.SecurityEventId);
      calls.push(alertId);
      return wireAnswer(await answer(alertId));
    },
  };
}

describe('buildPlan', () => {
  it('queries every alert once and batches 45 alerts sharing an operation into 20/20/5', async () => {
    const query = queryFrom({});
    const ids = Array.from({ length: 45 }, (_, index) => String(7000000 + index));
    const plan = await buildPlan(
      query,
      ids.map((alertId) => ({ alertId, operation: Operations.ignore() })),
    );
    expect(query.calls.sort()).toEqual([...ids].sort());
    expect(plan.batches.map((batch) => batch.alertIds.length)).toEqual([20, 20, 5]);
    expect(plan.batches.flatMap((batch) => batch.alertIds)).toEqual(ids);
    expect(plan.destructive).toBe(false);
    expect(JSON.parse(JSON.stringify(plan))).toEqual(plan);
  });

  it('splits alerts by operation and parameters, honouring batchSize', async () => {
    const block = Operations.blockIp({ duration: '7d' });
    const plan = await buildPlan(
      queryFrom({}),
      [
        { alertId: '1', operation: block },
        { alertId: '2', operation: Operations.ignore() },
        { alertId: 3, operation: block },
        { alertId: '4', operation: Operations.killAndQuarantine({ quarantine: false }) },
      ],
      { batchSize: 1 },
    );
    expect(plan.batches.map((batch) => [batch.operation.code, batch.alertIds])).toEqual([
      ['block_ip', ['1']],
      ['block_ip', ['3']],
      ['ignore', ['2']],
      ['kill_and_quara', ['4']],
    ]);
    expect(plan.batches[0]?.operation.params).toBe(block.params);
    expect(plan.destructive).toBe(true);
  });

  it('batches equal operations built apart together: 45 blocks of 7 days built in a loop make 3 calls', async () => {
    const built = Date.UTC(2026, 0, 15, 8);
    const ids = Array.from({ length: 45 }, (_, index) => String(7000000 + index));
    const plan = await buildPlan(
      queryFrom({}),
      // Each built a millisecond after the one before, as a loop does.
      ids.map((alertId, index) => ({
        alertId,
        operation: Operations.blockIp({ duration: '7d', now: () => built + index }),
      })),
    );
    expect(plan.batches.map((batch) => batch.alertIds.length)).toEqual([20, 20, 5]);
    expect(new Set(plan.batches.map((batch) => JSON.stringify(batch.operation))).size).toBe(1);
  });

  it('keeps apart blocks of different durations, and a relative block from an absolute one', async () => {
    const end = Date.now() + 86_400_000;
    const plan = await buildPlan(queryFrom({}), [
      { alertId: '1', operation: Operations.blockIp({ duration: '7d' }) },
      { alertId: '2', operation: Operations.blockIp({ duration: '1d' }) },
      { alertId: '3', operation: Operations.blockIp({ expireTime: end }) },
      { alertId: '4', operation: Operations.blockIp({ duration: 7 * 86_400_000 }) },
      { alertId: '5', operation: Operations.blockIp({ expireTime: end }) },
    ]);
    expect(plan.batches.map((batch) => [batch.operation.expireAfterMs, batch.alertIds])).toEqual([
      [604_800_000, ['1', '4']],
      [86_400_000, ['2']],
      [undefined, ['3', '5']],
    ]);
  });

  it('skips unsupported, not allowed, missing, unqueryable and not offered operations', async () => {
    const query = queryFrom({
      '2': operations('2', {
        operations: [
          { code: 'block_ip', displayName: 'Block IP', userCanOperate: false, defaultParams: '{}' },
        ],
      }),
      '3': new SecurityEventNotExistsError('gone', { code: 'SecurityEventNotExists' }),
      '4': new ThrottlingError('slow down', { code: 'Throttling.User' }),
      '5': operations('5', { operations: [] }),
    });
    const block = Operations.blockIp({ duration: '1d' });
    const plan = await buildPlan(query, [
      ...['1', '2', '3', '4', '5'].map((alertId) => ({ alertId, operation: block })),
      { alertId: '6', operation: { ...Operations.ignore(), code: 'client_problem_check' } },
    ]);
    expect(plan.batches.map((batch) => batch.alertIds)).toEqual([['1']]);
    expect(plan.skipped.map((entry) => [entry.alertId, entry.errorCode])).toEqual([
      ['2', undefined],
      ['3', 'SecurityEventNotExists'],
      ['4', 'Throttling.User'],
      ['5', undefined],
      ['6', undefined],
    ]);
    expect(plan.skipped[0]?.reason).toMatch(/UserCanOperate=false/);
    expect(plan.skipped[4]?.reason).toMatch(/console/);
    expect(query.calls).not.toContain('6');
    expect(formatPlan(plan)).toMatch(/Skipped:\n {4}\[Alert 2\]/);
  });

  it('stops on errors that concern the caller, not one alert', async () => {
    const denied = new NoPermissionError('denied', { code: 'NoPermission' });
    await expect(
      buildPlan(queryFrom({ '1': denied }), [{ alertId: '1', operation: Operations.ignore() }]),
    ).rejects.toBe(denied);
  });

  it('sends the existing whitelist rules merged with the new ones, once per kind of alert', async () => {
    const add = (value: string) =>
      Operations.whitelist({ rules: [{ field: 'loginUser', operate: 'strEqual', value }], scope: 'ALL' });
    const plan = await buildPlan(queryFrom({}), [
      { alertId: '1', operation: add('root') },
      { alertId: '2', operation: add('admin') },
    ]);
    expect(plan.batches).toHaveLength(1);
    expect(JSON.parse(plan.batches[0]?.operation.markMissParam ?? '[]')).toEqual([
      EXISTING,
      { uuid: 'ALL', field: 'loginUser', operate: 'strEqual', fieldValue: 'root' },
      { uuid: 'ALL', field: 'loginUser', operate: 'strEqual', fieldValue: 'admin' },
    ]);
    expect(formatPlan(plan)).toContain('MarkMissParam: [{"uuid":"ALL","field":"loginSourceIp"');
  });

  it('rejects whitelist rules on a field the alert does not offer, naming the field', async () => {
    const error = await buildPlan(queryFrom({}), [
      {
        alertId: '1',
        operation: Operations.whitelist({
          rules: [{ field: 'md5', operate: 'strEqual', value: 'x' }],
          scope: 'part',
        }),
      },
    ]).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe('rules[0].field');
    expect((error as Error).message).toMatch(/^Alert 1:/);
  });

  it('validates its input before any query', async () => {
    const query = queryFrom({});
    await expect(buildPlan(query, [])).rejects.toThrow(ValidationError);
    await expect(buildPlan(query, [{ alertId: 'abc', operation: Operations.ignore() }])).rejects.toThrow(
      /alertId/,
    );
    await expect(
      buildPlan(query, [
        { alertId: '1', operation: Operations.ignore() },
        { alertId: '1', operation: Operations.ignore() },
      ]),
    ).rejects.toThrow(/twice/);
    await expect(
      buildPlan(query, [{ alertId: '1', operation: { code: 'ignore' } as never }]),
    ).rejects.toThrow(/Operations/);
    await expect(
      buildPlan(query, [{ alertId: '1', operation: { code: 'ignore', params: '{}' } as never }]),
    ).rejects.toThrow(/Operations/);
    await expect(
      buildPlan(query, [{ alertId: '1', operation: Operations.ignore() }], { batchSize: 101 }),
    ).rejects.toThrow(/batchSize/);
    expect(query.calls).toEqual([]);
  });

  it('makes plans that parsePlan accepts, with an expiry that formatPlan shows when ttlMs is given', async () => {
    const plan = await buildPlan(
      queryFrom({}),
      [
        { alertId: '1', operation: Operations.blockIp({ duration: '1d' }) },
        { alertId: '2', operation: Operations.ignore() },
      ],
      { ttlMs: 15 * 60 * 1000 },
    );
    expect(parsePlan(JSON.stringify(plan))).toEqual(plan);
    expect(Date.parse(plan.expiresAt ?? '') - Date.parse(plan.createdAt)).toBe(15 * 60 * 1000);
    expect(formatPlan(plan).split('\n')[1]).toBe(`  Expires: ${plan.expiresAt} (execute() refuses it after)`);
    const lasting = await buildPlan(queryFrom({}), [{ alertId: '1', operation: Operations.ignore() }]);
    expect(formatPlan(lasting)).not.toContain('Expires');
  });

  it('prints a relative block as a duration after sending, an absolute one as its instant', async () => {
    const end = Date.UTC(2027, 0, 1);
    const plan = await buildPlan(queryFrom({}), [
      { alertId: '1', operation: Operations.blockIp({ duration: '7d' }) },
      { alertId: '2', operation: Operations.blockIp({ expireTime: end, now: () => end - 86_400_000 }) },
    ]);
    expect(formatPlan(plan)).toContain(
      [
        '  Batch 1: Block IP for 7 days after sending [block_ip] (destructive)',
        '    OperationParams: expireTime: 7 days after sending',
        '    Alerts (1): 1',
        '  Batch 2: Block IP until 2027-01-01T00:00:00.000Z [block_ip] (destructive)',
        `    OperationParams: {"expireTime":${end}}`,
        '    Alerts (1): 2',
      ].join('\n'),
    );
  });

  it('keeps at most `concurrency` queries in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const query = queryWith(async (alertId) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight--;
      return operations(alertId);
    });
    const requests = Array.from({ length: 12 }, (_, index) => ({
      alertId: String(index + 1),
      operation: Operations.ignore(),
    }));
    await buildPlan(query, requests, { concurrency: 3 });
    expect(peak).toBe(3);
  });
});
