/**
 * `alicloud-alert-handler db migrate` and `db health`: the PostgreSQL store's schema applied before the
 * workers start, and its health read, on the database of `DATABASE_URL` (or the `PG*` variables).
 *
 * @packageDocumentation
 */
import { migratePostgresStore, postgresStore } from '../index.js';
import { type CliIo, EXIT, PROGRAM, parseCommand, UsageError } from './io.js';

/** The help of `db`. */
export const DB_USAGE = `Usage: ${PROGRAM} db migrate [--schema <name>]
       ${PROGRAM} db health [--schema <name>]

migrate   Applies the PostgreSQL store's migrations the schema lacks (creating it); safe to run again,
          and from several processes at once.
health    Prints the store's health as JSON: round trip, schema version, leases held and expired.
          Applies no migration.

Options:
  --schema <name>             The store's schema. Default: alert_handler
  -h, --help                  Print this help

The database: DATABASE_URL (postgres://user:password@host:5432/database), else the standard PGHOST,
PGPORT, PGDATABASE, PGUSER and PGPASSWORD. The pg package must be installed (npm install pg).

Exit code: 0 migrated, or healthy; 1 the database cannot be used, or not healthy; 2 on a bad command
line.
`;

const OPTIONS = { schema: { type: 'string' }, help: { type: 'boolean', short: 'h' } } as const;

/**
 * Runs `db <migrate|health>`; resolves with the exit code.
 *
 * @throws {@link UsageError} on a bad command line
 */
export async function dbCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === '--help' || sub === '-h') {
    io.stdout.write(DB_USAGE);
    return EXIT.done;
  }
  if (sub !== 'migrate' && sub !== 'health') {
    throw new UsageError(sub === undefined ? 'db needs migrate or health' : `unknown db command ${sub}`);
  }
  const { values } = parseCommand(rest, OPTIONS, { min: 0, max: 0 });
  if (values.help === true) {
    io.stdout.write(DB_USAGE);
    return EXIT.done;
  }
  const connectionString = io.env.DATABASE_URL || undefined;
  if (sub === 'migrate') {
    const { applied, schemaVersion } = await migratePostgresStore({
      connectionString,
      schema: values.schema,
    });
    io.stdout.write(
      `Schema ${values.schema ?? 'alert_handler'} at version ${schemaVersion}; applied now: ${applied.join(', ') || 'none'}.\n`,
    );
    return EXIT.done;
  }
  const store = postgresStore({ connectionString, schema: values.schema, migrate: false });
  try {
    const health = await store.health();
    io.stdout.write(`${JSON.stringify(health, null, 2)}\n`);
    return health.ok ? EXIT.done : EXIT.failed;
  } finally {
    await store.close();
  }
}
