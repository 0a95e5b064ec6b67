/**
 * Alert and risk event IDs that are not IDs (text, empty, more than 19 digits, floats, negative, other
 * types, duplicates within a plan) are rejected before any request, naming the offending field.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type HandleRequest, Operations } from '../../src/index.js';
import { fuzzTarget } from '../support/fuzz-target.js';
import { Tally } from '../support/tally.js';

const RUNS = 150;
const tally = new Tally('alert ids');

/** Bad IDs by kind; each is rejected wherever an alert or risk event ID is taken. */
const BAD_IDS: Record<string, fc.Arbitrary<unknown>> = {
  'non-numeric text': fc.string({ minLength: 1, maxLength: 30 }).filter((text) => /\D/.test(text)),
  'more than 19 digits': fc.stringMatching(/^[1-9]\d{19,60}$/),
  'beyond Number.MAX_SAFE_INTEGER': fc
    .bigInt({ min: BigInt(Number.MAX_SAFE_INTEGER) + 2n, max: 10n ** 30n })
    .map(Number),
  'float (number or text)': fc.oneof(
    fc.double({ noInteger: true }),
    fc.tuple(fc.nat(), fc.nat()).map(([whole, fraction]) => `${whole}.${fraction}`),
  ),
  negative: fc.oneof(
    fc.integer({ max: -1 }),
    fc.nat().map((id) => `-${id}`),
  ),
  'empty, or neither text nor number': fc.constantFrom('', null, undefined, true, {}, [], [7009605]),
};

const target = fuzzTarget();
const sent = () => target.sent();

describe.each(Object.entries(BAD_IDS))('a bad ID (%s)', (kind, badId) => {
  it('is rejected by plan, naming requests[i].alertId', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: 3 }), badId, async (position, id) => {
        const requests: HandleRequest[] = [7009605, 7009604, 7009603].map((alertId) => ({
          alertId,
          operation: Operations.ignore(),
        }));
        requests.splice(position, 0, { alertId: id as string, operation: Operations.ignore() });
        await tally.rejects({
          category: `plan: ${kind}`,
          input: id,
          field: `requests[${position}].alertId`,
          attempt: () => target.alerts.plan(requests),
          sent,
        });
      }),
      { numRuns: RUNS },
    );
  });

  it('is rejected by handle and getOperations, naming the ID', async () => {
    await fc.assert(
      fc.asyncProperty(badId, async (id) => {
        await tally.rejects({
          category: `handle: ${kind}`,
          input: id,
          field: 'requests[0].alertId',
          attempt: () => target.alerts.handle([id as string], Operations.ignore()),
          sent,
        });
        await tally.rejects({
          category: `getOperations: ${kind}`,
          input: id,
          field: 'alertId',
          attempt: () => target.alerts.getOperations(id as string),
          sent,
        });
      }),
      { numRuns: RUNS },
    );
  });

  it('is rejected by handleRisk, naming riskId', async () => {
    await fc.assert(
      fc.asyncProperty(badId, async (id) => {
        await tally.rejects({
          category: `handleRisk: ${kind}`,
          input: id,
          field: 'riskId',
          attempt: () => target.risks.handleRisk(id as string, 'Reviewed: a scheduled backup job.'),
          sent,
        });
      }),
      { numRuns: RUNS },
    );
  });
});

describe('duplicate alert IDs in a plan', () => {
  it('are rejected, naming the second occurrence, also when one is a number and the other text', async () => {
    const ids = fc.uniqueArray(fc.integer({ min: 1, max: 99_999_999 }), { minLength: 1, maxLength: 8 });
    await fc.assert(
      fc.asyncProperty(ids, fc.nat(), fc.nat(), fc.boolean(), async (unique, pick, at, asText) => {
        const copy = unique[pick % unique.length] as number;
        const position = at % (unique.length + 1);
        const listed: (string | number)[] = unique.map(String);
        listed.splice(position, 0, asText ? String(copy) : copy);
        const second = listed.findIndex((id, index) =>
          listed.slice(0, index).map(String).includes(String(id)),
        );
        const requests = listed.map((alertId) => ({ alertId, operation: Operations.ignore() }));
        await tally.rejects({
          category: 'plan: duplicate IDs',
          input: listed,
          field: `requests[${second}].alertId`,
          attempt: () => target.alerts.plan(requests),
          sent,
        });
      }),
      { numRuns: RUNS },
    );
  });
});

describe('positive control', () => {
  it('takes IDs of 1 to 19 digits, as text or as safe integers', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.stringMatching(/^\d{1,19}$/), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER })),
        async (id) => {
          // An unknown ID is a skipped alert, not a ValidationError: the plan queried it.
          const plan = await target.alerts.plan([{ alertId: id, operation: Operations.ignore() }]);
          expect(plan.batches.length + plan.skipped.length).toBe(1);
        },
      ),
      { numRuns: 20 },
    );
  });
});
