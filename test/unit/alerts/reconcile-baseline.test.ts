import { describe, expect, it } from 'vitest';
import { type ExecuteCalls, executePlan } from '../../../src/alerts/execute.js';
import { sealPlan } from '../../../src/alerts/plan-format.js';
import type { SasClient } from '../../../src/index.js';
import { AlertHandler, NetworkError, type Operation, Operations, ServerError } from '../../../src/index.js';

/** One alert's state as the service keeps it: pending or not, its latest handling, when it was handled. */
interface AlertState {
  eventStatus: number;
  latest?: { status: string; errorCode: string };
  operateTime?: number;
}

/**
 * A service holding one alert whose handling calls all lose their answer; `applies` says whether the
 * lost call was applied (its result: `block_ip.Success`, at a later `OperateTime`).
 */
function service(alert: AlertState, applies: boolean) {
  let sent = 0;
  const status = { down: false };
  const calls: ExecuteCalls = {
    describeSuspEvents: async (request = {}) => ({
      RequestId: 'R',
      SuspEvents: [
        {
          Id: request.Id,
          EventStatus: alert.eventStatus,
          ...(alert.operateTime !== undefined && { OperateTime: alert.operateTime }),
          ...(alert.latest !== undefined && { OperateErrorCode: alert.latest.errorCode }),
        },
      ],
    }),
    describeSecurityEventOperationStatus: async (request = {}) => {
      if (status.down && sent > 0) throw new ServerError('down', { code: 'ServiceUnavailable' });
      return {
        RequestId: 'R',
        SecurityEventOperationStatusResponse: {
          SecurityEventOperationStatuses:
            alert.latest === undefined
              ? []
              : (request.SecurityEventIds ?? []).map((id) => ({
                  SecurityEventId: id,
                  Status: alert.latest?.status,
                  ErrorCode: alert.latest?.errorCode,
                })),
        },
      };
    },
    handleSecurityEvents: async (request) => {
      sent++;
      if (applies) {
        alert.latest = { status: 'Success', errorCode: `${request.OperationCode}.Success` };
        alert.operateTime = (alert.operateTime ?? 0) + 60_000;
        alert.eventStatus = 32;
      }
      throw new NetworkError('socket hang up', { code: 'ECONNRESET' });
    },
    describeSecurityEventOperations: async () => {
      throw new Error('no whitelist here');
    },
  };
  return { calls, sent: () => sent, status };
}

function planFor(operation: Operation) {
  return sealPlan({
    createdAt: new Date().toISOString(),
    batches: [{ operation, alertIds: ['7009607'] }],
    skipped: [],
  });
}

const POLL = { intervalMs: 10, maxAttempts: 3, maxWaitMs: 1000 };

describe('reconciling a lost answer against the alert as it was before sending', () => {
  it('does not take an earlier block that succeeded as proof of this one', async () => {
    // A 6-hour block succeeded earlier; the alert is pending again, and a 30-day block is sent.
    const alert: AlertState = {
      eventStatus: 1,
      latest: { status: 'Success', errorCode: 'block_ip.Success' },
      operateTime: 1_700_000_000_000,
    };
    const { calls, sent } = service(alert, false);
    const report = await executePlan(calls, planFor(Operations.blockIp({ duration: '30d' })), {
      poll: POLL,
      reconcileGraceMs: 20,
    });
    expect(sent()).toBe(1);
    expect(report.succeeded).toEqual([]);
    expect(report.outcomes[0]).toMatchObject({ status: 'failed', errorCode: 'ECONNRESET' });
    expect(report.outcomes[0]?.reason).toMatch(/not applied/);
  });

  it('proves a handling that is newer than the one before sending, though it reads the same', async () => {
    const alert: AlertState = {
      eventStatus: 1,
      latest: { status: 'Success', errorCode: 'block_ip.Success' },
      operateTime: 1_700_000_000_000,
    };
    const { calls } = service(alert, true);
    const report = await executePlan(calls, planFor(Operations.blockIp({ duration: '30d' })), {
      poll: POLL,
      reconcileGraceMs: 20,
    });
    expect(report.outcomes[0]).toMatchObject({ status: 'succeeded', errorCode: 'block_ip.Success' });
    expect(report.outcomes[0]?.reason).toMatch(/Verified/);
  });

  it('does not take a handling of another operation as proof', async () => {
    const alert: AlertState = {
      eventStatus: 1,
      latest: { status: 'Failed', errorCode: 'kill_and_quara.AgentOffline' },
      operateTime: 1_700_000_000_000,
    };
    const { calls } = service(alert, false);
    const report = await executePlan(calls, planFor(Operations.blockIp({ duration: '1d' })), {
      poll: POLL,
      reconcileGraceMs: 20,
    });
    expect(report.outcomes[0]?.error?.name).not.toBe('AgentOfflineError');
    expect(report.outcomes[0]?.reason).toMatch(/not applied/);
  });
});

describe('recheck of an unknown alert', () => {
  it('does not take the handling the alert showed before its call as proof, and does take a newer one', async () => {
    const before = { status: 'Success', errorCode: 'block_ip.Success' };
    const alert: AlertState = { eventStatus: 1, latest: before, operateTime: 1_700_000_000_000 };
    const { calls, status } = service(alert, false);
    status.down = true;
    const alerts = new AlertHandler({ client: calls as unknown as SasClient, poll: POLL });
    const report = await alerts.execute(planFor(Operations.blockIp({ duration: '30d' })), {
      reconcileGraceMs: 20,
    });
    expect(report.outcomes[0]?.status).toBe('unknown');

    status.down = false;
    const same = await alerts.recheck(report);
    expect(same.outcomes[0]?.status).toBe('unknown');
    expect(same.outcomes[0]?.reason).toMatch(/the one it showed before its call/);

    alert.latest = { status: 'Failed', errorCode: 'block_ip.AgentOffline' };
    const newer = await alerts.recheck(same);
    expect(newer.outcomes[0]).toMatchObject({ status: 'failed', errorCode: 'block_ip.AgentOffline' });
  });
});

describe('the re-read right before sending', () => {
  it('skips an alert no longer pending, and one whose handling is still running, sending nothing', async () => {
    const handled = service({ eventStatus: 32 }, false);
    const done = await executePlan(handled.calls, planFor(Operations.ignore()), { poll: POLL });
    expect(handled.sent()).toBe(0);
    expect(done.outcomes[0]).toMatchObject({ status: 'skipped' });
    expect(done.outcomes[0]?.reason).toMatch(/no longer pending \(handled\)/);

    const running = service(
      { eventStatus: 1, latest: { status: 'Processing', errorCode: 'ignore.Processing' } },
      false,
    );
    const busy = await executePlan(running.calls, planFor(Operations.ignore()), { poll: POLL });
    expect(running.sent()).toBe(0);
    expect(busy.outcomes[0]).toMatchObject({ status: 'skipped' });
    expect(busy.outcomes[0]?.reason).toMatch(/still running/);
  });
});
