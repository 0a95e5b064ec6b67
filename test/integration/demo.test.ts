import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('npm run demo', () => {
  it('walks the whole workflow against the emulator and exits 0', () => {
    const output = execFileSync(process.execPath, ['--import', 'tsx', 'examples/demo.ts'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 90_000,
    });
    // Steps 1-2: every pending alert, with its recommendation.
    expect(output.match(/^\[Alert \d+\] ID: \d+$/gm)).toHaveLength(45);
    expect(output.match(/^- Recommended Action: /gm)).toHaveLength(45);
    expect(output).toContain('Alert List (Total 45 items)');
    // Steps 3-5: the plan, in batches of at most 20.
    expect(output).toMatch(/^Plan: 45 alerts in \d+ batches/m);
    for (const [, size] of output.matchAll(/^ {4}Alerts \((\d+)\):/gm))
      expect(Number(size)).toBeLessThanOrEqual(20);
    // Steps 6-8: confirmation said aloud, progress, and the summary with its failures.
    expect(output).toContain('The demo confirms on your behalf');
    expect(output).toMatch(/^Batch 1\/\d+: task \d+ started/m);
    expect(output).toContain('Failed (AgentOffline)');
    expect(output).toContain('Failed (ProcessNotExist');
    expect(output).toContain('⏱ Timed Out: 1 item');
    expect(output).toMatch(/^Total: 45 items, Success \d+, Failed 2, Timed out 1, Skipped 0$/m);
    // Sddp: risks listed, one handled with a description.
    expect(output).toMatch(/^Handled risk \d+: "Confirmed with the database team/m);
    expect(output).toContain('11 risk events remain unprocessed.');
    // Colour only on a terminal.
    expect(output).not.toContain('\u001b[');
  }, 120_000);
});
