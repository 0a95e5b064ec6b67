/**
 * The PostgreSQL store: the journal, the leases and the checkpoints in a schema of a PostgreSQL database,
 * shared by any number of processes on any number of machines.
 */
import { ValidationError } from '../errors.js';
import { checkOptions } from '../util/check-options.js';
import { checkLease, checkName, checkOwner, checkPrefix, checkTtl } from './checks.js';
import { toJson } from './json.js';
import {
  createPool,
  loadPg,
  type PgLoader,
  type PostgresPool,
  passwordOf,
  passwordRedactor,
  unavailable,
} from './postgres-driver.js';
import {
  applyMigrations,
  DEFAULT_SCHEMA,
  type MigrationResult,
  quotedSchema,
  SCHEMA_VERSION,
} from './postgres-schema.js';
import type { FencedWriteOptions, JsonValue, Lease, Store, StoredRecord } from './store.js';
import { leaseLost, StoreUnavailableError } from './store-errors.js';

/**
 * Where the PostgreSQL store's log lines go: a `Logger` of the SDK, `console` or pino. One line when it
 * is ready (schema version, migrations applied), one per {@link PostgresStore.health} with the lease
 * figures, a warning when an idle connection fails. Never a password.
 *
 * @example
 * ```ts
 * const store = postgresStore({ logger: console });
 * ```
 */
export interface PostgresStoreLogger {
  /**
   * The store ready (schema version, migrations applied), the health figures.
   *
   * @example
   * ```ts
   * const logger: PostgresStoreLogger = { info: (line) => console.log(line), warn: (line) => console.warn(line) };
   * ```
   */
  info(message: string, ...args: unknown[]): void;
  /**
   * An idle connection failed, a health check failed.
   *
   * @example
   * ```ts
   * const store = postgresStore({ logger: { info: () => {}, warn: (line) => console.warn(line) } });
   * ```
   */
  warn(message: string, ...args: unknown[]): void;
}

/**
 * Options of {@link postgresStore} and {@link migratePostgresStore}.
 *
 * @example
 * ```ts
 * const options: PostgresStoreOptions = {
 *   connectionString: 'postgres://alerts@db.internal:5432/alerts',
 *   schema: 'alert_handler',
 * };
 * const store = postgresStore(options);
 * ```
 */
export interface PostgresStoreOptions {
  /**
   * The database, e.g. `postgres://user:password@host:5432/database`. Not with `pool`.
   *
   * @defaultValue the `DATABASE_URL` environment variable; without it, `pg` reads the standard `PGHOST`,
   * `PGPORT`, `PGDATABASE`, `PGUSER`, `PGPASSWORD` (and the rest of libpq's variables it knows)
   */
  connectionString?: string | undefined;
  /**
   * A pool of your own (a `pg` `Pool`), instead of the one the store creates: the store never ends it.
   * Not with `connectionString`.
   */
  pool?: PostgresPool | undefined;
  /**
   * The schema of the store's tables, created by the migrations: 1 to 63 characters of `a-z`, `0-9` and
   * `_`, not starting with a digit. Two stores on one schema share everything.
   *
   * @defaultValue `'alert_handler'`
   */
  schema?: string | undefined;
  /**
   * Apply the migrations the schema lacks on first use. With `false`, apply them beforehand with
   * {@link migratePostgresStore} or `alicloud-alert-handler db migrate` (a role that may not create
   * tables then suffices to run the store).
   *
   * @defaultValue `true`
   */
  migrate?: boolean | undefined;
  /**
   * The most connections of the pool the store creates.
   *
   * @defaultValue 10
   */
  maxConnections?: number | undefined;
  /** Where the store logs; see {@link PostgresStoreLogger}. Nothing is logged without it. */
  logger?: PostgresStoreLogger | undefined;
}

/**
 * What {@link PostgresStore.health} found.
 *
 * @example
 * ```ts
 * const store = postgresStore();
 * const health: PostgresStoreHealth = await store.health();
 * if (!health.ok) console.error(health.error);
 * ```
 */
