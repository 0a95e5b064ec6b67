import { describe, expect, it } from 'vitest';
import { sampleAlerts } from '../../src/emulator/index.js';
import { Operations } from '../../src/index.js';
import { useEmulatorHandler } from '../support/emulator-handler.js';

const emulators = useEmulatorHandler();

/** An emulator over one alert, a handler of it with a short deadline, and the alert's ID. */
async function setup() {
  const records = sampleAlerts(1, 'apply-late');
  const { emulator, alerts } = await emulators.setup({ alerts: records }, { timeoutMs: 100 });
  return { emulator, alerts, id: String(records[0]?.Id) };
}

describe('reconciliation of a request the service applies after its caller gave up', () => {
  it('never reports failed a request applied late, and handles it once', async () => {
    const { emulator, alerts, id } = await setup();
    emulator.faults.inject({ action: 'HandleSecurityEvents', queue: ['applyLate'], latencyMs: 300 });

    const report = await alerts.handle([id], Operations.ignore(), { reconcileGraceMs: 1000 });

    expect(emulator.faults.injected().byAction.HandleSecurityEvents).toEqual({ applyLate: 1 });
    expect(report.outcomes[0]?.status).not.toBe('failed');
    expect(['succeeded', 'unknown']).toContain(report.outcomes[0]?.status);
    expect(emulator.state.handledCount(id)).toBe(1);
    expect(emulator.count('HandleSecurityEvents')).toBe(1);
  });

  it('reports failed, naming the grace period, a request that is still not applied after it', async () => {
    const { emulator, alerts, id } = await setup();
    emulator.faults.inject({ action: 'HandleSecurityEvents', queue: ['resetBeforeApply'] });

    const report = await alerts.handle([id], Operations.ignore(), { reconcileGraceMs: 200 });

    expect(report.outcomes[0]).toMatchObject({ status: 'failed', errorCode: 'ECONNRESET' });
    expect(report.outcomes[0]?.reason).toMatch(/not applied after 200 ms/);
    expect(emulator.state.handledCount(id)).toBe(0);
  });

  it('proves a request applied just after the first read of its status, once its handling settles', async () => {
    const records = sampleAlerts(10, 'apply-late');
    const { emulator, alerts } = await emulators.setup({ alerts: records }, { timeoutMs: 300 });
    const ids = records.map((record) => String(record.Id));
    // Applied 5 ms after the connection drops: the alerts are being handled, with no result yet, when
    // reconciliation first reads them.
    emulator.faults.inject({ action: 'HandleSecurityEvents', queue: ['applyLate'], latencyMs: 5 });

    const report = await alerts.handle(ids, Operations.ignore(), { reconcileGraceMs: 500 });

    expect(report.counts).toMatchObject({ total: 10, succeeded: 10, unknown: 0 });
    for (const id of ids) expect(emulator.state.handledCount(id)).toBe(1);
  });
});
