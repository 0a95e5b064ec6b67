import { describe, expect, it } from 'vitest';
import { type ExecuteCalls, executePlan, resumeExecution } from '../../../src/alerts/execute.js';
import { sealPlan } from '../../../src/alerts/plan-format.js';
import {
  AbortError,
  fileJournal,
  NetworkError,
  Operations,
  type Store,
  ThrottlingError,
  ValidationError,
} from '../../../src/index.js';
import { failure } from '../../support/caught.js';
import { ignorePlan } from '../../support/plans.js';
import { storeDirectory } from '../../support/store-directory.js';

/** A service over pending alerts whose handling succeeds at once; `handled` lists the calls. */
function service(options: { alertError?: (id: string) => Error | undefined; missing?: string[] } = {}) {
  const handled: string[][] = [];
  const calls: ExecuteCalls = {
    describeSuspEvents: async (request = {}) => {
      const id = String(request.Id);
      const error = options.alertError?.(id);
      if (error) throw error;
      const done = handled.some((ids) => ids.includes(id));
      const events = options.missing?.includes(id) ? [] : [{ Id: request.Id, EventStatus: done ? 32 : 1 }];
      return { RequestId: 'R', SuspEvents: events };
    },
    describeSecurityEventOperationStatus: async (request = {}) => ({
      RequestId: 'R',
      SecurityEventOperationStatusResponse: {
        TaskStatus: 'Success',
        SecurityEventOperationStatuses: (request.SecurityEventIds ?? [])
          .filter((id) => request.TaskId !== undefined || handled.some((ids) => ids.includes(id)))
          .map((id) => ({ SecurityEventId: id, Status: 'Success', ErrorCode: 'ignore.Success' })),
      },
    }),
    handleSecurityEvents: async (request) => {
      handled.push([...request.SecurityEventIds]);
      return { RequestId: 'R', HandleSecurityEventsResponse: { TaskId: handled.length } };
    },
    describeSecurityEventOperations: async () => {
      throw new Error('no whitelist here');
    },
  };
  return { calls, handled };
}

const POLL = { intervalMs: 1, maxAttempts: 3, maxWaitMs: 1000 };

describe('the re-read before sending', () => {
  it('skips an alert that no longer exists, and fails one that cannot be read, sending the rest', async () => {
    const throttled = new ThrottlingError('slow down', { code: 'Throttling.User' });
    const { calls, handled } = service({
      missing: ['2'],
      alertError: (id) => (id === '3' ? throttled : undefined),
    });
    const report = await executePlan(calls, ignorePlan([['1', '2', '3']]), { poll: POLL });
    expect(handled).toEqual([['1']]);
    expect(report.outcomes.map((outcome) => [outcome.alertId, outcome.status])).toEqual([
      ['1', 'succeeded'],
      ['2', 'skipped'],
      ['3', 'failed'],
    ]);
    expect(report.outcomes[1]?.reason).toMatch(/no longer exists/);
    expect(report.outcomes[2]).toMatchObject({ errorCode: 'Throttling.User', error: throttled });
    expect(report.outcomes[2]?.reason).toMatch(/could not be re-read before sending/);
  });

  it('fails the batch when the status read before sending fails, sending nothing', async () => {
    const { calls, handled } = service();
    const down = new NetworkError('reset', { code: 'ECONNRESET' });
    const report = await executePlan(
      { ...calls, describeSecurityEventOperationStatus: async () => Promise.reject(down) },
      ignorePlan([['1', '2']]),
      { poll: POLL },
    );
    expect(handled).toEqual([]);
    expect(report.failed.map((outcome) => outcome.reason)).toEqual([
      expect.stringMatching(/Its handling status could not be re-read/),
      expect.stringMatching(/Its handling status could not be re-read/),
    ]);
  });

  it('an abort during the re-read holds the alert back as not sent', async () => {
    const controller = new AbortController();
    const { calls, handled } = service();
    const report = await executePlan(
      {
        ...calls,
        describeSuspEvents: async () => {
          controller.abort();
          throw new AbortError('aborted', { code: 'Aborted' });
        },
      },
      ignorePlan([['1']]),
      { poll: POLL, signal: controller.signal },
    );
    expect(handled).toEqual([]);
    expect(report.outcomes[0]).toMatchObject({ status: 'skipped' });
    expect(report.outcomes[0]?.reason).toMatch(/aborted/);
  });
});