export interface PostgresStoreHealth {
  /** The database answered and its schema is at the version this code works with. */
  readonly ok: boolean;
  /** The round trip of one trivial query, in milliseconds; `undefined` when the database did not answer. */
  readonly latencyMs: number | undefined;
  /** The version of the schema's latest migration; `undefined` when none is applied or it was not read. */
  readonly schemaVersion: number | undefined;
  /** The version this code works with. */
  readonly expectedSchemaVersion: number;
  /** Leases held now (unreleased, unexpired), by the database's clock. */
  readonly leasesHeld: number | undefined;
  /** Leases expired without being released: holders that stopped (killed, paused), to be taken over. */
  readonly leasesExpired: number | undefined;
  /** What is wrong when not `ok`, with no password in it. */
  readonly error: string | undefined;
}

/**
 * A {@link Store} on PostgreSQL, with a health check and a `close`.
 *
 * @example
 * ```ts
 * const store: PostgresStore = postgresStore();
 * console.log(await store.health());
 * await store.close();
 * ```
 */
export interface PostgresStore extends Store {
  /** The schema of its tables. */
  readonly schema: string;
  /**
   * Connects (applying the migrations first unless `migrate: false`), and reports the round trip, the
   * schema's version and the lease figures; never throws for a database that cannot be used.
   *
   * @example
   * ```ts
   * const { ok, latencyMs, leasesHeld, leasesExpired, error } = await postgresStore().health();
   * ```
   */
  health(): Promise<PostgresStoreHealth>;
  /**
   * Ends the pool the store created (not one given as `pool`); the store cannot be used afterwards.
   *
   * @example
   * ```ts
   * const store = postgresStore();
   * await store.close();
   * ```
   */
  close(): Promise<void>;
}

const OPTION_RULES = {
  connectionString: { kind: 'string' },
  pool: { kind: 'methods', names: ['query', 'connect'], what: 'a pg Pool' },
  schema: { kind: 'string' },
  migrate: { kind: 'boolean' },
  maxConnections: { kind: 'integer', min: 1, max: 1_000 },
  logger: { kind: 'methods', names: ['info', 'warn'], what: 'a logger' },
} as const;

/** The store's own method that applies the migrations now, for {@link migratePostgresStore}. */
const MIGRATE = Symbol('migrate');

/** How the store reaches its database, once connected. */
interface Connection {
  readonly pool: PostgresPool;
  readonly end: (() => Promise<void>) | undefined;
}

/**
 * The store on PostgreSQL, for several workers on one or several machines: the same semantics as
 * {@link fileJournal}, judged by the database. `pg` is an optional peer dependency (`npm install pg`),
 * loaded on first use; the first call also applies the schema's migrations (unless `migrate: false`).
 *
 * Guarantees: an append is one transaction, committed when it resolves; the records of a stream are
 * numbered 1, 2, 3… with no gap or repeat in the order their appends committed (each append locks its
 * stream's row). Leases expire by the database's clock, whichever machine asks; of several processes
 * taking a free or expired key, exactly one gets it (one `INSERT … ON CONFLICT DO UPDATE … WHERE` on the
 * key's row), with a token one more than the key's last. A fenced write checks its lease in the same
 * statement as it writes, holding the lease's row locked until it commits: once another owner took the
 * key, no write of the old lease commits.
 *
 * @throws {@link ValidationError} for a bad option; every call rejects with a
 * {@link StoreUnavailableError} when the database cannot be used (never with a password in it)
 *
 * @example
 * ```ts
 * const store = postgresStore({ connectionString: process.env.DATABASE_URL });
 * const lease = await store.acquire('execution-42', `worker-${process.pid}`, 30_000);
 * if (lease) {
 *   await store.append('execution-42', [{ intent: { batch: 1 } }], { lease });
 *   await store.release(lease);
 * }
 * await store.close();
 * ```
 */
