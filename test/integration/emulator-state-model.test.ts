import { describe, expect, it } from 'vitest';
import { sampleRisks, startEmulator } from '../../src/emulator/index.js';
import { ALERTS, SHELL, WEBSHELL } from '../support/state-alerts.js';
import { failure, handle, status, useStateEmulator } from '../support/state-emulator.js';

const setup = useStateEmulator();

describe('the model', () => {
  it('is the same for the same seed: RequestIds, TaskIds and answers repeat', async () => {
    const run = async (seed: string) => {
      const { emulator, sas } = await setup({ seed, alerts: ALERTS, state: { taskPolls: 1 } });
      const taskId = await handle(sas, [WEBSHELL, SHELL], 'manual_handled');
      await status(sas, taskId);
      const final = await status(sas, taskId);
      return {
        taskId,
        final,
        tasks: emulator.state.tasks(),
        ids: emulator.received.map((entry) => entry.requestId),
      };
    };

    const first = await run('seed-a');
    const again = await run('seed-a');
    const other = await run('seed-b');

    expect(again).toEqual(first);
    expect(first.taskId).toBeGreaterThanOrEqual(20_000_000);
    expect(other.taskId).not.toBe(first.taskId);
    expect(other.ids).not.toEqual(first.ids);
  });

  it('serves only the products it has data for', async () => {
    const { emulator, sddp, sas } = await setup({ alerts: ALERTS });
    const risksOnly = await setup({ state: { risks: sampleRisks(2) } });

    const risks = await failure(sddp.describeRiskRules({}));
    const alerts = await failure(risksOnly.sas.describeSuspEvents({}));

    expect([risks.code, alerts.code]).toEqual(['Emulator.UnexpectedRequest', 'Emulator.UnexpectedRequest']);
    expect((await sas.describeSuspEvents({})).TotalCount).toBe(45);
    expect(emulator.state.risks()).toEqual([]);
  });

  it('refuses alerts given twice and a taskPolls that is not a count', async () => {
    await expect(startEmulator({ alerts: ALERTS, state: { alerts: ALERTS } })).rejects.toThrow(TypeError);
    await expect(startEmulator({ state: { alerts: ALERTS, taskPolls: -1 } })).rejects.toThrow(RangeError);
    await expect(startEmulator({ state: { alerts: ALERTS, taskPolls: 1.5 } })).rejects.toThrow(RangeError);
  });
});
