/**
 * 4b. What a user installs: packs the built package, installs the tarball into a fresh project (from
 * the npm registry, as a user would), lists the resolved `@alicloud/tea-util` and whether the heavy
 * `@darabonba/typescript` came along, weighs the install (`node_modules`, dependencies included) with
 * and without zod against a fresh install of `@alicloud/openapi-client` alone, and times the import
 * there against `@alicloud/openapi-client` alone (imported from its own fresh install). Needs the registry; says so instead of failing when
 * it cannot be reached.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ImportVariant, medianImportMs } from './cold-start.js';
import { duration, mb, type Row, ratio, round, verdict } from './stats.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const GOAL = 1.2;

interface Tree {
  version?: string;
  dependencies?: Record<string, Tree>;
}

export interface UserInstallResult {
  tarball: string;
  /** Packages installed, the package itself included. */
  packages: number;
  teaUtilVersions: string[];
  darabonbaInstalled: boolean;
  /** Bytes of `node_modules` after installing the tarball, as published (files' sizes added up). */
  installBytes: number;
  /** Whether that install brought zod. */
  zodInstalled: boolean;
  /** Bytes of `node_modules` once zod is there too (what `./schemas` needs). */
  installWithZodBytes: number;
  /** Bytes of zod's own folder. */
  zodBytes: number;
  /** Bytes of `node_modules` of a fresh install of `@alicloud/openapi-client` alone. */
  rawClientInstallBytes: number;
  /** Packages of that install. */
  rawClientPackages: number;
  medianMs: Record<string, number>;
  ratio: { esm: number; cjs: number };
  goalMet: boolean;
}

export function measureUserInstall(): { result?: UserInstallResult; rows: Row[] } {
  const part = '4b user install';
  if (!existsSync(join(ROOT, 'dist/index.js'))) {
    return { rows: [{ part, metric: 'fresh install', value: 'not measured: run `npm run build` first' }] };
  }
  const dir = mkdtempSync(join(tmpdir(), 'alert-handler-user-'));
  try {
    const npm = (args: string[], cwd: string) =>
      execFileSync('npm', args, {
        cwd,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: 180_000,
      });
    const [packed] = JSON.parse(
      npm(['pack', '--json', '--ignore-scripts', '--pack-destination', dir], ROOT),
    ) as [{ filename: string }];
    const project = join(dir, 'project');
    mkdirSync(project);
    npm(['init', '-y'], project);
    try {
      npm(['install', join(dir, packed.filename), '--no-audit', '--no-fund'], project);
    } catch (error) {
      const reason = ((error as { stderr?: string }).stderr ?? String(error)).trim().split('\n').at(-1);
      return {
        rows: [{ part, metric: 'fresh install', value: `not measured: npm install failed (${reason})` }],
      };
    }
    const tree = JSON.parse(npm(['ls', '--all', '--json'], project)) as Tree;
    const found = new Map<string, Set<string>>();
    const walk = (node: Tree) => {
      for (const [name, child] of Object.entries(node.dependencies ?? {})) {
        if (child.version === undefined) continue;
        found.set(name, (found.get(name) ?? new Set()).add(child.version));
        walk(child);
      }
    };
    walk(tree);
    const modules = join(project, 'node_modules');
    const installBytes = folderBytes(modules);
    const zodInstalled = existsSync(join(modules, 'zod/package.json'));
    if (!zodInstalled) npm(['install', 'zod', '--no-audit', '--no-fund'], project);
    const installWithZodBytes = folderBytes(modules);
    const zodBytes = folderBytes(join(modules, 'zod'));
    const rawProject = join(dir, 'raw');
    mkdirSync(rawProject);
    npm(['init', '-y'], rawProject);
    npm(
      [
        'install',
        `@alicloud/openapi-client@${devVersion('@alicloud/openapi-client')}`,
        '--no-audit',
        '--no-fund',
      ],
      rawProject,
    );
    const rawTree = JSON.parse(npm(['ls', '--all', '--json'], rawProject)) as Tree;
    const rawNames = new Set<string>();
    const walkRaw = (node: Tree) => {
      for (const [name, child] of Object.entries(node.dependencies ?? {})) {
        rawNames.add(name);
        walkRaw(child);
      }
    };
    walkRaw(rawTree);
    const variants: ImportVariant[] = [
      { name: 'package esm', target: 'alicloud-alert-handler', format: 'esm' },
      { name: 'openapi-client esm', target: '@alicloud/openapi-client', format: 'esm', cwd: rawProject },
      { name: 'package cjs', target: 'alicloud-alert-handler', format: 'cjs' },
      { name: 'openapi-client cjs', target: '@alicloud/openapi-client', format: 'cjs', cwd: rawProject },
    ];
    const medianMs = medianImportMs(project, variants);
    const esm = (medianMs['package esm'] ?? 0) / (medianMs['openapi-client esm'] ?? 1);
    const cjs = (medianMs['package cjs'] ?? 0) / (medianMs['openapi-client cjs'] ?? 1);
    const result: UserInstallResult = {
      tarball: packed.filename,
      packages: found.size,
      teaUtilVersions: [...(found.get('@alicloud/tea-util') ?? [])],
      darabonbaInstalled: found.has('@darabonba/typescript'),
      installBytes,
      zodInstalled,
      installWithZodBytes,
      zodBytes,
      rawClientInstallBytes: folderBytes(join(rawProject, 'node_modules')),
      rawClientPackages: rawNames.size,
      medianMs,
      ratio: { esm: round(esm, 3), cjs: round(cjs, 3) },
      goalMet: esm <= GOAL && cjs <= GOAL,
    };
    return { result, rows: rowsOf(result) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The version of a devDependency as `package.json` pins it (`^0.4.15` → `0.4.15`). */
function devVersion(name: string): string {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    devDependencies: Record<string, string>;
  };
  return (manifest.devDependencies[name] ?? 'latest').replace(/^[\^~]/, '');
}

/** The sizes of the files under `folder`, added up (links not followed). */
function folderBytes(folder: string): number {
  let bytes = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) bytes += folderBytes(path);
    else if (entry.isFile()) bytes += lstatSync(path).size;
  }
  return bytes;
}

