import { describe, expect, it } from 'vitest';
import { sampleAlerts } from '../../src/emulator/index.js';
import {
  AgentOfflineError,
  type Alert,
  AlertHandler,
  ConfirmationRequiredError,
  formatPlan,
  Operations,
  SecurityEventNotExistsError,
} from '../../src/index.js';
import { collect } from '../support/collect.js';
import { allSucceeded, FAST_POLL, useEmulatorHandler } from '../support/emulator-handler.js';
import { handledAlertIds } from '../support/emulator-requests.js';

const { start, setup } = useEmulatorHandler();

describe('AlertHandler over HTTP against the emulator', () => {
  it('lists, plans and executes 45 alerts in 3 calls of 20/20/5, each alert handled once', async () => {
    const { emulator, alerts } = await setup({ alerts: sampleAlerts(45) });
    const listed: Alert[] = await collect(alerts.listAlerts({ dealt: false, pageSize: 20 }));
    expect(listed).toHaveLength(45);
    expect(emulator.count('DescribeSuspEvents')).toBe(3);

    const plan = await alerts.plan(
      listed.map((alert) => ({ alertId: alert.id, operation: Operations.ignore() })),
    );
    expect(emulator.count('DescribeSecurityEventOperations')).toBe(45);
    expect(plan.batches.map((batch) => batch.alertIds.length)).toEqual([20, 20, 5]);
    expect(emulator.count('HandleSecurityEvents')).toBe(0);

    // One batch at a time, each finished before the next, as the three calls are counted in order.
    const report = await alerts.execute(plan, { concurrency: 1, overlapPolling: false });
    expect(handledAlertIds(emulator).map((ids) => ids.length)).toEqual([20, 20, 5]);
    expect(report.counts).toEqual(allSucceeded(45));
    for (const alert of listed) expect(emulator.state.handledCount(alert.id)).toBe(1);
    expect(await collect(alerts.listAlerts({ dealt: false }))).toHaveLength(0);
  });

  it('sends the existing whitelist rules together with the new one', async () => {
    const [alert] = sampleAlerts(1);
    const type = String(alert?.AlarmEventType);
    const existing = { uuid: 'ALL', field: 'loginUser', operate: 'strEqual', fieldValue: 'deploy' };
    const { emulator, alerts } = await setup({
      alerts: [alert as never],
      whitelistRules: { [type]: [existing] },
    });
    const ops = await alerts.getOperations(String(alert?.Id));
    expect(ops.whitelistRules).toEqual([existing]);
    const field = ops.whitelistFields[0];
    if (!field) throw new Error('the sample alert offers no whitelist field');

    const addition = { field: field.field, operate: 'strEqual' as const, value: field.currentValue ?? 'x' };
    const plan = await alerts.plan([
      { alertId: String(alert?.Id), operation: Operations.whitelist({ rules: [addition], scope: 'ALL' }) },
    ]);
    expect(formatPlan(plan)).toContain('MarkMissParam');
    const report = await alerts.execute(plan);
    expect(report.counts.succeeded).toBe(1);

    const sent = emulator.received.find((request) => request.action === 'HandleSecurityEvents');
    expect(JSON.parse(sent?.params.MarkMissParam ?? '[]')).toEqual([
      existing,
      { uuid: 'ALL', field: addition.field, operate: 'strEqual', fieldValue: addition.value },
    ]);
    expect(emulator.state.whitelistRules(type)).toHaveLength(2);
  });

  it('reports an offline agent as a failure with AgentOfflineError, and the others as succeeded', async () => {
    const records = sampleAlerts(45)
      .filter((record) => record.AlarmEventType === 'Unusual Logon')
      .slice(0, 3);
    const offlineHost = String(records[0]?.Uuid);
    const { alerts } = await setup({ alerts: records, hosts: [{ uuid: offlineHost, online: false }] });
    const report = await alerts.handle(
      records.map((record) => String(record.Id)),
      Operations.blockIp({ duration: '6h' }),
      { confirm: true },
    );
    expect(report.failed).toHaveLength(1);
    expect(report.failed[0]?.error).toBeInstanceOf(AgentOfflineError);
    expect(report.failed[0]?.errorCode).toBe('block_ip.AgentOffline');
    expect(report.succeeded).toHaveLength(records.length - 1);
    expect(report.summary()).toContain('Block IP - Failed (AgentOffline)');
  });

  it('reports the alerts of a task that never finishes as timed out, within the poll budget', async () => {
    const records = sampleAlerts(3);
    const { emulator, alerts } = await setup(
      { alerts: records, taskPolls: Number.POSITIVE_INFINITY },
      { poll: { intervalMs: 20, maxAttempts: 3, maxWaitMs: 60_000 } },
    );
    const report = await alerts.handle(
      records.map((record) => String(record.Id)),
      Operations.ignore(),
    );
    expect(report.counts).toMatchObject({ total: 3, timedOut: 3 });
    // One re-read before sending, then the poller's three queries.
    expect(emulator.count('DescribeSecurityEventOperationStatus')).toBe(1 + 3);
    expect(report.summary()).toContain('⏱ Timed Out: 3 items');
  });

  it('keeps every alert when execute is aborted in the middle', async () => {
    const records = sampleAlerts(45);
    const { emulator, alerts } = await setup(
      { alerts: records, taskPolls: 3 },
      { batchSize: 10, poll: { intervalMs: 30, maxAttempts: 10, maxWaitMs: 60_000 } },
    );
    const plan = await alerts.plan(
      records.map((record) => ({ alertId: String(record.Id), operation: Operations.ignore() })),
    );
    const controller = new AbortController();
    const report = await alerts.execute(plan, {
      // One batch at a time, each finished before the next: the abort comes after the second batch,
      // before the third is sent.
      concurrency: 1,
      overlapPolling: false,
      signal: controller.signal,
      onProgress: (progress) => {
        if (progress.phase === 'finished' && progress.batchIndex === 1) controller.abort();
      },
    });
    expect(report.aborted).toBe(true);
    expect(report.outcomes).toHaveLength(45);
    expect(new Set(report.outcomes.map((outcome) => outcome.alertId)).size).toBe(45);
    expect(report.counts.succeeded).toBe(20);
    expect(report.counts.skipped).toBe(25);
    expect(handledAlertIds(emulator)).toHaveLength(2);
  });

  it('skips, with reasons, alerts that do not exist or whose operation is not allowed', async () => {
    const records = sampleAlerts(2);
    const { alerts } = await setup({ alerts: records, deniedOperations: ['manual_handled'] });
    const plan = await alerts.plan([
      { alertId: String(records[0]?.Id), operation: Operations.markHandled() },
      { alertId: '999999999', operation: Operations.ignore() },
      { alertId: String(records[1]?.Id), operation: Operations.ignore() },
    ]);
    expect(plan.skipped.map((entry) => entry.reason)).toEqual([
      expect.stringMatching(/UserCanOperate=false/),
      expect.stringMatching(/does not exist/),
    ]);
    const report = await alerts.execute(plan);
    expect(report.counts).toMatchObject({ total: 3, succeeded: 1, skipped: 2 });
    await expect(alerts.getOperations('999999999')).rejects.toBeInstanceOf(SecurityEventNotExistsError);
  });

  it('refuses a destructive one-call handle without confirmation, sending nothing', async () => {
    const records = sampleAlerts(1);
    const { emulator, alerts } = await setup({ alerts: records });
    await expect(
      alerts.handle([String(records[0]?.Id)], Operations.killAndQuarantine()),
    ).rejects.toBeInstanceOf(ConfirmationRequiredError);
    expect(emulator.count()).toBe(0);
  });

  it('waits for a task with the bounded poller', async () => {
    const records = sampleAlerts(2);
    const { alerts } = await setup({ alerts: records, taskPolls: 2 });
    const ids = records.map((record) => String(record.Id));
    const { HandleSecurityEventsResponse } = await alerts.client.handleSecurityEvents({
      SecurityEventIds: ids,
      OperationCode: 'ignore',
      OperationParams: '{}',
    });
    const result = await alerts.waitForTask(Number(HandleSecurityEventsResponse?.TaskId ?? 0), ids, {
      intervalMs: 5,
    });
    expect(result.taskStatus).toBe('Success');
    expect(result.attempts).toBe(3);
    expect(result.events.map((event) => event.status)).toEqual(['succeeded', 'succeeded']);
  });

  it('does not resend a handling call whose answer was lost, and proves what happened', async () => {
    const records = sampleAlerts(3);
    const emulator = await start({
      state: { alerts: records },
      faults: [
        { action: 'HandleSecurityEvents', queue: ['resetBeforeApply', 'resetAfterApply', 'hangAfterApply'] },
      ],
    });
    const alerts = new AlertHandler({
      endpoint: emulator.endpoint,
      protocol: 'http',
      credential: emulator.credentials,
      timeoutMs: 300,
      poll: FAST_POLL,
    });
    const outcomes = [];
    for (const record of records) {
      const report = await alerts.handle([String(record.Id)], Operations.ignore(), { reconcileGraceMs: 50 });
      outcomes.push(report.outcomes[0]);
    }
    // The second and third were applied: reconciliation follows their handling until it succeeds.
    expect(outcomes.map((outcome) => outcome?.status)).toEqual(['failed', 'succeeded', 'succeeded']);
    expect(outcomes[0]?.reason).toMatch(/not applied/);
    expect(outcomes[1]?.reason).toMatch(/Verified after the call failed/);
    expect(records.map((record) => emulator?.state.handledCount(String(record.Id)))).toEqual([0, 1, 1]);
    expect(emulator.count('HandleSecurityEvents')).toBe(3);
  });
});
