/**
 * The PostgreSQL store against a real server (TEST_DATABASE_URL; see test/support/postgres.ts): the
 * store contract the file store passes, across processes too, and what only a database store has:
 * migrations, the database's clock, the health check, connections and redaction.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.js';
import { migratePostgresStore, postgresStore } from '../../../src/stores/postgres-store.js';
import type { Lease } from '../../../src/stores/store.js';
import { LeaseLostError, StoreUnavailableError } from '../../../src/stores/store-errors.js';
import { databaseUrl, skipPostgres, sql, testSchema } from '../../support/postgres.js';
import { storeContract, storeProcessContract } from '../../support/store-contract.js';
import { postgresStoreKind } from '../../support/store-kinds.js';
import { failureOf } from '../../support/typed-failure.js';

const MIGRATE_PROCESS = fileURLToPath(new URL('../../support/migrate-process.ts', import.meta.url));

/** The tables of `schema`, sorted. */
async function tables(schema: string): Promise<string[]> {
  const { rows } = await sql(
    'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name',
    [schema],
  );
  return rows.map((row) => String(row.table_name));
}

describe.skipIf(skipPostgres())('postgresStore on a PostgreSQL server', () => {
  storeContract(postgresStoreKind);
  storeProcessContract(postgresStoreKind);

  describe('migrations', () => {
    it('apply to an empty database, creating the schema, and re-apply harmlessly', async () => {
      const connectionString = databaseUrl();
      const schema = testSchema();

      expect(await migratePostgresStore({ connectionString, schema })).toEqual({
        applied: [1],
        schemaVersion: 1,
      });
      expect(await tables(schema)).toEqual([
        'checkpoints',
        'leases',
        'records',
        'schema_migrations',
        'streams',
      ]);
      const store = postgresStore({ connectionString, schema });
      await store.append('execution-1', ['kept']);
      await store.close();

      expect(await migratePostgresStore({ connectionString, schema })).toEqual({
        applied: [],
        schemaVersion: 1,
      });
      const reopened = postgresStore({ connectionString, schema });
      expect((await reopened.read('execution-1')).map((record) => record.data)).toEqual(['kept']);
      await reopened.close();
      const { rows } = await sql(`SELECT version, name FROM "${schema}".schema_migrations`);
      expect(rows).toEqual([{ version: 1, name: 'streams, records, leases and checkpoints' }]);
    });

    it('apply once when two processes migrate an empty schema at the same time', async () => {
      const connectionString = databaseUrl();
      const schema = testSchema();
      const run = promisify(execFile);

      const outputs = await Promise.all(
        [1, 2].map(() =>
          run(process.execPath, ['--import', 'tsx', MIGRATE_PROCESS, connectionString, schema], {
            timeout: 60_000,
          }),
        ),
      );

      const results = outputs.map(({ stdout }) => JSON.parse(stdout) as { applied: number[] });
      expect(results.map((result) => result.applied).sort()).toEqual([[], [1]]);
      expect((await sql(`SELECT count(*)::int AS count FROM "${schema}".schema_migrations`)).rows).toEqual([
        { count: 1 },
      ]);
    }, 60_000);

    it('apply on first use by default, and not with migrate: false', async () => {
      const connectionString = databaseUrl();
      const unmigrated = testSchema();
      const store = postgresStore({ connectionString, schema: unmigrated, migrate: false });

      const error = await failureOf(StoreUnavailableError, store.read('execution-1'));
      expect(error.message).toContain('does not exist');
      expect(await store.health()).toMatchObject({ ok: false, schemaVersion: undefined });
      await store.close();

      const schema = testSchema();
      const migrating = postgresStore({ connectionString, schema });
      expect(await migrating.read('execution-1')).toEqual([]);
      expect(await tables(schema)).toContain('records');
      await migrating.close();
    });
  });

  describe('leases by the database clock', () => {
    it("expire by the database's clock, not the caller's", async () => {
      const store = postgresStore({ connectionString: databaseUrl(), schema: testSchema() });
      const read = async () =>
        Number((await sql('SELECT floor(extract(epoch FROM clock_timestamp()) * 1000) AS ms')).rows[0]?.ms);

      const before = await read();
      const lease = await store.acquire('execution-1', 'worker-a', 60_000);
      const after = await read();

      expect(lease?.expiresAt).toBeGreaterThanOrEqual(before + 60_000);
      expect(lease?.expiresAt).toBeLessThanOrEqual(after + 60_000);
      await store.close();
    });

    it("refuse a fenced worker's late write: a paused process whose lease expired and was taken over writes nothing", async () => {
      const { store, clock, processes } = await postgresStoreKind.open(1_000);
      const [paused] = await processes(1);
      if (paused === undefined) throw new Error('no process');
      const lease = await paused.request<Lease>({
        op: 'call',
        method: 'acquire',
        args: ['alert-7009607', 'worker-paused', 30_000],
        now: 1_000,
      });
      await paused.request({
        op: 'call',
        method: 'append',
        args: ['execution-1', ['intent'], { lease }],
        now: 1_000,
      });

      // The process stops renewing (a long GC pause, a frozen VM); its lease expires and is taken over.
      await clock.set(31_000);
      const next = await store.acquire('alert-7009607', 'worker-next', 30_000);
      expect(next?.token).toBe(lease.token + 1);
      const late = paused.request({
        op: 'call',
        method: 'append',
        args: ['execution-1', ['late outcome'], { lease }],
        now: 31_000,
      });
      const checkpoint = paused.request({
        op: 'call',
        method: 'putCheckpoint',
        args: ['alert-7009607', { outcome: 'late' }, { lease }],
        now: 31_000,
      });

      // Both settle before either is looked at: a refusal is never left unhandled while the other is awaited.
      for (const refused of await Promise.allSettled([late, checkpoint])) {
        expect(refused.status === 'rejected' && refused.reason).toMatchObject({
          name: 'LeaseLostError',
          code: 'LeaseLost',
        });
      }
      expect((await store.read('execution-1')).map((record) => record.data)).toEqual(['intent']);
      expect(await store.getCheckpoint('alert-7009607')).toBeUndefined();
      await store.append('execution-1', ['outcome'], { lease: next });
      expect((await store.read('execution-1')).map((record) => record.data)).toEqual(['intent', 'outcome']);
    }, 60_000);

    it('make a takeover wait for a fenced write in flight: the write commits before the new token exists', async () => {
      const { store, clock, another } = await postgresStoreKind.open(1_000);
      const schema = (store as ReturnType<typeof postgresStore>).schema;
      const lease = await store.acquire('execution-1', 'worker-a', 500);
      if (lease === undefined) throw new Error('not acquired');
      // Holds the lease's row as a fenced write does, until this transaction ends.
      const client = new pg.Client({ connectionString: databaseUrl() });
      await client.connect();
      await client.query('BEGIN');
      await client.query(`SELECT 1 FROM "${schema}".leases WHERE key = 'execution-1' FOR SHARE`);
      await clock.set(2_000);
      let taken: Lease | undefined;
      const takeover = another()
        .acquire('execution-1', 'worker-b', 500)
        .then((value) => {
          taken = value;
        });
      await new Promise((resolve) => setTimeout(resolve, 100));
      const waited = taken === undefined;
      await client.query('COMMIT');
      await client.end();
      await takeover;

      expect(waited).toBe(true);
      expect(taken?.token).toBe(2);
      await failureOf(LeaseLostError, store.append('execution-1', ['late'], { lease }));
    });
  });

  describe('the db command', () => {
    it('migrates the schema of DATABASE_URL, and prints its health', async () => {
      const schema = testSchema();
      const out: string[] = [];
      const io = {
        stdout: { write: (text: string) => out.push(text) },
        stderr: { write: (text: string) => out.push(text) },
        env: { DATABASE_URL: databaseUrl() },
        signal: new AbortController().signal,
      };

      expect(await main(['db', 'health', '--schema', schema], io)).toBe(1);
      expect(await main(['db', 'migrate', '--schema', schema], io)).toBe(0);
      expect(await main(['db', 'migrate', '--schema', schema], io)).toBe(0);
      expect(await main(['db', 'health', '--schema', schema], io)).toBe(0);

      expect(out[1]).toBe(`Schema ${schema} at version 1; applied now: 1.\n`);
      expect(out[2]).toBe(`Schema ${schema} at version 1; applied now: none.\n`);
      expect(JSON.parse(out[3] ?? '')).toMatchObject({ ok: true, schemaVersion: 1, leasesHeld: 0 });
      expect(await main(['db', 'vacuum'], io)).toBe(2);
    });
  });

  describe('health', () => {
    it('reports the round trip, the schema version and the lease figures, through the logger too', async () => {
      const lines: string[] = [];
      const logger = { info: (line: string) => lines.push(line), warn: (line: string) => lines.push(line) };
      const schema = testSchema();
      const store = postgresStore({ connectionString: databaseUrl(), schema, logger });
      await store.acquire('held', 'worker-a', 60_000);
      await store.acquire('expiring', 'worker-a', 60_000);
      await sql(`UPDATE "${schema}".leases SET expires_at_ms = 0 WHERE key = 'expiring'`);

      const health = await store.health();

      expect(health).toMatchObject({
        ok: true,
        schemaVersion: 1,
        expectedSchemaVersion: 1,
        leasesHeld: 1,
        leasesExpired: 1,
        error: undefined,
      });
      expect(health.latencyMs).toBeGreaterThanOrEqual(0);
      expect(lines[0]).toBe(
        `PostgreSQL store ready: schema ${schema} at version 1, migrations 1 applied now.`,
      );
      expect(lines[1]).toMatch(
        /^PostgreSQL store: 1 leases held, 1 expired unreleased; schema test_\w+ version 1; round trip [\d.]+ ms\.$/,
      );
      console.log(`health: ${JSON.stringify(health)}`);
      await store.close();
    });
  });

  describe('connections', () => {
    it('read DATABASE_URL by default, and use a pool given, which close leaves open', async () => {
      const schema = testSchema();
      const saved = process.env.DATABASE_URL;
      process.env.DATABASE_URL = databaseUrl();
      try {
        const store = postgresStore({ schema });
        await store.append('execution-1', ['by DATABASE_URL']);
        await store.close();
      } finally {
        if (saved === undefined) delete process.env.DATABASE_URL;
        else process.env.DATABASE_URL = saved;
      }
      const pool = new pg.Pool({ connectionString: databaseUrl(), max: 2 });
      const store = postgresStore({ pool, schema });
      expect((await store.read('execution-1')).map((record) => record.data)).toEqual(['by DATABASE_URL']);
      await store.close();
      expect((await pool.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      await pool.end();
      await failureOf(StoreUnavailableError, store.read('execution-1'));
    });

    it('never put the password in errors, their causes, health reports or log lines', async () => {
      const password = 'Pw-n0t-in-logs-7f3a';
      const url = new URL(databaseUrl());
      url.password = password;
      const lines: string[] = [];
      const logger = { info: (line: string) => lines.push(line), warn: (line: string) => lines.push(line) };
      const wrongPassword = postgresStore({ connectionString: url.toString(), schema: testSchema(), logger });
      url.port = '1';
      const noServer = postgresStore({ connectionString: url.toString(), logger });

      const seen: string[] = [...lines];
      for (const store of [wrongPassword, noServer]) {
        const error = await failureOf(StoreUnavailableError, store.append('execution-1', ['x']));
        seen.push(
          error.message,
          String(error.stack),
          JSON.stringify(error),
          String((error.cause as Error).message),
        );
        seen.push(String((error.cause as Error).stack), JSON.stringify(await store.health()));
        await store.close();
      }
      seen.push(...lines);

      expect(seen.join('\n')).not.toContain(password);
      expect(seen.join('\n')).not.toContain(encodeURIComponent(password));
      console.log(`redacted: ${seen[0]}`);
    });
  });
});
