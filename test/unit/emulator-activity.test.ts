import { describe, expect, it } from 'vitest';
import { sampleActivity, sampleAlerts, sampleArrivals } from '../../src/emulator/index.js';
import { caught } from '../support/caught.js';

const T0 = Date.UTC(2026, 0, 14, 16);
const HOUR = 3_600_000;

describe('sampleActivity', () => {
  const period = { from: T0, to: T0 + HOUR };
  const alerts = sampleAlerts(10, 'activity');
  const arrivals = sampleArrivals(10, 'activity', period);
  const activity = sampleActivity(200, 'seed', { ...period, alerts, arrivals });

  it('is the same for the same seed, and another for another seed', () => {
    expect(sampleActivity(200, 'seed', { ...period, alerts, arrivals })).toEqual(activity);
    expect(sampleActivity(200, 'other', { ...period, alerts, arrivals })).not.toEqual(activity);
  });

  it('spreads refires and console statuses over the period, each on an alert that exists by then', () => {
    const arrivesAt = new Map(arrivals.map((arrival) => [arrival.alert.Id, arrival.at]));
    const given = new Set(alerts.map((alert) => alert.Id));

    expect(activity).toHaveLength(200);
    for (const change of activity) {
      expect(change.at).toBeGreaterThanOrEqual(T0);
      expect(change.at).toBeLessThanOrEqual(T0 + HOUR);
      expect(
        given.has(change.alertId) || (arrivesAt.get(change.alertId) ?? Number.POSITIVE_INFINITY) <= change.at,
      ).toBe(true);
    }
    const times = activity.map((change) => change.at);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const refires = activity.filter((change) => change.kind === 'refire').length;
    expect(refires).toBeGreaterThan(90);
    expect(refires).toBeLessThan(150);
    const statuses = activity.flatMap((change) => (change.kind === 'status' ? [change] : []));
    expect(new Set(statuses.map((change) => change.status))).toEqual(new Set([1, 2, 8, 32]));
    expect(new Set(statuses.map((change) => change.operator))).toEqual(
      new Set(['alice', 'bob', 'carol', 'dave']),
    );
    expect(new Set(activity.map((change) => change.alertId)).size).toBeGreaterThan(15);
  });

  it('draws nothing at times before any alert exists, and refuses a period that ends before it starts', () => {
    const half = T0 + HOUR / 2;
    const late = sampleArrivals(1, 'late', { from: half, to: half });

    const drawn = sampleActivity(40, 'x', { ...period, arrivals: late });

    expect(drawn.length).toBeGreaterThan(10);
    expect(drawn.length).toBeLessThan(30);
    expect(drawn.every((change) => change.at >= half && change.alertId === late[0]?.alert.Id)).toBe(true);
    expect(sampleActivity(5, 'x', period)).toEqual([]);
    expect(caught(() => sampleActivity(5, 'x', { from: T0, to: T0 - 1 }))).toBeInstanceOf(RangeError);
  });
});
