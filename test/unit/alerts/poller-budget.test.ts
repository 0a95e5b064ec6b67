/** `waitForTask` within its budget: attempts, deadlines, the time it may take, and aborts. */
import { describe, expect, it, vi } from 'vitest';
import { waitForTask } from '../../../src/alerts/poller.js';
import { AbortError } from '../../../src/errors.js';
import { answer, scripted, settle, timed, useFakeTimersEachTest, via } from '../../support/task-status.js';

useFakeTimersEachTest();

describe('waitForTask', () => {
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
});
