/**
 * The PostgreSQL tests' database: `TEST_DATABASE_URL` (never `DATABASE_URL`, which may be an
 * application's). Without it they are skipped with a printed reason, unless `REQUIRE_POSTGRES=1` (as in
 * CI), where they fail. Each test works in a schema of its own, with a random name, dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { onTestFinished } from 'vitest';

/** The database of the tests, when one is given. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;
const required = process.env.REQUIRE_POSTGRES === '1';

/** Whether the PostgreSQL tests are skipped here (no database given, none required); says why when so. */
export function skipPostgres(): boolean {
  const skip = TEST_DATABASE_URL === undefined && !required;
  if (skip) {
    console.warn(
      'Skipping the PostgreSQL store tests: set TEST_DATABASE_URL (e.g. ' +
        'postgres://alerts:alerts@127.0.0.1:5432/alerts_test) to run them; REQUIRE_POSTGRES=1 makes this a failure.',
    );
  }
  return skip;
}

/** The database URL, or a failure when `REQUIRE_POSTGRES=1` and none is given. */
export function databaseUrl(): string {
  if (TEST_DATABASE_URL === undefined) {
    throw new Error(
      'REQUIRE_POSTGRES=1 and no TEST_DATABASE_URL: the PostgreSQL store tests need a database.',
    );
  }
  return TEST_DATABASE_URL;
}

/** A fresh schema name, dropped (with everything in it) when the current test finishes. */
export function testSchema(): string {
  const schema = `test_${randomBytes(6).toString('hex')}`;
  onTestFinished(async () => {
    await sql(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  });
  return schema;
}

/** Runs one statement on the test database, on a connection of its own. */
export async function sql(text: string, values: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: databaseUrl() });
  await client.connect();
  try {
    return await client.query(text, values);
  } finally {
    await client.end();
  }
}

/** Sets the clock of the store's schema to `ms` for good: its leases and records read it from then on. */
export async function setSchemaClock(schema: string, ms: number): Promise<void> {
  await sql(
    `CREATE OR REPLACE FUNCTION "${schema}".clock_ms() RETURNS bigint LANGUAGE sql VOLATILE AS $$ SELECT ${Math.trunc(ms)}::bigint $$`,
  );
}