function rowsOf(result: UserInstallResult): Row[] {
  const part = '4b user install';
  const ms = (name: string) => duration(result.medianMs[name] ?? Number.NaN);
  return [
    {
      part,
      metric: 'fresh npm i of the packed tarball: packages; tea-util; @darabonba/typescript',
      value: `${result.packages}; ${result.teaUtilVersions.join(', ') || 'none'}; ${result.darabonbaInstalled ? 'installed' : 'absent'}`,
      goal: 'tea-util 1.4.9 only, no @darabonba',
      verdict: verdict(
        !result.darabonbaInstalled &&
          result.teaUtilVersions.length === 1 &&
          result.teaUtilVersions[0] === '1.4.9',
      ),
    },
    {
      part,
      metric: `node_modules, deps included: as installed (zod ${result.zodInstalled ? 'in it' : 'not installed'}); with zod; raw client alone`,
      value: `${mb(result.installBytes)} (${result.packages} packages); ${mb(result.installWithZodBytes)} (zod ${mb(result.zodBytes)}); ${mb(result.rawClientInstallBytes)} (${result.rawClientPackages} packages)`,
    },
    {
      part,
      metric: 'install as published / raw client alone',
      value: ratio(result.installBytes / result.rawClientInstallBytes),
    },
    {
      part,
      metric: 'import there vs @alicloud/openapi-client (ESM; CJS)',
      value: `${ms('package esm')} vs ${ms('openapi-client esm')}: ${ratio(result.ratio.esm)}; ${ms('package cjs')} vs ${ms('openapi-client cjs')}: ${ratio(result.ratio.cjs)}`,
      goal: `≤ ${ratio(GOAL)}`,
      verdict: verdict(result.goalMet),
    },
  ];
}
