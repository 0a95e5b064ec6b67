/** A block for a duration ends that long after its batch is sent, however long ago it was planned. */
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { paramsAtSendTime } from '../../../src/alerts/send-time-params.js';
import { Operations, parsePlan } from '../../../src/index.js';
import { planOf } from '../../support/plan-format.js';

const T = Date.UTC(2026, 0, 15, 8);
const HOUR_MS = 60 * 60 * 1000;
const WEEK_MS = 7 * 24 * HOUR_MS;

describe('paramsAtSendTime', () => {
  it('blocks for 7 days from the send time: a plan made at T and sent at T+1h ends at T+1h+7d', async () => {
    vi.useFakeTimers({ now: T, toFake: ['Date'] });
    onTestFinished(() => {
      vi.useRealTimers();
    });
    const plan = await planOf([{ alertId: '1', operation: Operations.blockIp({ duration: '7d' }) }]);
    expect(plan.createdAt).toBe(new Date(T).toISOString());

    vi.setSystemTime(T + HOUR_MS);
    const stored = parsePlan(JSON.stringify(plan));
    const operation = stored.batches[0]?.operation;
    expect(operation && paramsAtSendTime(operation, Date.now())).toBe(
      `{"expireTime":${T + HOUR_MS + WEEK_MS}}`,
    );
  });

  it('adds a numeric duration to the send time, for an operation as built too', () => {
    const block = Operations.blockIp({ duration: 90 * 60 * 1000, now: () => T - HOUR_MS });
    expect(paramsAtSendTime(block, T)).toBe(`{"expireTime":${T + 90 * 60 * 1000}}`);
  });

  it('sends an absolute expireTime and every other operation as planned', () => {
    const until = Operations.blockIp({ expireTime: T + WEEK_MS, now: () => T });
    expect(paramsAtSendTime(until, T + HOUR_MS)).toBe(`{"expireTime":${T + WEEK_MS}}`);
    for (const operation of [Operations.ignore(), Operations.killAndQuarantine({ quarantine: false })]) {
      expect(paramsAtSendTime(operation, T)).toBe(operation.params);
    }
  });
});
