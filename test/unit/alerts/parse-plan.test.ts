/** `parsePlan` checks the structure of a stored plan, lists every problem, and reads expired plans. */
import { describe, expect, it } from 'vitest';
import { executablePlan, sealPlan } from '../../../src/alerts/plan-format.js';
import {
  type Operation,
  Operations,
  PlanExpiredError,
  parsePlan,
  type ValidationError,
} from '../../../src/index.js';
import { caught } from '../../support/caught.js';
import { issuePaths, NOW, planOf } from '../../support/plan-format.js';

describe('parsePlan', () => {
  it('lists every problem, each with its path', () => {
    const error = caught(() =>
      parsePlan({
        version: 1,
        createdAt: 'yesterday',
        expiresAt: new Date(0).toISOString(),
        destructive: false,
        batches: [
          {
            operation: {
              code: 'kill_and_quara',
              displayName: 'Kill and Quarantine',
              description: 'kill',
              params: '{"subOperation":"killAll"}',
              markMissParam: '[]',
              destructive: false,
            },
            alertIds: ['1', 'x1', '1'],
          },
          {
            operation: {
              code: 'advance_mark_mis_info',
              displayName: 'Advanced Whitelist',
              description: 'whitelist',
              params: '{}',
              markMissParam: '[{"uuid":"ALL","field":"loginUser","operate":"strEqual"}]',
              destructive: true,
            },
            alertIds: [],
            note: 'extra',
          },
          {
            operation: {
              code: 'client_problem_check',
              displayName: 'Agent Troubleshooting',
              description: 'check',
              params: '{}',
              destructive: false,
            },
            alertIds: ['2'],
          },
        ],
        skipped: [{ alertId: 3, operation: 'New code', reason: 'why' }],
        digest: 'abc',
      }),
    ) as ValidationError;
    expect(error.issues.map((issue) => issue.path)).toEqual([
      'createdAt',
      'batches[0].alertIds[1]',
      'batches[0].alertIds[2]',
      'batches[0].operation.params',
      'batches[0].operation.markMissParam',
      'batches[0].operation.destructive',
      'batches[1].note',
      'batches[1].alertIds',
      'batches[1].operation.markMissParam[0].fieldValue',
      'batches[2].operation.code',
      'skipped[0].alertId',
      'skipped[0].operation',
      'digest',
    ]);
    expect(error.field).toBe('createdAt');
  });

  it.each([
    ['JSON that does not parse', '{"version":1,', ''],
    ['a value that is not an object', '[]', ''],
    ['an empty object', {}, 'version'],
    ['null', null, ''],
    ['a plan without batches', { version: 1 }, 'batches'],
    [
      'an expiry before the creation',
      { version: 1, createdAt: '2026-01-15T08:00:00.000Z', expiresAt: '2026-01-15T07:00:00.000Z' },
      'expiresAt',
    ],
    ['an unknown field', { version: 1, approvedBy: 'me' }, 'approvedBy'],
  ])('refuses %s with a ValidationError', (_, value, path) => {
    expect(issuePaths(value)).toContain(path);
  });

  it('reports a plan of another format version by its version alone', async () => {
    const plan = await planOf([{ alertId: '1', operation: Operations.ignore() }]);
    const error = caught(() => parsePlan({ ...plan, version: 2, approvals: [] })) as ValidationError;
    expect(error.issues).toEqual([
      { path: 'version', message: 'must be 1 (the plan format this package reads), got 2' },
    ]);
  });

  it('keeps the digest of what JSON keeps: an undefined field counts as absent', async () => {
    const plan = await planOf([{ alertId: '1', operation: Operations.ignore() }]);
    expect(parsePlan({ ...plan, expiresAt: undefined })).toEqual(plan);
  });

  it('reads an expired plan, which execution refuses with PlanExpiredError', async () => {
    const plan = sealPlan({
      createdAt: new Date(NOW).toISOString(),
      expiresAt: new Date(NOW + 60_000).toISOString(),
      batches: [{ operation: Operations.ignore(), alertIds: ['1'] }],
      skipped: [],
    });
    expect(parsePlan(JSON.stringify(plan))).toEqual(plan);
    expect(executablePlan(plan, NOW + 59_999)).toEqual(plan);
    const error = caught(() => executablePlan(plan, NOW + 60_000));
    expect(error).toBeInstanceOf(PlanExpiredError);
    expect(error).toMatchObject({
      code: 'PlanExpired',
      delivery: 'notSent',
      expiresAt: '2026-01-15T08:01:00.000Z',
    });
  });
});

describe('parsePlan and blocks for a duration after sending', () => {
  const DAY_MS = 24 * 60 * 60 * 1000;
  const week = Operations.blockIp({ duration: '7d' });
  /** A plan of one batch of `operation`, sealed (its digest matches whatever it holds). */
  const planWith = (operation: Operation) =>
    sealPlan({
      createdAt: new Date(NOW).toISOString(),
      batches: [{ operation, alertIds: ['1'] }],
      skipped: [],
    });

  it('reads a block of 7 days after sending, with its duration', () => {
    const plan = planWith(week);
    expect(plan.batches[0]?.operation).toMatchObject({
      params: week.params,
      expireAfterMs: 7 * DAY_MS,
    });
    expect(parsePlan(JSON.stringify(plan))).toEqual(plan);
  });

  it.each([
    ['on another operation', { ...Operations.ignore(), expireAfterMs: 60_000 }, /is only for block_ip/],
    ['under a minute', { ...week, expireAfterMs: 59_999 }, /from 60000 \(1 minute\) to 31536000000/],
    ['over 365 days', { ...week, expireAfterMs: 365 * DAY_MS + 1 }, /to 31536000000 \(365 days\)/],
    ['zero', { ...week, expireAfterMs: 0 }, /got 0$/],
    ['negative', { ...week, expireAfterMs: -DAY_MS }, /must be whole milliseconds/],
    ['fractional', { ...week, expireAfterMs: 60_000.5 }, /got 60000\.5$/],
    ['a string', { ...week, expireAfterMs: '7d' as unknown as number }, /got "7d"$/],
    ['null', { ...week, expireAfterMs: null as unknown as number }, /got null$/],
  ])('refuses an expireAfterMs %s', (_, operation, message) => {
    const error = caught(() => parsePlan(JSON.stringify(planWith(operation)))) as ValidationError;
    expect(error.issues).toEqual([
      { path: 'batches[0].operation.expireAfterMs', message: expect.stringMatching(message) },
    ]);
  });

  it.each([
    ['a fixed expireTime with a duration', { ...week, params: `{"expireTime":${NOW + DAY_MS}}` }],
    ['other parameters with a duration', { ...week, params: '{}' }],
    ['the placeholder of a duration without one', { ...week, expireAfterMs: undefined }],
  ])('refuses %s', (_, operation) => {
    const error = caught(() => parsePlan(JSON.stringify(planWith(operation)))) as ValidationError;
    expect(error.issues.map((issue) => issue.path)).toEqual(['batches[0].operation.params']);
  });
});
