import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type TaskProgress, waitForTask } from '../../../src/alerts/poller.js';
import type { SasCalls } from '../../../src/alerts/sas-calls.js';
import {
  AbortError,
  AgentOfflineError,
  AuthenticationError,
  CredentialsError,
  HandlingError,
  InvalidParameterError,
  InvalidResponseError,
  NetworkError,
  NoPermissionError,
  OperationTaskNotExistsError,
  ProcessNotExistError,
  SdkError,
  ServerError,
  ThrottlingError,
  TimeoutError,
  ValidationError,
} from '../../../src/errors.js';
import type {
  DescribeSecurityEventOperationStatusResponse,
  SecurityEventOperationStatus,
} from '../../../src/generated/index.js';
import type { CallOptions } from '../../../src/transport/options.js';

type Answer = DescribeSecurityEventOperationStatusResponse;
type DescribeTaskStatus = SasCalls['describeSecurityEventOperationStatus'];

/** The calls a wait makes, answering from `describeStatus`. */
function via(describeStatus: DescribeTaskStatus): Pick<SasCalls, 'describeSecurityEventOperationStatus'> {
  return { describeSecurityEventOperationStatus: describeStatus };
}

/** An answer with a task status and per-event `[id, Status, ErrorCode?]`. */
function answer(taskStatus: string, events: [string, string, string?][] = []): Answer {
  return {
    RequestId: 'req',
    SecurityEventOperationStatusResponse: {
      TaskStatus: taskStatus,
      SecurityEventOperationStatuses: events.map(
        ([id, status, code]): SecurityEventOperationStatus =>
          code === undefined
            ? { SecurityEventId: id, Status: status }
            : { SecurityEventId: id, Status: status, ErrorCode: code },
      ),
    },
  };
}

interface Call {
  atMs: number;
  request: Parameters<DescribeTaskStatus>[0];
  options: CallOptions;
}

/**
 * A `describeStatus` that answers from a script, each answer after `latencyMs`; the last answer repeats.
 * `undefined` in the script means a query that never answers; an error, a query that fails with it.
 */
function scripted(script: (Answer | Error | undefined)[], latencyMs = 0) {
  const calls: Call[] = [];
  const start = Date.now();
  const describeStatus = vi.fn<DescribeTaskStatus>((request = {}, options) => {
    calls.push({ atMs: Date.now() - start, request, options: options ?? {} });
    const next = script.length > 1 ? script.shift() : script[0];
    if (next === undefined) return new Promise<Answer>(() => undefined);
    if (next instanceof Error) return Promise.reject(next);
    if (latencyMs === 0) return Promise.resolve(next);
    return new Promise<Answer>((resolve) => setTimeout(() => resolve(next), latencyMs));
  });
  return { describeStatus, calls };
}

/** Runs a wait to its end under fake timers; the settled value or error. */
async function settle<T>(promise: Promise<T>, advanceMs = 60_000): Promise<{ value?: T; error?: unknown }> {
  const outcome = promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  await vi.advanceTimersByTimeAsync(advanceMs);
  return outcome;
}

/** The error a promise rejects with and the (fake) time it settles at. */
function timed(promise: Promise<unknown>): Promise<{ error?: unknown; settledAtMs: number }> {
  return promise.then(
    () => ({ settledAtMs: Date.now() }),
    (error: unknown) => ({ error, settledAtMs: Date.now() }),
  );
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(Date.UTC(2026, 0, 15, 8, 0, 0));
});

afterEach(() => {
  vi.useRealTimers();
});

