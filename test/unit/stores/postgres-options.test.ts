/** The PostgreSQL store without a database: its options, a missing `pg`, and password redaction. */
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/errors.js';
import { passwordOf, passwordRedactor, unavailable } from '../../../src/stores/postgres-driver.js';
import { createPostgresStore, migrateWith, postgresStore } from '../../../src/stores/postgres-store.js';
import { StoreUnavailableError } from '../../../src/stores/store-errors.js';
import { caught } from '../../support/caught.js';
import { failureOf } from '../../support/typed-failure.js';

const missingPg = async () => {
  throw Object.assign(new Error("Cannot find package 'pg'"), { code: 'ERR_MODULE_NOT_FOUND' });
};

describe('postgresStore without a database', () => {
  it('loads nothing and connects nowhere until first used', () => {
    const store = postgresStore({ connectionString: 'postgres://alerts@127.0.0.1:1/none' });
    expect(store.schema).toBe('alert_handler');
  });

  it('refuses bad options, naming the field', () => {
    const pool = { query: async () => ({ rows: [] }), connect: async () => ({}) } as never;
    const cases: [unknown, string][] = [
      [{ schema: 'Alert-Handler' }, 'schema'],
      [{ schema: '1st' }, 'schema'],
      [{ schema: 'a'.repeat(64) }, 'schema'],
      [{ connectionString: 5 }, 'connectionString'],
      [{ pool: {} }, 'pool'],
      [{ pool, connectionString: 'postgres://db/alerts' }, 'pool'],
      [{ migrate: 'yes' }, 'migrate'],
      [{ maxConnections: 0 }, 'maxConnections'],
      [{ logger: {} }, 'logger'],
      [{ ttl: 1 }, 'ttl'],
    ];
    for (const [options, field] of cases) {
      const error = caught(() => postgresStore(options as never));
      expect(error, JSON.stringify(options)).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({ field });
    }
  });

  it('fails with a typed error saying how to install pg when it is missing', async () => {
    const store = createPostgresStore({ connectionString: 'postgres://alerts@127.0.0.1/alerts' }, missingPg);

    const error = await failureOf(StoreUnavailableError, store.read('execution-1'));

    expect(error).toMatchObject({ code: 'StoreDriverMissing', delivery: 'notSent' });
    expect(error.message).toContain('npm install pg');
    expect(await store.health()).toMatchObject({ ok: false, error: error.message });
    await failureOf(StoreUnavailableError, migrateWith({}, missingPg));
    await store.close();
    expect(await failureOf(StoreUnavailableError, store.read('execution-1'))).toMatchObject({
      code: 'StoreClosed',
    });
  });

  it('removes passwords of connection strings and the known ones from any text', () => {
    const redact = passwordRedactor(['s3cret-pass', 'abc']);

    expect(redact('postgres://alerts:s3cret-pass@db:5432/alerts')).toBe(
      'postgres://alerts:***@db:5432/alerts',
    );
    expect(redact('postgresql://u:other%40pw@db/x and host=db password=hunter22 user=u')).toBe(
      'postgresql://u:***@db/x and host=db password=*** user=u',
    );
    expect(redact("password='with space' s3cret-pass s3cret%2Dpass")).toBe('password=*** *** s3cret%2Dpass');
    // Too short to be told apart from ordinary words: left, as the URL form is redacted anyway.
    expect(redact('abc')).toBe('abc');
  });

  it('reads the password of both forms of connection string', () => {
    expect(passwordOf('postgres://alerts:p%40ss@db/alerts')).toBe('p@ss');
    expect(passwordOf('postgres://alerts@db/alerts?password=q')).toBe('q');
    expect(passwordOf("host=db password='a b' user=u")).toBe('a b');
    expect(passwordOf('postgres://db/alerts')).toBeUndefined();
    expect(passwordOf(undefined)).toBeUndefined();
  });

  it('turns driver failures into redacted StoreUnavailableErrors, retryable when transient', () => {
    const redact = passwordRedactor(['s3cret-pass']);
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432 (s3cret-pass)'), {
      code: 'ECONNREFUSED',
      password: 's3cret-pass',
    });

    const error = unavailable(refused, 'append to execution-1', redact) as StoreUnavailableError;

    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(error).toMatchObject({ code: 'StoreUnavailable', retryable: true, delivery: 'notSent' });
    expect(error.message).toBe(
      'The PostgreSQL store could not append to execution-1: connect ECONNREFUSED 127.0.0.1:5432 (***) (ECONNREFUSED).',
    );
    expect(JSON.stringify({ ...(error.cause as object) })).not.toContain('s3cret');
    const syntax = unavailable(Object.assign(new Error('syntax error'), { code: '42601' }), 'read', redact);
    expect(syntax).toMatchObject({ retryable: false, delivery: 'unknown' });
  });
});
