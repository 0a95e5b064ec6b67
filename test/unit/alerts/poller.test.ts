/** `waitForTask`: polling a handling task and the result it reports for each alert. */
import { describe, expect, it } from 'vitest';
import { type TaskProgress, waitForTask } from '../../../src/alerts/poller.js';
import { AgentOfflineError, HandlingError, ProcessNotExistError } from '../../../src/errors.js';
import { answer, scripted, settle, useFakeTimersEachTest, via } from '../../support/task-status.js';

useFakeTimersEachTest();

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
});
