import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileJournal } from '../../../src/stores/file-store.js';
import { StoreCorruptError } from '../../../src/stores/store-errors.js';
import { storeDirectory } from '../../support/store-directory.js';
import { failureOf } from '../../support/typed-failure.js';

describe('fileJournal checkpoint files', () => {
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
