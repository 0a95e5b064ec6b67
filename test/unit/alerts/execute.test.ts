import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type ExecuteCalls, type ExecuteProgress, executePlan } from '../../../src/alerts/execute.js';
import type { Plan } from '../../../src/alerts/plan.js';
import { sealPlan } from '../../../src/alerts/plan-format.js';
import type {
  DescribeSecurityEventOperationStatusRequest,
  DescribeSecurityEventOperationStatusResponse,
  HandleSecurityEventsRequest,
  HandleSecurityEventsResponse,
  SuspEvent,
} from '../../../src/generated/index.js';
import {
  AgentOfflineError,
  InvalidResponseError,
  NetworkError,
  NoPermissionError,
  Operations,
  ProcessNotExistError,
  ServerError,
  ThrottlingError,
} from '../../../src/index.js';

function planOf(...batches: [ReturnType<typeof Operations.ignore>, string[]][]): Plan {
  return sealPlan({
    createdAt: new Date(0).toISOString(),
    batches: batches.map(([operation, alertIds]) => ({ operation, alertIds })),
    skipped: [{ alertId: '99', operation: 'client_problem_check', reason: 'use the console' }],
  });
}

const FAST_POLL = { intervalMs: 1, maxAttempts: 3, maxWaitMs: 1000 };

/** A service scripted per call: the handling call, the status query, and one alert's read. */
interface Stub {
  handle(request: HandleSecurityEventsRequest): Promise<HandleSecurityEventsResponse>;
  describeStatus(
    request: DescribeSecurityEventOperationStatusRequest,
  ): Promise<DescribeSecurityEventOperationStatusResponse>;
  describeAlert(alertId: string): Promise<SuspEvent | undefined>;
}

/**
 * The calls execution makes, answered by `stub` for alerts a handling call was made for. Before it, the
 * re-read that precedes sending finds an alert pending with no handling.
 */
function sas(stub: Stub): ExecuteCalls {
  const sent = new Set<string>();
  const wasSent = (ids: readonly string[] = []) => ids.some((id) => sent.has(id));
  return {
    handleSecurityEvents: async (request) => {
      for (const id of request.SecurityEventIds) sent.add(id);
      return stub.handle(request);
    },
    describeSecurityEventOperationStatus: async (request = {}) =>
      wasSent(request.SecurityEventIds) || request.TaskId !== undefined
        ? stub.describeStatus(request)
        : { RequestId: 'R', SecurityEventOperationStatusResponse: { SecurityEventOperationStatuses: [] } },
    describeSuspEvents: async (request = {}) => {
      const id = String(request.Id);
      const event = sent.has(id) ? await stub.describeAlert(id) : { Id: request.Id, EventStatus: 1 };
      return { RequestId: 'R', SuspEvents: event === undefined ? [] : [event] };
    },
    describeSecurityEventOperations: async () => {
      throw new Error('no whitelist batch here: nothing re-reads whitelist rules');
    },
  };
}

/** Calls whose tasks finish at once with the given per-alert result codes (default Success). */
function calls(
  results: Record<string, string> = {},
  failHandle?: (ids: readonly string[]) => Error | undefined,
) {
  const handled: string[][] = [];
  let nextTask = 100;
  const execute: Stub = {
    describeAlert: async () => undefined,
    handle: async (request) => {
      const error = failHandle?.(request.SecurityEventIds);
      if (error) throw error;
      handled.push([...request.SecurityEventIds]);
      return { RequestId: 'R', HandleSecurityEventsResponse: { TaskId: nextTask++ } };
    },
    describeStatus: async (request) => {
      const ids = request.SecurityEventIds ?? [];
      const statuses = ids.map((id) => {
        const code = results[id] ?? `${'ignore'}.Success`;
        return {
          SecurityEventId: id,
          Status: code.endsWith('Success') ? 'Success' : 'Failed',
          ErrorCode: code,
        };
      });
      return {
        RequestId: 'R',
        SecurityEventOperationStatusResponse: {
          TaskStatus: statuses.every((status) => status.Status === 'Success') ? 'Success' : 'Failure',
          SecurityEventOperationStatuses: statuses,
        },
      };
    },
  };
  return { execute, handled };
}

