/**
 * 9. Workers: a plan of 1,000 alerts (50 batches of 20) submitted to the queue of a store
 * (`submitExecution`) and run by 1, 2 and 4 worker processes (`startWorker`), every API call taking a
 * fixed time (the emulator's `latency` fault on every request). Timed from the submission to the last
 * job's end; the workers start (and load) before it. Each worker also sums the time its store calls and
 * its API requests took: per batch, the store's bookkeeping (queue, leases, journal) next to the API.
 * Over the file store always; over PostgreSQL too when `TEST_DATABASE_URL` is set.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  AlertHandler,
  Operations,
  postgresStore,
  type Store,
  submitExecution,
  waitForSubmission,
} from '../src/index.js';
import { type BenchEmulator, startBenchEmulator } from './emulator-process.js';
import { type Row, round } from './stats.js';
import type { BenchWorkerConfig, BenchWorkerFigures } from './worker-process.js';

const ALERTS = 1_000;
const LATENCY_MS = 20;
const WORKER_COUNTS = [1, 2, 4] as const;
const CONCURRENCY = 2;
const POLL_INTERVAL_MS = 50;

/** How to read this part's rows. */
export const NOTES = [
  `10: ${ALERTS.toLocaleString('en-US')} alerts (batches of 20, one batch per job) per run; every API call takes ${LATENCY_MS} ms; ` +
    `each worker is a process running ${CONCURRENCY} jobs at once, polling every ${POLL_INTERVAL_MS} ms.`,
  '   Per batch: time summed over the calls (they overlap), so store ms and API ms compare as costs, not as wall time;',
  "   queue = the workers' dispatch (scans, job leases, job records); journal = the executions' write-ahead journal and alert leases.",
];

/** One run: a store kind and a number of workers. */
export interface WorkersRun {
  store: 'file' | 'postgres';
  workers: number;
  ms: number;
  alertsPerSecond: number;
  batches: number;
  perBatch: {
    dispatchCalls: number;
    dispatchMs: number;
    journalCalls: number;
    journalMs: number;
    apiCalls: number;
    apiMs: number;
  };
}

