import { describe, expect, it } from 'vitest';
import { fileJournal } from '../../../src/stores/file-store.js';
import type { Lease, Store } from '../../../src/stores/store.js';
import { LeaseLostError } from '../../../src/stores/store-errors.js';
import { type ManualClock, manualClock, storeDirectory } from '../../support/store-directory.js';
import { failureOf } from '../../support/typed-failure.js';

/** A store on a manual clock at 1000, and a lease of `worker-a` on `execution-1` until 1500. */
async function leased(): Promise<{ store: Store; clock: ManualClock; lease: Lease }> {
  const clock = manualClock(1_000);
  const store = fileJournal(await storeDirectory(), { now: clock.now });
  const lease = await store.acquire('execution-1', 'worker-a', 500);
  if (lease === undefined) throw new Error('not acquired');
  return { store, clock, lease };
}

describe('fileJournal writes fenced by a lease', () => {
  it('are written while the lease holds its key', async () => {
    const { store, lease } = await leased();

    expect(await store.append('execution-1', ['intent'], { lease })).toBe(1);
    await store.putCheckpoint('execution-1', { batch: 1 }, { lease });

    expect(await store.read('execution-1')).toHaveLength(1);
    expect(await store.getCheckpoint('execution-1')).toEqual({ batch: 1 });
  });

  it('are refused after another owner took the key over, and write nothing', async () => {
    const { store, clock, lease } = await leased();
    await store.append('execution-1', ['before'], { lease });
    await store.putCheckpoint('position', 'before', { lease });
    clock.set(1_500);
    const current = await store.acquire('execution-1', 'worker-b', 500);

    const append = await failureOf(LeaseLostError, store.append('execution-1', ['late'], { lease }));
    const put = await failureOf(LeaseLostError, store.putCheckpoint('position', 'late', { lease }));

    for (const error of [append, put]) {
      expect(error).toMatchObject({
        name: 'LeaseLostError',
        code: 'LeaseLost',
        delivery: 'notSent',
        key: 'execution-1',
        token: 1,
        currentToken: 2,
      });
      expect(error.message).toContain('was taken over');
    }
    expect((await store.read('execution-1')).map((record) => record.data)).toEqual(['before']);
    expect(await store.getCheckpoint('position')).toBe('before');
    // The new holder writes.
    expect(await store.append('execution-1', ['after'], { lease: current })).toBe(2);
  });

  it('are refused once the lease expired, even before anyone took it, until it is renewed', async () => {
    const { store, clock, lease } = await leased();
    clock.set(1_500);

    const error = await failureOf(LeaseLostError, store.append('execution-1', ['late'], { lease }));
    expect(error.message).toContain('expired at 1500');
    expect(error.currentToken).toBe(1);

    const renewed = await store.renew(lease, 500);
    expect(await store.append('execution-1', ['renewed'], { lease: renewed })).toBe(1);
  });

  it('are refused after the lease was released', async () => {
    const { store, lease } = await leased();
    await store.release(lease);

    const error = await failureOf(LeaseLostError, store.putCheckpoint('position', 1, { lease }));

    expect(error.message).toContain('was released');
    expect(await store.getCheckpoint('position')).toBeUndefined();
  });

  it('are refused with a lease of an owner that never held the key', async () => {
    const { store, lease } = await leased();
    const forged: Lease = { ...lease, owner: 'worker-z' };

    await failureOf(LeaseLostError, store.append('execution-1', ['forged'], { lease: forged }));
    await failureOf(LeaseLostError, store.append('other', ['never'], { lease: { ...lease, key: 'other' } }));
    expect(await store.streams()).toEqual([]);
  });

  it('check the lease of one key, whatever stream they write to', async () => {
    const { store, clock, lease } = await leased();
    clock.set(2_000);
    await store.acquire('execution-1', 'worker-b', 500);

    await failureOf(LeaseLostError, store.append('audit-log', ['late'], { lease }));
    expect(await store.append('audit-log', ['unfenced'])).toBe(1);
  });
});
