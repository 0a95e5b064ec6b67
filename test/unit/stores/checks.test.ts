import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/errors.js';
import { fileJournal } from '../../../src/stores/file-store.js';
import type { JsonValue, Lease } from '../../../src/stores/store.js';
import { caught } from '../../support/caught.js';
import { storeDirectory } from '../../support/store-directory.js';
import { failureOf } from '../../support/typed-failure.js';

const BAD_NAMES: unknown[] = [
  '',
  'Execution-1',
  '../escape',
  'a/b',
  'a\\b',
  '.hidden',
  '-dash',
  'with space',
  'colon:name',
  'é',
  'a'.repeat(129),
  42,
  undefined,
];

describe('fileJournal arguments', () => {
  it('accepts names of a-z, 0-9, dot, underscore and dash up to 128 characters', async () => {
    const store = fileJournal(await storeDirectory());
    for (const name of ['a', '7009607', 'execution-2024_01.x', 'z'.repeat(128)]) {
      expect(await store.append(name, [1])).toBe(1);
      expect(await store.acquire(name, 'worker', 100)).toMatchObject({ key: name });
      await store.putCheckpoint(name, 1);
    }
  });

  it('refuses every other stream name and key, before touching the disk', async () => {
    const store = fileJournal(await storeDirectory());
    const calls = (name: string): [string, Promise<unknown>][] => [
      ['append: stream', store.append(name, [1])],
      ['read: stream', store.read(name)],
      ['acquire: key', store.acquire(name, 'worker', 100)],
      ['holder: key', store.holder(name)],
      ['getCheckpoint: key', store.getCheckpoint(name)],
      ['putCheckpoint: key', store.putCheckpoint(name, 1)],
    ];
    for (const name of BAD_NAMES) {
      for (const [field, call] of calls(name as string)) {
        const error = await failureOf(ValidationError, call);
        expect(error).toMatchObject({ field, code: 'ValidationError', delivery: 'notSent' });
        expect(error.message).toContain('a-z, 0-9');
      }
    }
    expect(await store.streams()).toEqual([]);
  });

  it('refuses a prefix that no name can start with', async () => {
    const store = fileJournal(await storeDirectory());

    expect(await store.streams('')).toEqual([]);
    await failureOf(ValidationError, store.streams('Upper'));
    await failureOf(ValidationError, store.streams('a/'));
  });

  it('refuses records and checkpoints that are not JSON, naming where', async () => {
    const store = fileJournal(await storeDirectory());
    const sparse: unknown[] = [1];
    sparse[2] = 3;
    const cases: [unknown, string][] = [
      [undefined, 'append: records[0] must be JSON'],
      [Number.NaN, 'must be a finite number'],
      [{ at: new Date(0) }, 'at `at` must be a plain object or an array, got Date'],
      [{ list: [1, () => 1] }, 'at `list[1]` must be JSON'],
      [{ big: 1n }, 'at `big` must be JSON (null, boolean, number, string, array or object), got 1n'],
      [sparse, 'at `[1]` must be JSON (null, boolean, number, string, array or object), got undefined'],
    ];
    for (const [record, message] of cases) {
      const error = await failureOf(ValidationError, store.append('values', [record as JsonValue]));
      expect(error.message).toContain(message);
    }
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    const error = await failureOf(ValidationError, store.putCheckpoint('value', loop as JsonValue));
    expect(error.message).toBe('putCheckpoint: value at `self` refers to itself. Nothing was written.');
    await failureOf(ValidationError, store.append('values', 'not an array' as unknown as JsonValue[]));
    expect(await store.streams()).toEqual([]);
  });

  it('refuses bad owners, durations and leases', async () => {
    const store = fileJournal(await storeDirectory());
    const lease = await store.acquire('key', 'worker', 100);
    if (lease === undefined) throw new Error('not acquired');

    for (const owner of ['', 'x'.repeat(257), 7]) {
      await failureOf(ValidationError, store.acquire('key', owner as string, 100));
    }
    for (const ttlMs of [0, -1, 1.5, Number.POSITIVE_INFINITY, '100']) {
      await failureOf(ValidationError, store.acquire('key', 'worker', ttlMs as number));
      await failureOf(ValidationError, store.renew(lease, ttlMs as number));
    }
    const forged: unknown[] = [
      null,
      {},
      { ...lease, token: 0 },
      { ...lease, key: '../x' },
      { ...lease, owner: '' },
    ];
    for (const bad of forged) {
      await failureOf(ValidationError, store.renew(bad as Lease, 100));
      await failureOf(ValidationError, store.release(bad as Lease));
      await failureOf(ValidationError, store.append('stream', [1], { lease: bad as Lease }));
    }
    await failureOf(ValidationError, store.release(undefined as unknown as Lease));
    expect(await store.streams()).toEqual([]);
  });

  it('refuses an empty directory and unknown or bad options', () => {
    expect(caught(() => fileJournal(''))).toBeInstanceOf(ValidationError);
    const unknown = caught(() => fileJournal('journal', { ttl: 1 } as never));
    expect(unknown).toMatchObject({ field: 'ttl' });
    expect(caught(() => fileJournal('journal', { lockTtlMs: 0 }))).toMatchObject({ field: 'lockTtlMs' });
    expect(caught(() => fileJournal('journal', { now: 5 as never }))).toMatchObject({ field: 'now' });
  });
});
