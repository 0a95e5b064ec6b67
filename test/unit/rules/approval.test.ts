/** Approvals: bound to a response plan's digest, signed with a secret when given, verified with typed reasons. */
import { describe, expect, it } from 'vitest';
import { approve, type ResponsePlan, ValidationError, verifyApproval } from '../../../src/index.js';
import { caught } from '../../support/caught.js';
import { fakeHandler } from './response-plan-fakes.js';
import { alertOf, rule, ruleSet } from './rule-fixtures.js';

const NOW = Date.parse('2026-01-15T00:00:00Z');
const HOUR = 3_600_000;
const SECRET = 'approval-key-0123456789abcdef';

async function made(type = 'Real'): Promise<ResponsePlan> {
  const { alerts } = fakeHandler();
  const rules = ruleSet([rule('handled', { match: { type: { equals: 'Real' } } })]);
  return rules.plan(alerts, [alertOf({ AlarmEventType: type })], { now: NOW });
}

describe('approve and verifyApproval', () => {
  it('accepts an approval of the same plan before it expires, with and without a secret', async () => {
    const rplan = await made();
    const plain = approve(rplan, { approver: 'alice', expiresAt: NOW + HOUR, now: NOW });
    expect(plain).toMatchObject({ digest: rplan.digest, binding: 'sha256', approver: 'alice' });
    expect(verifyApproval(rplan, plain, { now: NOW + 1 }).ok).toBe(true);
    const signed = approve(rplan, { approver: 'alice', expiresAt: NOW + HOUR, now: NOW, secret: SECRET });
    expect(signed.binding).toBe('hmac-sha256');
    expect(
      verifyApproval(rplan, JSON.parse(JSON.stringify(signed)), { now: NOW + 1, secret: SECRET }).ok,
    ).toBe(true);
  });

  it('refuses with a reason: expired, another plan, changed plan, changed approval, wrong or missing secret, same person', async () => {
    const rplan = await made();
    const base = { approver: 'alice', expiresAt: NOW + HOUR, now: NOW };
    const signed = approve(rplan, { ...base, secret: SECRET });
    const plain = approve(rplan, base);
    const reason = (result: ReturnType<typeof verifyApproval>) => (result.ok ? 'ok' : result.reason);
    expect(reason(verifyApproval(rplan, plain, { now: NOW + HOUR }))).toBe('expired');
    expect(reason(verifyApproval(await made('Other'), plain, { now: NOW }))).toBe('digestMismatch');
    const changed = structuredClone(rplan) as unknown as { decisions: { reason: string }[] };
    (changed.decisions[0] as { reason: string }).reason = 'edited after approval';
    expect(reason(verifyApproval(changed as unknown as ResponsePlan, plain, { now: NOW }))).toBe(
      'digestMismatch',
    );
    expect(
      reason(verifyApproval(rplan, { ...plain, expiresAt: '2030-01-01T00:00:00.000Z' }, { now: NOW })),
    ).toBe('signatureMismatch');
    expect(reason(verifyApproval(rplan, signed, { now: NOW, secret: `${SECRET}x` }))).toBe(
      'signatureMismatch',
    );
    expect(reason(verifyApproval(rplan, signed, { now: NOW }))).toBe('secretRequired');
    expect(reason(verifyApproval(rplan, plain, { now: NOW, secret: SECRET }))).toBe('unsigned');
    expect(reason(verifyApproval(rplan, undefined))).toBe('missing');
    expect(reason(verifyApproval(rplan, { nope: true } as never))).toBe('malformed');
    const own = approve(rplan, { ...base, requester: 'Alice' });
    expect(reason(verifyApproval(rplan, own, { now: NOW, requireDistinctApprover: true }))).toBe(
      'sameApprover',
    );
    expect(reason(verifyApproval(rplan, plain, { now: NOW, requireDistinctApprover: true }))).toBe(
      'requesterUnknown',
    );
    const other = approve(rplan, { ...base, requester: 'bob' });
    expect(reason(verifyApproval(rplan, other, { now: NOW, requireDistinctApprover: true }))).toBe('ok');
  });

  it('never puts the secret in the approval, its JSON, or an error message', async () => {
    const rplan = await made();
    const signed = approve(rplan, { approver: 'alice', expiresAt: NOW + HOUR, now: NOW, secret: SECRET });
    expect(JSON.stringify(signed)).not.toContain(SECRET);
    const results = [
      verifyApproval(rplan, signed, { now: NOW, secret: `${SECRET}x` }),
      verifyApproval(rplan, signed, { now: NOW + HOUR, secret: SECRET }),
    ];
    for (const result of results) expect(JSON.stringify(result)).not.toContain(SECRET);
    const short = caught(() =>
      approve(rplan, { approver: 'a', expiresAt: NOW + HOUR, now: NOW, secret: 'short-secret' }),
    );
    expect(short).toBeInstanceOf(ValidationError);
    expect(String((short as Error).message)).not.toContain('short-secret');
  });

  it('refuses to approve a changed plan, an empty approver, or an expiry in the past', async () => {
    const rplan = await made();
    const changed = { ...rplan, ruleSet: { name: 'x', version: 1 } };
    expect(caught(() => approve(changed, { approver: 'a', expiresAt: NOW + HOUR, now: NOW }))).toBeInstanceOf(
      ValidationError,
    );
    expect(caught(() => approve(rplan, { approver: ' ', expiresAt: NOW + HOUR, now: NOW }))).toMatchObject({
      field: 'approver',
    });
    expect(caught(() => approve(rplan, { approver: 'a', expiresAt: NOW, now: NOW }))).toMatchObject({
      field: 'expiresAt',
    });
  });
});
