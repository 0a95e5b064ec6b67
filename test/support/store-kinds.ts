/**
 * The stores the store contract (store-contract.ts) runs against: how to open a fresh one on a clock the
 * test moves, another store on the same data, and store processes on it.
 */
import { onTestFinished } from 'vitest';
import { fileJournal } from '../../src/stores/file-store.js';
import { migratePostgresStore, postgresStore } from '../../src/stores/postgres-store.js';
import type { Store } from '../../src/stores/store.js';
import { databaseUrl, setSchemaClock, testSchema } from './postgres.js';
import { manualClock, storeDirectory } from './store-directory.js';
import { type StoreProcess, startStoreProcesses } from './store-processes.js';

/** The store's clock, moved by the test: milliseconds since the epoch. */
export interface StoreClock {
  set(ms: number): Promise<void>;
  advance(ms: number): Promise<void>;
}

/** A fresh, empty store, and what reaches the same data. */
export interface OpenedStore {
  readonly store: Store;
  readonly clock: StoreClock;
  /** Another store on the same data (another process would open this one), on the same clock. */
  another(): Store;
  /** `count` child processes, each with its own store on the same data (see store-worker.ts). */
  processes(count: number): Promise<StoreProcess[]>;
}

/** A kind of store the contract runs against. */
export interface StoreKind {
  readonly name: string;
  /** Opens a fresh store whose clock reads `startMs`; everything is removed when the test finishes. */
  open(startMs?: number): Promise<OpenedStore>;
}

/** The file store, on a manual clock; its processes read the `now` of each request. */
export const fileStoreKind: StoreKind = {
  name: 'fileJournal',
  async open(startMs = 1_000_000) {
    const directory = await storeDirectory();
    const clock = manualClock(startMs);
    return {
      store: fileJournal(directory, { now: clock.now }),
      clock: {
        set: async (ms) => clock.set(ms),
        advance: async (ms) => clock.advance(ms),
      },
      another: () => fileJournal(directory, { now: clock.now }),
      processes: (count) => startStoreProcesses(['file', directory], count),
    };
  },
};

/**
 * The PostgreSQL store on the test database, in a schema of its own whose clock function the test sets:
 * every store and process on the schema reads it.
 */
export const postgresStoreKind: StoreKind = {
  name: 'postgresStore',
  async open(startMs = 1_000_000) {
    const connectionString = databaseUrl();
    const schema = testSchema();
    const stores: ReturnType<typeof postgresStore>[] = [];
    const open = () => {
      const store = postgresStore({ connectionString, schema, maxConnections: 4 });
      stores.push(store);
      return store;
    };
    await migratePostgresStore({ connectionString, schema });
    let time = startMs;
    await setSchemaClock(schema, time);
    onTestFinished(() => Promise.all(stores.map((store) => store.close())).then(() => undefined));
    return {
      store: open(),
      clock: {
        set: async (ms) => {
          time = ms;
          await setSchemaClock(schema, time);
        },
        advance: async (ms) => {
          time += ms;
          await setSchemaClock(schema, time);
        },
      },
      another: open,
      processes: (count) => startStoreProcesses(['postgres', connectionString, schema], count),
    };
  },
};
