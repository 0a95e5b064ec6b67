import { describe, expect, it } from 'vitest';
import { ALERT_STATUS_CODES } from '../../src/index.js';
import { handleCalls } from '../support/emulator-requests.js';
import { emulatorWith, runExample, SAMPLE, sample } from '../support/run-example.js';

const DAY_MS = 24 * 60 * 60 * 1000;

describe('examples/handle-alert.ts', () => {
  it('checks the alert, shows its operations and ignores it by default', async () => {
    const emulator = await emulatorWith({ alerts: SAMPLE });
    const { code, stdout } = await runExample(emulator, 'handle-alert', ['7009643']);

    expect(code).toBe(0);
    expect(stdout).toContain('Alert 7009643 offers:\n  advance_mark_mis_info   Advanced Whitelist\n');
    expect(stdout).toContain('  ignore                  Ignore\n');
    expect(stdout).toContain('[Alert 7009643] Ignore - Success');
    expect(stdout).toContain('Total: 1 item, Success 1, Failed 0, Timed out 0, Skipped 0');
    expect(handleCalls(emulator)).toEqual([{ code: 'ignore', ids: ['7009643'] }]);
    expect(emulator.state.alert(7009643)?.EventStatus).toBe(ALERT_STATUS_CODES.ignored);
  });

  it('says so and exits 1 when the alert does not exist, sending no handling request', async () => {
    const emulator = await emulatorWith({ alerts: SAMPLE });
    const { code, stderr } = await runExample(emulator, 'handle-alert', ['7000001']);

    expect(code).toBe(1);
    expect(stderr).toContain('Alert 7000001 does not exist or is not visible');
    expect(emulator.count('HandleSecurityEvents')).toBe(0);
  });

  it('refuses a destructive operation without --yes: nothing is sent', async () => {
    const emulator = await emulatorWith({ alerts: SAMPLE });
    const { code, stdout, stderr } = await runExample(emulator, 'handle-alert', ['7009642', 'block_ip']);

    expect(code).toBe(1);
    expect(stdout).toContain('  block_ip                Block IP\n');
    expect(stderr).toMatch(
      /^Block IP for 7 days after sending is destructive: run again with --yes to confirm\. Nothing was sent\./,
    );
    expect(emulator.count('HandleSecurityEvents')).toBe(0);
    expect(emulator.state.handledCount(7009642)).toBe(0);
  });

  it('blocks for 7 days with --yes, and reports an offline agent as a failure', async () => {
    const emulator = await emulatorWith({
      alerts: SAMPLE,
      hosts: [{ uuid: String(sample(7009640).Uuid), online: false }],
    });
    const before = Date.now();
    const { code, stdout } = await runExample(emulator, 'handle-alert', ['7009640', 'block_ip', '--yes']);

    expect(code).toBe(1);
    expect(stdout).toContain('[Alert 7009640] Block IP - Failed (AgentOffline)');
    const [entry] = emulator.state.handleLog();
    expect(entry?.operationCode).toBe('block_ip');
    expect(entry?.securityEventIds).toEqual([7009640]);
    expect(entry?.operationParams.expireTime).toBeGreaterThanOrEqual(before + 7 * DAY_MS);
    expect(entry?.operationParams.expireTime).toBeLessThanOrEqual(Date.now() + 7 * DAY_MS);
  });

  it('prints the usage and sends nothing for a bad ID or an operation that needs more input', async () => {
    const emulator = await emulatorWith({ alerts: SAMPLE });
    const badId = await runExample(emulator, 'handle-alert', ['alert-1']);
    const whitelist = await runExample(emulator, 'handle-alert', ['7009643', 'advance_mark_mis_info']);

    expect(badId.code).toBe(2);
    expect(badId.stderr).toContain(
      'Usage: npx tsx examples/handle-alert.ts <alertId> [operationCode] [--yes]',
    );
    expect(whitelist.code).toBe(2);
    expect(whitelist.stderr).toContain('To whitelist, use examples/whitelist.ts.');
    expect(emulator.received).toHaveLength(0);
  });
});
