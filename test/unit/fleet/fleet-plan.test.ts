/**
 * Fleet plans are data: they survive JSON, and parseFleetPlan refuses one whose content changed, whose
 * accounts repeat or are not account IDs, or whose inner plans do not pass parsePlan, naming the path.
 */
import { describe, expect, it } from 'vitest';
import { sealPlan } from '../../../src/alerts/plan-format.js';
import { sealFleetPlan } from '../../../src/fleet/fleet-plan.js';
import {
  type FleetPlan,
  Operations,
  parseFleetPlan,
  parseFleetResponsePlan,
  ValidationError,
} from '../../../src/index.js';
import { caught } from '../../support/caught.js';

const plan = (alertId: string) =>
  sealPlan({
    createdAt: '2026-06-01T10:00:00.000Z',
    batches: [{ operation: Operations.ignore(), alertIds: [alertId] }],
    skipped: [],
  });

const fleetPlan = (): FleetPlan =>
  sealFleetPlan({
    kind: 'plan',
    runId: 'run-1',
    createdAt: '2026-06-01T10:00:01.000Z',
    destructive: false,
    accounts: [
      { accountId: '1000000000000001', plan: plan('7009607') },
      { accountId: '1000000000000002', plan: plan('7009607') },
    ],
    failed: [
      { accountId: '1000000000000003', phase: 'credentials', code: 'NoPermission', message: 'denied' },
    ],
  }) as FleetPlan;

const issuesOf = (input: unknown) => (caught(() => parseFleetPlan(input)) as ValidationError).issues;

describe('parseFleetPlan', () => {
  it('reads back what JSON.stringify wrote', () => {
    const made = fleetPlan();
    expect(parseFleetPlan(JSON.stringify(made))).toEqual(made);
  });

  it('refuses a plan changed after it was made', () => {
    const made = fleetPlan();
    const changed = JSON.parse(JSON.stringify(made));
    changed.failed = [];
    expect(issuesOf(changed)).toEqual([{ path: 'digest', message: expect.stringMatching(/changed/) }]);
  });

  it('refuses an account named twice, or not an account ID', () => {
    const made = JSON.parse(JSON.stringify(fleetPlan()));
    made.accounts[1].accountId = '1000000000000001';
    made.failed[0].accountId = 'x';
    expect(issuesOf(made).map((issue) => issue.path)).toEqual([
      'accounts[1].accountId',
      'failed[0].accountId',
    ]);
  });

  it("checks each account's plan as parsePlan does, with the path into it", () => {
    const made = JSON.parse(JSON.stringify(fleetPlan()));
    made.accounts[0].plan.batches[0].alertIds = ['not-an-id'];
    const paths = issuesOf(made).map((issue) => issue.path);
    expect(paths[0]).toMatch(/^accounts\[0\]\.plan\./);
  });

  it('refuses a response plan where a plan is expected, and the other way round', () => {
    expect(caught(() => parseFleetResponsePlan(fleetPlan()))).toBeInstanceOf(ValidationError);
    expect(issuesOf({ ...fleetPlan(), kind: 'responsePlan' }).map((issue) => issue.path)).toContain('kind');
  });

  it('refuses text that is not JSON', () => {
    expect(caught(() => parseFleetPlan('{'))).toBeInstanceOf(ValidationError);
  });
});
