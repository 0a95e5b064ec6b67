import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileJournal } from '../../../src/stores/file-store.js';
import { manualClock, storeDirectory } from '../../support/store-directory.js';

describe('fileJournal lease files', () => {
  it('keeps one file per key, the latest token: owner, expiry and whether it was released', async () => {
    const directory = await storeDirectory();
    const clock = manualClock(1_000);
    const store = fileJournal(directory, { now: clock.now });
    await store.acquire('execution-1', 'worker-a', 500);
    clock.set(2_000);
    const lease = await store.acquire('execution-1', 'worker-b', 500);
    if (lease === undefined) throw new Error('not acquired');
    await store.release(lease);

    const folder = join(directory, 'leases', 'execution-1');
    expect(await readdir(folder)).toEqual(['2.lease']);
    expect(JSON.parse(await readFile(join(folder, '2.lease'), 'utf8'))).toEqual({
      key: 'execution-1',
      owner: 'worker-b',
      token: 2,
      expiresAt: 2_500,
      released: true,
    });
    expect(await readdir(join(directory, 'tmp'))).toEqual([]);
  });
});