describe('executePlan', () => {
  it('gives every alert exactly one outcome and maps per-alert failures to typed errors', async () => {
    const { execute, handled } = calls({
      '2': 'kill_and_quara.AgentOffline',
      '3': 'kill_and_quara.ProcessNotExist',
    });
    const progress: ExecuteProgress[] = [];
    const report = await executePlan(
      sas(execute),
      planOf([Operations.killAndQuarantine(), ['1', '2', '3']]),
      {
        poll: FAST_POLL,
        onProgress: (event) => progress.push(event),
      },
    );
    expect(handled).toEqual([['1', '2', '3']]);
    expect(report.outcomes.map((outcome) => [outcome.alertId, outcome.status])).toEqual([
      ['1', 'succeeded'],
      ['2', 'failed'],
      ['3', 'failed'],
      ['99', 'skipped'],
    ]);
    expect(report.failed[0]?.error).toBeInstanceOf(AgentOfflineError);
    expect(report.failed[1]?.error).toBeInstanceOf(ProcessNotExistError);
    expect(report.counts).toEqual({ total: 4, succeeded: 1, failed: 2, timedOut: 0, unknown: 0, skipped: 1 });
    expect(progress.map((event) => event.phase)).toEqual(['submitted', 'polling', 'finished']);
    expect(progress.at(-1)).toMatchObject({ completedAlerts: 3, totalAlerts: 3 });
  });

  it('does not let a failed batch stop the others', async () => {
    const denied = new NoPermissionError('denied', {
      code: 'NoPermission',
      ramAction: 'yundun-sas:HandleSecurityEvents',
    });
    const { execute } = calls({}, (ids) => (ids.includes('1') ? denied : undefined));
    const report = await executePlan(
      sas(execute),
      planOf([Operations.ignore(), ['1', '2']], [Operations.markHandled(), ['3']]),
      { poll: FAST_POLL },
    );
    expect(report.failed.map((outcome) => [outcome.alertId, outcome.errorCode])).toEqual([
      ['1', 'NoPermission'],
      ['2', 'NoPermission'],
    ]);
    expect(report.failed[0]?.error).toBe(denied);
    expect(report.succeeded.map((outcome) => outcome.alertId)).toEqual(['3']);
  });

  it('reports alerts of a task that never finishes as timed out', async () => {
    const execute: Stub = {
      describeAlert: async () => undefined,
      handle: async () => ({ RequestId: 'R', HandleSecurityEventsResponse: { TaskId: 7 } }),
      describeStatus: async () => ({
        RequestId: 'R',
        SecurityEventOperationStatusResponse: { TaskStatus: 'Processing' },
      }),
    };
    const report = await executePlan(sas(execute), planOf([Operations.ignore(), ['1', '2']]), {
      poll: FAST_POLL,
    });
    expect(report.timedOut.map((outcome) => [outcome.alertId, outcome.taskId])).toEqual([
      ['1', 7],
      ['2', 7],
    ]);
    expect(report.timedOut[0]?.reason).toMatch(/task 7/);
  });

  it('on abort, skips batches not yet sent and keeps every alert', async () => {
    const controller = new AbortController();
    const execute: Stub = {
      describeAlert: async () => undefined,
      handle: async () => {
        controller.abort();
        return { RequestId: 'R', HandleSecurityEventsResponse: { TaskId: 1 } };
      },
      describeStatus: async () => ({
        RequestId: 'R',
        SecurityEventOperationStatusResponse: { TaskStatus: 'Processing' },
      }),
    };
    const report = await executePlan(
      sas(execute),
      planOf([Operations.ignore(), ['1', '2']], [Operations.markHandled(), ['3']]),
      { signal: controller.signal, poll: FAST_POLL },
    );
    expect(report.aborted).toBe(true);
    expect(report.outcomes.map((outcome) => [outcome.alertId, outcome.status])).toEqual([
      ['1', 'timedOut'],
      ['2', 'timedOut'],
      ['3', 'skipped'],
      ['99', 'skipped'],
    ]);
  });

  describe('when the answer of a handling call is lost, it reconciles instead of resending', () => {
    const lost = new NetworkError('reset', { code: 'ECONNRESET' });

    function reconciling(status: object[] | Error, alertStatus: number | Error) {
      let handled = 0;
      const execute: Stub = {
        handle: async () => {
          handled++;
          throw lost;
        },
        describeStatus: async () => {
          if (status instanceof Error) throw status;
          return {
            RequestId: 'R',
            SecurityEventOperationStatusResponse: {
              TaskStatus: 'Success',
              SecurityEventOperationStatuses: status,
            },
          };
        },
        describeAlert: async (alertId) => {
          if (alertStatus instanceof Error) throw alertStatus;
          return { Id: Number(alertId), EventStatus: alertStatus };
        },
      };
      return { execute, sent: () => handled };
    }

    it('reports succeeded when the status proves the handling ran', async () => {
      const { execute, sent } = reconciling(
        [{ SecurityEventId: '1', Status: 'Success', ErrorCode: 'ignore.Success' }],
        2,
      );
      const report = await executePlan(sas(execute), planOf([Operations.ignore(), ['1']]), {
        poll: FAST_POLL,
      });
      expect(report.outcomes[0]).toMatchObject({ alertId: '1', status: 'succeeded' });
      expect(sent()).toBe(1);
    });

    it('reports failed (not applied) when the alert is still pending with no handling', async () => {
      const { execute } = reconciling([], 1);
      const report = await executePlan(sas(execute), planOf([Operations.ignore(), ['1']]), {
        poll: FAST_POLL,
        reconcileGraceMs: 10,
      });
      expect(report.outcomes[0]).toMatchObject({ status: 'failed', errorCode: 'ECONNRESET' });
      expect(report.outcomes[0]?.reason).toMatch(/not applied/);
    });

    it('reports unknown when nothing can be proven', async () => {
      const { execute } = reconciling(new ServerError('down', { code: 'ServiceUnavailable' }), 2);
      const report = await executePlan(sas(execute), planOf([Operations.ignore(), ['1', '2']]), {
        poll: FAST_POLL,
      });
      expect(report.unknown.map((outcome) => outcome.alertId)).toEqual(['1', '2']);
      expect(report.summary()).toContain('❓ Unknown: 2 items');
    });

    it('never reconciles a refusal: a 4xx proves nothing was applied', async () => {
      const { execute } = calls({}, () => new ThrottlingError('slow', { code: 'Throttling.User' }));
      const report = await executePlan(sas(execute), planOf([Operations.ignore(), ['1']]), {
        poll: FAST_POLL,
      });
      expect(report.failed[0]).toMatchObject({ alertId: '1', errorCode: 'Throttling.User' });
    });
  });
});

