import { describe, expect, it, vi } from 'vitest';
import { type RecheckCalls, recheckReport } from '../../../src/alerts/recheck.js';
import {
  AbortError,
  AgentOfflineError,
  NetworkError,
  NoPermissionError,
  OperationTaskNotExistsError,
  ServerError,
  ValidationError,
} from '../../../src/errors.js';
import type {
  DescribeSecurityEventOperationStatusRequest,
  DescribeSecurityEventOperationStatusResponse,
} from '../../../src/generated/index.js';
import { type AlertOutcome, HandlingReport } from '../../../src/index.js';
import { finish, useFakeTimersEachTest } from '../../support/task-status.js';

const POLL = { intervalMs: 1000, maxAttempts: 3, maxWaitMs: 10_000 };
const LOST = new NetworkError('reset', { code: 'ECONNRESET' });

/** Per-alert `Status` and `ErrorCode`; an error fails the query. */
type Answer = Record<string, [string, string?]> | Error;

/**
 * Status reads answered per query: by task from `tasks[taskId]` (one answer per query, the last
 * repeats), by alert IDs from `byAlert` (likewise). Records every request; any handling call fails the test.
 */
function service(script: { tasks?: Record<number, Answer[]>; byAlert?: Answer[] }) {
  const requests: DescribeSecurityEventOperationStatusRequest[] = [];
  const handled = vi.fn();
  const next = (answers: Answer[] | undefined): Answer =>
    (answers === undefined ? {} : answers.length > 1 ? answers.shift() : answers[0]) as Answer;
  const calls: RecheckCalls & { handleSecurityEvents: typeof handled } = {
    handleSecurityEvents: handled,
    describeSecurityEventOperationStatus: async (request = {}) => {
      requests.push(request);
      const answer =
        request.TaskId === undefined ? next(script.byAlert) : next(script.tasks?.[Number(request.TaskId)]);
      if (answer instanceof Error) throw answer;
      const entries = (request.SecurityEventIds ?? []).filter((id) => answer[id] !== undefined);
      const statuses = entries.map((id) => {
        const [status, code] = answer[id] as [string, string?];
        return { SecurityEventId: id, Status: status, ...(code !== undefined && { ErrorCode: code }) };
      });
      const response: DescribeSecurityEventOperationStatusResponse = {
        RequestId: 'R',
        SecurityEventOperationStatusResponse: {
          TaskStatus: statuses.some((entry) => entry.Status === 'Processing') ? 'Processing' : 'Success',
          SecurityEventOperationStatuses: statuses,
        },
      };
      return response;
    },
  };
  return { calls, requests, handled };
}

const timedOut = (alertId: string, taskId?: number): AlertOutcome => ({
  alertId,
  operation: 'ignore',
  status: 'timedOut',
  ...(taskId !== undefined && { taskId }),
  reason: 'task still running after 10 s; check the alert later',
});
const unknown = (alertId: string, operation = 'ignore'): AlertOutcome => ({
  alertId,
  operation,
  status: 'unknown',
  errorCode: LOST.code,
  error: LOST,
  reason: 'The handling call failed (ECONNRESET) and its handling status could not be read.',
});

const view = (report: HandlingReport) =>
  report.outcomes.map(({ alertId, status, taskId, errorCode }) => [alertId, status, taskId, errorCode]);

useFakeTimersEachTest();

