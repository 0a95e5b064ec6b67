import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileJournal } from '../../../src/stores/file-store.js';
import type { Lease } from '../../../src/stores/store.js';
import { LeaseLostError } from '../../../src/stores/store-errors.js';
import { manualClock, storeDirectory } from '../../support/store-directory.js';
import { startStoreProcesses } from '../../support/store-processes.js';
import { failureOf } from '../../support/typed-failure.js';

describe('fileJournal after a process is killed', () => {
  it('lets another process take over the lease of a process killed while appending, once it expires', async () => {
    const directory = await storeDirectory();
    const [worker] = await startStoreProcesses(['file', directory], 1);
    if (worker === undefined) throw new Error('no worker');
    // The worker's clock stays at 1000: its lease lasts until 6000, each append lock until 11000.
    const lease = await worker.request<Lease>({
      op: 'call',
      method: 'acquire',
      args: ['execution-1', 'worker-killed', 5_000],
      now: 1_000,
    });
    await worker.request({ op: 'appendUntilKilled', stream: 'execution-1', lease, now: 1_000 });
    const clock = manualClock(1_000);
    const store = fileJournal(directory, { now: clock.now });
    while ((await store.read('execution-1')).length < 20)
      await new Promise((resolve) => setTimeout(resolve, 5));

    await worker.kill();

    expect(await store.acquire('execution-1', 'worker-next', 60_000)).toBeUndefined();
    clock.set(5_999);
    expect(await store.holder('execution-1')).toMatchObject({ owner: 'worker-killed', token: lease.token });
    clock.set(6_000);
    const next = await store.acquire('execution-1', 'worker-next', 60_000);
    expect(next).toMatchObject({ owner: 'worker-next', token: lease.token + 1 });
    // The killed process's lease writes nothing more, whoever holds it.
    await failureOf(LeaseLostError, store.append('execution-1', ['late'], { lease }));

    // Killed in the middle of an append, it may have left a torn line and its append lock (until 11000).
    const text = await readFile(join(directory, 'streams', 'execution-1.jsonl'), 'utf8');
    let appended = false;
    const append = store
      .append('execution-1', [{ takenOverBy: 'worker-next' }], { lease: next })
      .then((seq) => {
        appended = true;
        return seq;
      });
    for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setTimeout(resolve, 1));
    const waited = !appended;
    clock.set(11_000);
    const seq = await append;

    const records = await store.read('execution-1');
    expect(seq).toBeGreaterThanOrEqual(21);
    expect(records.map((record) => record.seq)).toEqual(Array.from({ length: seq }, (_, index) => index + 1));
    expect(records.slice(0, -1).map((record) => record.data)).toEqual(
      Array.from({ length: seq - 1 }, (_, n) => ({ n })),
    );
    expect(records.at(-1)?.data).toEqual({ takenOverBy: 'worker-next' });
    console.log(
      `killed holder: ${seq - 1} records before the kill (torn last line: ${!text.endsWith('\n')}, waited for its append lock: ${waited}), taken over with token ${next?.token}`,
    );
  }, 60_000);
});
