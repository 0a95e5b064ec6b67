/**
 * Applies the PostgreSQL store's migrations in a process of its own and prints what it applied as JSON:
 * tests start several at once. Arguments: the database URL and the schema.
 */
import { migratePostgresStore } from '../../src/stores/postgres-store.js';

const [connectionString, schema] = process.argv.slice(2);
const result = await migratePostgresStore({ connectionString, schema });
process.stdout.write(`${JSON.stringify(result)}\n`);
