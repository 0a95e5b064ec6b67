import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package's root folder. */
export const root = fileURLToPath(new URL('../..', import.meta.url));

/** What `npm pack --json` tells of a tarball. */
export interface PackResult {
  filename: string;
  /** Bytes of the tarball. */
  size: number;
  /** Bytes of its files. */
  unpackedSize: number;
  files: { path: string; size: number }[];
}

/** Runs `npm pack --json` with `args` in `cwd` and returns what it tells of the tarball. */
export function npmPack(cwd: string, args: string[]): PackResult {
  const output = execFileSync('npm', ['pack', '--json', ...args], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 240_000,
  });
  // Lifecycle scripts may print before the JSON.
  const [result] = JSON.parse(output.slice(output.indexOf('[\n'))) as [PackResult];
  return result;
}

/** Builds dist/ unless the files the tests read are there (`npm test` builds first). */
export function ensureBuilt(): void {
  const needed = ['index.js', 'index.cjs', 'emulator.js', 'emulator.cjs', 'index.d.ts', 'index.d.cts'];
  if (needed.some((file) => !existsSync(join(root, 'dist', file)))) {
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'ignore' });
  }
}

/** Packs the built package (dist/ as it is) into a new temporary folder; returns the tarball's path. */
export function packBuilt(): string {
  ensureBuilt();
  const destination = mkdtempSync(join(tmpdir(), 'alert-handler-pack-'));
  const { filename } = npmPack(root, ['--ignore-scripts', '--pack-destination', destination]);
  return join(destination, filename);
}

/**
 * Lays out the consumer project `test/package/consumers/<name>` in a new temporary folder, outside the
 * package's tree so that nothing resolves through its node_modules: the project's files, the shared
 * sources (`app.ts`, `dual.mts`), the tarball unpacked as `node_modules/alicloud-alert-handler`, as
 * `npm install <tarball>` would, and the package's dependencies (with `@types/node`) linked from the
 * root's node_modules, with its peer dependencies, which a consumer of `./emulator` or `./schemas`
 * installs itself (zod), unless `peers` is `false`. Offline and quick. Returns the project's folder.
 */
export function installConsumer(name: string, tarball: string, { peers = true } = {}): string {
  const consumers = join(root, 'test/package/consumers');
  const project = mkdtempSync(join(tmpdir(), `consumer-${name}-`));
  cpSync(join(consumers, name), project, { recursive: true });
  for (const shared of ['app.ts', 'dual.mts']) cpSync(join(consumers, shared), join(project, shared));
  const installed = join(project, 'node_modules/alicloud-alert-handler');
  mkdirSync(installed, { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', installed, '--strip-components=1']);
  const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
  };
  const linked = [
    ...Object.keys(manifest.dependencies ?? {}),
    ...(peers ? Object.keys(manifest.peerDependencies ?? {}) : []),
    '@types/node',
  ];
  for (const dependency of linked) {
    const link = join(project, 'node_modules', dependency);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(join(root, 'node_modules', dependency), link, 'dir');
  }
  return project;
}