export function postgresStore(options?: PostgresStoreOptions): PostgresStore {
  return createPostgresStore(options);
}

/**
 * {@link postgresStore} with the `pg` loader to use; a test gives one that fails.
 *
 * @internal
 */
export function createPostgresStore(
  options?: PostgresStoreOptions,
  load?: PgLoader,
): PostgresStore & { [MIGRATE](): Promise<MigrationResult> } {
  checkOptions(options, OPTION_RULES, 'postgresStore');
  const schema = options?.schema ?? DEFAULT_SCHEMA;
  const s = quotedSchema(schema, 'postgresStore');
  if (options?.pool !== undefined && options.connectionString !== undefined) {
    throw new ValidationError('postgresStore: give `pool` or `connectionString`, not both.', {
      field: 'pool',
    });
  }
  const connectionString =
    options?.pool === undefined ? (options?.connectionString ?? process.env.DATABASE_URL) : undefined;
  const redact = passwordRedactor([passwordOf(connectionString), process.env.PGPASSWORD]);
  const logger = options?.logger;
  let connecting: Promise<Connection> | undefined;
  let closed = false;
  /** Per stream, the appends of this store not yet settled: they commit in the order they were made. */
  const appending = new Map<string, Promise<unknown>>();

  /** Runs `append` after the earlier appends of this store to `stream` settled. */
  const inTurn = <T>(stream: string, append: () => Promise<T>): Promise<T> => {
    const run = (appending.get(stream) ?? Promise.resolve()).then(append);
    const settled = run.catch(() => undefined);
    appending.set(stream, settled);
    void settled.then(() => {
      if (appending.get(stream) === settled) appending.delete(stream);
    });
    return run;
  };

  const connect = async (): Promise<Connection> => {
    if (options?.pool !== undefined) return { pool: options.pool, end: undefined };
    const pg = await loadPg(load);
    const pool = createPool(
      pg,
      {
        ...(connectionString === undefined ? {} : { connectionString }),
        max: options?.maxConnections ?? 10,
        application_name: 'alicloud-alert-handler',
      },
      (error) => logger?.warn(`PostgreSQL store: an idle connection failed: ${redact(error.message)}`),
    );
    return { pool, end: () => pool.end() };
  };

  const start = async (): Promise<Connection> => {
    const connection = await connect();
    try {
      if (options?.migrate !== false) await migrate(connection);
      return connection;
    } catch (error) {
      await connection.end?.().catch(() => undefined);
      throw error;
    }
  };

  /** The pool, connected and migrated on first use; a failed start is tried again by the next call. */
  const ready = (): Promise<Connection> => {
    if (closed) {
      return Promise.reject(
        new StoreUnavailableError('The PostgreSQL store was closed.', {
          code: 'StoreClosed',
          delivery: 'notSent',
        }),
      );
    }
    if (connecting === undefined) {
      connecting = start();
      connecting.catch(() => {
        connecting = undefined;
      });
    }
    return connecting;
  };

  /** Applies the migrations the schema lacks now, and logs what it did. */
  const migrate = async (connection: Connection) => {
    const result = await applyMigrations(connection.pool, schema);
    logger?.info(
      `PostgreSQL store ready: schema ${schema} at version ${result.schemaVersion}` +
        (result.applied.length === 0 ? '.' : `, migrations ${result.applied.join(', ')} applied now.`),
      { schema, ...result },
    );
    return result;
  };

  /** Runs one statement; a failure becomes a redacted {@link StoreUnavailableError}. */
  const query = async (what: string, text: string, values: unknown[]) => {
    try {
      const { pool } = await ready();
      return (await pool.query(text, values)).rows;
    } catch (error) {
      throw unavailable(error, what, redact);
    }
  };

  /** The lease's fence, for the statements of fenced writes: its key's row, locked until commit. */
  const fence = (lease: Lease | undefined) =>
    lease === undefined
      ? {
          sql: `fence AS (SELECT NULL::text AS owner, NULL::bigint AS token, NULL::boolean AS released,
            NULL::bigint AS expires_at_ms, NULL::bigint AS now_ms WHERE false),
          allowed AS (SELECT 1)`,
          values: [] as unknown[],
        }
      : {
          sql: `fence AS (SELECT owner, token, released, expires_at_ms, ${s}.clock_ms() AS now_ms
            FROM ${s}.leases WHERE key = $f1 FOR SHARE),
          allowed AS (SELECT 1 FROM fence
            WHERE token = $f2 AND owner = $f3 AND NOT released AND expires_at_ms > now_ms)`,
          values: [lease.key, lease.token, lease.owner],
        };

  /** Throws the {@link LeaseLostError} for `lease` by the fence's row, when the write was refused. */
  const refuse = (lease: Lease, row: Record<string, unknown> | undefined) => {
    const latest =
      row === undefined || row.token === null
        ? undefined
        : {
            key: lease.key,
            owner: String(row.owner),
            token: Number(row.token),
            expiresAt: Number(row.expires_at_ms),
            released: row.released === true,
          };
    throw (
      leaseLost(lease, latest, Number(row?.now_ms ?? 0)) ??
      leaseLost(lease, undefined, 0) ??
      new Error('unreachable')
    );
  };

  /** A fenced statement: `$f1…$f3` are the fence's parameters, numbered after `values`. */
  const fenced = (lease: Lease | undefined, body: string, values: unknown[]) => {
    const { sql, values: fenceValues } = fence(lease);
    const numbered = `WITH ${sql}, ${body}`.replace(
      /\$f([1-3])/g,
      (_, n: string) => `$${values.length + Number(n)}`,
    );
    return { text: numbered, values: [...values, ...fenceValues] };
  };

  const toLease = (row: Record<string, unknown>): Lease => ({
    key: String(row.key),
    owner: String(row.owner),
    token: Number(row.token),
    expiresAt: Number(row.expires_at_ms),
  });

  return {
    schema,

    async [MIGRATE]() {
      try {
        return await migrate(await ready());
      } catch (error) {
        throw unavailable(error, 'apply the migrations', redact);
      }
    },

    async append(stream: string, records: readonly JsonValue[], options?: FencedWriteOptions) {
      checkName(stream, 'append: stream');
      if (!Array.isArray(records)) {
        throw new ValidationError('append: `records` must be an array of JSON values. Nothing was written.', {
          field: 'records',
        });
      }
      const texts = records.map((record, index) => toJson(record, `append: records[${index}]`));
      const lease =
        options?.lease === undefined ? undefined : checkLease(options.lease, 'append: options.lease');
      const { text, values } = fenced(
        lease,
        `clock AS (SELECT ${s}.clock_ms() AS now_ms),
        stream AS (
          INSERT INTO ${s}.streams AS streams (name, last_seq) SELECT $1::text, $3::bigint FROM allowed WHERE $3::bigint > 0
          ON CONFLICT (name) DO UPDATE SET last_seq = streams.last_seq + EXCLUDED.last_seq
          RETURNING last_seq),
        appended AS (
          INSERT INTO ${s}.records (stream, seq, at_ms, data)
          SELECT $1::text, stream.last_seq - $3::bigint + r.ord, clock.now_ms, r.data::json
          FROM stream, clock, unnest($2::text[]) WITH ORDINALITY AS r (data, ord))
        SELECT (SELECT last_seq FROM stream) AS last_seq,
          (SELECT last_seq FROM ${s}.streams WHERE name = $1::text) AS known_seq,
          EXISTS (SELECT 1 FROM allowed) AS allowed, f.*
        FROM (SELECT 1) AS one LEFT JOIN fence AS f ON true`,
        [stream, texts, texts.length],
      );
      const [row] = await inTurn(stream, () => query(`append to ${stream}`, text, values));
      if (row?.allowed !== true && lease !== undefined) refuse(lease, row);
      return Number(row?.last_seq ?? row?.known_seq ?? 0);
    },

    async read(stream: string): Promise<readonly StoredRecord[]> {
      checkName(stream, 'read: stream');
      const rows = await query(
        `read ${stream}`,
        `SELECT seq, at_ms, data::text AS data FROM ${s}.records WHERE stream = $1 ORDER BY seq`,
        [stream],
      );
      return rows.map((row) => ({
        seq: Number(row.seq),
        at: Number(row.at_ms),
        data: JSON.parse(String(row.data)) as JsonValue,
      }));
    },

    async streams(prefix = '') {
      checkPrefix(prefix, 'streams: prefix');
      const rows = await query(
        'list the streams',
        `SELECT name FROM ${s}.streams WHERE starts_with(name, $1) ORDER BY name`,
        [prefix],
      );
      return rows.map((row) => String(row.name));
    },

    async acquire(key: string, owner: string, ttlMs: number) {
      checkName(key, 'acquire: key');
      checkOwner(owner, 'acquire: owner');
      checkTtl(ttlMs, 'acquire: ttlMs');
      const rows = await query(
        `acquire the lease on ${key}`,
        `INSERT INTO ${s}.leases AS leases (key, owner, token, expires_at_ms, released)
        VALUES ($1, $2, 1, ${s}.clock_ms() + $3::bigint, false)
        ON CONFLICT (key) DO UPDATE
          SET owner = EXCLUDED.owner, token = leases.token + 1,
            expires_at_ms = ${s}.clock_ms() + $3::bigint, released = false
          WHERE leases.released OR leases.expires_at_ms <= ${s}.clock_ms()
        RETURNING key, owner, token, expires_at_ms`,
        [key, owner, ttlMs],
      );
      return rows[0] === undefined ? undefined : toLease(rows[0]);
    },

    async renew(lease: Lease, ttlMs: number) {
      checkTtl(ttlMs, 'renew: ttlMs');
      const { key, token, owner } = checkLease(lease, 'renew: lease');
      const rows = await query(
        `renew the lease on ${key}`,
        `UPDATE ${s}.leases SET expires_at_ms = ${s}.clock_ms() + $4::bigint
        WHERE key = $1 AND token = $2 AND owner = $3 AND NOT released
        RETURNING key, owner, token, expires_at_ms`,
        [key, token, owner, ttlMs],
      );
      return rows[0] === undefined ? undefined : toLease(rows[0]);
    },

    async release(lease: Lease) {
      const { key, token, owner } = checkLease(lease, 'release: lease');
      await query(
        `release the lease on ${key}`,
        `UPDATE ${s}.leases SET released = true WHERE key = $1 AND token = $2 AND owner = $3 AND NOT released`,
        [key, token, owner],
      );
    },

    async holder(key: string) {
      checkName(key, 'holder: key');
      const rows = await query(
        `read the lease on ${key}`,
        `SELECT key, owner, token, expires_at_ms FROM ${s}.leases
        WHERE key = $1 AND NOT released AND expires_at_ms > ${s}.clock_ms()`,
        [key],
      );
      return rows[0] === undefined ? undefined : toLease(rows[0]);
    },

    async getCheckpoint(key: string) {
      checkName(key, 'getCheckpoint: key');
      const rows = await query(
        `read the checkpoint ${key}`,
        `SELECT value::text AS value FROM ${s}.checkpoints WHERE key = $1`,
        [key],
      );
      return rows[0] === undefined ? undefined : (JSON.parse(String(rows[0].value)) as JsonValue);
    },

    async putCheckpoint(key: string, value: JsonValue, options?: FencedWriteOptions) {
      checkName(key, 'putCheckpoint: key');
      const json = toJson(value, 'putCheckpoint: value');
      const lease =
        options?.lease === undefined ? undefined : checkLease(options.lease, 'putCheckpoint: options.lease');
      const { text, values } = fenced(
        lease,
        `put AS (
          INSERT INTO ${s}.checkpoints AS checkpoints (key, value, updated_at_ms)
          SELECT $1::text, $2::json, ${s}.clock_ms() FROM allowed
          ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at_ms = EXCLUDED.updated_at_ms)
        SELECT EXISTS (SELECT 1 FROM allowed) AS allowed, f.* FROM (SELECT 1) AS one LEFT JOIN fence AS f ON true`,
        [key, json],
      );
      const [row] = await query(`write the checkpoint ${key}`, text, values);
      if (row?.allowed !== true && lease !== undefined) refuse(lease, row);
    },

    async health(): Promise<PostgresStoreHealth> {
      const started = performance.now();
      let latencyMs: number | undefined;
      try {
        const { pool } = await ready();
        const begun = performance.now();
        await pool.query('SELECT 1');
        latencyMs = Math.round((performance.now() - begun) * 100) / 100;
        const [row] = (
          await pool.query(
            `SELECT (SELECT max(version) FROM ${s}.schema_migrations) AS version,
              count(*) FILTER (WHERE NOT released AND expires_at_ms > ${s}.clock_ms()) AS held,
              count(*) FILTER (WHERE NOT released AND expires_at_ms <= ${s}.clock_ms()) AS expired
            FROM ${s}.leases`,
          )
        ).rows;
        const schemaVersion = row?.version === null ? undefined : Number(row?.version);
        const health: PostgresStoreHealth = {
          ok: schemaVersion === SCHEMA_VERSION,
          latencyMs,
          schemaVersion,
          expectedSchemaVersion: SCHEMA_VERSION,
          leasesHeld: Number(row?.held ?? 0),
          leasesExpired: Number(row?.expired ?? 0),
          error:
            schemaVersion === SCHEMA_VERSION
              ? undefined
              : `schema ${schema} is at version ${schemaVersion ?? 'none'}, this code works with ${SCHEMA_VERSION}`,
        };
        logger?.info(
          `PostgreSQL store: ${health.leasesHeld} leases held, ${health.leasesExpired} expired unreleased; ` +
            `schema ${schema} version ${schemaVersion}; round trip ${latencyMs} ms.`,
          { ...health },
        );
        return health;
      } catch (error) {
        const message = unavailable(error, 'answer the health check', redact).message;
        logger?.warn(message);
        return {
          ok: false,
          latencyMs,
          schemaVersion: undefined,
          expectedSchemaVersion: SCHEMA_VERSION,
          leasesHeld: undefined,
          leasesExpired: undefined,
          error:
            latencyMs === undefined ? message : `${message} (${Math.round(performance.now() - started)} ms)`,
        };
      }
    },

    async close() {
      if (closed) return;
      closed = true;
      const connection = await connecting?.catch(() => undefined);
      await connection?.end?.();
    },
  };
}