describe('executions sharing a journal', () => {
  /** Writes by hand an execution whose second batch was about to be sent when it stopped. */
  async function interrupted(store: Store, executionId: string, alertIds: string[]) {
    const plan = ignorePlan([['9'], alertIds]);
    await store.append(executionId, [
      { type: 'start', executionId, plan: JSON.parse(JSON.stringify(plan)) },
      { type: 'intent', batch: 1, alertIds, params: '{}', baselines: {} },
    ]);
    for (const alertId of alertIds) {
      await store.putCheckpoint(`alert-${alertId}`, { executionId, batch: 1 });
    }
    return plan;
  }

  it('skip an alert in doubt in an interrupted execution, naming it, until it is resumed', async () => {
    const store = fileJournal(await storeDirectory());
    const other = 'exec-20261201-000000-0000000a';
    await interrupted(store, other, ['1', '2']);
    const { calls, handled } = service();

    const report = await executePlan(calls, ignorePlan([['1', '2', '3']]), { poll: POLL, journal: store });

    expect(handled).toEqual([['3']]);
    for (const outcome of report.skipped) {
      expect(outcome.reason).toContain(`in doubt in execution ${other}`);
      expect(outcome.reason).toContain(`alerts.resume('${other}', { journal })`);
    }
    expect(report.skipped.map((outcome) => outcome.alertId)).toEqual(['1', '2']);

    // Resumed, the interrupted execution settles its batch from the alerts (never resending it).
    const resumed = await resumeExecution(calls, other, { journal: store, poll: POLL, reconcileGraceMs: 1 });
    expect(handled).toEqual([['3'], ['9']]);
    expect(resumed.report.outcomes.map((outcome) => [outcome.alertId, outcome.status])).toEqual([
      ['9', 'succeeded'],
      ['1', 'failed'],
      ['2', 'failed'],
    ]);
    // Now that it ended, its markers no longer hold the alerts.
    const again = await executePlan(calls, ignorePlan([['1']]), { poll: POLL, journal: store });
    expect(again.succeeded.map((outcome) => outcome.alertId)).toEqual(['1']);
  });

  it('skips the never-started batches of an expired plan on resume, sending nothing', async () => {
    const store = fileJournal(await storeDirectory());
    const executionId = 'exec-20261201-000000-0000000b';
    const plan = sealPlan({
      createdAt: new Date(0).toISOString(),
      expiresAt: new Date(1000).toISOString(),
      batches: [{ operation: Operations.ignore(), alertIds: ['5'] }],
      skipped: [],
    });
    await store.append(executionId, [{ type: 'start', executionId, plan: JSON.parse(JSON.stringify(plan)) }]);
    const { calls, handled } = service();

    const { report } = await resumeExecution(calls, executionId, { journal: store, poll: POLL });

    expect(handled).toEqual([]);
    expect(report.outcomes[0]).toMatchObject({ status: 'skipped' });
    expect(report.outcomes[0]?.reason).toMatch(/plan expired/);
  });

  it('refuses to resume a journal whose records it did not write', async () => {
    const store = fileJournal(await storeDirectory());
    const { calls } = service();
    const cases: [string, unknown[]][] = [
      ['exec-20261201-000000-0000000c', [{ type: 'intent', batch: 0 }]],
      [
        'exec-20261201-000000-0000000d',
        [
          { type: 'start', plan: JSON.parse(JSON.stringify(ignorePlan([['1']]))) },
          { type: 'oops', batch: 0 },
        ],
      ],
      [
        'exec-20261201-000000-0000000e',
        [
          { type: 'start', plan: JSON.parse(JSON.stringify(ignorePlan([['1']]))) },
          { type: 'sent', batch: 7 },
        ],
      ],
      [
        'exec-20261201-000000-0000000f',
        [
          { type: 'start', plan: JSON.parse(JSON.stringify(ignorePlan([['1']]))) },
          { type: 'intent', batch: 0, alertIds: [1], params: '{}', baselines: {} },
        ],
      ],
    ];
    for (const [executionId, records] of cases) {
      await store.append(executionId, records as never);
      const error = await failure(resumeExecution(calls, executionId, { journal: store }));
      expect(error, executionId).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).message).toContain(executionId);
    }
  });
});
