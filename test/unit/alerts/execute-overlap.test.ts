/**
 * Execution overlaps polling across batches: once a batch's handling call has answered, the next
 * batches are sent while its task is polled, in the plan's order; `overlapPolling: false` waits for
 * each batch's task to end first. The order of the calls tells which.
 */
import { describe, expect, it } from 'vitest';
import { type ExecuteCalls, executePlan } from '../../../src/alerts/execute.js';
import { sealPlan } from '../../../src/alerts/plan-format.js';
import { Operations } from '../../../src/index.js';

/** A service whose tasks answer `Processing` to their first status query and `Success` after; it logs the calls. */
function service() {
  const log: string[] = [];
  const queries = new Map<string, number>();
  let nextTask = 1;
  const calls: ExecuteCalls = {
    handleSecurityEvents: async (request) => {
      const taskId = nextTask++;
      log.push(`send ${request.SecurityEventIds.join(',')}`);
      return { RequestId: 'R', HandleSecurityEventsResponse: { TaskId: taskId } };
    },
    describeSecurityEventOperationStatus: async (request = {}) => {
      const { TaskId: taskId, SecurityEventIds: ids = [] } = request;
      if (taskId === undefined) {
        return {
          RequestId: 'R',
          SecurityEventOperationStatusResponse: { SecurityEventOperationStatuses: [] },
        };
      }
      const query = (queries.get(String(taskId)) ?? 0) + 1;
      queries.set(String(taskId), query);
      const status = query === 1 ? 'Processing' : 'Success';
      if (status === 'Success') log.push(`done ${ids.join(',')}`);
      return {
        RequestId: 'R',
        SecurityEventOperationStatusResponse: {
          TaskStatus: status,
          SecurityEventOperationStatuses: ids.map((id) => ({ SecurityEventId: id, Status: status })),
        },
      };
    },
    describeSuspEvents: async (request = {}) => ({
      RequestId: 'R',
      SuspEvents: [{ Id: request.Id, EventStatus: 1 }],
    }),
    describeSecurityEventOperations: async () => {
      throw new Error('no whitelist batch here');
    },
  };
  return { calls, log };
}

const PLAN = sealPlan({
  createdAt: new Date(0).toISOString(),
  batches: [['1'], ['2'], ['3']].map((alertIds) => ({ operation: Operations.ignore(), alertIds })),
  skipped: [],
});
const POLL = { intervalMs: 20, maxAttempts: 5, maxWaitMs: 5_000 };

describe('execution and polling', () => {
  it('sends the next batches, in order, while the first one is polled', async () => {
    const { calls, log } = service();
    const report = await executePlan(calls, PLAN, { poll: POLL, concurrency: 1 });
    expect(report.counts.succeeded).toBe(3);
    expect(log.slice(0, 3)).toEqual(['send 1', 'send 2', 'send 3']);
    expect(log.slice(3).sort()).toEqual(['done 1', 'done 2', 'done 3']);
  });

  it('with overlapPolling: false, sends each batch once the one before has ended', async () => {
    const { calls, log } = service();
    const report = await executePlan(calls, PLAN, { poll: POLL, concurrency: 1, overlapPolling: false });
    expect(report.counts.succeeded).toBe(3);
    expect(log).toEqual(['send 1', 'done 1', 'send 2', 'done 2', 'send 3', 'done 3']);
  });

  it('refuses an overlapPolling that is not a boolean', async () => {
    const { calls } = service();
    await expect(executePlan(calls, PLAN, { overlapPolling: 'yes' as never })).rejects.toThrow(
      /overlapPolling/,
    );
  });
});