describe('executePlan when a status query fails', () => {
  /** A task `7` whose status queries answer from `script` (an error fails the query); the last repeats. */
  function statusScript(script: (string | Error)[]) {
    let queries = 0;
    const execute: Stub = {
      describeAlert: async () => undefined,
      handle: async () => ({ RequestId: 'R', HandleSecurityEventsResponse: { TaskId: 7 } }),
      describeStatus: async (request) => {
        queries++;
        const next = (script.length > 1 ? script.shift() : script[0]) as string | Error;
        if (next instanceof Error) throw next;
        const status = next === 'Processing' ? 'Processing' : 'Success';
        return {
          RequestId: 'R',
          SecurityEventOperationStatusResponse: {
            TaskStatus: next,
            SecurityEventOperationStatuses: (request.SecurityEventIds ?? []).map((id) => ({
              SecurityEventId: id,
              Status: status,
              ...(status === 'Success' && { ErrorCode: 'ignore.Success' }),
            })),
          },
        };
      },
    };
    return { execute, queries: () => queries };
  }

  it('goes on polling after a failed query, and the batch ends succeeded', async () => {
    const throttled = new ThrottlingError('slow', { code: 'Throttling.User' });
    const { execute, queries } = statusScript(['Processing', throttled, 'Success']);
    const report = await executePlan(sas(execute), planOf([Operations.ignore(), ['1', '2']]), {
      poll: FAST_POLL,
    });
    expect(report.succeeded.map((outcome) => [outcome.alertId, outcome.taskId])).toEqual([
      ['1', 7],
      ['2', 7],
    ]);
    expect(queries()).toBe(3);
  });

  it('keeps the taskId on every alert of an unreadable task, and the reason names the last error', async () => {
    const unreadable = new InvalidResponseError('html', { code: 'MalformedResponse' });
    const { execute, queries } = statusScript(['Processing', unreadable]);
    const report = await executePlan(sas(execute), planOf([Operations.ignore(), ['1', '2']]), {
      poll: FAST_POLL,
    });
    expect(queries()).toBe(FAST_POLL.maxAttempts);
    expect(report.timedOut.map((outcome) => [outcome.alertId, outcome.taskId])).toEqual([
      ['1', 7],
      ['2', 7],
    ]);
    for (const outcome of report.timedOut) {
      expect(outcome.error).toBe(unreadable);
      expect(outcome.reason).toMatch(/task 7 .*InvalidResponseError MalformedResponse/);
    }
  });

  it('keeps the taskId, and names the error, when an error polling cannot fix ends the wait', async () => {
    const denied = new NoPermissionError('denied', { code: 'NoPermission' });
    const { execute, queries } = statusScript([denied]);
    const report = await executePlan(sas(execute), planOf([Operations.ignore(), ['1', '2']]), {
      poll: FAST_POLL,
    });
    expect(queries()).toBe(1);
    expect(report.timedOut.map((outcome) => [outcome.alertId, outcome.taskId])).toEqual([
      ['1', 7],
      ['2', 7],
    ]);
    expect(report.timedOut[0]?.reason).toMatch(/Task 7 .*NoPermissionError NoPermission/);
    expect(report.timedOut[0]?.error).toBe(denied);
  });
});

