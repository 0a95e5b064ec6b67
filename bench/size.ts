/**
 * 5. Bundle size of `dist`, minified and gzipped, dependencies excluded, against the budget of
 * `.size-limit.json` (which `npm test` enforces). Runs size-limit when it is installed; otherwise
 * measures the same way with esbuild and gzip level 9, and says so.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { kb, type Row, round, verdict } from './stats.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(join(ROOT, 'package.json'));

interface Entry {
  name: string;
  path: string;
  limit: string;
  ignore?: string[];
}

export interface SizeEntryResult {
  name: string;
  path: string;
  /** Bytes, minified and gzipped. */
  size: number;
  /** Bytes. */
  limit: number;
  /** The limit over the size: the headroom left. */
  headroom: number;
  passed: boolean;
}

export interface SizeResult {
  tool: 'size-limit' | 'esbuild + gzip';
  entries: SizeEntryResult[];
  goalMet: boolean;
}

export async function measureSize(): Promise<{ result?: SizeResult; rows: Row[] }> {
  const entries = JSON.parse(readFileSync(join(ROOT, '.size-limit.json'), 'utf8')) as Entry[];
  if (entries.some((entry) => !existsSync(join(ROOT, entry.path)))) {
    return { rows: [{ part: '5 size', metric: 'dist', value: 'not measured: run `npm run build` first' }] };
  }
  const measured = sizeLimitInstalled() ? withSizeLimit() : await withEsbuild(entries);
  const results = entries.map((entry, index): SizeEntryResult => {
    const size = measured.sizes[index] ?? Number.NaN;
    const limit = parseLimit(entry.limit);
    return {
      name: entry.name,
      path: entry.path,
      size,
      limit,
      headroom: round(limit / size, 3),
      passed: size <= limit,
    };
  });
  const result: SizeResult = {
    tool: measured.tool,
    entries: results,
    goalMet: results.every((entry) => entry.passed),
  };
  return {
    result,
    rows: results.map((entry) => ({
      part: '5 size',
      metric: `${entry.path} min+gz, deps excluded (${result.tool})`,
      value: `${kb(entry.size)} (limit leaves ${Math.round((entry.headroom - 1) * 100)} %)`,
      goal: `≤ ${kb(entry.limit)}`,
      verdict: verdict(entry.passed),
    })),
  };
}

function sizeLimitInstalled(): boolean {
  try {
    require.resolve('size-limit/package.json');
    require.resolve('@size-limit/esbuild/package.json');
    return true;
  } catch {
    return false;
  }
}

function withSizeLimit(): { tool: SizeResult['tool']; sizes: number[] } {
  const bin = join(dirname(require.resolve('size-limit/package.json')), 'bin.js');
  let output: string;
  try {
    output = execFileSync(process.execPath, [bin, '--json'], { cwd: ROOT, encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    // Over budget: it exits 1 with the same report.
    output = (error as { stdout?: string }).stdout ?? '[]';
  }
  const report = JSON.parse(output) as { size: number }[];
  return { tool: 'size-limit', sizes: report.map((line) => line.size) };
}

/** What size-limit's esbuild and file plugins do: bundle, minify, externalize `ignore`, gzip level 9. */
async function withEsbuild(
  entries: readonly Entry[],
): Promise<{ tool: SizeResult['tool']; sizes: number[] }> {
  const esbuild = (await import(require.resolve('esbuild'))) as typeof import('esbuild');
  const sizes: number[] = [];
  for (const entry of entries) {
    const built = await esbuild.build({
      entryPoints: [join(ROOT, entry.path)],
      bundle: true,
      minify: true,
      treeShaking: true,
      format: 'esm',
      external: entry.ignore ?? [],
      write: false,
      logLevel: 'silent',
    });
    sizes.push(
      built.outputFiles.reduce((sum, file) => sum + gzipSync(file.contents, { level: 9 }).length, 0),
    );
  }
  return { tool: 'esbuild + gzip', sizes };
}

/** `28 kB` → 28000, `1.5 KiB` → 1536, as size-limit reads limits. */
function parseLimit(limit: string): number {
  const match = /^\s*([\d.]+)\s*(B|kB|KB|KiB|MB|MiB)?\s*$/.exec(limit);
  if (match === null) throw new Error(`Cannot read the size limit ${JSON.stringify(limit)}.`);
  const factor = { B: 1, kB: 1000, KB: 1000, KiB: 1024, MB: 1_000_000, MiB: 1_048_576 }[match[2] ?? 'B'] ?? 1;
  return Number(match[1]) * factor;
}