describe('recheck by task', () => {
  it("waits for the outcome's task and takes each alert's result; other outcomes are kept in order", async () => {
    const { calls, requests, handled } = service({
      tasks: {
        15: [
          { '1': ['Processing'], '2': ['Processing'] },
          { '1': ['Success', 'ignore.Success'], '2': ['Failed', 'ignore.AgentOffline'] },
        ],
      },
    });
    const kept: AlertOutcome = { alertId: '3', operation: 'ignore', status: 'succeeded', taskId: 9 };
    const skipped: AlertOutcome = { alertId: '4', operation: 'ignore', status: 'skipped', reason: 'aborted' };
    const report = new HandlingReport([timedOut('1', 15), kept, timedOut('2', 15), skipped], {
      aborted: true,
    });

    const fresh = await finish(recheckReport(calls, report, { poll: POLL }));

    expect(fresh).not.toBe(report);
    expect(fresh.aborted).toBe(true);
    expect(view(fresh)).toEqual([
      ['1', 'succeeded', 15, 'ignore.Success'],
      ['3', 'succeeded', 9, undefined],
      ['2', 'failed', 15, 'ignore.AgentOffline'],
      ['4', 'skipped', undefined, undefined],
    ]);
    expect(fresh.outcomes[1]).toBe(kept);
    expect(fresh.outcomes[3]).toBe(skipped);
    expect(fresh.outcomes[0]?.reason).toMatch(/^Verified by a recheck at \d{4}-.*\(was timedOut\)\.$/);
    expect(fresh.outcomes[2]?.error).toBeInstanceOf(AgentOfflineError);
    expect(requests).toEqual([
      { TaskId: 15, SecurityEventIds: ['1', '2'] },
      { TaskId: 15, SecurityEventIds: ['1', '2'] },
    ]);
    expect(handled).not.toHaveBeenCalled();
    // The given report is not changed.
    expect(report.outcomes[0]?.status).toBe('timedOut');
  });

  it('keeps an alert whose task still runs for the whole budget timedOut, saying when it was rechecked', async () => {
    const { calls, requests } = service({ tasks: { 15: [{ '1': ['Processing'] }] } });
    const fresh = await finish(recheckReport(calls, new HandlingReport([timedOut('1', 15)]), { poll: POLL }));
    expect(view(fresh)).toEqual([['1', 'timedOut', 15, undefined]]);
    expect(fresh.outcomes[0]?.reason).toMatch(
      /^Rechecked at \d{4}-\S+: task 15 still running after 3 status queries; check the alert/,
    );
    expect(requests).toHaveLength(POLL.maxAttempts);
  });

  it('names the error when the task cannot be read, and leaves the outcome as it was', async () => {
    const down = new ServerError('down', { code: 'ServiceUnavailable' });
    const { calls } = service({ tasks: { 15: [down] } });
    const before = unknown('1');
    const fresh = await finish(
      recheckReport(calls, new HandlingReport([{ ...before, taskId: 15 }]), { poll: POLL }),
    );
    expect(view(fresh)).toEqual([['1', 'unknown', 15, 'ECONNRESET']]);
    expect(fresh.outcomes[0]?.error).toBe(LOST);
    expect(fresh.outcomes[0]?.reason).toMatch(
      /its last status query failed \(ServerError ServiceUnavailable\)/,
    );
  });
});

describe('recheck by alert ID (no taskId)', () => {
  it('accepts only a final status of the same operation', async () => {
    const { calls, requests, handled } = service({
      byAlert: [
        {
          '1': ['Success', 'ignore.Success'],
          '2': ['Failed', 'ignore.AgentOffline'],
          '3': ['Success', 'block_ip.Success'],
          '5': ['Success'],
        },
      ],
    });
    const report = new HandlingReport([
      unknown('1'),
      unknown('2'),
      unknown('3'),
      unknown('4'),
      timedOut('5'),
    ]);

    const fresh = await finish(recheckReport(calls, report, { poll: POLL }));

    expect(view(fresh)).toEqual([
      ['1', 'succeeded', undefined, 'ignore.Success'],
      ['2', 'failed', undefined, 'ignore.AgentOffline'],
      ['3', 'unknown', undefined, 'ECONNRESET'],
      ['4', 'unknown', undefined, 'ECONNRESET'],
      ['5', 'succeeded', undefined, undefined],
    ]);
    expect(fresh.outcomes[1]?.error).toBeInstanceOf(AgentOfflineError);
    expect(fresh.outcomes[2]?.reason).toMatch(
      /^Rechecked at .*not a final result of ignore \(Success, block_ip\.Success\)/,
    );
    expect(fresh.outcomes[3]?.reason).toMatch(/^Rechecked at .*no handling of ignore is recorded/);
    expect(requests).toEqual([{ SecurityEventIds: ['1', '2', '3', '4', '5'] }]);
    expect(handled).not.toHaveBeenCalled();
  });

  it('follows a Processing handling for the poll budget and reports its final status', async () => {
    const { calls, requests } = service({
      byAlert: [
        { '1': ['Processing'], '2': ['Success', 'ignore.Success'] },
        { '1': ['Processing'] },
        { '1': ['Success', 'ignore.Success'] },
      ],
    });
    const fresh = await finish(
      recheckReport(calls, new HandlingReport([unknown('1'), unknown('2')]), { poll: POLL }),
    );
    expect(view(fresh)).toEqual([
      ['1', 'succeeded', undefined, 'ignore.Success'],
      ['2', 'succeeded', undefined, 'ignore.Success'],
    ]);
    expect(requests).toEqual([
      { SecurityEventIds: ['1', '2'] },
      { SecurityEventIds: ['1'] },
      { SecurityEventIds: ['1'] },
    ]);
  });

  it('keeps a handling still Processing after the budget open, saying it is applied and running', async () => {
    const { calls, requests } = service({ byAlert: [{ '1': ['Processing'] }] });
    const fresh = await finish(recheckReport(calls, new HandlingReport([unknown('1')]), { poll: POLL }));
    expect(view(fresh)).toEqual([['1', 'unknown', undefined, 'ECONNRESET']]);
    expect(fresh.outcomes[0]?.reason).toMatch(/ignore handling is applied and still running/);
    expect(requests).toHaveLength(POLL.maxAttempts);
  });

  it('reads at most 100 alert IDs per query', async () => {
    const ids = Array.from({ length: 250 }, (_, index) => String(1000 + index));
    const { calls, requests } = service({
      byAlert: [Object.fromEntries(ids.map((id) => [id, ['Success', 'ignore.Success']]))],
    });
    const fresh = await finish(recheckReport(calls, new HandlingReport(ids.map((id) => unknown(id)))));
    expect(requests.map((request) => request.SecurityEventIds?.length)).toEqual([100, 100, 50]);
    expect(fresh.counts).toMatchObject({ total: 250, succeeded: 250 });
    expect(fresh.outcomes.map((outcome) => outcome.alertId)).toEqual(ids);
  });

  it('leaves the alerts of a failed read as they were, naming the error; the other chunks are read', async () => {
    const ids = Array.from({ length: 101 }, (_, index) => String(1000 + index));
    const { calls } = service({
      byAlert: [
        new ServerError('down', { code: 'ServiceUnavailable' }),
        { '1100': ['Success', 'ignore.Success'] },
      ],
    });
    const fresh = await finish(recheckReport(calls, new HandlingReport(ids.map((id) => unknown(id)))));
    expect(fresh.counts).toMatchObject({ total: 101, unknown: 100, succeeded: 1 });
    expect(fresh.outcomes[0]?.reason).toMatch(
      /^Rechecked at .*its handling status could not be read \(ServerError ServiceUnavailable\)/,
    );
    expect(fresh.outcomes[0]?.error).toBe(LOST);
  });

  it('treats OperationTaskNotExists as no handling recorded', async () => {
    const { calls } = service({
      byAlert: [new OperationTaskNotExistsError('none', { code: 'OperationTaskNotExists' })],
    });
    const fresh = await finish(recheckReport(calls, new HandlingReport([unknown('1')])));
    expect(view(fresh)).toEqual([['1', 'unknown', undefined, 'ECONNRESET']]);
    expect(fresh.outcomes[0]?.reason).toMatch(/no handling of ignore is recorded/);
  });
});