/**
 * Applies the migrations the store's schema lacks (creating the schema), then closes its connections:
 * for a deployment step that runs before the workers, which then start with `migrate: false`. Safe to run
 * again, and from several processes at once: each migration is applied once.
 *
 * @throws {@link StoreUnavailableError} when the database cannot be used; {@link ValidationError} for a
 * bad option
 *
 * @example
 * ```ts
 * const { applied, schemaVersion } = await migratePostgresStore({ connectionString: process.env.DATABASE_URL });
 * console.log(`schema at version ${schemaVersion}; applied now: ${applied.join(', ') || 'none'}`);
 * ```
 */
export async function migratePostgresStore(
  options?: Omit<PostgresStoreOptions, 'migrate'>,
): Promise<{ readonly applied: readonly number[]; readonly schemaVersion: number }> {
  return migrateWith(options);
}

/**
 * {@link migratePostgresStore} with the `pg` loader to use.
 *
 * @internal
 */
export async function migrateWith(
  options?: Omit<PostgresStoreOptions, 'migrate'>,
  load?: PgLoader,
): Promise<{ readonly applied: readonly number[]; readonly schemaVersion: number }> {
  const store = createPostgresStore({ ...options, migrate: false }, load);
  try {
    return await store[MIGRATE]();
  } finally {
    await store.close();
  }
}
