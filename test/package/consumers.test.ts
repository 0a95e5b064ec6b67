import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installConsumer, packBuilt, root } from './packed-package.js';

/**
 * Consumer projects of the packed tarball (test/package/consumers/), one per module system and bundler:
 * each type-checks or bundles `app.ts` as its users would and runs it.
 */

/** What `app.ts` prints when every step worked. */
const WORKED = {
  listed: 3,
  decidedByRegex: 1,
  succeeded: 1,
  isSdkError: true,
  instanceOf: true,
  field: 'duration',
};

/** Runs a command; on failure, the error carries its output. */
function run(command: string, args: string[], cwd: string): string {
  try {
    return execFileSync(command, args, {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true' },
      timeout: 120_000,
    });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${stdout ?? ''}${stderr ?? ''}`);
  }
}

/** Runs a script with node and returns the JSON of its last line. */
function runNode(script: string, cwd: string): unknown {
  const output = run(process.execPath, [script], cwd).trim();
  return JSON.parse(output.split('\n').at(-1) ?? 'null');
}

/** Type-checks and compiles the project with its tsconfig.json (TypeScript of the package's devDependencies). */
function tsc(project: string): void {
  run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', project], project);
}

/** Runs a bundle from a folder of its own, without node_modules: it must hold everything it needs. */
function runAlone(bundle: string): unknown {
  const alone = mkdtempSync(join(tmpdir(), 'consumer-bundle-'));
  folders.push(alone);
  copyFileSync(bundle, join(alone, 'app.mjs'));
  return runNode(join(alone, 'app.mjs'), alone);
}

let tarball = '';
const folders: string[] = [];

/** A consumer project installed from the tarball, removed after the tests. */
function consumer(name: string): string {
  const project = installConsumer(name, tarball);
  folders.push(project);
  return project;
}

describe('consumers of the packed tarball', { timeout: 120_000 }, () => {
  beforeAll(() => {
    tarball = packBuilt();
    folders.push(join(tarball, '..'));
  }, 240_000);

  afterAll(() => {
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  });

  /** The ESM project, compiled once for the two tests that run it. */
  let esmProject: string | undefined;
  const compiledEsmProject = () => {
    if (esmProject === undefined) {
      esmProject = consumer('esm-nodenext');
      // Without skipLibCheck: the package's typings themselves are checked, strictly.
      tsc(esmProject);
    }
    return esmProject;
  };

  it('without zod (an optional peer), the main entry loads in both formats and /schemas names what is missing', () => {
    const project = installConsumer('esm-nodenext', tarball, { peers: false });
    folders.push(project);
    const load = (format: 'esm' | 'cjs', target: string) => {
      const code =
        format === 'esm'
          ? `import(${JSON.stringify(target)}).then((m) => console.log(typeof m.AlertHandler), (e) => console.log(e.code, e.message))`
          : `try { console.log(typeof require(${JSON.stringify(target)}).AlertHandler) } catch (e) { console.log(e.code, e.message) }`;
      return run(process.execPath, ['-e', code], project).trim();
    };
    expect(load('esm', 'alicloud-alert-handler')).toBe('function');
    expect(load('cjs', 'alicloud-alert-handler')).toBe('function');
    expect(load('esm', 'alicloud-alert-handler/schemas')).toMatch(/^ERR_MODULE_NOT_FOUND .*'zod'/);
    expect(load('cjs', 'alicloud-alert-handler/schemas')).toMatch(/^MODULE_NOT_FOUND .*'zod'/);
  });

  it('ESM, type-checked with module nodenext (strict, typings included), runs with node', () => {
    expect(runNode('out/app.js', compiledEsmProject())).toEqual(WORKED);
  });

  it('ESM and CommonJS builds loaded together: isSdkError knows both, instanceof does not', () => {
    const project = compiledEsmProject();
    expect(runNode('out/dual.mjs', project)).toEqual({
      twoBuilds: true,
      instanceOf: false,
      isSdkError: true,
      name: 'ValidationError',
    });
  });

  it('CommonJS, type-checked with module node16, runs with node', () => {
    const project = consumer('cjs-node16');
    tsc(project);
    expect(
      run(process.execPath, ['-p', "require('node:fs').readFileSync('out/app.js','utf8')"], project),
    ).toMatch(/require\("alicloud-alert-handler\/emulator"\)/);
    expect(runNode('out/app.js', project)).toEqual(WORKED);
  });

  it('CommonJS, type-checked with moduleResolution node10 (subpath typings too), runs with node', () => {
    const project = consumer('node10-commonjs');
    tsc(project);
    expect(runNode('out/app.js', project)).toEqual(WORKED);
  });

  it('an esbuild ESM bundle for node runs', async () => {
    const project = consumer('esbuild-esm');
    const { build } = await import('esbuild');
    await build({
      absWorkingDir: project,
      entryPoints: ['app.ts'],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile: 'bundle/app.mjs',
      logLevel: 'silent',
    });
    expect(runAlone(join(project, 'bundle/app.mjs'))).toEqual(WORKED);
  });

  it('a webpack ESM bundle for node runs (type-checked with moduleResolution bundler)', async () => {
    const project = consumer('webpack-esm');
    tsc(project);
    const webpack = (await import('webpack')).default;
    const config = (await import(join(project, 'webpack.config.js'))).default;
    const stats = await new Promise<import('webpack').Stats | undefined>((resolve, reject) =>
      webpack(config, (error, result) => (error ? reject(error) : resolve(result))),
    );
    expect(stats?.hasErrors(), stats?.toString('errors-only')).toBe(false);
    expect(runAlone(join(project, 'bundle/app.mjs'))).toEqual(WORKED);
  });
});
