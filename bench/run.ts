/**
 * Runs every measurement, prints one table and writes `bench/results.json`.
 *
 *   npm run bench                              all parts
 *   npm run bench -- --only=overhead,rate      some parts
 *   npm run bench -- --skip=user-install       all but some (user-install needs the npm registry)
 *
 * Parts: size, cold-start, user-install, overhead, handling, scale, paging, rate, network, fleet, store, workers.
 * Each compares two things measured side by side in this run, on this machine; read the ratios, not the absolute
 * figures.
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { measureColdStart } from './cold-start.js';
import { NOTES as FLEET_NOTES, measureFleet } from './fleet.js';
import { NOTES as HANDLING_NOTES, measureHandling } from './handling.js';
import { measureNetwork } from './network.js';
import { measureOverhead } from './overhead.js';
import { measurePaging } from './paging.js';
import { measureRate } from './rate.js';
import { measureScale, NOTES as SCALE_NOTES } from './scale.js';
import { measureSize } from './size.js';
import type { Row } from './stats.js';
import { duration, table } from './stats.js';
import { measureStore } from './store.js';
import { measureUserInstall } from './user-install.js';
import { measureWorkers, NOTES as WORKERS_NOTES } from './workers.js';

/** What a part returns: its rows for the table, and its figures for the results file. */
interface Measured {
  rows: Row[];
  result?: unknown;
  results?: unknown;
}
type Part = () => Promise<Measured> | Measured;

const PARTS: Record<string, { label: string; run: Part }> = {
  size: { label: '5 size', run: measureSize },
  'cold-start': { label: '4 cold start', run: measureColdStart },
  'user-install': { label: '4b user install', run: measureUserInstall },
  overhead: { label: '1 per-call', run: measureOverhead },
  handling: { label: '2 handle 1,000', run: measureHandling },
  scale: { label: '2b handle 10,000, defaults', run: measureScale },
  paging: { label: '3 page 1,000,000', run: measurePaging },
  rate: { label: '6 rate', run: measureRate },
  network: { label: '7 network', run: measureNetwork },
  fleet: { label: '8 fleet of 50', run: measureFleet },
  store: { label: '9 store', run: measureStore },
  workers: { label: '10 workers', run: measureWorkers },
};

const NOTES = [
  'The emulator runs in a process of its own on 127.0.0.1; the client under measurement has this process to itself.',
  'Ratios compare two things measured in the same run, alternating between them: they are what to read.',
  '1: SDK = SasClient#describeSuspEvents (request and response validated); raw = callApi, same settings, same page of 100.',
  ...HANDLING_NOTES,
  ...SCALE_NOTES,
  ...WORKERS_NOTES,
  '3: each walk in a fresh process; heap sampled after a full GC every 100 pages, from a baseline taken after one page; the emulator pages through its listing index.',
  '4: each import timed in a fresh node process (10 each, alternating); 4b does the same in a fresh install of the packed tarball.',
  '4b: install sizes are the bytes of the files under node_modules (dependencies included; `du` counts whole disk blocks and gives more), against a fresh install of @alicloud/openapi-client alone.',
  'Official generated client (@alicloud/sas20181203): not compared, the npm registry reachable here answers 404 for it.',
  '7: https through a local CONNECT proxy against direct, alternating rounds; imports against @alicloud/openapi-core installed in OPENAPI_CORE_DIR.',
  ...FLEET_NOTES,
  '9: each store operation 200 times in a row, median of 5 rounds alternating file and PostgreSQL (TEST_DATABASE_URL, else DATABASE_URL; not measured without).',
];

function selectedParts(argv: readonly string[]): string[] {
  const list = (flag: string) =>
    argv
      .find((arg) => arg.startsWith(`--${flag}=`))
      ?.slice(flag.length + 3)
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean);
  const only = list('only');
  const skip = list('skip') ?? [];
  const names = Object.keys(PARTS);
  for (const name of [...(only ?? []), ...skip]) {
    if (!names.includes(name))
      throw new Error(`Unknown part ${JSON.stringify(name)}: use ${names.join(', ')}.`);
  }
  return (only ?? names).filter((name) => !skip.includes(name));
}

async function main(): Promise<void> {
  process.env.ALIBABA_CLOUD_ECS_METADATA_DISABLED = 'true';
  const parts = selectedParts(process.argv.slice(2));
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const loadBefore = loadavg()[0] ?? 0;
  const rows: Row[] = [];
  const results: Record<string, unknown> = {};
  let failed = false;
  for (const name of parts) {
    const part = PARTS[name];
    if (part === undefined) continue;
    const partStarted = performance.now();
    process.stderr.write(`${part.label} ...`);
    try {
      const measured = await part.run();
      rows.push(...measured.rows);
      results[name] = measured.result ?? measured.results ?? null;
    } catch (error) {
      failed = true;
      const message = error instanceof Error ? error.message : String(error);
      rows.push({ part: part.label, metric: 'failed', value: message.split('\n')[0] ?? message });
      results[name] = { error: message };
    }
    process.stderr.write(` ${duration(performance.now() - partStarted)}\n`);
  }
  const totalMs = performance.now() - started;
  const file = fileURLToPath(new URL('./results.json', import.meta.url));
  const report = {
    startedAt,
    totalMs: Math.round(totalMs),
    machine: {
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
      cpus: cpus().length,
      loadAverage: { before: loadBefore, after: loadavg()[0] ?? 0 },
    },
    parts: results,
  };
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  console.log(table(rows));
  console.log(`\n${NOTES.join('\n')}`);
  console.log(
    `\nResults: ${file}\nTotal: ${duration(totalMs)} on ${cpus().length} CPUs, load average ${loadBefore.toFixed(2)} at start.`,
  );
  if (failed) process.exitCode = 1;
}

await main();
