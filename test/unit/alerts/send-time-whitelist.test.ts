import { describe, expect, it } from 'vitest';
import { type ExecuteCalls, executePlan } from '../../../src/alerts/execute.js';
import { sealPlan } from '../../../src/alerts/plan-format.js';
import { Operations, ThrottlingError } from '../../../src/index.js';
import { answer } from '../../support/task-status.js';

const RULE = { field: 'loginSourceIp', operate: 'strEqual' as const };
const whitelist = (value: string) => Operations.whitelist({ rules: [{ ...RULE, value }], scope: 'ALL' });
const FAST_POLL = { intervalMs: 1, maxAttempts: 3, maxWaitMs: 60_000 };

/**
 * A service whose alert type holds `current` whitelist rules; handling replaces them, as the real one
 * does, and takes `handleMs` (a macrotask) so that overlapping calls would show.
 */
function service(current: { uuid: string; field: string; operate: string; fieldValue: string }[]) {
  let inFlight = 0;
  let peak = 0;
  let task = 0;
  const calls: ExecuteCalls = {
    describeSecurityEventOperations: async () => ({
      RequestId: 'R',
      SecurityEventOperationsResponse: [
        {
          OperationCode: 'advance_mark_mis_info',
          UserCanOperate: true,
          MarkField: current.map((rule) => ({
            Uuid: rule.uuid,
            FiledName: rule.field,
            MarkMisType: rule.operate,
            MarkMisValue: rule.fieldValue,
          })),
        },
      ],
    }),
    handleSecurityEvents: async (request) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      current.splice(0, current.length, ...JSON.parse(request.MarkMissParam ?? '[]'));
      inFlight--;
      return { RequestId: 'R', HandleSecurityEventsResponse: { TaskId: ++task } };
    },
    describeSecurityEventOperationStatus: async (request = {}) =>
      answer(
        'Success',
        (request.SecurityEventIds ?? []).map((id): [string, string, string] => [
          id,
          'Success',
          'advance_mark_mis_info.Success',
        ]),
      ),
    describeSuspEvents: async (request = {}) => ({
      RequestId: 'R',
      SuspEvents: [{ Id: request.Id, EventStatus: 1 }],
    }),
  };
  return { calls, peak: () => peak };
}

/** A plan of whitelist batches as a planner that read no existing rule would make them. */
function planOf(...values: string[]) {
  return sealPlan({
    createdAt: new Date(0).toISOString(),
    batches: values.map((value, index) => {
      const operation = whitelist(value);
      return { operation, alertIds: [String(100 + index)] };
    }),
    skipped: [],
  });
}

describe('whitelist batches at send time', () => {
  it('go one at a time, each merging what the one before it sent: no rule is lost', async () => {
    const rules: { uuid: string; field: string; operate: string; fieldValue: string }[] = [];
    const { calls, peak } = service(rules);
    const report = await executePlan(calls, planOf('198.51.100.1', '198.51.100.2', '198.51.100.3'), {
      concurrency: 4,
      poll: FAST_POLL,
    });
    expect(report.counts.succeeded).toBe(3);
    expect(peak()).toBe(1);
    expect(rules.map((rule) => rule.fieldValue)).toEqual(['198.51.100.1', '198.51.100.2', '198.51.100.3']);
  });

  it('send nothing when the rules cannot be re-read, and say so', async () => {
    const { calls } = service([]);
    let sent = 0;
    const failing: ExecuteCalls = {
      ...calls,
      describeSecurityEventOperations: async () => {
        throw new ThrottlingError('slow down', { code: 'Throttling.User' });
      },
      handleSecurityEvents: async (request, options) => {
        sent++;
        return calls.handleSecurityEvents(request, options);
      },
    };
    const report = await executePlan(failing, planOf('198.51.100.9'), { poll: FAST_POLL });
    expect(sent).toBe(0);
    expect(report.outcomes[0]).toMatchObject({ status: 'failed', errorCode: 'Throttling.User' });
    expect(report.outcomes[0]?.reason).toMatch(/could not be re-read before sending/);
  });
});
