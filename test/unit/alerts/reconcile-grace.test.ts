import { describe, expect, it, vi } from 'vitest';
import { type ReconcileCalls, reconcile } from '../../../src/alerts/reconcile.js';
import { NetworkError } from '../../../src/errors.js';
import type { DescribeSecurityEventOperationStatusResponse } from '../../../src/generated/index.js';
import { finish, useFakeTimersEachTest } from '../../support/task-status.js';

/** The error of the handling call whose answer was lost. */
const LOST = new NetworkError('reset', { code: 'ECONNRESET' });
const POLL = { intervalMs: 1000, maxAttempts: 5, maxWaitMs: 10_000 };
const PENDING = 1;

/** One status answer: each alert's `Status` and `ErrorCode`, absent when it has no handling. */
type StatusStep = Record<string, [string, string]>;

/**
 * Reads answered from scripts, one step per read (the last repeats): the handling statuses, and the
 * alerts' `EventStatus`. Records the fake time of each read.
 */
function reads(statusSteps: StatusStep[], alertSteps: number[]) {
  const start = Date.now();
  const statusReadsAtMs: number[] = [];
  const alertReadsAtMs: number[] = [];
  const next = <T>(steps: T[]): T => (steps.length > 1 ? steps.shift() : steps[0]) as T;
  const calls: ReconcileCalls = {
    describeSecurityEventOperationStatus: async (request = {}) => {
      statusReadsAtMs.push(Date.now() - start);
      const step = next(statusSteps);
      const answer: DescribeSecurityEventOperationStatusResponse = {
        RequestId: 'R',
        SecurityEventOperationStatusResponse: {
          TaskStatus: 'Success',
          SecurityEventOperationStatuses: (request.SecurityEventIds ?? [])
            .filter((id) => step[id] !== undefined)
            .map((id) => {
              const [Status, ErrorCode] = step[id] as [string, string];
              return { SecurityEventId: id, Status, ErrorCode };
            }),
        },
      };
      return answer;
    },
    describeSuspEvents: async (request = {}) => {
      alertReadsAtMs.push(Date.now() - start);
      return { RequestId: 'R', SuspEvents: [{ Id: request.Id, EventStatus: next(alertSteps) }] };
    },
  };
  return { calls, statusReadsAtMs, alertReadsAtMs };
}

useFakeTimersEachTest();

describe('reconcile an alert still pending with no handling', () => {
  it('reports succeeded, not failed, when a handling appears during the grace period', async () => {
    const { calls, statusReadsAtMs } = reads([{}, { '1': ['Success', 'ignore.Success'] }], [PENDING]);

    const outcomes = await finish(
      reconcile(calls, 'en', 'ignore', ['1'], LOST, undefined, { poll: POLL, graceMs: 5000 }),
    );

    expect(outcomes).toEqual([
      {
        alertId: '1',
        operation: 'ignore',
        status: 'succeeded',
        errorCode: 'ignore.Success',
        reason: 'Verified after the call failed.',
      },
    ]);
    expect(statusReadsAtMs).toEqual([0, 5000]);
  });

  it('follows a handling found Processing after the grace period with a fresh poll budget', async () => {
    const { calls } = reads(
      [{}, { '1': ['Processing', 'ignore.Processing'] }, { '1': ['Success', 'ignore.Success'] }],
      [PENDING],
    );

    const outcomes = await finish(
      reconcile(calls, 'en', 'ignore', ['1'], LOST, undefined, { poll: POLL, graceMs: 15_000 }),
    );

    expect(outcomes.map((outcome) => outcome.status)).toEqual(['succeeded']);
  });

  it('reports failed, naming the grace period, when still nothing shows after it', async () => {
    const { calls, statusReadsAtMs, alertReadsAtMs } = reads([{}], [PENDING]);

    const outcomes = await finish(
      reconcile(calls, 'en', 'ignore', ['1'], LOST, undefined, { poll: POLL, graceMs: 5000 }),
    );

    expect(outcomes).toEqual([
      {
        alertId: '1',
        operation: 'ignore',
        status: 'failed',
        errorCode: 'ECONNRESET',
        error: LOST,
        reason:
          'Verified not applied after 5000 ms: the alert is still pending with no handling, so it can be handled again.',
      },
    ]);
    expect(statusReadsAtMs).toEqual([0, 5000]);
    expect(alertReadsAtMs).toEqual([0, 5000]);
  });

  it('waits 15 000 ms, longer than the default request deadline, when no grace period is given', async () => {
    const { calls, statusReadsAtMs } = reads([{}], [PENDING]);

    const outcomes = await finish(reconcile(calls, 'en', 'ignore', ['1'], LOST, undefined, { poll: POLL }));

    expect(outcomes[0]?.reason).toMatch(/^Verified not applied after 15000 ms/);
    expect(statusReadsAtMs).toEqual([0, 15_000]);
  });

  it('reports unknown when the alert changed state during the grace period', async () => {
    const { calls } = reads([{}], [PENDING, 2]);

    const outcomes = await finish(
      reconcile(calls, 'en', 'ignore', ['1'], LOST, undefined, { poll: POLL, graceMs: 5000 }),
    );

    expect(outcomes[0]).toMatchObject({ status: 'unknown', errorCode: 'ECONNRESET' });
    expect(outcomes[0]?.reason).toMatch(/changed state/);
  });

  it('reports unknown when aborted during the grace period, and reads nothing more', async () => {
    const { calls, statusReadsAtMs, alertReadsAtMs } = reads([{}], [PENDING]);
    const controller = new AbortController();

    const reconciled = reconcile(calls, 'en', 'ignore', ['1', '2'], LOST, controller.signal, {
      poll: POLL,
      graceMs: 5000,
    });
    await vi.advanceTimersByTimeAsync(1000);
    controller.abort();
    const outcomes = await finish(reconciled);

    expect(outcomes.map((outcome) => [outcome.alertId, outcome.status])).toEqual([
      ['1', 'unknown'],
      ['2', 'unknown'],
    ]);
    expect(outcomes[0]?.reason).toMatch(/aborted before its re-check after 5000 ms/);
    expect(statusReadsAtMs).toEqual([0]);
    expect(alertReadsAtMs).toEqual([0, 0]);
  });

  it('waits for no grace period when every alert is proven by the first read', async () => {
    const { calls, statusReadsAtMs } = reads([{ '1': ['Failed', 'ignore.AgentOffline'] }], [PENDING]);

    const outcomes = await finish(
      reconcile(calls, 'en', 'ignore', ['1'], LOST, undefined, { poll: POLL, graceMs: 5000 }),
    );

    expect(outcomes.map((outcome) => outcome.status)).toEqual(['failed']);
    expect(statusReadsAtMs).toEqual([0]);
  });
});
