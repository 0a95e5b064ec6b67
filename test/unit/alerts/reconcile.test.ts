import { describe, expect, it, vi } from 'vitest';
import { type ReconcileCalls, reconcile } from '../../../src/alerts/reconcile.js';
import {
  AbortError,
  AgentOfflineError,
  NetworkError,
  NoPermissionError,
  ThrottlingError,
} from '../../../src/errors.js';
import type {
  DescribeSecurityEventOperationStatusRequest,
  DescribeSecurityEventOperationStatusResponse,
} from '../../../src/generated/index.js';
import { finish, useFakeTimersEachTest } from '../../support/task-status.js';

/** The error of the handling call whose answer was lost. */
const LOST = new NetworkError('reset', { code: 'ECONNRESET' });
const POLL = { intervalMs: 1000, maxAttempts: 5, maxWaitMs: 10_000 };

/** Per-alert `Status` (and `ErrorCode`) of one status answer; an error fails the query. */
type Step = Record<string, [string, string?]> | Error;

/**
 * Reads answered from `steps`, one step per status query (the last repeats), each alert's entry
 * present only when the request names it. Records each status request and the fake time it was sent.
 */
function reads(steps: Step[]) {
  const requests: { atMs: number; request: DescribeSecurityEventOperationStatusRequest }[] = [];
  const start = Date.now();
  const calls: ReconcileCalls = {
    describeSecurityEventOperationStatus: async (request = {}) => {
      requests.push({ atMs: Date.now() - start, request });
      const step = (steps.length > 1 ? steps.shift() : steps[0]) as Step;
      if (step instanceof Error) throw step;
      const answer: DescribeSecurityEventOperationStatusResponse = {
        RequestId: 'R',
        SecurityEventOperationStatusResponse: {
          TaskStatus: Object.values(step).some(([status]) => status === 'Processing')
            ? 'Processing'
            : 'Success',
          SecurityEventOperationStatuses: (request.SecurityEventIds ?? [])
            .filter((id) => step[id] !== undefined)
            .map((id) => {
              const [status, code] = step[id] as [string, string?];
              return { SecurityEventId: id, Status: status, ...(code !== undefined && { ErrorCode: code }) };
            }),
        },
      };
      return answer;
    },
    describeSuspEvents: async () => ({ RequestId: 'R', SuspEvents: [] }),
  };
  return { calls, requests };
}

useFakeTimersEachTest();