const CHILD = fileURLToPath(new URL('./worker-process.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('..', import.meta.url));

export async function measureWorkers(): Promise<{ results: WorkersRun[]; rows: Row[] }> {
  const kinds: WorkersRun['store'][] =
    process.env.TEST_DATABASE_URL === undefined ? ['file'] : ['file', 'postgres'];
  const emulator = await startBenchEmulator({
    alerts: ALERTS * WORKER_COUNTS.length * kinds.length,
    taskPolls: 1,
    faults: [{ action: '*', rate: 1, kinds: ['latency'], latencyMs: LATENCY_MS }],
    seed: 'workers',
  });
  const results: WorkersRun[] = [];
  try {
    let slice = 0;
    for (const kind of kinds) {
      for (const workers of WORKER_COUNTS) {
        const ids = emulator.alertIds.slice(slice * ALERTS, ++slice * ALERTS);
        results.push(await run(emulator, kind, workers, ids));
      }
    }
  } finally {
    await emulator.close();
  }
  return { results, rows: rowsOf(results) };
}

async function run(
  emulator: BenchEmulator,
  kind: WorkersRun['store'],
  count: number,
  ids: readonly string[],
): Promise<WorkersRun> {
  const handler = new AlertHandler({
    endpoint: emulator.endpoint,
    protocol: 'http',
    credential: emulator.credentials,
    adaptiveRate: false,
    concurrency: 16,
  });
  const plan = await handler.plan(ids.map((alertId) => ({ alertId, operation: Operations.ignore() })));
  const { spec, store, remove } = await openStore(kind);
  const workers = Array.from({ length: count }, () =>
    startWorker({
      endpoint: emulator.endpoint,
      credentials: emulator.credentials,
      store: spec,
      pollIntervalMs: POLL_INTERVAL_MS,
      concurrency: CONCURRENCY,
    }),
  );
  try {
    await Promise.all(workers.map((worker) => worker.ready));
    const started = performance.now();
    const { submissionId, batches } = await submitExecution(store, plan);
    await waitForSubmission(store, submissionId, { intervalMs: 10 });
    const ms = performance.now() - started;
    for (const { child } of workers) child.kill('SIGTERM');
    const figures = await Promise.all(workers.map((worker) => worker.figures));
    const sum = (key: keyof BenchWorkerFigures) => figures.reduce((total, each) => total + each[key], 0);
    return {
      store: kind,
      workers: count,
      ms: round(ms, 0),
      alertsPerSecond: round((ids.length / ms) * 1000, 0),
      batches,
      perBatch: {
        dispatchCalls: round(sum('dispatchCalls') / batches, 1),
        dispatchMs: round(sum('dispatchMs') / batches, 1),
        journalCalls: round(sum('journalCalls') / batches, 1),
        journalMs: round(sum('journalMs') / batches, 1),
        apiCalls: round(sum('apiCalls') / batches, 1),
        apiMs: round(sum('apiMs') / batches, 1),
      },
    };
  } finally {
    for (const { child } of workers) if (child.exitCode === null) child.kill('SIGKILL');
    await remove();
  }
}

/** A fresh store of `kind`: a folder, or a schema of its own in the database of `TEST_DATABASE_URL`. */
async function openStore(
  kind: WorkersRun['store'],
): Promise<{ spec: BenchWorkerConfig['store']; store: Store; remove: () => Promise<void> }> {
  if (kind === 'file') {
    const directory = mkdtempSync(join(tmpdir(), 'bench-workers-'));
    const { fileJournal } = await import('../src/index.js');
    return {
      spec: { kind, directory },
      store: fileJournal(directory),
      remove: async () => rmSync(directory, { recursive: true, force: true }),
    };
  }
  const connectionString = process.env.TEST_DATABASE_URL as string;
  const schema = `bench_workers_${randomBytes(4).toString('hex')}`;
  const store = postgresStore({ connectionString, schema });
  return {
    spec: { kind, connectionString, schema },
    store,
    remove: async () => {
      const { default: pg } = await import('pg');
      const client = new pg.Client({ connectionString });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
      await store.close();
    },
  };
}

interface BenchWorker {
  readonly child: ChildProcess;
  readonly ready: Promise<void>;
  readonly figures: Promise<BenchWorkerFigures>;
}

function startWorker(config: BenchWorkerConfig): BenchWorker {
  const child = fork(CHILD, [JSON.stringify(config)], {
    execArgv: ['--import', 'tsx'],
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`A worker process exited (${code}) before it answered.`))),
  );
  exited.catch(() => undefined);
  const message = <T>(key: string) =>
    Promise.race([
      new Promise<T>((resolve) =>
        child.on('message', (each: Record<string, unknown>) => {
          if (key in each) resolve(each[key] as T);
        }),
      ),
      exited,
    ]);
  return {
    child,
    ready: message<true>('ready').then(() => undefined),
    figures: message<BenchWorkerFigures>('figures'),
  };
}

function rowsOf(results: readonly WorkersRun[]): Row[] {
  const part = '10 workers';
  const rows: Row[] = [];
  for (const result of results) {
    const one = results.find((each) => each.store === result.store && each.workers === 1);
    const speedUp = one === undefined ? '' : `, ×${round(one.ms / result.ms, 2)} of 1 worker`;
    rows.push({
      part,
      metric: `${result.store}, ${result.workers} worker${result.workers === 1 ? '' : 's'}: ${ALERTS} alerts`,
      value: `${(result.ms / 1000).toFixed(2)} s, ${result.alertsPerSecond} alerts/s${speedUp}`,
    });
    const { dispatchCalls, dispatchMs, journalCalls, journalMs, apiCalls, apiMs } = result.perBatch;
    rows.push({
      part,
      metric: `${result.store}, ${result.workers}: per batch, store vs API`,
      value:
        `queue ${dispatchCalls} calls ${dispatchMs} ms + journal ${journalCalls} calls ${journalMs} ms; ` +
        `API ${apiCalls} calls ${apiMs} ms (store/API ${round((dispatchMs + journalMs) / apiMs, 2)})`,
    });
  }
  return rows;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { table } = await import('./stats.js');
  const { rows } = await measureWorkers();
  console.log(table(rows));
  console.log(`\n${NOTES.join('\n')}`);
}
