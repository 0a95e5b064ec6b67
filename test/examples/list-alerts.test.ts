import { describe, expect, it } from 'vitest';
import { emulatorWith, runExample, SAMPLE } from '../support/run-example.js';

describe('examples/list-alerts.ts', () => {
  it('lists every pending alert in the Step 2 format, page by page, and changes nothing', async () => {
    const emulator = await emulatorWith({ alerts: SAMPLE });
    const { code, stdout } = await runExample(emulator, 'list-alerts');

    expect(code).toBe(0);
    expect(stdout).toMatch(/^Alert List \(Total 45 items\):\n/);
    expect(stdout.match(/^\[Alert \d+\] ID: \d+$/gm)).toHaveLength(45);
    expect(stdout).toContain(
      [
        '[Alert 1] ID: 7009645',
        '- Name: Mining program',
        '- Type: Malicious process',
        '- Severity: serious',
        '- Asset: 203.0.113.85 / 10.219.220.85',
        '- Status: Pending',
        '- Time: 2026-01-15 15:44:33',
        '- Recommended Action: Kill and Quarantine',
        '- Reason: Malicious process detected (mining, trojan or virus): kill it and quarantine its file',
      ].join('\n'),
    );
    expect(stdout).toContain('- Recommended Action: Block IP\n- Reason: Unusual login behavior detected');

    const listings = emulator.received.filter((request) => request.action === 'DescribeSuspEvents');
    expect(listings.map((request) => request.params.CurrentPage)).toEqual(['1', '2', '3']);
    expect(listings[0]?.params).toMatchObject({ Dealed: 'N', Levels: 'serious,suspicious,remind' });
    expect(emulator.received).toHaveLength(3);
  });

  it('lists only the severities asked for', async () => {
    const emulator = await emulatorWith({ alerts: SAMPLE });
    const { code, stdout } = await runExample(emulator, 'list-alerts', ['serious']);

    const serious = SAMPLE.filter((alert) => alert.Level === 'serious');
    expect(code).toBe(0);
    expect(stdout).toContain(`Alert List (Total ${serious.length} items):`);
    expect(stdout.match(/^- Severity: .*$/gm)).toEqual(serious.map(() => '- Severity: serious'));
    expect(emulator.received[0]?.params.Levels).toBe('serious');
  });

  it('prints the usage and sends nothing when the arguments are wrong', async () => {
    const emulator = await emulatorWith({ alerts: SAMPLE });
    const { code, stdout, stderr } = await runExample(emulator, 'list-alerts', ['--levels=serious']);

    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('Usage: npx tsx examples/list-alerts.ts');
    expect(emulator.received).toHaveLength(0);
  });
});