describe('reconcile a handling still Processing, by alert IDs', () => {
  it('polls it for the rest of the poll budget and reports its final status', async () => {
    const { calls, requests } = reads([
      { '1': ['Processing'], '2': ['Processing'] },
      { '1': ['Processing'], '2': ['Processing'] },
      { '1': ['Success', 'ignore.Success'], '2': ['Failed', 'ignore.AgentOffline'] },
    ]);
    const outcomes = await finish(
      reconcile(calls, 'en', 'ignore', ['1', '2'], LOST, undefined, { poll: POLL }),
    );
    expect(outcomes.map(({ alertId, status, errorCode }) => [alertId, status, errorCode])).toEqual([
      ['1', 'succeeded', 'ignore.Success'],
      ['2', 'failed', 'ignore.AgentOffline'],
    ]);
    expect(outcomes[1]?.error).toBeInstanceOf(AgentOfflineError);
    expect(requests.map(({ atMs }) => atMs)).toEqual([0, 1000, 2000]);
    for (const { request } of requests) expect(request).toEqual({ SecurityEventIds: ['1', '2'] });
    // The status answer names no task: nothing to carry.
    for (const outcome of outcomes) expect(outcome).not.toHaveProperty('taskId');
  });

  it('polls only the alerts still Processing', async () => {
    const { calls, requests } = reads([
      { '1': ['Success', 'ignore.Success'], '2': ['Processing'] },
      { '2': ['Success', 'ignore.Success'] },
    ]);
    const outcomes = await finish(
      reconcile(calls, 'en', 'ignore', ['1', '2'], LOST, undefined, { poll: POLL }),
    );
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['succeeded', 'succeeded']);
    expect(requests.map(({ request }) => request.SecurityEventIds)).toEqual([['1', '2'], ['2']]);
  });

  it('counts its first read as an attempt and reports timedOut when the attempts run out', async () => {
    const { calls, requests } = reads([{ '1': ['Processing'] }]);
    const outcomes = await finish(
      reconcile(calls, 'en', 'ignore', ['1'], LOST, undefined, { poll: { ...POLL, maxAttempts: 3 } }),
    );
    expect(requests).toHaveLength(3);
    expect(outcomes).toEqual([
      {
        alertId: '1',
        operation: 'ignore',
        status: 'timedOut',
        reason:
          'The handling call failed, but the handling was applied and is still running: check the alert later.',
      },
    ]);
  });

  it('reports timedOut after its first read when the budget leaves no room for another', async () => {
    const { calls, requests } = reads([{ '1': ['Processing'] }, { '1': ['Success'] }]);
    const outcomes = await finish(
      reconcile(calls, 'en', 'ignore', ['1'], LOST, undefined, {
        poll: { intervalMs: 1000, maxWaitMs: 1000 },
      }),
    );
    expect(requests).toHaveLength(1);
    expect(outcomes[0]?.status).toBe('timedOut');
  });

  it('follows with the poller defaults when given no poll settings', async () => {
    const { calls, requests } = reads([{ '1': ['Processing'] }]);
    const outcomes = await finish(reconcile(calls, 'en', 'ignore', ['1'], LOST, undefined));
    expect(requests.map(({ atMs }) => atMs)).toEqual([0, 2000, 4000, 6000, 8000]);
    expect(outcomes[0]?.status).toBe('timedOut');
  });

  it('goes on after a failed status query and reports the final status of a later answer', async () => {
    const throttled = new ThrottlingError('slow', { code: 'Throttling.User' });
    const { calls } = reads([{ '1': ['Processing'] }, throttled, { '1': ['Success', 'ignore.Success'] }]);
    const outcomes = await finish(reconcile(calls, 'en', 'ignore', ['1'], LOST, undefined, { poll: POLL }));
    expect(outcomes[0]).toMatchObject({ status: 'succeeded', errorCode: 'ignore.Success' });
  });

  it('names the last error when the status stays unreadable until the budget ends', async () => {
    const throttled = new ThrottlingError('slow', { code: 'Throttling.User' });
    const { calls, requests } = reads([{ '1': ['Processing'] }, throttled]);
    const outcomes = await finish(reconcile(calls, 'en', 'ignore', ['1'], LOST, undefined, { poll: POLL }));
    expect(requests).toHaveLength(POLL.maxAttempts);
    expect(outcomes[0]).toMatchObject({ status: 'timedOut', error: throttled });
    expect(outcomes[0]?.reason).toContain(
      'still running (its last status query failed: ThrottlingError Throttling.User)',
    );
  });

  it('reports timedOut, naming the abort, when aborted while following', async () => {
    const { calls } = reads([{ '1': ['Processing'] }]);
    const controller = new AbortController();
    const running = reconcile(calls, 'en', 'ignore', ['1'], LOST, controller.signal, { poll: POLL });
    await vi.advanceTimersByTimeAsync(500);
    controller.abort();
    const outcomes = await finish(running);
    expect(outcomes[0]).toMatchObject({ status: 'timedOut' });
    expect(outcomes[0]?.error).toBeInstanceOf(AbortError);
  });
});

describe('reconcile with a known taskId', () => {
  it('waits for that task, and every outcome carries the taskId', async () => {
    const { calls, requests } = reads([
      { '1': ['Processing'], '2': ['Processing'] },
      { '1': ['Success', 'ignore.Success'], '2': ['Failed', 'ignore.AgentOffline'] },
    ]);
    const outcomes = await finish(
      reconcile(calls, 'en', 'ignore', ['1', '2'], LOST, undefined, { poll: POLL, taskId: 42 }),
    );
    expect(outcomes.map(({ alertId, status, taskId }) => [alertId, status, taskId])).toEqual([
      ['1', 'succeeded', 42],
      ['2', 'failed', 42],
    ]);
    expect(outcomes[1]?.error).toBeInstanceOf(AgentOfflineError);
    for (const { request } of requests) expect(request).toEqual({ TaskId: 42, SecurityEventIds: ['1', '2'] });
  });

  it('reports a task still running at the end of the budget as timedOut, with the taskId and the last error', async () => {
    const throttled = new ThrottlingError('slow', { code: 'Throttling.User' });
    const { calls } = reads([{ '1': ['Processing'] }, throttled]);
    const outcomes = await finish(
      reconcile(calls, 'en', 'ignore', ['1'], LOST, undefined, { poll: POLL, taskId: 42 }),
    );
    expect(outcomes[0]).toMatchObject({ status: 'timedOut', taskId: 42, error: throttled });
    expect(outcomes[0]?.reason).toMatch(/task 42 was started and is still running .*Throttling\.User/);
  });

  it('reports unknown, with the taskId, when the task cannot be read', async () => {
    const denied = new NoPermissionError('denied', { code: 'NoPermission' });
    const { calls, requests } = reads([denied]);
    const outcomes = await finish(
      reconcile(calls, 'en', 'ignore', ['1'], LOST, undefined, { poll: POLL, taskId: 42 }),
    );
    expect(requests).toHaveLength(1);
    expect(outcomes[0]).toMatchObject({ status: 'unknown', taskId: 42, error: LOST });
    expect(outcomes[0]?.reason).toMatch(/task 42 could not be read \(NoPermissionError NoPermission\)/);
  });
});
