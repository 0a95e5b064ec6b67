/**
 * Formats generated sources with the project's formatter, the local Biome CLI (Biome has no offline
 * JavaScript API among this project's dependencies).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const BIOME = createRequire(import.meta.url).resolve('@biomejs/biome/bin/biome');

/**
 * Formats `sources` (keyed by path relative to `root`) as `biome check --write` formats those files in
 * `root`, imports organized (the linter off: generated code is linted as written), and returns them
 * under the same keys. The sources are written, with a copy of `root`'s biome.json,
 * to a temporary directory and formatted there by one Biome process (one per file would start 16);
 * `--vcs-enabled=false` because that directory is no Git work tree. Throws with Biome's diagnostics
 * when a source does not parse or its path is excluded from formatting.
 */
export function formatSources(root: string, sources: ReadonlyMap<string, string>): Map<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'codegen-'));
  try {
    copyFileSync(join(root, 'biome.json'), join(dir, 'biome.json'));
    for (const [path, source] of sources) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), source);
    }
    const paths = [...sources.keys()];
    const result = spawnSync(
      process.execPath,
      [BIOME, 'check', '--write', '--linter-enabled=false', '--colors=off', '--vcs-enabled=false', ...paths],
      { cwd: dir, encoding: 'utf8' },
    );
    if (result.error !== undefined) throw result.error;
    if (result.status !== 0) {
      throw new Error(`biome format failed (status ${result.status}):\n${result.stderr}${result.stdout}`);
    }
    return new Map(paths.map((path) => [path, readFileSync(join(dir, path), 'utf8')]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
