import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileJournal } from '../../../src/stores/file-store.js';
import { manualClock, storeDirectory } from '../../support/store-directory.js';

/** Lets the store's file operations and its lock polling run a while: the clock the store reads stays. */
async function letRun(turns: number): Promise<void> {
  for (let turn = 0; turn < turns; turn++) await new Promise((resolve) => setTimeout(resolve, 1));
}

describe("fileJournal appends and the stream's lock", () => {
  it('wait for a lock left by a process that died mid-append until it expires by the store clock', async () => {
    const directory = await storeDirectory();
    const clock = manualClock(1_000);
    // What a process killed while appending to `execution-1` leaves behind: its lock, until 11000.
    await mkdir(join(directory, 'locks', 'execution-1'), { recursive: true });
    await writeFile(
      join(directory, 'locks', 'execution-1', '7.lease'),
      '{"key":"execution-1","owner":"host:123:dead","token":7,"expiresAt":11000,"released":false}\n',
    );
    const store = fileJournal(directory, { now: clock.now, lockTtlMs: 10_000 });

    let seq: number | undefined;
    const append = store.append('execution-1', ['after the crash']).then((value) => {
      seq = value;
    });
    await letRun(20);
    expect(seq).toBeUndefined();
    // Other streams are not blocked.
    expect(await store.append('execution-2', ['free'])).toBe(1);

    clock.set(11_000);
    await append;

    expect(seq).toBe(1);
    expect(await readdir(join(directory, 'locks', 'execution-1'))).toEqual(['8.lease']);
    expect(await store.holder('execution-1')).toBeUndefined();
  });

  it('free the lock after each append, also after a refused one', async () => {
    const directory = await storeDirectory();
    const clock = manualClock(1_000);
    const store = fileJournal(directory, { now: clock.now });
    await store.append('execution-1', ['one']);
    await store.append('execution-1', [Number.NaN]).catch(() => undefined);

    // Another store (process) appends at once, with the clock unmoved.
    expect(await fileJournal(directory, { now: clock.now }).append('execution-1', ['two'])).toBe(2);
  });
});