describe('recheck refuses', () => {
  it('rejects with a caller error (NoPermission) of a read by alert ID or by task', async () => {
    const denied = new NoPermissionError('denied', { code: 'NoPermission' });
    const byAlert = service({ byAlert: [denied] });
    const failure = (promise: Promise<unknown>) => finish(promise.catch((error: unknown) => error));
    expect(await failure(recheckReport(byAlert.calls, new HandlingReport([unknown('1')])))).toBe(denied);
    const byTask = service({ tasks: { 15: [denied] } });
    expect(await failure(recheckReport(byTask.calls, new HandlingReport([timedOut('1', 15)])))).toBe(denied);
  });

  it('rejects with an AbortError, sending nothing, when the signal has aborted', async () => {
    const { calls, requests } = service({});
    const controller = new AbortController();
    controller.abort();
    await expect(
      recheckReport(calls, new HandlingReport([unknown('1')]), { signal: controller.signal }),
    ).rejects.toBeInstanceOf(AbortError);
    expect(requests).toEqual([]);
  });

  it('rejects with an AbortError when the signal aborts while a handling is followed', async () => {
    const { calls } = service({ byAlert: [{ '1': ['Processing'] }] });
    const controller = new AbortController();
    const recheck = recheckReport(calls, new HandlingReport([unknown('1')]), {
      poll: POLL,
      signal: controller.signal,
    });
    const caught = recheck.catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(10);
    controller.abort();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(await caught).toBeInstanceOf(AbortError);
  });

  it.each<[string, unknown, object]>([
    ['an unknown option', new HandlingReport([]), { wait: 1 }],
    ['a bad poll setting', new HandlingReport([]), { poll: { maxAttempts: 0 } }],
    ['intervalMs above maxWaitMs', new HandlingReport([]), { poll: { intervalMs: 5000, maxWaitMs: 1000 } }],
    ['no report', undefined, {}],
    ['an open outcome without a digit alert ID', new HandlingReport([unknown('x1')]), {}],
    ['an open outcome with a bad taskId', new HandlingReport([timedOut('1', -3)]), {}],
  ])('throws a ValidationError for %s, sending nothing', async (_, report, options) => {
    const { calls, requests } = service({});
    await expect(recheckReport(calls, report as HandlingReport, options)).rejects.toBeInstanceOf(
      ValidationError,
    );
    expect(requests).toEqual([]);
  });

  it('sends nothing for a report with no open outcome', async () => {
    const { calls, requests } = service({});
    const done: AlertOutcome = { alertId: '1', operation: 'ignore', status: 'succeeded' };
    const fresh = await recheckReport(calls, new HandlingReport([done]));
    expect(fresh.outcomes).toEqual([done]);
    expect(requests).toEqual([]);
  });
});
