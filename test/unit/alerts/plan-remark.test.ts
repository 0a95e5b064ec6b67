/** Remarks in plans: grouped by, kept in the batch, shown, sealed by the digest, checked before sending. */
import { describe, expect, it } from 'vitest';
import { buildPlan, formatPlan, type HandleRequest } from '../../../src/alerts/plan.js';
import { sealPlan } from '../../../src/alerts/plan-format.js';
import type { SasCalls } from '../../../src/alerts/sas-calls.js';
import { Operations, parsePlan, remarkStamp, ValidationError } from '../../../src/index.js';
import { failure } from '../../support/caught.js';
import { editable, issuePaths } from '../../support/plan-format.js';

/** Operation queries answered at once, every one offered and allowed; `asked` counts them. */
function queries() {
  const calls: Pick<SasCalls, 'describeSecurityEventOperations'> & { asked: number } = {
    asked: 0,
    describeSecurityEventOperations: async () => {
      calls.asked += 1;
      return {
        RequestId: 'R',
        SecurityEventOperationsResponse: ['ignore', 'block_ip'].map((code) => ({
          OperationCode: code,
          UserCanOperate: true,
          OperationParams: '{}',
        })),
      };
    },
  };
  return calls;
}

const BLOCK = remarkStamp({ ruleSet: 'prod-playbook', version: 3, ruleId: 'brute-force-block' });
const IGNORE = remarkStamp({ ruleSet: 'prod-playbook', version: 3, ruleId: 'noise' });

describe('a plan with remarks', () => {
  it('sends one remark per call: alerts of the same operation with other remarks go in other batches', async () => {
    const ignore = Operations.ignore();
    const plan = await buildPlan(
      queries(),
      [
        { alertId: '1', operation: ignore, remark: IGNORE },
        { alertId: '2', operation: ignore },
        { alertId: '3', operation: ignore, remark: BLOCK },
        { alertId: '4', operation: ignore, remark: `  ${IGNORE} ` },
        { alertId: '5', operation: ignore, remark: IGNORE },
        { alertId: '6', operation: ignore },
      ],
      { batchSize: 2 },
    );
    expect(plan.batches.map(({ alertIds, remark }) => [alertIds, remark])).toEqual([
      [['1', '4'], IGNORE],
      [['5'], IGNORE],
      [['2', '6'], undefined],
      [['3'], BLOCK],
    ]);
    // No remark, no field: plans without remarks are as they were.
    expect(Object.keys(plan.batches[2] ?? {})).toEqual(['operation', 'alertIds']);
    expect(parsePlan(JSON.parse(JSON.stringify(plan)))).toEqual(plan);
  });

  it('gives the plan-wide remark to every request without its own', async () => {
    const plan = await buildPlan(
      queries(),
      [
        { alertId: '1', operation: Operations.ignore() },
        { alertId: '2', operation: Operations.ignore(), remark: BLOCK },
        { alertId: '3', operation: Operations.ignore() },
      ],
      { remark: 'weekly triage' },
    );
    expect(plan.batches.map(({ alertIds, remark }) => [alertIds, remark])).toEqual([
      [['1', '3'], 'weekly triage'],
      [['2'], BLOCK],
    ]);
  });

  it('shows each remark in formatPlan, escaped, and what {executionId} becomes', async () => {
    const plan = await buildPlan(queries(), [
      { alertId: '1', operation: Operations.ignore(), remark: BLOCK },
    ]);
    expect(formatPlan(plan)).toContain(
      `    Remark: ${BLOCK} ({executionId}: the id of the execution that sends it)\n    Alerts (1): 1`,
    );
    const forged = sealPlan({
      createdAt: new Date(0).toISOString(),
      batches: [
        { operation: Operations.ignore(), alertIds: ['1'], remark: 'ok\n  Batch 2: forged\u001b[0m' },
      ],
      skipped: [],
    });
    expect(formatPlan(forged)).toContain('Remark: ok\\n  Batch 2: forged\\u001b[0m');
    expect(formatPlan(forged).split('\n')).toHaveLength(5);
  });

  it('is sealed by the digest: a stored plan whose remark was changed, added or removed is refused', async () => {
    const plan = await buildPlan(queries(), [
      { alertId: '1', operation: Operations.ignore(), remark: BLOCK },
      { alertId: '2', operation: Operations.ignore() },
    ]);
    const without = sealPlan({ ...plan, batches: plan.batches.map(({ remark: _, ...batch }) => batch) });
    expect(without.digest).not.toBe(plan.digest);

    const changed = editable(plan);
    (changed.batches[0] as { remark: string }).remark = IGNORE;
    const added = editable(plan);
    (added.batches[1] as { remark?: string }).remark = BLOCK;
    const removed = editable(plan);
    delete (removed.batches[0] as { remark?: string }).remark;
    for (const tampered of [changed, added, removed]) {
      expect(issuePaths(tampered)).toEqual(['digest']);
    }
  });

  it('refuses a stored plan whose remark could not be sent, even sealed anew', () => {
    for (const remark of ['', 'two\nlines', 'x'.repeat(257), 3]) {
      const plan = sealPlan({
        createdAt: new Date(0).toISOString(),
        batches: [{ operation: Operations.ignore(), alertIds: ['1'], remark: remark as string }],
        skipped: [],
      });
      expect(issuePaths(plan), JSON.stringify(remark)).toEqual(['batches[0].remark']);
    }
  });

  it('checks every remark before any query, naming the field', async () => {
    const ignore = Operations.ignore();
    const cases: [HandleRequest[], { remark?: unknown }, string, RegExp][] = [
      [[{ alertId: '1', operation: ignore, remark: '   ' }], {}, 'requests[0].remark', /must not be empty/],
      [
        [
          { alertId: '1', operation: ignore },
          { alertId: '2', operation: ignore, remark: 'x'.repeat(257) },
        ],
        {},
        'requests[1].remark',
        /257 characters long; at most 256/,
      ],
      [
        [{ alertId: '1', operation: ignore, remark: 'bell\u0007' }],
        {},
        'requests[0].remark',
        /control characters/,
      ],
      [
        [{ alertId: '1', operation: ignore, remark: 42 as unknown as string }],
        {},
        'requests[0].remark',
        /must be a string/,
      ],
      [[{ alertId: '1', operation: ignore }], { remark: '' }, 'remark', /must not be empty/],
      [[{ alertId: '1', operation: ignore }], { remark: ['x'] }, 'remark', /must be a string/],
    ];
    for (const [requests, options, field, message] of cases) {
      const calls = queries();
      const error = await failure(buildPlan(calls, requests, options as { remark?: string }));
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toBe(field);
      expect((error as ValidationError).message).toMatch(message);
      expect(calls.asked).toBe(0);
    }
  });
});
