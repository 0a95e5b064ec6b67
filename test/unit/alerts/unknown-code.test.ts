/**
 * `Operations.unknownCode`: an operation of a code this package does not know (one the service added
 * later). It is checked as far as can be (spelling of the code, JSON object parameters), marked
 * `unknownCode: true`, always destructive, planned only on alerts that offer the code, and plans (made
 * or stored) accept an unknown code only with the mark.
 */
import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../../src/alerts/plan.js';
import { digestOf } from '../../../src/alerts/plan-digest.js';
import { sealPlan } from '../../../src/alerts/plan-format.js';
import type { SasCalls } from '../../../src/alerts/sas-calls.js';
import {
  formatPlan,
  type Operation,
  Operations,
  type Plan,
  parsePlan,
  ValidationError,
} from '../../../src/index.js';
import { caught, failure } from '../../support/caught.js';
import { issuePaths, NOW } from '../../support/plan-format.js';

/** The ValidationError `fn` throws. */
function invalid(fn: () => unknown): ValidationError {
  const error = caught(fn);
  expect(error).toBeInstanceOf(ValidationError);
  return error as ValidationError;
}

describe('Operations.unknownCode', () => {
  it('builds a marked, destructive operation whose params are sent as given', () => {
    expect(Operations.unknownCode('isolate_host')).toEqual({
      code: 'isolate_host',
      params: '{}',
      unknownCode: true,
      destructive: true,
      description: 'isolate_host (a code this package does not know; parameters sent as given)',
    });
    expect(
      Operations.unknownCode('isolate_host', { mode: 'full', ports: [22, 443], deep: { on: null } }).params,
    ).toBe('{"mode":"full","ports":[22,443],"deep":{"on":null}}');
    // JSON text is sent as written: no number loses digits on the way.
    expect(Operations.unknownCode('isolate_host', '{"id": 12345678901234567890}').params).toBe(
      '{"id": 12345678901234567890}',
    );
  });

  it.each([
    ['an empty code', ''],
    ['a capital letter', 'Isolate_host'],
    ['a hyphen', 'isolate-host'],
    ['a leading digit', '1isolate'],
    ['65 characters', `a${'b'.repeat(64)}`],
    ['a space', 'isolate host'],
  ])('refuses a code with %s, naming `code`', (_, code) => {
    const error = invalid(() => Operations.unknownCode(code));
    expect(error.field).toBe('code');
    expect(error.message).toMatch(/lowercase letter/);
  });

  it('refuses a code that is not a string', () => {
    expect(invalid(() => Operations.unknownCode(7 as unknown as string)).field).toBe('code');
  });

  it('accepts a code of 64 characters', () => {
    expect(Operations.unknownCode(`a${'b'.repeat(63)}`).code).toHaveLength(64);
  });

  it('refuses a code this package knows, pointing to Operations.fromCode', () => {
    const error = invalid(() => Operations.unknownCode('block_ip', { expireTime: 1 }));
    expect(error.field).toBe('code');
    expect(error.message).toContain("build it with Operations.fromCode('block_ip', ...)");
  });

  it('refuses client_problem_check, which the API cannot run', () => {
    const error = invalid(() => Operations.unknownCode('client_problem_check'));
    expect(error.field).toBe('code');
    expect(error.message).toMatch(/cannot be done through the API/);
  });

  class Params {
    mode = 'full';
  }
  const cyclic: Record<string, unknown> = { a: 1 };
  cyclic.self = cyclic;
  it.each([
    ['JSON text that does not parse', '{"mode":'],
    ['JSON text of an array', '[1]'],
    ['JSON text of a string', '"full"'],
    ['JSON text of null', 'null'],
    ['an array', [1, 2]],
    ['null', null],
    ['a class instance', new Params()],
    ['a Date member', { at: new Date(0) }],
    ['a function member', { run: () => 1 }],
    ['an undefined member', { mode: undefined }],
    ['a NaN member', { ratio: Number.NaN }],
    ['a bigint member', { id: 1n }],
    ['a cycle', cyclic],
  ])('refuses params that are %s, naming `params`', (_, params) => {
    const error = invalid(() => Operations.unknownCode('isolate_host', params as Record<string, unknown>));
    expect(error.field).toBe('params');
    expect(error.message).toMatch(/must be a JSON object/);
  });

  it('accepts the same object twice in a tree (not a cycle)', () => {
    const shared = { on: true };
    expect(Operations.unknownCode('isolate_host', { a: shared, b: [shared] }).params).toBe(
      '{"a":{"on":true},"b":[{"on":true}]}',
    );
  });
});

/** Alerts offering `isolate_host` (allowed unless the ID ends in 9) and `ignore`; none offers `new_code`. */
const QUERIES: Pick<SasCalls, 'describeSecurityEventOperations'> = {
  describeSecurityEventOperations: async (request) => ({
    RequestId: 'R',
    SecurityEventOperationsResponse: ['isolate_host', 'ignore'].map((code) => ({
      OperationCode: code,
      UserCanOperate: !String(request.SecurityEventId).endsWith('9'),
      OperationParams: '{}',
    })),
  }),
};
const ISOLATE = Operations.unknownCode('isolate_host', { mode: 'full' });

