import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileJournal } from '../../../src/stores/file-store.js';
import { manualClock, storeDirectory } from '../../support/store-directory.js';

describe('fileJournal leases', () => {
  it('gives a free key to the first owner, for its duration, and to no one else meanwhile', async () => {
    const clock = manualClock(1_000);
    const store = fileJournal(await storeDirectory(), { now: clock.now });

    const lease = await store.acquire('execution-1', 'worker-a', 500);

    expect(lease).toEqual({ key: 'execution-1', owner: 'worker-a', token: 1, expiresAt: 1_500 });
    expect(await store.holder('execution-1')).toEqual(lease);
    expect(await store.acquire('execution-1', 'worker-b', 500)).toBeUndefined();
    // Not even the same owner through a second lease: a holder renews.
    expect(await store.acquire('execution-1', 'worker-a', 500)).toBeUndefined();
    clock.set(1_499);
    expect(await store.acquire('execution-1', 'worker-b', 500)).toBeUndefined();
  });

  it('lets another owner take an expired lease, with a greater token', async () => {
    const clock = manualClock(1_000);
    const store = fileJournal(await storeDirectory(), { now: clock.now });
    await store.acquire('execution-1', 'worker-a', 500);

    clock.set(1_500);
    expect(await store.holder('execution-1')).toBeUndefined();
    const taken = await store.acquire('execution-1', 'worker-b', 500);

    expect(taken).toEqual({ key: 'execution-1', owner: 'worker-b', token: 2, expiresAt: 2_000 });
    expect(await store.holder('execution-1')).toEqual(taken);
  });

  it('renews a held lease with the same token, and moves its expiry', async () => {
    const clock = manualClock(1_000);
    const store = fileJournal(await storeDirectory(), { now: clock.now });
    const lease = await store.acquire('execution-1', 'worker-a', 500);
    if (lease === undefined) throw new Error('not acquired');

    clock.set(1_400);
    const renewed = await store.renew(lease, 1_000);

    expect(renewed).toEqual({ ...lease, expiresAt: 2_400 });
    clock.set(2_000);
    expect(await store.acquire('execution-1', 'worker-b', 500)).toBeUndefined();
    expect(await store.holder('execution-1')).toEqual(renewed);
  });

  it('renews an expired lease that no one took, and not one that was taken over or released', async () => {
    const clock = manualClock(1_000);
    const store = fileJournal(await storeDirectory(), { now: clock.now });
    const first = await store.acquire('execution-1', 'worker-a', 500);
    if (first === undefined) throw new Error('not acquired');

    clock.set(1_600);
    expect(await store.renew(first, 500)).toEqual({ ...first, expiresAt: 2_100 });

    clock.set(2_100);
    const second = await store.acquire('execution-1', 'worker-b', 500);
    expect(second?.token).toBe(2);
    expect(await store.renew(first, 500)).toBeUndefined();
    expect(await store.holder('execution-1')).toEqual(second);

    if (second === undefined) throw new Error('not acquired');
    await store.release(second);
    expect(await store.renew(second, 500)).toBeUndefined();
  });

  it('frees a released key at once, and its next holder still gets a greater token', async () => {
    const clock = manualClock(1_000);
    const store = fileJournal(await storeDirectory(), { now: clock.now });
    const lease = await store.acquire('execution-1', 'worker-a', 60_000);
    if (lease === undefined) throw new Error('not acquired');

    await store.release(lease);

    expect(await store.holder('execution-1')).toBeUndefined();
    expect(await store.acquire('execution-1', 'worker-b', 500)).toMatchObject({
      owner: 'worker-b',
      token: 2,
    });
  });

  it('does nothing when a lost lease is released: the new holder keeps the key', async () => {
    const clock = manualClock(1_000);
    const store = fileJournal(await storeDirectory(), { now: clock.now });
    const old = await store.acquire('execution-1', 'worker-a', 500);
    if (old === undefined) throw new Error('not acquired');
    clock.set(2_000);
    const current = await store.acquire('execution-1', 'worker-b', 500);

    await store.release(old);

    expect(await store.holder('execution-1')).toEqual(current);
  });

  it('hands out strictly increasing tokens over expiries and releases', async () => {
    const clock = manualClock(0);
    const store = fileJournal(await storeDirectory(), { now: clock.now });
    const tokens: number[] = [];

    for (let round = 0; round < 20; round++) {
      clock.set(round * 1_000);
      const lease = await store.acquire('alert-7009607', `worker-${round % 3}`, 100);
      if (lease === undefined) throw new Error(`round ${round}: not acquired`);
      tokens.push(lease.token);
      if (round % 2 === 0) await store.release(lease);
    }

    expect(tokens).toEqual(Array.from({ length: 20 }, (_, round) => round + 1));
  });

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

  it('gives an expired key to exactly one of several stores racing for it', async () => {
    const directory = await storeDirectory();
    const clock = manualClock(0);
    const stores = Array.from({ length: 6 }, () => fileJournal(directory, { now: clock.now }));

    for (let round = 1; round <= 10; round++) {
      clock.set(round * 1_000);
      const leases = await Promise.all(
        stores.map((store, index) => store.acquire('execution-1', `worker-${index}`, 500)),
      );
      const won = leases.filter((lease) => lease !== undefined);
      expect(won.map((lease) => lease.token)).toEqual([round]);
    }
  });

  it('keeps the leases of different keys apart', async () => {
    const store = fileJournal(await storeDirectory(), { now: () => 0 });

    const a = await store.acquire('alert-1', 'worker-a', 100);
    const b = await store.acquire('alert-2', 'worker-b', 100);

    expect([a?.token, b?.token]).toEqual([1, 1]);
    expect(await store.holder('alert-3')).toBeUndefined();
  });
});
