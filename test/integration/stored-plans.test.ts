/**
 * Stored plans over HTTP against the emulator: a plan that comes back from JSON is checked before any
 * handling request; a valid one executes as it was made.
 */
import { describe, expect, it } from 'vitest';
import { sealPlan } from '../../src/alerts/plan-format.js';
import { sampleAlerts } from '../../src/emulator/index.js';
import { Operations, type Plan, PlanExpiredError, parsePlan, ValidationError } from '../../src/index.js';
import { failure } from '../support/caught.js';
import { useEmulatorHandler } from '../support/emulator-handler.js';
import { handledAlertIds } from '../support/emulator-requests.js';

const emulators = useEmulatorHandler();

async function setup(count: number) {
  const records = sampleAlerts(count);
  const { emulator, alerts } = await emulators.setup({ alerts: records });
  return { emulator, alerts, ids: records.map((record) => String(record.Id)) };
}

/** A plan stored as JSON and read back as data, after `edit` changed it. */
function stored(plan: Plan, edit: (data: { batches: { alertIds: string[] }[] }) => void): unknown {
  const data = JSON.parse(JSON.stringify(plan));
  edit(data);
  return data;
}

describe('stored plans, executed over HTTP', () => {
  it('refuses a stored plan with the same alert in two batches before any HandleSecurityEvents', async () => {
    const { emulator, alerts, ids } = await setup(2);
    const plan = await alerts.plan(
      ids.map((alertId) => ({ alertId, operation: Operations.ignore() })),
      { batchSize: 1 },
    );
    const twice = stored(plan, (data) => {
      (data.batches[1] as { alertIds: string[] }).alertIds = [ids[0] as string];
    });
    const error = await failure(alerts.execute(twice as Plan));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((issue) => issue.path)).toEqual([
      'batches[1].alertIds[0]',
      'digest',
    ]);
    expect(emulator.count('HandleSecurityEvents')).toBe(0);
  });

  it('refuses it even when whoever changed it computed the digest again', async () => {
    const { emulator, alerts, ids } = await setup(1);
    const twice = sealPlan({
      createdAt: new Date().toISOString(),
      batches: [
        { operation: Operations.ignore(), alertIds: [ids[0] as string] },
        { operation: Operations.markHandled(), alertIds: [ids[0] as string] },
      ],
      skipped: [],
    });
    const error = await failure(alerts.execute(JSON.parse(JSON.stringify(twice))));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe('batches[1].alertIds[0]');
    expect(emulator.count('HandleSecurityEvents')).toBe(0);
  });

  it('rejects execute({}) with a ValidationError and sends nothing', async () => {
    const { emulator, alerts } = await setup(1);
    await expect(alerts.execute({} as never)).rejects.toBeInstanceOf(ValidationError);
    expect(emulator.count()).toBe(0);
  });

  it('refuses an expired plan with PlanExpiredError and sends nothing', async () => {
    const { emulator, alerts, ids } = await setup(1);
    const plan = await alerts.plan([{ alertId: ids[0] as string, operation: Operations.ignore() }], {
      ttlMs: 1,
    });
    await new Promise((resolve) => setTimeout(resolve, 5));
    await expect(alerts.execute(plan)).rejects.toBeInstanceOf(PlanExpiredError);
    expect(emulator.count('HandleSecurityEvents')).toBe(0);
  });

  it('executes a plan read back with parsePlan as it was made: each alert handled once', async () => {
    const { emulator, alerts, ids } = await setup(45);
    const plan = await alerts.plan(
      ids.map((alertId) => ({ alertId, operation: Operations.ignore() })),
      { ttlMs: 3_600_000 },
    );
    const text = JSON.stringify(plan);
    const restored = parsePlan(text);
    expect(restored).toEqual(plan);
    const report = await alerts.execute(restored);
    expect(report.counts).toMatchObject({ total: 45, succeeded: 45 });
    expect(handledAlertIds(emulator).flat().sort()).toEqual([...ids].sort());
  });
});
