/**
 * Plans are verified data: the planner gives each a version, times and a digest over the content, and
 * makes only plans that `parsePlan` reads back as they were.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Operation,
  Operations,
  PLAN_FORMAT_VERSION,
  parsePlan,
  ValidationError,
} from '../../../src/index.js';
import { failure } from '../../support/caught.js';
import { planOf, planOptions, requests } from '../../support/plan-format.js';

describe('plans made by the planner', () => {
  it('carry the format version, their creation time, a digest, and an expiry when ttlMs is given', async () => {
    const before = Date.now();
    const plan = await planOf([{ alertId: '1', operation: Operations.ignore() }], { ttlMs: 3_600_000 });
    expect(plan.version).toBe(PLAN_FORMAT_VERSION);
    expect(plan.digest).toMatch(/^[0-9a-f]{64}$/);
    const created = Date.parse(plan.createdAt);
    expect(created).toBeGreaterThanOrEqual(before);
    expect(Date.parse(plan.expiresAt ?? '')).toBe(created + 3_600_000);
    expect((await planOf([{ alertId: '1', operation: Operations.ignore() }])).expiresAt).toBeUndefined();
  });

  it('refuses a ttlMs that is not an integer from 1 ms to 365 days, before any query', async () => {
    for (const ttlMs of [0, -1, 1.5, 365 * 86_400_000 + 1, Number.NaN, '1h']) {
      const error = await failure(
        planOf([{ alertId: '1', operation: Operations.ignore() }], { ttlMs } as never),
      );
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toBe('ttlMs');
    }
  });

  it('refuses operations that would make a plan execution refuses, naming the request', async () => {
    const fields = await Promise.all(
      [
        { code: 'new_code', params: '{}', destructive: false, description: 'New' },
        { ...Operations.blockIp({ duration: '1d' }), params: '{}' },
        { ...Operations.blockIp({ duration: '1d' }), params: '{"expireTime":1768464000000}' },
        { ...Operations.blockIp({ duration: '1d' }), expireAfterMs: 1 },
        { ...Operations.ignore(), expireAfterMs: 60_000 },
        { ...Operations.killAndQuarantine(), params: '{"subOperation":"killAll"}' },
        { ...Operations.ignore(), markMissParam: '[]' },
        {
          ...Operations.whitelist({
            rules: [{ field: 'loginUser', operate: 'strEqual', value: 'x' }],
            scope: 'ALL',
          }),
          rules: [],
        },
      ].map(async (made) => {
        const error = await failure(planOf([{ alertId: '1', operation: made as Operation }]));
        expect(error).toBeInstanceOf(ValidationError);
        return (error as ValidationError).field;
      }),
    );
    expect(fields).toEqual([
      'requests[0].operation.code',
      'requests[0].operation.params',
      'requests[0].operation.params',
      'requests[0].operation.expireAfterMs',
      'requests[0].operation.expireAfterMs',
      'requests[0].operation.params',
      'requests[0].operation.markMissParam',
      'requests[0].operation.rules',
    ]);
  });

  it('round-trip through JSON and parsePlan to an equal plan (property)', async () => {
    await fc.assert(
      fc.asyncProperty(requests, planOptions, async (made, options) => {
        const plan = await planOf(made, options);
        expect(JSON.parse(JSON.stringify(plan))).toEqual(plan);
        expect(parsePlan(JSON.stringify(plan))).toEqual(plan);
        expect(parsePlan(plan)).toEqual(plan);
        expect(parsePlan(plan)).not.toBe(plan);
      }),
      { numRuns: 100 },
    );
  });
});
