/**
 * The PostgreSQL driver as the store sees it: the few methods it calls on a pool, the `pg` package
 * loaded on first use (an optional peer dependency, never loaded at import time), and the translation of
 * the driver's failures into {@link StoreUnavailableError}s without a password in them.
 */
import { StoreUnavailableError } from './store-errors.js';

/**
 * What a query answers: its rows.
 *
 * @example
 * ```ts
 * import pg from 'pg';
 *
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * const { rows }: PostgresQueryResult = await pool.query('SELECT 1 AS one');
 * ```
 */
export interface PostgresQueryResult {
  /** The rows, one object per row, by column name. */
  readonly rows: readonly Record<string, unknown>[];
}

/**
 * One connection taken from a {@link PostgresPool}, given back with `release`.
 *
 * @example
 * ```ts
 * import pg from 'pg';
 *
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * const client: PostgresPoolClient = await pool.connect();
 * try {
 *   await client.query('SELECT 1');
 * } finally {
 *   client.release();
 * }
 * ```
 */
export interface PostgresPoolClient {
  /**
   * Runs one statement on this connection.
   *
   * @example
   * ```ts
   * import pg from 'pg';
   *
   * const pool: PostgresPool = new pg.Pool();
   * const client = await pool.connect();
   * const { rows } = await client.query('SELECT $1::int AS n', [1]);
   * client.release();
   * ```
   */
  query(text: string, values?: unknown[]): Promise<PostgresQueryResult>;
  /**
   * Gives the connection back to the pool; with an error, the pool closes it instead.
   *
   * @example
   * ```ts
   * import pg from 'pg';
   *
   * const pool: PostgresPool = new pg.Pool();
   * const client = await pool.connect();
   * client.release();
   * ```
   */
  release(error?: Error | boolean): void;
}

/**
 * What the PostgreSQL store needs of a connection pool: a `pg` `Pool` has it.
 *
 * @example
 * ```ts
 * import pg from 'pg';
 *
 * const pool: PostgresPool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 5 });
 * const store = postgresStore({ pool });
 * ```
 */
export interface PostgresPool {
  /**
   * Runs one statement on a connection of the pool.
   *
   * @example
   * ```ts
   * import pg from 'pg';
   *
   * const pool: PostgresPool = new pg.Pool();
   * const { rows } = await pool.query('SELECT 1 AS one');
   * ```
   */
  query(text: string, values?: unknown[]): Promise<PostgresQueryResult>;
  /**
   * Takes a connection, for a transaction.
   *
   * @example
   * ```ts
   * import pg from 'pg';
   *
   * const pool: PostgresPool = new pg.Pool();
   * const client = await pool.connect();
   * client.release();
   * ```
   */
  connect(): Promise<PostgresPoolClient>;
}

/** A pool the store created, which it ends on close. */
interface OwnPool extends PostgresPool {
  end(): Promise<void>;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/** The part of the `pg` package the store uses. */
export interface PgModule {
  Pool: new (config: Record<string, unknown>) => OwnPool;
}

/** Loads the `pg` package; a test gives another loader. */
export type PgLoader = () => Promise<unknown>;

const loadPgPackage: PgLoader = () => import('pg');

/**
 * The `pg` package, loaded now.
 *
 * @throws {@link StoreUnavailableError} with code `StoreDriverMissing` when it is not installed
 */
export async function loadPg(load: PgLoader = loadPgPackage): Promise<PgModule> {
  let loaded: unknown;
  try {
    loaded = await load();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new StoreUnavailableError(
        'The PostgreSQL store needs the pg package, an optional peer dependency of alicloud-alert-handler: ' +
          'install it (npm install pg).',
        { code: 'StoreDriverMissing', delivery: 'notSent' },
      );
    }
    throw error;
  }
  const module = loaded as Partial<PgModule> & { default?: Partial<PgModule> };
  // The ES module namespace of a CommonJS package: its exports are `default`.
  return (module.default?.Pool === undefined ? module : module.default) as PgModule;
}