describe('waitForTask', () => {
  it('polls every intervalMs while Processing and reports Success per alert', async () => {
    const { describeStatus, calls } = scripted([
      answer('Processing', [['7009607', 'Processing']]),
      answer('Processing', [['7009607', 'Success', 'block_ip.Success']]),
      answer('Success', [
        ['7009607', 'Success', 'block_ip.Success'],
        ['7009586', 'Success', 'block_ip.Success'],
      ]),
    ]);
    const { value } = await settle(waitForTask(via(describeStatus), 15411, ['7009607', '7009586']));
    expect(value).toEqual({
      taskId: 15411,
      taskStatus: 'Success',
      attempts: 3,
      elapsedMs: 4000,
      events: [
        { alertId: '7009607', status: 'succeeded', errorCode: 'block_ip.Success' },
        { alertId: '7009586', status: 'succeeded', errorCode: 'block_ip.Success' },
      ],
    });
    expect(calls.map((call) => call.atMs)).toEqual([0, 2000, 4000]);
    for (const call of calls) {
      expect(call.request).toEqual({ TaskId: 15411, SecurityEventIds: ['7009607', '7009586'] });
      expect(call.options.timeoutMs).toBe(5000);
      expect(call.options.signal).toBeInstanceOf(AbortSignal);
    }
  });

  it('treats Pending like Processing', async () => {
    const { describeStatus } = scripted([answer('Pending'), answer('Success', [['1', 'Success']])]);
    const { value } = await settle(waitForTask(via(describeStatus), 1, ['1']));
    expect(value).toMatchObject({
      taskStatus: 'Success',
      attempts: 2,
      events: [{ alertId: '1', status: 'succeeded' }],
    });
  });

  it('maps per-alert failures of a Failure task to their error classes', async () => {
    const { describeStatus } = scripted([
      answer('Failure', [
        ['1', 'Failed', 'kill_and_quara.AgentOffline'],
        ['2', 'Failed', 'kill_and_quara.ProcessNotExist'],
        ['3', 'Success', 'kill_and_quara.Success'],
        ['4', 'Failed', 'block_ip.Failure'],
        ['5', 'Failed'],
      ]),
    ]);
    const { value } = await settle(waitForTask(via(describeStatus), 99, ['1', '2', '3', '4', '5']));
    const [offline, gone, ok, other, bare] = value?.events ?? [];
    expect(value?.taskStatus).toBe('Failure');
    expect(offline).toMatchObject({ status: 'failed', errorCode: 'kill_and_quara.AgentOffline' });
    expect(offline?.error).toBeInstanceOf(AgentOfflineError);
    expect(offline?.error).toMatchObject({ alertId: '1', taskId: 99, operation: 'kill_and_quara' });
    expect(gone?.error).toBeInstanceOf(ProcessNotExistError);
    expect(gone?.error?.message).toMatch(/virus_quara_bin/);
    expect(ok).toEqual({ alertId: '3', status: 'succeeded', errorCode: 'kill_and_quara.Success' });
    expect(other?.error).toBeInstanceOf(HandlingError);
    expect(other?.error).toMatchObject({ code: 'block_ip.Failure', operation: 'block_ip' });
    expect(bare).toMatchObject({ status: 'failed', error: { code: 'Failed' } });
    expect(bare?.errorCode).toBeUndefined();
  });

  it('reports an alert a finished task says nothing final about as failed with UnknownResult', async () => {
    const { describeStatus } = scripted([
      answer('Success', [
        ['1', 'Success'],
        ['2', 'Processing', 'ignore.Processing'],
      ]),
    ]);
    const { value } = await settle(waitForTask(via(describeStatus), 7, ['1', '2', '3']));
    expect(value?.events.map((event) => [event.alertId, event.status, event.errorCode])).toEqual([
      ['1', 'succeeded', undefined],
      ['2', 'failed', 'UnknownResult'],
      ['3', 'failed', 'UnknownResult'],
    ]);
    expect(value?.events[1]?.error).toMatchObject({ code: 'UnknownResult', operation: 'ignore', taskId: 7 });
    expect(value?.events[2]?.error).toBeInstanceOf(HandlingError);
  });

  it('times out after exactly maxAttempts queries within maxWaitMs, every unfinished alert timedOut', async () => {
    const { describeStatus, calls } = scripted([
      answer('Processing', [
        ['1', 'Success'],
        ['2', 'Processing'],
      ]),
    ]);
    const { value } = await settle(waitForTask(via(describeStatus), 5, ['1', '2', '3']));
    expect(describeStatus).toHaveBeenCalledTimes(5);
    expect(calls.map((call) => call.atMs)).toEqual([0, 2000, 4000, 6000, 8000]);
    expect(value).toEqual({
      taskId: 5,
      taskStatus: 'TimedOut',
      attempts: 5,
      elapsedMs: 8000,
      events: [
        { alertId: '1', status: 'succeeded' },
        { alertId: '2', status: 'timedOut' },
        { alertId: '3', status: 'timedOut' },
      ],
    });
    expect(value?.elapsedMs).toBeLessThanOrEqual(10000);
  });

  it('stops when the budget leaves no room for another query, before maxAttempts', async () => {
    const { describeStatus } = scripted([answer('Processing')]);
    const { value } = await settle(
      waitForTask(via(describeStatus), 5, ['1'], { intervalMs: 2000, maxAttempts: 10, maxWaitMs: 5000 }),
    );
    expect(describeStatus).toHaveBeenCalledTimes(3);
    expect(value).toMatchObject({ taskStatus: 'TimedOut', attempts: 3, elapsedMs: 4000 });
    expect(value?.events).toEqual([{ alertId: '1', status: 'timedOut' }]);
  });

  it('cuts each query deadline to the remaining budget', async () => {
    const { describeStatus, calls } = scripted([answer('Processing')], 1500);
    const { value } = await settle(waitForTask(via(describeStatus), 5, ['1']));
    expect(calls.map((call) => [call.atMs, call.options.timeoutMs])).toEqual([
      [0, 5000],
      [3500, 5000],
      [7000, 3000],
    ]);
    expect(value).toMatchObject({ taskStatus: 'TimedOut', attempts: 3, elapsedMs: 8500 });
  });

  it('ends as TimedOut when a query outlives the budget, and abandons that query', async () => {
    const { describeStatus, calls } = scripted([answer('Processing', [['1', 'Success']]), undefined], 0);
    const { value } = await settle(
      waitForTask(via(describeStatus), 5, ['1', '2'], { maxWaitMs: 3000, intervalMs: 1000 }),
    );
    expect(calls.map((call) => [call.atMs, call.options.timeoutMs])).toEqual([
      [0, 3000],
      [1000, 2000],
    ]);
    expect(value).toMatchObject({ taskStatus: 'TimedOut', attempts: 2, elapsedMs: 3000 });
    expect(value?.events).toEqual([
      { alertId: '1', status: 'succeeded' },
      { alertId: '2', status: 'timedOut' },
    ]);
    expect(calls[1]?.options.signal?.aborted).toBe(true);
  });

  it('rejects at once with an AbortError when aborted while waiting between queries', async () => {
    const { describeStatus } = scripted([answer('Processing')]);
    const controller = new AbortController();
    const startMs = Date.now();
    const outcome = timed(waitForTask(via(describeStatus), 5, ['1'], { signal: controller.signal }));
    await vi.advanceTimersByTimeAsync(1000);
    controller.abort();
    await vi.advanceTimersByTimeAsync(20_000);
    const { error, settledAtMs } = await outcome;
    expect(error).toBeInstanceOf(AbortError);
    expect(settledAtMs - startMs).toBe(1000);
    expect(describeStatus).toHaveBeenCalledTimes(1);
  });

  it('rejects at once with an AbortError when aborted during a query, and aborts the query', async () => {
    const { describeStatus, calls } = scripted([undefined]);
    const controller = new AbortController();
    const startMs = Date.now();
    const outcome = timed(waitForTask(via(describeStatus), 5, ['1'], { signal: controller.signal }));
    await vi.advanceTimersByTimeAsync(500);
    controller.abort(new Error('user cancelled'));
    await vi.advanceTimersByTimeAsync(20_000);
    const { error, settledAtMs } = await outcome;
    expect(error).toBeInstanceOf(AbortError);
    expect((error as AbortError).cause).toEqual(new Error('user cancelled'));
    expect(settledAtMs - startMs).toBe(500);
    expect(calls[0]?.options.signal?.aborted).toBe(true);
  });

  it('sends no query when the signal is already aborted', async () => {
    const { describeStatus } = scripted([answer('Success')]);
    const { error } = await settle(
      waitForTask(via(describeStatus), 5, ['1'], { signal: AbortSignal.abort() }),
    );
    expect(error).toBeInstanceOf(AbortError);
    expect(describeStatus).not.toHaveBeenCalled();
  });

  it('reports progress after each answer and ignores exceptions of the callback', async () => {
    const { describeStatus } = scripted([
      answer('Processing', [['1', 'Processing']]),
      answer('Processing', [['1', 'Success']]),
      answer('Success', [
        ['1', 'Success'],
        ['2', 'Failed', 'quara.AgentOffline'],
      ]),
    ]);
    const progress: TaskProgress[] = [];
    const { value } = await settle(
      waitForTask(via(describeStatus), 5, ['1', '2'], {
        onProgress: (update) => {
          progress.push(update);
          throw new Error('callback bug');
        },
      }),
    );
    expect(progress).toEqual([
      { attempt: 1, taskStatus: 'Processing', done: 0, total: 2 },
      { attempt: 2, taskStatus: 'Processing', done: 1, total: 2 },
      { attempt: 3, taskStatus: 'Success', done: 2, total: 2 },
    ]);
    expect(value?.taskStatus).toBe('Success');
  });

  it('queries each alert once and reports it once when an ID is repeated', async () => {
    const { describeStatus, calls } = scripted([answer('Success', [['1', 'Success']])]);
    const { value } = await settle(waitForTask(via(describeStatus), 5, ['1', '1']));
    expect(calls[0]?.request.SecurityEventIds).toEqual(['1']);
    expect(value?.events).toEqual([{ alertId: '1', status: 'succeeded' }]);
  });

  it('keeps polling an answer without TaskStatus', async () => {
    const { describeStatus } = scripted([{ RequestId: 'r' }, answer('Success', [['1', 'Success']])]);
    const { value } = await settle(waitForTask(via(describeStatus), 5, ['1']));
    expect(value).toMatchObject({ taskStatus: 'Success', attempts: 2 });
  });

  it.each([
    ['taskId 0', { taskId: 0 }, 'taskId'],
    ['a fractional taskId', { taskId: 1.5 }, 'taskId'],
    ['no alert IDs', { alertIds: [] }, 'alertIds'],
    ['101 alert IDs', { alertIds: Array.from({ length: 101 }, (_, i) => String(i + 1)) }, 'alertIds'],
    ['a blank alert ID', { alertIds: ['1', ' '] }, 'alertIds[1]'],
    ['a numeric alert ID', { alertIds: [7009607] }, 'alertIds[0]'],
    ['intervalMs 0', { options: { intervalMs: 0 } }, 'intervalMs'],
    ['a NaN intervalMs', { options: { intervalMs: Number.NaN } }, 'intervalMs'],
    ['intervalMs above maxWaitMs', { options: { intervalMs: 3000, maxWaitMs: 2000 } }, 'intervalMs'],
    ['intervalMs above the default maxWaitMs', { options: { intervalMs: 10001 } }, 'intervalMs'],
    ['maxAttempts 0', { options: { maxAttempts: 0 } }, 'maxAttempts'],
    ['maxAttempts 101', { options: { maxAttempts: 101 } }, 'maxAttempts'],
    ['a fractional maxAttempts', { options: { maxAttempts: 2.5 } }, 'maxAttempts'],
    ['a negative maxWaitMs', { options: { maxWaitMs: -1 } }, 'maxWaitMs'],
    ['an infinite maxWaitMs', { options: { maxWaitMs: Number.POSITIVE_INFINITY } }, 'maxWaitMs'],
    ['requestTimeoutMs 0', { options: { requestTimeoutMs: 0 } }, 'requestTimeoutMs'],
    ['an onProgress that is not a function', { options: { onProgress: 'log' } }, 'onProgress'],
    ['a signal that is not an AbortSignal', { options: { signal: {} } }, 'signal'],
  ])('rejects %s before any query', async (_, input, field) => {
    const { describeStatus } = scripted([answer('Success')]);
    const {
      taskId = 5,
      alertIds = ['1'],
      options = {},
    } = input as {
      taskId?: number;
      alertIds?: string[];
      options?: object;
    };
    const { error } = await settle(waitForTask(via(describeStatus), taskId, alertIds, options));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe(field);
    expect(describeStatus).not.toHaveBeenCalled();
  });

  it('rejects calls without describeSecurityEventOperationStatus', async () => {
    const { error } = await settle(waitForTask({} as ReturnType<typeof via>, 5, ['1']));
    expect((error as ValidationError).field).toBe('calls');
  });

  it('accepts the boundaries of its options', async () => {
    const { describeStatus } = scripted([answer('Processing')]);
    const { value } = await settle(
      waitForTask(via(describeStatus), 5, ['1'], { intervalMs: 1000, maxWaitMs: 1000, maxAttempts: 100 }),
    );
    expect(value).toMatchObject({ taskStatus: 'TimedOut', attempts: 1 });
  });
});

