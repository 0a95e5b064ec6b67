/**
 * Two accounts may hold alerts with the same ID. Executions of handlers acting in different accounts
 * (calls with different `claimScope`s) in one process must not hold each other's alerts back; executions
 * in the same account still do.
 */
import { describe, expect, it } from 'vitest';
import { type ExecuteCalls, executePlan } from '../../../src/alerts/execute.js';
import { sealPlan } from '../../../src/alerts/plan-format.js';
import { Operations } from '../../../src/index.js';

const FAST_POLL = { intervalMs: 1, maxAttempts: 3, maxWaitMs: 1000 };

/** Calls of one account whose handling call waits for `gate`, then succeeds. */
function account(claimScope: string | undefined, gate: Promise<void>) {
  const sent: string[] = [];
  const calls: ExecuteCalls & { claimScope?: string } = {
    ...(claimScope !== undefined && { claimScope }),
    handleSecurityEvents: async (request) => {
      sent.push(...request.SecurityEventIds);
      await gate;
      return { RequestId: 'R', HandleSecurityEventsResponse: { TaskId: 7 } };
    },
    describeSecurityEventOperationStatus: async () => ({
      RequestId: 'R',
      SecurityEventOperationStatusResponse: {
        TaskStatus: 'Success',
        SecurityEventOperationStatuses: sent.map((id) => ({
          SecurityEventId: id,
          Status: 'Success',
          ErrorCode: 'ignore.Success',
        })),
      },
    }),
    describeSuspEvents: async (request = {}) => ({
      RequestId: 'R',
      SuspEvents: [{ Id: request.Id, EventStatus: sent.includes(String(request.Id)) ? 2 : 1 }],
    }),
    describeSecurityEventOperations: async () => {
      throw new Error('no whitelist batch here');
    },
  };
  return { calls, sent };
}

const plan = () =>
  sealPlan({
    createdAt: new Date().toISOString(),
    batches: [{ operation: Operations.ignore(), alertIds: ['7009607'] }],
    skipped: [],
  });

describe('in-process claims per account', () => {
  it('lets two accounts handle alerts with the same ID at once', async () => {
    let open = () => {};
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const a = account('1000000000000001', gate);
    const b = account('1000000000000002', gate);
    const first = executePlan(a.calls, plan(), { poll: FAST_POLL });
    const second = executePlan(b.calls, plan(), { poll: FAST_POLL });
    await new Promise((resolve) => setTimeout(resolve, 20));
    open();
    const reports = await Promise.all([first, second]);
    expect(reports.map((report) => report.counts.succeeded)).toEqual([1, 1]);
    expect([a.sent, b.sent]).toEqual([['7009607'], ['7009607']]);
  });

  it('still holds back an alert another execution of the same account is handling', async () => {
    let open = () => {};
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const a = account('1000000000000001', gate);
    const again = account('1000000000000001', gate);
    const first = executePlan(a.calls, plan(), { poll: FAST_POLL });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const second = await executePlan(again.calls, plan(), { poll: FAST_POLL });
    open();
    await first;
    expect(second.counts.skipped).toBe(1);
    expect(again.sent).toEqual([]);
  });
});
