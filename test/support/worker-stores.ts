/**
 * The stores the workers' tests run over, as every process of a test opens them: the file store always,
 * PostgreSQL when `TEST_DATABASE_URL` is set (each test in a schema of its own, see `freshStore` in
 * worker-processes.ts). Without it, the PostgreSQL runs are skipped, with the reason; with
 * `REQUIRE_POSTGRES=1`, they fail instead (see postgres.ts).
 */
import { fileJournal, postgresStore, type Store } from '../../src/index.js';

/** How a process opens the store a test shares between processes. */
export type StoreSpec =
  | { readonly kind: 'file'; readonly directory: string }
  | { readonly kind: 'postgres'; readonly connectionString: string; readonly schema: string };

/** Opens the store `spec` names, in this process. */
export function openStore(spec: StoreSpec): Store & { close?: () => Promise<void> } {
  if (spec.kind === 'file') return fileJournal(spec.directory, { lockTtlMs: 1_000 });
  return postgresStore({ connectionString: spec.connectionString, schema: spec.schema, maxConnections: 4 });
}

/** The kinds of store the tests run over, and why one is skipped. */
export function storeKinds(skipPostgres: boolean): { kind: StoreSpec['kind']; skip: string | undefined }[] {
  return [
    { kind: 'file', skip: undefined },
    {
      kind: 'postgres',
      skip: skipPostgres
        ? 'TEST_DATABASE_URL is not set: the PostgreSQL runs are skipped (REQUIRE_POSTGRES=1 fails instead)'
        : undefined,
    },
  ];
}