describe('waitForTask when a status query fails', () => {
  const throttled = () => new ThrottlingError('throttled', { code: 'Throttling.User', statusCode: 400 });
  const transientFailures: [string, () => SdkError][] = [
    ['throttled', throttled],
    ['a 5xx', () => new ServerError('down', { code: 'InternalError', statusCode: 500 })],
    [
      'a query timeout',
      () => new TimeoutError('no answer', { code: 'RequestTimeout', timeoutMs: 5000, retryable: true }),
    ],
    ['a network error', () => new NetworkError('reset', { code: 'ECONNRESET', retryable: true })],
    ['an unreadable answer', () => new InvalidResponseError('html', { code: 'MalformedResponse' })],
    ['an unknown service code', () => new SdkError('odd', { code: 'SystemBusy' })],
  ];

  it.each(transientFailures)(
    'counts one failed query (%s) as an attempt and reports the final status of a later answer',
    async (_, failed) => {
      const { describeStatus, calls } = scripted([
        answer('Processing', [['1', 'Processing']]),
        failed(),
        answer('Success', [['1', 'Success', 'ignore.Success']]),
      ]);
      const { value, error } = await settle(waitForTask(via(describeStatus), 5, ['1']));
      expect(error).toBeUndefined();
      expect(value).toEqual({
        taskId: 5,
        taskStatus: 'Success',
        attempts: 3,
        elapsedMs: 4000,
        events: [{ alertId: '1', status: 'succeeded', errorCode: 'ignore.Success' }],
      });
      expect(calls.map((call) => call.atMs)).toEqual([0, 2000, 4000]);
    },
  );

  it('goes on after a first query that fails, before any answer', async () => {
    const { describeStatus } = scripted([throttled(), answer('Success', [['1', 'Success']])]);
    const { value } = await settle(waitForTask(via(describeStatus), 5, ['1']));
    expect(value).toMatchObject({ taskStatus: 'Success', attempts: 2 });
    expect(value).not.toHaveProperty('lastError');
  });

  it('counts a query without an answer within requestTimeoutMs as one attempt, and abandons it', async () => {
    const { describeStatus, calls } = scripted([undefined, answer('Success', [['1', 'Success']])]);
    const { value } = await settle(waitForTask(via(describeStatus), 5, ['1'], { requestTimeoutMs: 1000 }));
    expect(value).toMatchObject({ taskStatus: 'Success', attempts: 2, elapsedMs: 3000 });
    expect(calls.map((call) => call.atMs)).toEqual([0, 3000]);
    expect(calls[0]?.options.signal?.aborted).toBe(true);
  });

  it('ends TimedOut with lastError when every query fails until the attempts run out', async () => {
    const failure = throttled();
    const { describeStatus } = scripted([failure]);
    const { value, error } = await settle(waitForTask(via(describeStatus), 5, ['1', '2']));
    expect(error).toBeUndefined();
    expect(describeStatus).toHaveBeenCalledTimes(5);
    expect(value).toEqual({
      taskId: 5,
      taskStatus: 'TimedOut',
      attempts: 5,
      elapsedMs: 8000,
      lastError: failure,
      events: [
        { alertId: '1', status: 'timedOut' },
        { alertId: '2', status: 'timedOut' },
      ],
    });
  });

  it('ends TimedOut with lastError when the budget runs out after failed queries', async () => {
    const { describeStatus, calls } = scripted([undefined]);
    const { value } = await settle(
      waitForTask(via(describeStatus), 5, ['1'], { maxAttempts: 10, maxWaitMs: 10_000 }),
    );
    expect(calls.map((call) => [call.atMs, call.options.timeoutMs])).toEqual([
      [0, 5000],
      [7000, 3000],
    ]);
    expect(value).toMatchObject({ taskStatus: 'TimedOut', attempts: 2, elapsedMs: 10_000 });
    expect(value?.lastError).toBeInstanceOf(TimeoutError);
    expect(value?.lastError).toMatchObject({ action: 'DescribeSecurityEventOperationStatus' });
  });

  it('keeps the results of the latest answer when later queries fail', async () => {
    const failure = throttled();
    const { describeStatus } = scripted([
      answer('Processing', [
        ['1', 'Success', 'ignore.Success'],
        ['2', 'Processing'],
      ]),
      failure,
    ]);
    const { value } = await settle(waitForTask(via(describeStatus), 5, ['1', '2']));
    expect(value).toMatchObject({ taskStatus: 'TimedOut', attempts: 5, lastError: failure });
    expect(value?.events).toEqual([
      { alertId: '1', status: 'succeeded', errorCode: 'ignore.Success' },
      { alertId: '2', status: 'timedOut' },
    ]);
  });

  it('carries no lastError when the last query answered', async () => {
    const { describeStatus } = scripted([throttled(), answer('Processing')]);
    const { value } = await settle(waitForTask(via(describeStatus), 5, ['1']));
    expect(value).toMatchObject({ taskStatus: 'TimedOut', attempts: 5 });
    expect(value).not.toHaveProperty('lastError');
  });

  it.each<[string, () => Error]>([
    ['NoPermissionError', () => new NoPermissionError('denied', { code: 'NoPermission' })],
    [
      'AuthenticationError',
      () => new AuthenticationError('bad key', { code: 'InvalidAccessKeyId.NotFound' }),
    ],
    ['CredentialsError', () => new CredentialsError('none', { code: 'CredentialsNotFound' })],
    ['InvalidParameterError', () => new InvalidParameterError('bad', { code: 'IllegalParam' })],
    ['ValidationError', () => new ValidationError('bad', { field: 'TaskId' })],
    ['AbortError', () => new AbortError('aborted', { code: 'Aborted' })],
    ['an error that is not an SdkError', () => new TypeError('a bug')],
  ])('ends the wait at once and rethrows %s', async (_, failed) => {
    const failure = failed();
    const { describeStatus } = scripted([answer('Processing'), failure, answer('Success')]);
    const { error } = await settle(waitForTask(via(describeStatus), 5, ['1']));
    expect(error).toBe(failure);
    expect(describeStatus).toHaveBeenCalledTimes(2);
  });

  it('keeps polling a task the service does not know yet, and reports it once it does', async () => {
    const notYet = new OperationTaskNotExistsError('no task', { code: 'OperationTaskNotExists' });
    const { describeStatus } = scripted([notYet, answer('Success', [['1', 'Success']])]);
    const { value } = await settle(waitForTask(via(describeStatus), 5, ['1']));
    expect(value).toMatchObject({ taskStatus: 'Success', attempts: 2 });
  });

  it('throws OperationTaskNotExistsError when no query of the whole wait found the task', async () => {
    const unknownTask = new OperationTaskNotExistsError('no task', { code: 'OperationTaskNotExists' });
    const { describeStatus } = scripted([unknownTask, throttled(), unknownTask]);
    const { error } = await settle(waitForTask(via(describeStatus), 5, ['1']));
    expect(error).toBe(unknownTask);
    expect(describeStatus).toHaveBeenCalledTimes(5);
  });

  it('ends TimedOut with lastError when a task it saw is reported missing until the end', async () => {
    const missing = new OperationTaskNotExistsError('no task', { code: 'OperationTaskNotExists' });
    const { describeStatus } = scripted([answer('Processing'), missing]);
    const { value } = await settle(waitForTask(via(describeStatus), 5, ['1']));
    expect(value).toMatchObject({ taskStatus: 'TimedOut', attempts: 5, lastError: missing });
  });

  it('reports a failed query to onProgress with its error and the latest answer', async () => {
    const failure = throttled();
    const { describeStatus } = scripted([
      answer('Processing', [['1', 'Success']]),
      failure,
      answer('Success', [
        ['1', 'Success'],
        ['2', 'Success'],
      ]),
    ]);
    const progress: TaskProgress[] = [];
    await settle(
      waitForTask(via(describeStatus), 5, ['1', '2'], { onProgress: (update) => progress.push(update) }),
    );
    expect(progress).toEqual([
      { attempt: 1, taskStatus: 'Processing', done: 1, total: 2 },
      { attempt: 2, taskStatus: 'Processing', done: 1, total: 2, error: failure },
      { attempt: 3, taskStatus: 'Success', done: 2, total: 2 },
    ]);
  });

  it('rejects with an AbortError when aborted in the pause after a failed query', async () => {
    const { describeStatus } = scripted([throttled()]);
    const controller = new AbortController();
    const outcome = settle(waitForTask(via(describeStatus), 5, ['1'], { signal: controller.signal }), 0);
    await vi.advanceTimersByTimeAsync(1000);
    controller.abort();
    const { error } = await outcome;
    expect(error).toBeInstanceOf(AbortError);
    expect(describeStatus).toHaveBeenCalledTimes(1);
  });
});
