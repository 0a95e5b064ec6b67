import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

function demo(...args: string[]): string {
  return execFileSync(process.execPath, ['--import', 'tsx', 'examples/demo.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 90_000,
  });
}

const lines = (text: string) => text.trimEnd().split('\n').length;

describe('npm run demo', () => {
  let short = '';

  it('tells the whole workflow in well under 100 lines and exits 0', () => {
    short = demo();
    console.log(`npm run demo: ${lines(short)} lines`);
    expect(lines(short)).toBeLessThanOrEqual(60);

    // 1. The pending alerts, counted, with what is recommended for them.
    expect(short).toContain('45 pending alerts: serious 19, suspicious 14, remind 12');
    expect(short).toMatch(/^Recommended: Block IP 21, /m);
    expect(short).toContain('... and 42 more');
    // 2. The plan, in batches of at most 20.
    expect(short).toMatch(/^Plan: 45 alerts in 6 batches, 0 skipped/m);
    expect(short).toContain('  batch 2: Block IP for 1 day after sending, 20 alerts');
    // 3. Each batch's result as counts: the offline agent, the vanished process, the task never finished.
    expect(short).toContain('  batch 1: 6 of 6 alerts handled\n');
    expect(short).toContain('  batch 2: 19 of 20 alerts handled, 1 failed (agent offline)\n');
    expect(short).toContain('  batch 3: 1 of 1 alert handled\n');
    expect(short).toContain('  batch 4: 4 of 5 alerts handled, 1 failed (process already gone)\n');
    expect(short).toContain('  batch 5: 7 of 8 alerts handled, 1 timed out (task still running)\n');
    // 4. The results: what did not succeed, by alert, and the totals.
    expect(short).toContain('[Alert 7009639] Block IP - Failed (AgentOffline)');
    expect(short).toContain('[Alert 7009634] Kill and Quarantine - Failed (ProcessNotExist');
    expect(short).toMatch(/\[Alert 7009630\] Mark as Handled - Timed out/);
    expect(short).toMatch(/^Total: 45 items, Success 42, Failed 2, Timed out 1, Skipped 0$/m);
    expect(short).not.toMatch(/ - Success$/m);
    // 5. Sddp: risks counted, one handled with a description.
    expect(short).toContain('12 unprocessed risk events');
    expect(short).toMatch(/^Handled risk \d+: "Confirmed with the database team/m);
    expect(short).toContain('11 risk events remain unprocessed.');

    // Nothing the reader cannot follow: no steps of another text, no prompts, no task status words.
    expect(short).not.toMatch(/Steps? \d/);
    expect(short).not.toMatch(/confirms on your behalf|"yes"|Please select/);
    expect(short).not.toMatch(/is (Failure|Success|Processing)/);
    expect(short).toContain('Run with --verbose');
    // Colour only on a terminal.
    expect(short).not.toContain('\u001b[');
  }, 120_000);

  it('prints every alert, the whole plan, each status query and every outcome with --verbose', () => {
    const long = demo('--verbose');
    console.log(`npm run demo -- --verbose: ${lines(long)} lines`);
    expect(lines(long)).toBeGreaterThan(lines(short));
    expect(long.match(/^\[Alert \d+\] ID: \d+$/gm)).toHaveLength(45);
    expect(long.match(/^- Recommended Action: /gm)).toHaveLength(45);
    for (const [, size] of long.matchAll(/^ {4}Alerts \((\d+)\):/gm))
      expect(Number(size)).toBeLessThanOrEqual(20);
    expect(long).toMatch(/^ {2}batch 1: task \d+ started$/m);
    expect(long).toMatch(/^ {2}batch 5: task \d+ still processing$/m);
    expect(long.match(/ - Success$/gm)).toHaveLength(42);
    expect(long).toContain('  batch 2: 19 of 20 alerts handled, 1 failed (agent offline)\n');
    expect(long.match(/^Risk \d+ /gm)).toHaveLength(12);
    expect(long).not.toMatch(/is (Failure|Success|Processing)/);
  }, 120_000);

  it('refuses an unknown option with the usage', () => {
    expect(() =>
      execFileSync(process.execPath, ['--import', 'tsx', 'examples/demo.ts', '--quiet'], {
        cwd: root,
        stdio: 'pipe',
      }),
    ).toThrow(/Usage: npm run demo \[-- --verbose\]/);
  }, 60_000);
});