/** Creates the store's own pool; errors of idle connections go to `onIdleError` instead of crashing. */
export function createPool(
  pg: PgModule,
  config: Record<string, unknown>,
  onIdleError: (error: Error) => void,
): OwnPool {
  const pool = new pg.Pool(config);
  pool.on('error', onIdleError);
  return pool;
}

const REDACTED = '***';
/** `scheme://user:password@`: the password of a connection URL. */
const URL_PASSWORD = /\b(postgres(?:ql)?:\/\/[^:@/\s]*:)[^@\s]*@/gi;
/** `password=...` of a keyword/value connection string. */
const KEYWORD_PASSWORD = /\b(password\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)/gi;

/**
 * A function that removes passwords from a text: those of connection strings, wherever they appear, and
 * the `secrets` given (the configured password, `PGPASSWORD`), each of at least 4 characters.
 */
export function passwordRedactor(secrets: readonly (string | undefined)[]): (text: string) => string {
  const known = secrets.filter((secret): secret is string => secret !== undefined && secret.length >= 4);
  return (text) => {
    let out = text.replace(URL_PASSWORD, `$1${REDACTED}@`).replace(KEYWORD_PASSWORD, `$1${REDACTED}`);
    for (const secret of known) {
      for (const form of new Set([secret, encodeURIComponent(secret)])) out = out.split(form).join(REDACTED);
    }
    return out;
  };
}

/** The password of a connection string, URL or keyword/value form; `undefined` when it has none. */
export function passwordOf(connectionString: string | undefined): string | undefined {
  if (connectionString === undefined) return undefined;
  try {
    const url = new URL(connectionString);
    const password = url.password === '' ? undefined : decodeURIComponent(url.password);
    return password ?? url.searchParams.get('password') ?? undefined;
  } catch {
    const match = /\bpassword\s*=\s*('(?:[^'\\]|\\.)*'|\S+)/i.exec(connectionString)?.[1];
    return match?.startsWith("'") ? match.slice(1, -1) : match;
  }
}

/** Failures to connect: the statement was never sent. */
const NOT_CONNECTED = /^(28|3D000)|^E(CONNREFUSED|NOTFOUND|AI_AGAIN|HOSTUNREACH|NETUNREACH)$/;

/** SQLSTATE classes and socket errors after which the same statement may succeed later. */
const TRANSIENT =
  /^(08|53|57P|40001|40P01)|^E(CONNREFUSED|CONNRESET|PIPE|TIMEDOUT|HOSTUNREACH|NETUNREACH|AI_AGAIN)$/;

const SAFE_FIELDS = ['code', 'errno', 'syscall', 'address', 'port', 'severity', 'routine'] as const;

/**
 * The {@link StoreUnavailableError} for a failure of the driver or the database, `what` saying what
 * was being done; its message and cause are redacted. SDK errors pass through unchanged.
 */
export function unavailable(error: unknown, what: string, redact: (text: string) => string): Error {
  if (error instanceof StoreUnavailableError || (error as { code?: unknown })?.code === 'StoreDriverMissing')
    return error as Error;
  const source = (error ?? {}) as Record<string, unknown>;
  const code = typeof source.code === 'string' ? source.code : undefined;
  const message = error instanceof Error ? error.message : String(error);
  const cause = new Error(redact(message));
  cause.name = error instanceof Error ? error.name : 'Error';
  cause.stack = error instanceof Error && error.stack !== undefined ? redact(error.stack) : undefined;
  for (const field of SAFE_FIELDS) {
    const value = source[field];
    if (typeof value === 'string' || typeof value === 'number') {
      (cause as unknown as Record<string, unknown>)[field] =
        typeof value === 'string' ? redact(value) : value;
    }
  }
  return new StoreUnavailableError(
    `The PostgreSQL store could not ${what}: ${redact(message) || 'no message'}${code ? ` (${code})` : ''}.`,
    {
      code: 'StoreUnavailable',
      retryable: code !== undefined && TRANSIENT.test(code),
      delivery: code !== undefined && NOT_CONNECTED.test(code) ? 'notSent' : 'unknown',
      cause,
    },
  );
}
