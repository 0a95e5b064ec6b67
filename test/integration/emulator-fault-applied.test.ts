import { describe, expect, it } from 'vitest';
import type { FaultKind } from '../../src/emulator/index.js';
import { NetworkError, TimeoutError } from '../../src/index.js';
import { useEmulators } from '../support/emulators.js';
import {
  ALERT,
  BEING_HANDLED,
  failure,
  faultSetup,
  handling,
  ignore,
  OTHER,
  PENDING,
  RISKS,
} from '../support/fault-emulator.js';

const setup = faultSetup(useEmulators());

describe('whether a change was applied', () => {
  it('resetAfterApply: the alert is handled once, though the client got a NetworkError and did not retry', async () => {
    const { emulator, sas } = await setup(
      { faults: [{ action: 'HandleSecurityEvents', queue: ['resetAfterApply'] }] },
      { retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 } },
    );

    const error = await failure(sas.handleSecurityEvents(ignore(ALERT)));
    const query = { SecurityEventIds: [String(ALERT)] };
    const statuses = [
      await sas.describeSecurityEventOperationStatus(query),
      await sas.describeSecurityEventOperationStatus(query),
    ].map((answer) => answer.SecurityEventOperationStatusResponse?.TaskStatus);

    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ code: 'ECONNRESET', retryable: false });
    expect(emulator.count('HandleSecurityEvents')).toBe(1);
    expect(emulator.state.handledCount(ALERT ?? 0)).toBe(1);
    expect(emulator.state.tasks()).toHaveLength(1);
    // The change can be found afterwards: the event has a task, and it went through.
    expect(statuses).toEqual(['Processing', 'Success']);
    expect(emulator.received[0]).toMatchObject({
      action: 'HandleSecurityEvents',
      status: 0,
      fault: 'resetAfterApply',
    });
  });

  it('resetBeforeApply: the same error, and nothing changed', async () => {
    const { emulator, sas } = await setup({
      faults: [{ action: 'HandleSecurityEvents', queue: ['resetBeforeApply'] }],
    });

    const error = await failure(sas.handleSecurityEvents(ignore(ALERT)));

    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ code: 'ECONNRESET', retryable: false });
    expect(emulator.state.handledCount(ALERT ?? 0)).toBe(0);
    expect(emulator.state.alert(ALERT ?? 0)?.EventStatus).toBe(PENDING);
    expect(emulator.state.tasks()).toEqual([]);
  });

  it('hangAfterApply: a TimeoutError, the alert handled; hang: a TimeoutError, nothing changed', async () => {
    const { emulator, sas } = await setup(
      { faults: [{ action: 'HandleSecurityEvents', queue: ['hangAfterApply', 'hang'] }] },
      { timeoutMs: 200 },
    );

    const afterApply = await failure(sas.handleSecurityEvents(ignore(ALERT)));
    const before = await failure(sas.handleSecurityEvents(ignore(OTHER)));

    for (const error of [afterApply, before]) {
      expect(error).toBeInstanceOf(TimeoutError);
      expect(error.retryable).toBe(false);
    }
    expect(emulator.state.handledCount(ALERT ?? 0)).toBe(1);
    expect(emulator.state.alert(ALERT ?? 0)?.EventStatus).toBe(BEING_HANDLED);
    expect(emulator.state.handledCount(OTHER ?? 0)).toBe(0);
    expect(emulator.received.map(({ status, fault }) => ({ status, fault }))).toEqual([
      { status: 0, fault: 'hangAfterApply' },
      { status: 0, fault: 'hang' },
    ]);
  });

  it('throttle, internalError, html503 and malformedJson on a handling request change nothing', async () => {
    const queue: FaultKind[] = ['throttle', 'internalError', 'html503', 'malformedJson'];
    const { emulator, sas } = await setup({ faults: [{ action: 'HandleSecurityEvents', queue }] });

    const errors = [];
    for (const _ of queue) errors.push(await failure(sas.handleSecurityEvents(ignore(ALERT))));

    expect(errors.map((error) => [error.name, error.code, error.retryable])).toEqual([
      ['ThrottlingError', 'Throttling.User', true],
      ['ServerError', 'InternalError', false],
      ['InvalidResponseError', 'MalformedResponse', false],
      ['InvalidResponseError', 'MalformedResponse', false],
    ]);
    expect(emulator.state.handledCount(ALERT ?? 0)).toBe(0);
    expect(emulator.state.tasks()).toEqual([]);
  });

  it('resetAfterApply on PreHandleAuditRisk: the risk is PROCESSED, handled once', async () => {
    const { emulator, sddp } = await setup({
      faults: [{ action: 'PreHandleAuditRisk', queue: ['resetAfterApply'] }],
    });
    const riskId = RISKS[0]?.RiskId ?? 0;

    const error = await failure(
      sddp.preHandleAuditRisk({
        RiskId: riskId,
        HandleInfoList: [{ HandleType: 'Manual', HandleContent: handling }],
      }),
    );

    expect(error).toBeInstanceOf(NetworkError);
    expect(emulator.state.risk(riskId)?.record.HandleStatus).toBe('PROCESSED');
    expect(emulator.state.risk(riskId)?.handlings).toHaveLength(1);
  });

  it('stuckTask: the task answers Processing for good, its events stay being handled', async () => {
    const { emulator, sas } = await setup({
      state: { risks: RISKS, taskPolls: 0 },
      faults: [{ action: 'HandleSecurityEvents', queue: ['stuckTask'] }],
    });

    const stuck = (await sas.handleSecurityEvents(ignore(ALERT))).HandleSecurityEventsResponse?.TaskId;
    const normal = (await sas.handleSecurityEvents(ignore(OTHER))).HandleSecurityEventsResponse?.TaskId;
    const statuses = [];
    for (let poll = 0; poll < 5; poll++) {
      const answer = await sas.describeSecurityEventOperationStatus({ TaskId: stuck });
      statuses.push(answer.SecurityEventOperationStatusResponse?.TaskStatus);
    }
    const other = await sas.describeSecurityEventOperationStatus({ TaskId: normal });

    expect(statuses).toEqual(Array(5).fill('Processing'));
    expect(other.SecurityEventOperationStatusResponse?.TaskStatus).toBe('Success');
    expect(emulator.state.tasks().map((task) => task.taskStatus)).toEqual(['Processing', 'Success']);
    expect(emulator.state.alert(ALERT ?? 0)?.EventStatus).toBe(BEING_HANDLED);
    expect(emulator.state.handledCount(ALERT ?? 0)).toBe(1);
    expect(emulator.received[0]).toMatchObject({ status: 200, fault: 'stuckTask' });
  });
});
