import { describe, expect, it } from 'vitest';
import { handleCalls } from '../support/emulator-requests.js';
import { emulatorWith, runExample, SAMPLE } from '../support/run-example.js';

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

describe('examples/block-ip.ts', () => {
  it('refuses without --yes before sending any request', async () => {
    const emulator = await emulatorWith({ alerts: SAMPLE });
    const { code, stdout, stderr } = await runExample(emulator, 'block-ip', ['7009642']);

    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('Blocking an IP is destructive: add --yes to confirm it. Nothing was sent.');
    expect(emulator.received).toHaveLength(0);
  });

  it('plans, prints the plan, blocks the IP for 7 days from the send and prints the summary', async () => {
    const emulator = await emulatorWith({ alerts: SAMPLE });
    const before = Date.now();
    const { code, stdout } = await runExample(emulator, 'block-ip', ['7009642', '--yes']);
    const after = Date.now();

    expect(code).toBe(0);
    // The plan shows the block's end relative to sending: its expireTime is set when the batch is sent.
    expect(stdout).toContain(
      [
        'Plan: 1 alert in 1 batch, 0 skipped (destructive: review before executing)',
        '  Batch 1: Block IP for 7 days after sending [block_ip] (destructive)',
        '    OperationParams: expireTime: 7 days after sending',
        '    Alerts (1): 7009642',
      ].join('\n'),
    );
    const sent = emulator.received
      .filter((request) => request.action === 'HandleSecurityEvents')
      .map((request) => request.params.OperationParams);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatch(/^\{"expireTime":\d+\}$/);
    // Sent between the run's start and end, so it ends 7 days after a time between them.
    const { expireTime } = JSON.parse(sent[0] as string) as { expireTime: number };
    expect(expireTime).toBeGreaterThanOrEqual(before + WEEK_MS);
    expect(expireTime).toBeLessThanOrEqual(after + WEEK_MS);
    expect(stdout).toContain('✅ Successfully Handled: 1 item\n  [Alert 7009642] Block IP - Success');
    expect(handleCalls(emulator)).toEqual([{ code: 'block_ip', ids: ['7009642'] }]);
    expect(emulator.state.handledCount(7009642)).toBe(1);
  });

  it('skips, with the reason, an alert that does not offer block_ip, and sends nothing', async () => {
    const emulator = await emulatorWith({ alerts: SAMPLE });
    const { code, stdout } = await runExample(emulator, 'block-ip', ['7009644', '--yes']); // a webshell

    expect(code).toBe(1);
    expect(stdout).toContain('[Alert 7009644] block_ip: The alert does not offer this operation.');
    expect(stdout).toContain('Total: 1 item, Success 0, Failed 0, Timed out 0, Skipped 1');
    expect(emulator.count('HandleSecurityEvents')).toBe(0);
  });
});
