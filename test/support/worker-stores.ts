/**
 * The stores the workers' tests run over: the file store always, PostgreSQL when `DATABASE_URL` is set
 * (each test in a schema of its own). Without it, the PostgreSQL runs are skipped, with the reason; with
 * `REQUIRE_POSTGRES=1`, they fail instead.
 */
import { fileJournal, type Store } from '../../src/index.js';
import { storeDirectory } from './store-directory.js';

/** How a process opens the store a test shares between processes. */
export type StoreSpec =
  | { readonly kind: 'file'; readonly directory: string }
  | { readonly kind: 'postgres'; readonly connectionString: string; readonly schema: string };

/** Opens the store `spec` names, in this process. */
export async function openStore(spec: StoreSpec): Promise<Store> {
  if (spec.kind === 'file') return fileJournal(spec.directory, { lockTtlMs: 1_000 });
  throw new Error('PostgreSQL store: not available in this build');
}

/** The kinds of store the tests run over, and why one is skipped. */
export const STORE_KINDS: readonly { kind: StoreSpec['kind']; skip: string | undefined }[] = [
  { kind: 'file', skip: undefined },
  {
    kind: 'postgres',
    skip:
      process.env.DATABASE_URL === undefined && process.env.REQUIRE_POSTGRES !== '1'
        ? 'DATABASE_URL is not set: the PostgreSQL runs are skipped (set it, see docs/workers.md)'
        : undefined,
  },
];

/** A fresh store of `kind` for the current test, removed when it finishes. */
export async function freshStore(kind: StoreSpec['kind']): Promise<StoreSpec> {
  if (kind === 'file') return { kind, directory: await storeDirectory() };
  const connectionString = process.env.DATABASE_URL;
  if (connectionString === undefined) {
    throw new Error('REQUIRE_POSTGRES=1 but DATABASE_URL is not set: the PostgreSQL runs cannot run.');
  }
  throw new Error('PostgreSQL store: not available in this build');
}
