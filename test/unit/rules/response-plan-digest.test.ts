/** Response plans as data: the digest covers every part, and parseResponsePlan verifies it. */
import { describe, expect, it } from 'vitest';
import { sealPlan } from '../../../src/alerts/plan-format.js';
import {
  type PlannedBatch,
  parseResponsePlan,
  type ResponsePlan,
  ValidationError,
} from '../../../src/index.js';
import { sealResponsePlan } from '../../../src/rules/response-plan.js';
import { caught } from '../../support/caught.js';
import { fakeHandler } from './response-plan-fakes.js';
import { alertOf, rule, ruleSet } from './rule-fixtures.js';

const NOW = Date.parse('2026-01-15T00:00:00Z');

/** A response plan as editable data. */
interface Editable {
  ruleSet: { name: string; version: number };
  decisions: { reason: string; status: string }[];
  guards: Record<string, unknown>;
  guardsTripped: unknown[];
  evaluatedAt: string;
  plan: { batches: { alertIds: string[] }[] };
}

async function made(): Promise<ResponsePlan> {
  const { alerts } = fakeHandler();
  const rules = ruleSet([rule('handled', { match: { type: { equals: 'Real' } } })]);
  return rules.plan(alerts, [alertOf({ AlarmEventType: 'Real' }), alertOf({ AlarmEventType: 'Other' })], {
    now: NOW,
  });
}

describe('response plan digest', () => {
  it('reads back what JSON.stringify wrote, digest unchanged', async () => {
    const rplan = await made();
    const read = parseResponsePlan(JSON.stringify(rplan));
    expect(read).toEqual(rplan);
    expect(rplan.digest).toMatch(/^[0-9a-f]{64}$/);
  });

  const changes: [string, (plan: Editable) => void][] = [
    ['rule set name', (p) => (p.ruleSet.name = 'other')],
    ['rule set version', (p) => (p.ruleSet.version = 2)],
    ['a decision reason', (p) => ((p.decisions[0] as Editable['decisions'][number]).reason = 'changed')],
    ['a decision status', (p) => ((p.decisions[1] as Editable['decisions'][number]).status = 'ruleSkip')],
    ['a guard', (p) => (p.guards.maxDestructivePerRun = 50)],
    ['guardsTripped', (p) => p.guardsTripped.push({ guard: 'maxPerHost', alertIds: [], detail: 'x' })],
    ['evaluatedAt', (p) => (p.evaluatedAt = '2026-01-16T00:00:00.000Z')],
  ];
  it.each(changes)('refuses a plan whose %s changed', async (_, change) => {
    const rplan = structuredClone(await made());
    change(rplan as unknown as Editable);
    const error = caught(() => parseResponsePlan(rplan));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((issue) => issue.path)).toContain('digest');
  });

  it('refuses a changed inner plan, and an alert sneaked into it even with both digests recomputed', async () => {
    const rplan = await made();
    const edited = structuredClone(rplan) as unknown as Editable;
    (edited.plan.batches[0] as { alertIds: string[] }).alertIds.push('999');
    const changed = caught(() => parseResponsePlan(edited)) as ValidationError;
    expect(changed.issues[0]?.path).toMatch(/^plan\./);

    const batch = rplan.plan.batches[0] as PlannedBatch;
    const plan = sealPlan({ ...rplan.plan, batches: [{ ...batch, alertIds: [...batch.alertIds, '999'] }] });
    const { digest: _, ...content } = rplan;
    const resealed = sealResponsePlan({ ...content, plan });
    const sneaked = caught(() => parseResponsePlan(resealed)) as ValidationError;
    expect(sneaked.issues.map((issue) => issue.message)).toEqual([
      'alert 999 is not requested by a decision with operation manual_handled',
    ]);
  });

  it('changes the digest when the inner plan changes', async () => {
    const a = await made();
    const { plan, ...rest } = a;
    const b = sealResponsePlan({ ...rest, plan: { ...plan, digest: '0'.repeat(64) } });
    expect(b.digest).not.toBe(a.digest);
  });
});
