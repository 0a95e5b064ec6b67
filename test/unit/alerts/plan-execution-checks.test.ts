/** Execution checks every plan it is given before its first request, and sends nothing for a bad one. */
import { describe, expect, it } from 'vitest';
import { type ExecuteCalls, executePlan } from '../../../src/alerts/execute.js';
import { sealPlan } from '../../../src/alerts/plan-format.js';
import { Operations, PlanExpiredError, ValidationError } from '../../../src/index.js';
import { failure } from '../../support/caught.js';

/** Execution calls that record every request (none is expected). */
function recordingCalls(): ExecuteCalls & { sent: string[] } {
  const sent: string[] = [];
  const refuse = (action: string) => async () => {
    sent.push(action);
    throw new Error(`${action} must not be called`);
  };
  return {
    sent,
    handleSecurityEvents: refuse('HandleSecurityEvents'),
    describeSecurityEventOperationStatus: refuse('DescribeSecurityEventOperationStatus'),
    describeSuspEvents: refuse('DescribeSuspEvents'),
    describeSecurityEventOperations: refuse('DescribeSecurityEventOperations'),
  };
}

describe('executePlan checks the plan before its first request', () => {
  it('refuses execute({}) with a ValidationError, not a TypeError, and sends nothing', async () => {
    const calls = recordingCalls();
    const error = await failure(executePlan(calls, {} as never));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe('version');
    expect(calls.sent).toEqual([]);
  });

  it('refuses a stored plan with the same alert in two batches, sending nothing', async () => {
    const calls = recordingCalls();
    const twice = sealPlan({
      createdAt: new Date(0).toISOString(),
      batches: [
        { operation: Operations.ignore(), alertIds: ['7009607'] },
        { operation: Operations.ignore(), alertIds: ['7009607'] },
      ],
      skipped: [],
    });
    const error = await failure(executePlan(calls, JSON.parse(JSON.stringify(twice))));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe('batches[1].alertIds[0]');
    expect(calls.sent).toEqual([]);
  });

  it('refuses an expired plan with PlanExpiredError, sending nothing', async () => {
    const calls = recordingCalls();
    const expired = sealPlan({
      createdAt: new Date(0).toISOString(),
      expiresAt: new Date(1000).toISOString(),
      batches: [{ operation: Operations.ignore(), alertIds: ['7009607'] }],
      skipped: [],
    });
    expect(await failure(executePlan(calls, expired))).toBeInstanceOf(PlanExpiredError);
    expect(calls.sent).toEqual([]);
  });
});