describe('executePlan reconciling a lost answer whose handling is still running', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('follows the Processing handling and reports succeeded once it is', async () => {
    const answers = ['Processing', 'Processing', 'Success'];
    let sent = 0;
    const execute: Stub = {
      describeAlert: async () => undefined,
      handle: async () => {
        sent++;
        throw new NetworkError('reset', { code: 'ECONNRESET' });
      },
      describeStatus: async (request) => {
        const status = answers.length > 1 ? (answers.shift() as string) : 'Success';
        return {
          RequestId: 'R',
          SecurityEventOperationStatusResponse: {
            TaskStatus: status,
            SecurityEventOperationStatuses: (request.SecurityEventIds ?? []).map((id) => ({
              SecurityEventId: id,
              Status: status,
              ErrorCode: status === 'Success' ? 'ignore.Success' : '',
            })),
          },
        };
      },
    };
    const running = executePlan(sas(execute), planOf([Operations.ignore(), ['1', '2']]));
    await vi.advanceTimersByTimeAsync(60_000);
    const report = await running;
    expect(report.succeeded.map((outcome) => [outcome.alertId, outcome.errorCode])).toEqual([
      ['1', 'ignore.Success'],
      ['2', 'ignore.Success'],
    ]);
    expect(sent).toBe(1);
  });
});
