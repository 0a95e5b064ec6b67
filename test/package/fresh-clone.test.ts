import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { npmPack, root } from './packed-package.js';

/**
 * A checkout as `git clone` gives it: the files git tracks (as they are in the working tree), without
 * dist/ or anything else git ignores; node_modules linked from the package's.
 */
function cleanCheckout(): string {
  const checkout = mkdtempSync(join(tmpdir(), 'alert-handler-checkout-'));
  const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' })
    .split('\0')
    .filter((file) => file !== '' && existsSync(join(root, file)));
  for (const file of tracked) cpSync(join(root, file), join(checkout, file), { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(checkout, 'node_modules'), 'dir');
  return checkout;
}

describe('npm pack from a clean checkout', () => {
  let checkout = '';
  afterAll(() => rmSync(checkout, { recursive: true, force: true }));

  it('builds first (prepack) and ships the built entries', { timeout: 300_000 }, () => {
    checkout = cleanCheckout();
    expect(existsSync(join(checkout, 'dist'))).toBe(false);
    const paths = npmPack(checkout, ['--dry-run']).files.map((file) => file.path);
    expect(paths).toEqual(
      expect.arrayContaining(
        ['index', 'emulator', 'schemas'].flatMap((entry) =>
          ['js', 'cjs', 'd.ts', 'd.cts'].map((extension) => `dist/${entry}.${extension}`),
        ),
      ),
    );
    expect(paths).toEqual(expect.arrayContaining(['dist/alicloud.js', 'dist/cli.js']));
  });
});
