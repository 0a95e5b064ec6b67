/** `waitForTask` when status queries fail: which failures count as attempts, and which end the wait. */
import { describe, expect, it, vi } from 'vitest';
import { type TaskProgress, waitForTask } from '../../../src/alerts/poller.js';
import {
  AbortError,
  AuthenticationError,
  CredentialsError,
  InvalidParameterError,
  InvalidResponseError,
  NetworkError,
  NoPermissionError,
  OperationTaskNotExistsError,
  SdkError,
  ServerError,
  ThrottlingError,
  TimeoutError,
  ValidationError,
} from '../../../src/errors.js';
import { answer, scripted, settle, useFakeTimersEachTest, via } from '../../support/task-status.js';

useFakeTimersEachTest();

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
