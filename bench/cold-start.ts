/**
 * 4. Cold start: the time to import the built package (`dist/index.js` as ESM, `dist/index.cjs` as
 * CommonJS) against importing `@alicloud/openapi-client` alone, each timed inside a fresh process with
 * `performance.now()` around the import. The processes of all variants take turns, and each variant's
 * median is reported. The ESM import is also set against the fastest way to load the raw client
 * (`require`), since the package's ESM build loads the CommonJS-only `@alicloud/*` packages as CommonJS.
 *
 * Also checks that the main entry loads nothing of the emulator and not zod, listing every module it
 * loads: the ES modules through a resolve hook, the CommonJS ones through `require.cache`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { duration, median, type Row, ratio, round, verdict } from './stats.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RUNS = 10;
const GOAL = 1.2;

/** What to import, and how. */
export interface ImportVariant {
  readonly name: string;
  /** A path or a package name, resolved from the directory the processes run in. */
  readonly target: string;
  readonly format: 'esm' | 'cjs';
  /** The directory to import from, when not the one given to the timing. */
  readonly cwd?: string;
}

/** Times one import in a fresh process; returns milliseconds. */
export function timeImport(cwd: string, variant: ImportVariant): number {
  const load =
    variant.format === 'cjs'
      ? `require(${JSON.stringify(variant.target)})`
      : `await import(${JSON.stringify(variant.target)})`;
  const script = `const t = performance.now(); ${load}; process.stdout.write(String(performance.now() - t));`;
  const args = variant.format === 'cjs' ? ['-e', script] : ['--input-type=module', '-e', script];
  const child = spawnSync(process.execPath, args, {
    cwd: variant.cwd ?? cwd,
    encoding: 'utf8',
    env: { ...process.env, ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true' },
  });
  const ms = Number(child.stdout);
  if (child.status !== 0 || !Number.isFinite(ms)) {
    throw new Error(`Importing ${variant.target} (${variant.format}) failed: ${child.stderr.slice(0, 500)}`);
  }
  return ms;
}

/** Median import time of each variant over `runs` fresh processes, the variants taking turns. */
export function medianImportMs(
  cwd: string,
  variants: readonly ImportVariant[],
  runs = RUNS,
): Record<string, number> {
  // One unmeasured process each first, so that every variant starts from a warm file cache.
  for (const variant of variants) timeImport(cwd, variant);
  const samples: Record<string, number[]> = Object.fromEntries(variants.map((variant) => [variant.name, []]));
  for (let run = 0; run < runs; run++) {
    const order = run % 2 === 0 ? variants : [...variants].reverse();
    for (const variant of order) samples[variant.name]?.push(timeImport(cwd, variant));
  }
  return Object.fromEntries(
    Object.entries(samples).map(([name, values]) => [name, round(median(values), 1)]),
  );
}

/** Every module a process loads when it imports `target`: ES modules by URL, CommonJS ones by path. */
export function loadedModules(cwd: string, variant: ImportVariant): string[] {
  const hook = `export async function resolve(specifier, context, next) {
    const result = await next(specifier, context);
    process.stderr.write('module ' + result.url + '\\n');
    return result;
  }`;
  const register = `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hook)}`)});`;
  const load =
    variant.format === 'cjs'
      ? `require(${JSON.stringify(variant.target)})`
      : `await import(${JSON.stringify(variant.target)})`;
  const script =
    variant.format === 'cjs'
      ? `${load}; process.stdout.write(JSON.stringify(Object.keys(require.cache)));`
      : `import { createRequire } from 'node:module'; ${load}; process.stdout.write(JSON.stringify(Object.keys(createRequire(import.meta.url).cache)));`;
  const args =
    variant.format === 'cjs'
      ? ['-e', script]
      : [
          '--import',
          `data:text/javascript,${encodeURIComponent(register)}`,
          '--input-type=module',
          '-e',
          script,
        ];
  const child = spawnSync(process.execPath, args, { cwd, encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`Loading ${variant.target} failed: ${child.stderr.slice(0, 500)}`);
  const esm = child.stderr
    .split('\n')
    .filter((line) => line.startsWith('module file:'))
    .map((line) => fileURLToPath(line.slice('module '.length)));
  return [...new Set([...esm, ...(JSON.parse(child.stdout) as string[])])];
}

export interface ColdStartResult {
  runs: number;
  medianMs: Record<string, number>;
  /** Package / `@alicloud/openapi-client` alone, per format; and the ESM package / the raw client required. */
  ratio: { esm: number; cjs: number; esmToRequire: number };
  /** Modules loaded by the package's main entry and by `@alicloud/openapi-client` alone (CommonJS). */
  modules: { package: number; openapiClient: number };
  /** Whether the main entry loaded any emulator module, in either format. */
  emulatorLoaded: { esm: boolean; cjs: boolean };
  /** Whether the main entry loaded zod, in either format. */
  zodLoaded: { esm: boolean; cjs: boolean };
  goalMet: boolean;
}

export function measureColdStart(): { result?: ColdStartResult; rows: Row[] } {
  const esmEntry = `${ROOT}dist/index.js`;
  const cjsEntry = `${ROOT}dist/index.cjs`;
  if (!existsSync(esmEntry) || !existsSync(cjsEntry)) {
    return {
      rows: [
        { part: '4 cold start', metric: 'import time', value: 'not measured: run `npm run build` first' },
      ],
    };
  }
  const variants: ImportVariant[] = [
    { name: 'package esm', target: pathToFileURL(esmEntry).href, format: 'esm' },
    { name: 'openapi-client esm', target: '@alicloud/openapi-client', format: 'esm' },
    { name: 'package cjs', target: cjsEntry, format: 'cjs' },
    { name: 'openapi-client cjs', target: '@alicloud/openapi-client', format: 'cjs' },
  ];
  const medianMs = medianImportMs(ROOT, variants);
  const esmRatio = (medianMs['package esm'] ?? 0) / (medianMs['openapi-client esm'] ?? 1);
  const cjsRatio = (medianMs['package cjs'] ?? 0) / (medianMs['openapi-client cjs'] ?? 1);
  const esmToRequireRatio = (medianMs['package esm'] ?? 0) / (medianMs['openapi-client cjs'] ?? 1);
  const isEmulator = (path: string) => /emulator/i.test(path);
  const isZod = (path: string) => /[\\/]node_modules[\\/]zod[\\/]/.test(path);
  const esmModules = loadedModules(ROOT, variants[0] as ImportVariant);
  const cjsModules = loadedModules(ROOT, variants[2] as ImportVariant);
  const result: ColdStartResult = {
    runs: RUNS,
    medianMs,
    ratio: { esm: round(esmRatio, 3), cjs: round(cjsRatio, 3), esmToRequire: round(esmToRequireRatio, 3) },
    modules: {
      package: cjsModules.length,
      openapiClient: loadedModules(ROOT, variants[3] as ImportVariant).length,
    },
    emulatorLoaded: { esm: esmModules.some(isEmulator), cjs: cjsModules.some(isEmulator) },
    zodLoaded: { esm: esmModules.some(isZod), cjs: cjsModules.some(isZod) },
    goalMet:
      esmRatio <= GOAL &&
      cjsRatio <= GOAL &&
      !esmModules.some(isEmulator) &&
      !cjsModules.some(isEmulator) &&
      !esmModules.some(isZod) &&
      !cjsModules.some(isZod),
  };
  return { result, rows: rowsOf(result) };
}

function rowsOf(result: ColdStartResult): Row[] {
  const part = '4 cold start';
  const ms = (name: string) => duration(result.medianMs[name] ?? Number.NaN);
  return [
    {
      part,
      metric: 'import dist/index.js vs @alicloud/openapi-client (ESM)',
      value: `${ms('package esm')} vs ${ms('openapi-client esm')}: ${ratio(result.ratio.esm)}`,
      goal: `≤ ${ratio(GOAL)}`,
      verdict: verdict(result.ratio.esm <= GOAL),
    },
    {
      part,
      metric: 'require dist/index.cjs vs @alicloud/openapi-client (CJS)',
      value: `${ms('package cjs')} vs ${ms('openapi-client cjs')}: ${ratio(result.ratio.cjs)}`,
      goal: `≤ ${ratio(GOAL)}`,
      verdict: verdict(result.ratio.cjs <= GOAL),
    },
    {
      part,
      metric: 'import dist/index.js (ESM) vs require @alicloud/openapi-client',
      value: `${ms('package esm')} vs ${ms('openapi-client cjs')}: ${ratio(result.ratio.esmToRequire)}`,
    },
    {
      part,
      metric: 'modules loaded (CJS): package, openapi-client alone',
      value: `${result.modules.package}, ${result.modules.openapiClient}`,
    },
    {
      part,
      metric: 'main entry loads zod (ESM; CJS)',
      value: `${result.zodLoaded.esm ? 'yes' : 'no'}; ${result.zodLoaded.cjs ? 'yes' : 'no'}`,
      goal: 'no',
      verdict: verdict(!result.zodLoaded.esm && !result.zodLoaded.cjs),
    },
    {
      part,
      metric: 'main entry loads the emulator (ESM; CJS)',
      value: `${result.emulatorLoaded.esm ? 'yes' : 'no'}; ${result.emulatorLoaded.cjs ? 'yes' : 'no'}`,
      goal: 'no',
      verdict: verdict(!result.emulatorLoaded.esm && !result.emulatorLoaded.cjs),
    },
  ];
}
