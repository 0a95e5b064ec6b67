/**
 * The guards of a response plan are checked again right before each batch is sent: caps counted over what
 * was actually sent (whatever the plan holds, however many batches are in flight), an approval that
 * expires during the run, an asset that became protected.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sampleAlerts } from '../../src/emulator/index.js';
import { APPROVAL_REQUIRED, approve, executeResponsePlan, ResponseRules } from '../../src/index.js';
import { type ResponsePlan, sealResponsePlan } from '../../src/rules/response-plan.js';
import { useEmulatorHandler } from '../support/emulator-handler.js';
import { handleCalls } from '../support/emulator-requests.js';

const emulators = useEmulatorHandler();
const SECRET = 'send-guards-approval-key-0123456789';
const ALERTS = 12;

let firstId = 9_500_000;

/** 12 pending alerts, two per host, that offer block_ip and manual_handled; batches of 2, 4 in flight. */
async function setup(operation: 'block_ip' | 'manual_handled') {
  const base = firstId;
  firstId += 1000;
  const records = sampleAlerts(ALERTS, 'send-guards').map((record, index) => ({
    ...record,
    Id: base + index,
    SecurityEventIds: String(base + index),
    Uuid: `guarded-host-${Math.floor(index / 2)}`,
    InternetIp: `198.51.100.${index + 1}`,
    EventStatus: 1,
    Dealed: 'N',
  }));
  const ids = records.map((record) => String(record.Id));
  const offered = [{ code: 'block_ip' }, { code: 'manual_handled' }];
  const { emulator, alerts } = await emulators.setup(
    { alerts: records, taskPolls: 1, operations: Object.fromEntries(ids.map((id) => [id, offered])) },
    { batchSize: 2, concurrency: 4 },
  );
  const rules = ResponseRules.parse({
    name: 'send-guards',
    version: 1,
    rules: [
      {
        id: 'respond',
        order: 1,
        match: { all: [] },
        action: {
          handle: operation === 'block_ip' ? { operation, input: { duration: '1d' } } : { operation },
        },
      },
    ],
  });
  const rplan = await rules.plan(
    alerts,
    { dealt: false },
    { maxAlertsPerRun: ALERTS, maxDestructivePerRun: ALERTS },
  );
  expect(rplan.plan.batches.flatMap((batch) => batch.alertIds)).toHaveLength(ALERTS);
  return { emulator, alerts, rplan, ids };
}

/** The same response plan with other guards, sealed again: its content holds more than its caps allow. */
function withGuards(rplan: ResponsePlan, guards: Partial<ResponsePlan['guards']>): ResponsePlan {
  const { digest: _digest, ...content } = rplan;
  return sealResponsePlan({ ...content, guards: { ...content.guards, ...guards } });
}

afterEach(() => {
  vi.useRealTimers();
});

describe('guards re-checked before every batch', () => {
  it('never sends more alerts than maxAlertsPerRun, with 4 batches in flight', async () => {
    const { emulator, alerts, rplan } = await setup('manual_handled');
    const report = await executeResponsePlan(alerts, withGuards(rplan, { maxAlertsPerRun: 5 }), {
      concurrency: 4,
    });

    const sent = handleCalls(emulator).flatMap((call) => call.ids);
    expect(sent).toHaveLength(5);
    const held = report.skipped.filter((outcome) => outcome.reason?.includes('maxAlertsPerRun'));
    expect(held).toHaveLength(ALERTS - 5);
    expect(report.outcomes).toHaveLength(ALERTS);
  });

  it('never sends more destructive handlings than maxDestructivePerRun, nor more per host than maxPerHost', async () => {
    const { emulator, alerts, rplan, ids } = await setup('block_ip');
    const guarded = withGuards(rplan, { maxDestructivePerRun: 4, maxPerHost: 1 });
    const approval = approve(guarded, {
      approver: 'alice',
      expiresAt: Date.now() + 3_600_000,
      secret: SECRET,
    });
    const report = await executeResponsePlan(alerts, guarded, { approval, secret: SECRET, concurrency: 4 });

    const sent = handleCalls(emulator).flatMap((call) => call.ids);
    expect(sent.length).toBeLessThanOrEqual(4);
    const hostOf = (id: string) => Math.floor(ids.indexOf(id) / 2);
    expect(new Set(sent.map(hostOf)).size).toBe(sent.length);
    expect(report.skipped.some((outcome) => outcome.reason?.includes('maxPerHost'))).toBe(true);
    expect(report.outcomes).toHaveLength(ALERTS);
  });

  it('holds back the destructive batches sent after the approval expired during the run', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.UTC(2026, 11, 1, 8, 0, 0));
    const { emulator, alerts, rplan } = await setup('block_ip');
    const approval = approve(rplan, { approver: 'alice', expiresAt: Date.now() + 60_000, secret: SECRET });
    const report = await executeResponsePlan(alerts, rplan, {
      approval,
      secret: SECRET,
      onProgress: (progress) => {
        // The clock passes the approval's expiry once the first batch is done.
        if (progress.phase === 'finished' && progress.batchIndex === 0)
          vi.setSystemTime(Date.now() + 120_000);
      },
    });

    const calls = handleCalls(emulator);
    expect(calls).toHaveLength(1);
    const expired = report.skipped.filter(
      (outcome) => outcome.reason?.startsWith(APPROVAL_REQUIRED) && outcome.reason.includes('expired'),
    );
    expect(expired).toHaveLength(ALERTS - 2);
  });

  it('holds back an alert that is on a protected asset when its batch is sent', async () => {
    const { emulator, alerts, rplan, ids } = await setup('manual_handled');
    // The third alert's address is protected by the time it is sent: the plan was made before.
    const guarded = withGuards(rplan, { protectedAssets: ['198.51.100.3/32'] });
    const report = await executeResponsePlan(alerts, guarded);

    const sent = handleCalls(emulator).flatMap((call) => call.ids);
    expect(sent).not.toContain(ids[2]);
    expect(sent).toHaveLength(ALERTS - 1);
    const held = report.outcomes.find((outcome) => outcome.alertId === ids[2]);
    expect(held?.status).toBe('skipped');
    expect(held?.reason).toContain('protected asset (198.51.100.3/32)');
  });
});
