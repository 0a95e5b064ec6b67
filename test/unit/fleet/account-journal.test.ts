/**
 * A journal shared by a fleet: each account's executions live in its own part, so the same alert ID in
 * two accounts never meets (their leases and markers differ) and each account lists its own streams.
 */
import { describe, expect, it } from 'vitest';
import { accountJournal } from '../../../src/fleet/account-journal.js';
import { fileJournal } from '../../../src/index.js';
import { storeDirectory } from '../../support/store-directory.js';

describe('accountJournal', () => {
  it('keeps two accounts apart in one store', async () => {
    const store = fileJournal(await storeDirectory());
    const a = accountJournal(store, '1000000000000001');
    const b = accountJournal(store, '1000000000000002');
    const leaseA = await a.acquire('alert-7009607', 'exec-a', 30_000);
    const leaseB = await b.acquire('alert-7009607', 'exec-b', 30_000);
    expect(leaseA?.key).toBe('alert-7009607');
    expect(leaseB?.owner).toBe('exec-b');
    expect((await a.holder('alert-7009607'))?.owner).toBe('exec-a');
    await a.putCheckpoint('alert-7009607', { executionId: 'exec-a' }, { lease: leaseA });
    expect(await b.getCheckpoint('alert-7009607')).toBeUndefined();
    const renewed = await a.renew(leaseA as NonNullable<typeof leaseA>, 30_000);
    expect(renewed?.key).toBe('alert-7009607');
    await a.release(renewed as NonNullable<typeof renewed>);
    expect(await a.holder('alert-7009607')).toBeUndefined();
    expect((await b.holder('alert-7009607'))?.owner).toBe('exec-b');

    await a.append('exec-20260601-101010-00000001', [{ type: 'plan' }]);
    await b.append('exec-20260601-101010-00000002', [{ type: 'plan' }]);
    expect(await a.streams('exec-')).toEqual(['exec-20260601-101010-00000001']);
    expect(await b.streams()).toEqual(['exec-20260601-101010-00000002']);
    expect((await a.read('exec-20260601-101010-00000001')).map((record) => record.data)).toEqual([
      { type: 'plan' },
    ]);
    expect(await store.streams()).toEqual([
      'a1000000000000001.exec-20260601-101010-00000001',
      'a1000000000000002.exec-20260601-101010-00000002',
    ]);
  });
});
