import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('npm run demo', () => {
  it('lists every pending alert from the emulator and exits 0', () => {
    const output = execFileSync(process.execPath, ['--import', 'tsx', 'examples/demo.ts'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(output).toContain('Alert List (Total 45 items)');
    expect(output.match(/^\[Alert \d+\] ID: \d+$/gm)).toHaveLength(45);
    expect(output).toContain('3 DescribeSuspEvents calls');
  });
});
