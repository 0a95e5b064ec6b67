/** Response plans over HTTP: the guards cap what is sent, and destructive batches need an approval. */
import { describe, expect, it } from 'vitest';
import { APPROVAL_REQUIRED, approve, executeResponsePlan, ResponseRules } from '../../src/index.js';
import { blockableAlerts } from '../support/blockable-alerts.js';
import { useEmulatorHandler } from '../support/emulator-handler.js';
import { handleCalls } from '../support/emulator-requests.js';

const emulators = useEmulatorHandler();
const SECRET = 'integration-approval-key-0123456789';

let firstId = 9_300_000;

/** An emulator of 6 pending alerts that offer block_ip and manual_handled, and a rule set blocking the first 3. */
async function setup() {
  const base = firstId;
  firstId += 1000;
  const { ids, state } = blockableAlerts(6, 'guards', base);
  const { emulator, alerts } = await emulators.setup(state);
  const rules = ResponseRules.parse({
    name: 'prod-playbook',
    version: 4,
    rules: [
      {
        id: 'block',
        order: 1,
        match: { id: { in: ids.slice(0, 3) } },
        action: { handle: { operation: 'block_ip', input: { duration: '1d' } } },
      },
      { id: 'close', order: 2, match: { all: [] }, action: { handle: { operation: 'manual_handled' } } },
    ],
  });
  return { emulator, alerts, rules, ids };
}

const GUARDS = { maxDestructivePerRun: 2, maxAlertsPerRun: 4 };

describe('executeResponsePlan over HTTP', () => {
  it('without an approval sends no destructive batch, and never more alerts than the caps', async () => {
    const { emulator, alerts, rules, ids } = await setup();
    const rplan = await rules.plan(alerts, { dealt: false }, GUARDS);
    const requested = rplan.decisions.filter((decision) => decision.status === 'requested');
    expect(requested.map((decision) => decision.operation).sort()).toEqual([
      'block_ip',
      'block_ip',
      'manual_handled',
      'manual_handled',
    ]);
    expect(rplan.guardsTripped.map(({ guard, alertIds }) => [guard, alertIds.length])).toEqual([
      ['maxDestructivePerRun', 1],
      ['maxAlertsPerRun', 1],
    ]);

    const report = await executeResponsePlan(alerts, rplan);
    const calls = handleCalls(emulator);
    expect(calls.map((call) => call.code)).toEqual(['manual_handled']);
    expect(calls.flatMap((call) => call.ids).length).toBeLessThanOrEqual(GUARDS.maxAlertsPerRun);
    const withheld = report.skipped.filter((outcome) => outcome.reason?.startsWith(APPROVAL_REQUIRED));
    expect(withheld.map((outcome) => [outcome.operation, outcome.reason?.includes('No approval')])).toEqual([
      ['block_ip', true],
      ['block_ip', true],
    ]);
    expect(report.succeeded).toHaveLength(2);
    expect(ids).toEqual(expect.arrayContaining(report.outcomes.map((outcome) => outcome.alertId)));
  });

  it('with a valid signed approval sends the destructive batch, within the caps; a changed plan is not approved', async () => {
    const { emulator, alerts, rules } = await setup();
    const rplan = await rules.plan(alerts, { dealt: false }, GUARDS);
    const approval = approve(rplan, {
      approver: 'alice',
      requester: 'ci',
      expiresAt: Date.now() + 600_000,
      secret: SECRET,
    });

    const other = await rules.plan(alerts, { dealt: false }, { ...GUARDS, maxAlertsPerRun: 3 });
    const refused = await executeResponsePlan(alerts, other, { approval, secret: SECRET });
    expect(handleCalls(emulator).map((call) => call.code)).not.toContain('block_ip');
    expect(refused.skipped.some((outcome) => outcome.reason?.includes('another plan'))).toBe(true);

    const report = await executeResponsePlan(alerts, rplan, {
      approval,
      secret: SECRET,
      requireDistinctApprover: true,
    });
    const blocks = handleCalls(emulator).filter((call) => call.code === 'block_ip');
    expect(blocks.flatMap((call) => call.ids)).toHaveLength(2);
    expect(report.skipped.filter((outcome) => outcome.reason?.startsWith(APPROVAL_REQUIRED))).toEqual([]);
    const sent = new Set(handleCalls(emulator).flatMap((call) => call.ids));
    expect(sent.size).toBeLessThanOrEqual(GUARDS.maxAlertsPerRun);
  });
});
