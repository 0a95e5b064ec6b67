/** `parsePlan` refuses a stored plan changed after it was made, naming where. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sealPlan } from '../../../src/alerts/plan-format.js';
import { Operations, type Plan, parsePlan, ValidationError } from '../../../src/index.js';
import { caught } from '../../support/caught.js';
import { editable, issuePaths, planOf, planOptions, requests } from '../../support/plan-format.js';

/** Single changes to a stored plan, and the path each must be refused at. */
const TAMPERINGS: readonly [
  name: string,
  tamper: (plan: ReturnType<typeof editable>) => void,
  path: (plan: Plan) => string,
][] = [
  [
    'the same alert in a second batch',
    (plan) => {
      const first = plan.batches[0] as { alertIds: string[] };
      plan.batches.push({ ...plan.batches[0], alertIds: [first.alertIds[0]] });
    },
    (plan) => `batches[${plan.batches.length}].alertIds[0]`,
  ],
  [
    '101 alerts in a batch',
    (plan) => {
      (plan.batches[0] as { alertIds: string[] }).alertIds = Array.from({ length: 101 }, (_, index) =>
        String(900_000_000 + index),
      );
    },
    () => 'batches[0].alertIds',
  ],
  [
    'an unknown operation code',
    (plan) => {
      (plan.batches[0] as { operation: { code: string } }).operation.code = 'new_code';
    },
    () => 'batches[0].operation.code',
  ],
  [
    'parameters another code takes',
    (plan) => {
      const { operation } = plan.batches[0] as { operation: { code: string; params: string } };
      operation.params =
        operation.code === 'block_ip' ? '{"subOperation":"quaraFileByMd5andPath"}' : '{"expireTime":1}';
    },
    () => 'batches[0].operation.params',
  ],
  [
    'a changed digest',
    (plan) => {
      const digest = plan.digest as string;
      plan.digest = `${digest[0] === '0' ? '1' : '0'}${digest.slice(1)}`;
    },
    () => 'digest',
  ],
  [
    'a changed alert ID',
    (plan) => {
      (plan.batches[0] as { alertIds: string[] }).alertIds[0] = '900000001';
    },
    () => 'digest',
  ],
  [
    'another format version',
    (plan) => {
      plan.version = 2;
    },
    () => 'version',
  ],
];

describe('parsePlan', () => {
  it.each(TAMPERINGS)('refuses %s, naming its path (property)', async (_, tamper, path) => {
    await fc.assert(
      fc.asyncProperty(requests, planOptions, async (made, options) => {
        const plan = await planOf(made, options);
        fc.pre(plan.batches.length > 0);
        const tampered = editable(plan);
        tamper(tampered);
        expect(issuePaths(tampered)).toContain(path(plan));
        expect(issuePaths(JSON.stringify(tampered))).toContain(path(plan));
      }),
      { numRuns: 40 },
    );
  });

  it('finds a changed alert ID by the digest alone', async () => {
    const plan = await planOf([{ alertId: '1', operation: Operations.ignore() }]);
    const tampered = editable(plan);
    (tampered.batches[0] as { alertIds: string[] }).alertIds = ['2'];
    const error = caught(() => parsePlan(tampered)) as ValidationError;
    expect(error.issues).toEqual([
      { path: 'digest', message: 'does not match the plan: the plan was changed after it was made' },
    ]);
    expect(error.message).toMatch(/^The plan is not valid: `digest` does not match/);
  });

  it('finds a changed block duration by the digest alone', async () => {
    const plan = await planOf([{ alertId: '1', operation: Operations.blockIp({ duration: '7d' }) }]);
    const tampered = editable(plan);
    (tampered.batches[0] as { operation: { expireAfterMs: number } }).operation.expireAfterMs = 2_592_000_000;
    expect(issuePaths(tampered)).toEqual(['digest']);
    expect(issuePaths(plan)).toEqual([]);
  });

  it('refuses an alert in two batches even under a digest computed again', () => {
    const twice = sealPlan({
      createdAt: new Date(0).toISOString(),
      batches: [
        { operation: Operations.ignore(), alertIds: ['7009607'] },
        { operation: Operations.markHandled(), alertIds: ['7009608', '7009607'] },
      ],
      skipped: [{ alertId: '7009608', operation: 'block_ip', reason: 'not offered' }],
    });
    const error = caught(() => parsePlan(JSON.stringify(twice))) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.issues).toEqual([
      {
        path: 'batches[1].alertIds[1]',
        message: 'alert 7009607 is already in batches[0]: a plan handles each alert once',
      },
      {
        path: 'skipped[0].alertId',
        message: 'alert 7009608 is already in batches[1]: a plan handles each alert once',
      },
    ]);
  });
});
