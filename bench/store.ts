/**
 * The stores' bookkeeping: the cost of one operation of the execution journal, the leases and the
 * checkpoints, on the file store and on PostgreSQL side by side (median of rounds that alternate between
 * them). PostgreSQL is measured when TEST_DATABASE_URL (else DATABASE_URL) names a database; the bench
 * works in a schema of its own, dropped afterwards. Run alone:
 *
 *   TEST_DATABASE_URL=postgres://alerts:alerts@127.0.0.1:5432/alerts npx tsx bench/store.ts
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fileJournal } from '../src/stores/file-store.js';
import { postgresStore } from '../src/stores/postgres-store.js';
import type { Lease, Store } from '../src/stores/store.js';
import { median, type Row, ratio, round } from './stats.js';

const OPERATIONS = 200;
const ROUNDS = 5;

/** One kind of operation: `run(i)` does the i-th one. */
interface Operation {
  readonly name: string;
  prepare(store: Store): Promise<(i: number) => Promise<unknown>>;
}

const OPERATIONS_MEASURED: readonly Operation[] = [
  {
    name: 'append 1 record',
    prepare: async (store) => (i) => store.append('bench-append', [{ batch: i, alertIds: ['7009607'] }]),
  },
  {
    name: 'append 1 record, fenced',
    prepare: async (store) => {
      const lease = await acquired(store, 'bench-fenced');
      return (i) => store.append('bench-fenced', [{ batch: i, outcome: 'succeeded' }], { lease });
    },
  },
  {
    name: 'acquire + release',
    prepare: async (store) => async (i) => {
      const lease = await store.acquire(`bench-key-${i % 50}`, 'bench', 60_000);
      if (lease !== undefined) await store.release(lease);
    },
  },
  {
    name: 'renew',
    prepare: async (store) => {
      const lease = await acquired(store, 'bench-renew');
      return () => store.renew(lease, 60_000);
    },
  },
  {
    name: 'putCheckpoint, fenced',
    prepare: async (store) => {
      const lease = await acquired(store, 'bench-checkpoint');
      return (i) => store.putCheckpoint(lease.key, { page: i, lastAlertId: '7009607' }, { lease });
    },
  },
  {
    name: 'getCheckpoint',
    prepare: async (store) => {
      await store.putCheckpoint('bench-read', { page: 1, lastAlertId: '7009607' });
      return () => store.getCheckpoint('bench-read');
    },
  },
];

let leases = 0;

/** A fresh lease on a key of its own (`key` and a number): every round takes another. */
async function acquired(store: Store, key: string): Promise<Lease> {
  const lease = await store.acquire(`${key}-${++leases}`, 'bench', 3_600_000);
  if (lease === undefined) throw new Error(`${key} is held`);
  return lease;
}

/** Microseconds per operation, over `OPERATIONS` in a row. */
async function perOperation(store: Store, operation: Operation): Promise<number> {
  const run = await operation.prepare(store);
  const started = performance.now();
  for (let i = 0; i < OPERATIONS; i++) await run(i);
  return ((performance.now() - started) * 1000) / OPERATIONS;
}

/** The figures per operation: microseconds per store, and the ratio PostgreSQL / file. */
export async function measureStore(): Promise<{ rows: Row[]; result: unknown }> {
  const url = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || undefined;
  const directory = await mkdtemp(join(tmpdir(), 'bench-store-'));
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const stores: Record<string, Store> = { file: fileJournal(directory) };
  const postgres = url === undefined ? undefined : postgresStore({ connectionString: url, schema });
  if (postgres !== undefined) stores.postgres = postgres;
  const rows: Row[] = [];
  const result: Record<string, Record<string, number>> = {};
  try {
    // Warm-up: the PostgreSQL store connects and applies its migrations on first use.
    await postgres?.holder('bench-warm-up');
    for (const operation of OPERATIONS_MEASURED) {
      const samples: Record<string, number[]> = Object.fromEntries(
        Object.keys(stores).map((kind) => [kind, []]),
      );
      for (let round = 0; round < ROUNDS; round++) {
        for (const [kind, store] of Object.entries(stores))
          samples[kind]?.push(await perOperation(store, operation));
      }
      const figures = Object.fromEntries(
        Object.entries(samples).map(([kind, values]) => [kind, round(median(values), 1)]),
      );
      result[operation.name] = figures;
      const postgresUs = figures.postgres;
      rows.push({
        part: '8 store',
        metric: `${operation.name}: µs per operation, file | PostgreSQL`,
        value:
          postgresUs === undefined
            ? `${figures.file} | not measured (no TEST_DATABASE_URL)`
            : `${figures.file} | ${postgresUs} (${ratio(postgresUs / (figures.file ?? 1))})`,
      });
    }
  } finally {
    if (postgres !== undefined) {
      await postgres.close();
      const pg = (await import('pg')).default;
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    }
    await rm(directory, { recursive: true, force: true });
  }
  return { rows, result };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { rows } = await measureStore();
  for (const row of rows) console.log(`${row.metric}: ${row.value}`);
  console.log(
    `${OPERATIONS} operations in a row per sample, median of ${ROUNDS} samples alternating between the stores; ` +
      'the file store syncs each append, lease and checkpoint to disk; PostgreSQL commits each over a local socket.',
  );
}
