/** `waitForTask` checks its arguments and options before any query. */
import { describe, expect, it } from 'vitest';
import { waitForTask } from '../../../src/alerts/poller.js';
import { ValidationError } from '../../../src/errors.js';
import { answer, scripted, settle, useFakeTimersEachTest, via } from '../../support/task-status.js';

useFakeTimersEachTest();

describe('waitForTask', () => {
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
