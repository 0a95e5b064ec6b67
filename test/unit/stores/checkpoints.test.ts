import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileJournal } from '../../../src/stores/file-store.js';
import { StoreCorruptError } from '../../../src/stores/store-errors.js';
import { storeDirectory } from '../../support/store-directory.js';
import { failureOf } from '../../support/typed-failure.js';

describe('fileJournal checkpoints', () => {
  it('reads back what was put, and undefined for a key never put', async () => {
    const store = fileJournal(await storeDirectory());
    const position = { lastAlertId: '7009607', page: 4, seen: ['a', 'b'], done: false, note: null };

    await store.putCheckpoint('feed-cn-shanghai', position);

    expect(await store.getCheckpoint('feed-cn-shanghai')).toEqual(position);
    expect(await store.getCheckpoint('feed-cn-hangzhou')).toBeUndefined();
  });

  it('replaces the previous value as a whole, also from another store on the folder', async () => {
    const directory = await storeDirectory();
    await fileJournal(directory).putCheckpoint('feed', { page: 1, extra: true });

    await fileJournal(directory).putCheckpoint('feed', { page: 2 });

    expect(await fileJournal(directory).getCheckpoint('feed')).toEqual({ page: 2 });
  });

  it('keeps null, numbers and strings as values', async () => {
    const store = fileJournal(await storeDirectory());
    for (const value of [null, 0, 'text', [1, 2]]) {
      await store.putCheckpoint('value', value);
      expect(await store.getCheckpoint('value')).toEqual(value);
    }
  });

  it('is one JSON file per key, and nothing is left in tmp/', async () => {
    const directory = await storeDirectory();
    await fileJournal(directory).putCheckpoint('feed', { page: 3 });

    expect(await readFile(join(directory, 'checkpoints', 'feed.json'), 'utf8')).toBe('{"page":3}\n');
    expect(await readdir(join(directory, 'tmp'))).toEqual([]);
  });

  it('refuses to read a checkpoint file that is not JSON', async () => {
    const directory = await storeDirectory();
    const store = fileJournal(directory);
    await store.putCheckpoint('feed', 1);
    await writeFile(join(directory, 'checkpoints', 'feed.json'), '{"page":');

    const error = await failureOf(StoreCorruptError, store.getCheckpoint('feed'));

    expect(error).toMatchObject({ file: join('checkpoints', 'feed.json'), line: undefined });
  });
});
