import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** One entry of `.size-limit.json`. */
interface SizeLimitEntry {
  name: string;
  path: string;
  limit: string;
}

/** One line of `size-limit --json`. */
interface SizeLimitResult {
  name: string;
  passed: boolean;
  size: number;
  sizeLimit?: number;
}

const entries = JSON.parse(readFileSync(join(root, '.size-limit.json'), 'utf8')) as SizeLimitEntry[];

/** The size-limit command of the project's devDependencies. */
function sizeLimitBin(): string {
  try {
    return join(
      dirname(createRequire(join(root, 'package.json')).resolve('size-limit/package.json')),
      'bin.js',
    );
  } catch {
    throw new Error(
      'size-limit is not installed: add size-limit and @size-limit/preset-small-lib (11.x) to devDependencies.',
    );
  }
}

/** Runs size-limit on the built files; it exits 1 when an entry is over budget, with the same JSON. */
function runSizeLimit(): SizeLimitResult[] {
  const bin = sizeLimitBin();
  let output: string;
  try {
    output = execFileSync(process.execPath, [bin, '--json'], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 60_000,
    });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    if (!stdout?.trim().startsWith('[')) throw new Error(`size-limit failed: ${stderr || stdout || error}`);
    output = stdout;
  }
  return JSON.parse(output) as SizeLimitResult[];
}

describe('bundle size (minified and gzipped, dependencies excluded)', () => {
  beforeAll(() => {
    if (entries.some((entry) => !existsSync(join(root, entry.path)))) {
      execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'ignore' });
    }
  }, 120_000);

  it('keeps every entry of .size-limit.json within its limit', () => {
    const results = runSizeLimit();
    expect(results.map((result) => result.name)).toEqual(entries.map((entry) => entry.name));
    for (const result of results) {
      // A missing file measures as a negative size and "passes": require a real one.
      expect(result.size, `${result.name}: measured size`).toBeGreaterThan(1_000);
      expect(
        result.passed,
        `${result.name}: ${(result.size / 1000).toFixed(1)} kB, over its limit of ${((result.sizeLimit ?? 0) / 1000).toFixed(1)} kB`,
      ).toBe(true);
    }
  });
});
