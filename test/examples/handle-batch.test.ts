import { describe, expect, it } from 'vitest';
import { DEFAULT_OPERATIONS_BY_ALERT_TYPE } from '../../src/emulator/index.js';
import { recommend, toAlert } from '../../src/index.js';
import { handleCalls } from '../support/emulator-requests.js';
import { emulatorWith, runExample, SAMPLE, sample } from '../support/run-example.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const OFFLINE = 7009640; // an Unusual Logon alert: block_ip runs on its host's agent

// What the example should do with each sample alert: its recommended operation, when the alert offers it.
const recommended = SAMPLE.map((record) => {
  const code = recommend(toAlert(record)).operation;
  const offered = DEFAULT_OPERATIONS_BY_ALERT_TYPE[String(record.AlarmEventType)]?.includes(code) ?? false;
  return { id: String(record.Id), code, offered };
});
const planned = recommended.filter((entry) => entry.offered);
const skipped = recommended.filter((entry) => !entry.offered);
const codes = [...new Set(planned.map((entry) => entry.code))];

describe('examples/handle-batch.ts', () => {
  it('without --yes lists the alerts and prints the plan, but sends no handling request', async () => {
    const emulator = await emulatorWith({ alerts: SAMPLE });
    const { code, stdout } = await runExample(emulator, 'handle-batch');

    expect(code).toBe(0);
    expect(stdout.match(/^\[Alert \d+\] ID: \d+$/gm)).toHaveLength(45);
    expect(stdout).toContain(
      `Plan: ${planned.length} alerts in ${codes.length} batches, ${skipped.length} skipped (destructive: review before executing)`,
    );
    expect(stdout).toContain('Dry run: nothing was changed. Run again with --yes to execute this plan.');
    expect(emulator.count('DescribeSecurityEventOperations')).toBe(45);
    expect(emulator.count('HandleSecurityEvents')).toBe(0);
  });

  it('with --yes handles each alert once, one call per operation, and reports every alert', async () => {
    const emulator = await emulatorWith({
      alerts: SAMPLE,
      hosts: [{ uuid: String(sample(OFFLINE).Uuid), online: false }],
    });
    const before = Date.now();
    const { code, stdout } = await runExample(emulator, 'handle-batch', ['--yes']);

    expect(code).toBe(1); // one alert failed
    expect(stdout).toContain(
      `Total: 45 items, Success ${planned.length - 1}, Failed 1, Timed out 0, Skipped ${skipped.length}`,
    );
    expect(stdout).toContain(`[Alert ${OFFLINE}] Block IP - Failed (AgentOffline)`);
    expect(stdout).toMatch(/^Batch 1\/\d+: task \d+ started$/m);
    expect(stdout).toContain(
      `Batch ${codes.length}/${codes.length}: done, ${planned.length}/${planned.length} alerts`,
    );

    // Every block shares one expiry time (1 day), so all blocks go out in a single call.
    expect(handleCalls(emulator)).toEqual(
      codes.map((operation) => ({
        code: operation,
        ids: planned.filter((entry) => entry.code === operation).map((entry) => entry.id),
      })),
    );
    const block = emulator.state.handleLog().find((entry) => entry.operationCode === 'block_ip');
    expect(block?.operationParams.expireTime).toBeGreaterThanOrEqual(before + DAY_MS);
    expect(block?.operationParams.expireTime).toBeLessThanOrEqual(Date.now() + DAY_MS);
    for (const entry of planned) expect(emulator.state.handledCount(entry.id)).toBe(1);
    for (const entry of skipped) expect(emulator.state.handledCount(entry.id)).toBe(0);
  });

  it('says when there is nothing to handle', async () => {
    const emulator = await emulatorWith({ alerts: [] });
    const { code, stdout } = await runExample(emulator, 'handle-batch', ['--yes']);

    expect(code).toBe(0);
    expect(stdout).toBe('No pending alerts.\n');
    expect(emulator.count('HandleSecurityEvents')).toBe(0);
  });

  it('prints the usage for an unknown option and sends nothing', async () => {
    const emulator = await emulatorWith({ alerts: SAMPLE });
    const { code, stderr } = await runExample(emulator, 'handle-batch', ['--force']);

    expect(code).toBe(2);
    expect(stderr).toContain('Usage: npx tsx examples/handle-batch.ts [--yes]');
    expect(emulator.received).toHaveLength(0);
  });
});
