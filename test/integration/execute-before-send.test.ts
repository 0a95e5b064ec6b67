/** `ExecuteOptions.beforeSend`: a last check of each batch, with its alerts as just re-read. */
import { describe, expect, it } from 'vitest';
import { sampleAlerts } from '../../src/emulator/index.js';
import { type BatchToSend, Operations } from '../../src/index.js';
import { useEmulatorHandler } from '../support/emulator-handler.js';
import { handleCalls } from '../support/emulator-requests.js';

const emulators = useEmulatorHandler();
let firstId = 9_600_000;

async function setup() {
  const base = firstId;
  firstId += 1000;
  const records = sampleAlerts(4, 'before-send').map((record, index) => ({
    ...record,
    Id: base + index,
    SecurityEventIds: String(base + index),
    EventStatus: 1,
    Dealed: 'N',
  }));
  const ids = records.map((record) => String(record.Id));
  const { emulator, alerts } = await emulators.setup(
    {
      alerts: records,
      taskPolls: 1,
      operations: Object.fromEntries(ids.map((id) => [id, [{ code: 'manual_handled' }]])),
    },
    { batchSize: 2 },
  );
  const plan = await alerts.plan(
    ids.map((alertId) => ({ alertId, operation: Operations.fromCode('manual_handled') })),
  );
  return { emulator, alerts, plan, ids };
}

describe('ExecuteOptions.beforeSend', () => {
  it('sees each batch with its alerts as re-read, and holds back the alerts it names', async () => {
    const { emulator, alerts, plan, ids } = await setup();
    const seen: BatchToSend[] = [];
    const report = await alerts.execute(plan, {
      beforeSend: (batch) => {
        seen.push(batch);
        return batch.alerts
          .filter(({ id }) => id === ids[1])
          .map(({ id }) => ({ alertId: id, reason: 'held by test' }));
      },
    });
    expect(
      seen.map((batch) => [batch.batchIndex, batch.operation.code, batch.alerts.map(({ id }) => id)]),
    ).toEqual([
      [0, 'manual_handled', ids.slice(0, 2)],
      [1, 'manual_handled', ids.slice(2)],
    ]);
    expect(seen[0]?.alerts[0]?.status).toBe('pending');
    expect(handleCalls(emulator).flatMap((call) => call.ids)).toEqual([ids[0], ids[2], ids[3]]);
    const held = report.outcomes.find((outcome) => outcome.alertId === ids[1]);
    expect([held?.status, held?.reason]).toEqual(['skipped', 'held by test']);
  });

  it('holds back the whole batch when it throws, and sends nothing for it', async () => {
    const { emulator, alerts, plan, ids } = await setup();
    const report = await alerts.execute(plan, {
      beforeSend: (batch) => {
        if (batch.batchIndex === 0) throw new Error('guard store unavailable');
        return undefined;
      },
    });
    expect(handleCalls(emulator).flatMap((call) => call.ids)).toEqual(ids.slice(2));
    const first = report.outcomes.filter((outcome) => ids.slice(0, 2).includes(outcome.alertId));
    expect(first.map((outcome) => outcome.status)).toEqual(['skipped', 'skipped']);
    expect(first[0]?.reason).toContain('guard store unavailable');
  });
});
