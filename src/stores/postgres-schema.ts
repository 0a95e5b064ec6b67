/**
 * The PostgreSQL store's tables, as numbered migrations applied in order, each once: in one transaction
 * under an advisory lock (so that processes starting together apply them once), recorded in the
 * schema's `schema_migrations` table.
 */
import { ValidationError } from '../errors.js';
import { describeValue } from '../util/describe-value.js';
import type { PostgresPool, PostgresPoolClient } from './postgres-driver.js';

/** One step of the schema; `sql` names the schema `$schema`, replaced by its quoted name. */
interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/**
 * The migrations, oldest first. Times are milliseconds since the epoch by the database's clock,
 * `clock_ms()`: leases expire by it, whichever machine asks. JSON is kept as `json`, the text as
 * written (key order, duplicate keys), not re-encoded as `jsonb` would.
 */
const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'streams, records, leases and checkpoints',
    sql: `
CREATE FUNCTION $schema.clock_ms() RETURNS bigint LANGUAGE sql VOLATILE
  AS $$ SELECT floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint $$;
COMMENT ON FUNCTION $schema.clock_ms() IS 'The store''s clock: milliseconds since the epoch, by the database.';
CREATE TABLE $schema.streams (
  name text COLLATE "C" PRIMARY KEY,
  last_seq bigint NOT NULL CHECK (last_seq > 0)
);
CREATE TABLE $schema.records (
  stream text COLLATE "C" NOT NULL,
  seq bigint NOT NULL CHECK (seq > 0),
  at_ms bigint NOT NULL,
  data json NOT NULL,
  PRIMARY KEY (stream, seq)
);
CREATE TABLE $schema.leases (
  key text COLLATE "C" PRIMARY KEY,
  owner text NOT NULL,
  token bigint NOT NULL CHECK (token > 0),
  expires_at_ms bigint NOT NULL,
  released boolean NOT NULL DEFAULT false
);
CREATE TABLE $schema.checkpoints (
  key text COLLATE "C" PRIMARY KEY,
  value json NOT NULL,
  updated_at_ms bigint NOT NULL
);`,
  },
];

/** The schema version this code works with: the latest migration's. */
export const SCHEMA_VERSION = MIGRATIONS.at(-1)?.version ?? 0;

/** The default schema of the store's tables. */
export const DEFAULT_SCHEMA = 'alert_handler';

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Checks a schema name: 1 to 63 characters of `a-z`, `0-9` and `_`, not starting with a digit (an SQL
 * identifier that needs no quoting), and returns it quoted.
 *
 * @throws {@link ValidationError} otherwise
 */
export function quotedSchema(schema: unknown, what: string): string {
  if (typeof schema === 'string' && SCHEMA_NAME.test(schema)) return `"${schema}"`;
  throw new ValidationError(
    `${what}: \`schema\` must be 1 to 63 characters of a-z, 0-9 and '_', not starting with a digit, got ${describeValue(schema)}.`,
    { field: 'schema' },
  );
}

/** What applying the migrations did. */
export interface MigrationResult {
  /** The versions applied now, oldest first; empty when the schema was up to date. */
  readonly applied: readonly number[];
  /** The schema's version afterwards. */
  readonly schemaVersion: number;
}

/**
 * Applies the migrations the schema lacks, in one transaction, under an advisory lock of the schema: a
 * second process waits, then finds them applied. Creates the schema when it does not exist.
 */
export async function applyMigrations(pool: PostgresPool, schema: string): Promise<MigrationResult> {
  const quoted = quotedSchema(schema, 'migrate');
  const client = await pool.connect();
  let failed: Error | undefined;
  try {
    await client.query('BEGIN');
    await client.query(
      "SELECT pg_advisory_xact_lock(hashtextextended('alert-handler migrations ' || $1, 0))",
      [schema],
    );
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoted}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${quoted}.schema_migrations (
        version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const done = new Set(await appliedVersions(client, quoted));
    const applied: number[] = [];
    for (const migration of MIGRATIONS) {
      if (done.has(migration.version)) continue;
      await client.query(migration.sql.replaceAll('$schema', quoted));
      await client.query(`INSERT INTO ${quoted}.schema_migrations (version, name) VALUES ($1, $2)`, [
        migration.version,
        migration.name,
      ]);
      applied.push(migration.version);
    }
    await client.query('COMMIT');
    return { applied, schemaVersion: Math.max(SCHEMA_VERSION, ...done) };
  } catch (error) {
    failed = error as Error;
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    // A connection whose transaction could not be rolled back is not given back to the pool.
    client.release(failed);
  }
}

/** The versions recorded in the schema's migrations table. */
async function appliedVersions(client: PostgresPoolClient, quoted: string): Promise<number[]> {
  const { rows } = await client.query(`SELECT version FROM ${quoted}.schema_migrations`);
  return rows.map((row) => Number(row.version));
}