describe('planning an operation of a code this package does not know', () => {
  it('plans it, marked and destructive, on an alert that offers and allows it; skips the others', async () => {
    const plan = await buildPlan(QUERIES, [
      { alertId: '1', operation: ISOLATE },
      { alertId: '2', operation: Operations.unknownCode('isolate_host', '{"mode":"full"}') },
      { alertId: '3', operation: Operations.unknownCode('new_code') },
      { alertId: '9', operation: ISOLATE },
    ]);
    expect(plan.destructive).toBe(true);
    expect(plan.batches).toEqual([
      {
        operation: {
          code: 'isolate_host',
          displayName: 'isolate_host',
          description: ISOLATE.description,
          params: '{"mode":"full"}',
          unknownCode: true,
          destructive: true,
        },
        alertIds: ['1', '2'],
      },
    ]);
    expect(plan.skipped.map(({ alertId, operation, reason }) => [alertId, operation, reason])).toEqual([
      ['3', 'new_code', 'The alert does not offer this operation.'],
      ['9', 'isolate_host', 'Your Security Center edition does not allow it (UserCanOperate=false).'],
    ]);
    expect(formatPlan(plan)).toContain('[isolate_host] (destructive)');
    expect(parsePlan(JSON.stringify(plan))).toEqual(plan);
  });

  it('refuses an unknown code without the mark, pointing to Operations.unknownCode', async () => {
    const unmarked: Operation = {
      code: 'isolate_host',
      params: '{}',
      destructive: true,
      description: 'Isolate',
    };
    const error = (await failure(
      buildPlan(QUERIES, [{ alertId: '1', operation: unmarked }]),
    )) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.field).toBe('requests[0].operation.code');
    expect(error.message).toContain('Operations.unknownCode(code, params)');
  });

  it.each([
    ['the mark on a known code', { ...Operations.ignore(), unknownCode: true }, 'unknownCode'],
    ['a badly spelled code', { ...ISOLATE, code: 'Isolate Host' }, 'code'],
    ['a known code', { ...ISOLATE, code: 'ignore', params: '{"x":1}' }, 'unknownCode'],
    ['params that are not a JSON object', { ...ISOLATE, params: '[1]' }, 'params'],
    ['a block duration', { ...ISOLATE, expireAfterMs: 86_400_000 }, 'expireAfterMs'],
    ['whitelist rules', { ...ISOLATE, rules: [] }, 'rules'],
    ['a MarkMissParam', { ...ISOLATE, markMissParam: '[]' }, 'markMissParam'],
  ])('refuses %s', async (_, operation, field) => {
    const error = await failure(buildPlan(QUERIES, [{ alertId: '1', operation: operation as Operation }]));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe(`requests[0].operation.${field}`);
  });
});

describe('parsePlan and codes this package does not know', () => {
  const content = (operation: Parameters<typeof sealPlan>[0]['batches'][number]['operation']) => ({
    createdAt: new Date(NOW).toISOString(),
    batches: [{ operation, alertIds: ['1'] }],
    skipped: [],
  });
  /** A plan's content resealed after an edit: its digest matches whatever it now holds. */
  const resealed = (plan: Omit<Plan, 'digest'> & { digest?: string }) => {
    const { digest: _, ...unsealed } = plan;
    return { ...unsealed, digest: digestOf(unsealed) };
  };

  it('reads a marked batch back, destructive', () => {
    const plan = sealPlan(content(ISOLATE));
    expect(plan.batches[0]?.operation).toMatchObject({ unknownCode: true, destructive: true });
    expect(plan.destructive).toBe(true);
    expect(parsePlan(JSON.stringify(plan))).toEqual(plan);
  });

  it('refuses a stored unknown code without the mark, even with a matching digest', () => {
    const { unknownCode: _, ...unmarked } = ISOLATE;
    expect(issuePaths(sealPlan(content(unmarked)))).toEqual(['batches[0].operation.code']);
  });

  it('refuses a stored plan whose mark was removed or moved to a known code', () => {
    const plan = JSON.parse(JSON.stringify(sealPlan(content(ISOLATE))));
    delete plan.batches[0].operation.unknownCode;
    expect(issuePaths(plan)).toEqual(['batches[0].operation.code', 'digest']);
    const known = sealPlan(content({ ...Operations.ignore(), unknownCode: true }));
    expect(issuePaths(known)).toEqual(['batches[0].operation.unknownCode']);
  });

  it('refuses a marked batch flagged harmless, or with what only known codes carry', () => {
    const plan = sealPlan(content(ISOLATE));
    const edit = (changes: object) =>
      resealed({
        ...plan,
        batches: plan.batches.map((batch) => ({ ...batch, operation: { ...batch.operation, ...changes } })),
      });
    expect(issuePaths(edit({ destructive: false }))).toEqual(['batches[0].operation.destructive']);
    expect(issuePaths(edit({ params: '[]' }))).toEqual(['batches[0].operation.params']);
    expect(issuePaths(edit({ expireAfterMs: 86_400_000 }))).toEqual(['batches[0].operation.expireAfterMs']);
    expect(issuePaths(edit({ markMissParam: '[]' }))).toEqual(['batches[0].operation.markMissParam']);
    expect(issuePaths(edit({ code: 'client_problem_check' }))).toEqual(['batches[0].operation.unknownCode']);
    expect(issuePaths(edit({ unknownCode: 'yes' }))).toEqual(['batches[0].operation.code']);
  });

  it('reads a skipped alert of a code it does not know: nothing is sent for it', () => {
    const plan = sealPlan({
      createdAt: new Date(NOW).toISOString(),
      batches: [],
      skipped: [{ alertId: '1', operation: 'isolate_host', reason: 'not offered' }],
    });
    expect(parsePlan(plan)).toEqual(plan);
  });
});
