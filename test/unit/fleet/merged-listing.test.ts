/**
 * The fleet-wide listing is one stream: every account's items come, interleaved; an account that fails
 * ends only its own lane and the stream throws a FleetListingError with every account's outcome at the
 * end; leaving the loop early stops the lanes; an abort throws an AbortError.
 */
import { describe, expect, it } from 'vitest';
import { mergedListing } from '../../../src/fleet/merged-listing.js';
import type { RunnableAccount } from '../../../src/fleet/run-accounts.js';
import { AbortError, FleetListingError, NoPermissionError } from '../../../src/index.js';

const account = (accountId: string, ready: () => Promise<void> = async () => {}): RunnableAccount => ({
  accountId,
  ready,
});

/** `count` items of an account, one per turn of the event loop; throws `error` after `failAfter` items. */
async function* items(accountId: string, count: number, failAfter?: number, error?: Error) {
  for (let index = 0; index < count; index++) {
    if (index === failAfter) throw error;
    await new Promise((resolve) => setImmediate(resolve));
    yield `${accountId}:${index}`;
  }
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<{ items: T[]; error?: unknown }> {
  const got: T[] = [];
  try {
    for await (const item of iterable) got.push(item);
    return { items: got };
  } catch (error) {
    return { items: got, error };
  }
}

describe('mergedListing', () => {
  it('yields every account’s items, interleaved, each account’s in its order', async () => {
    const { items: got, error } = await collect(
      mergedListing([account('1'), account('2'), account('3')], 3, undefined, (each) =>
        items(each.accountId, 4),
      ),
    );
    expect(error).toBeUndefined();
    expect(got).toHaveLength(12);
    for (const id of ['1', '2', '3']) {
      expect(got.filter((item) => item.startsWith(`${id}:`))).toEqual([0, 1, 2, 3].map((n) => `${id}:${n}`));
    }
    // Interleaved: the first account's items do not all come first.
    expect(got.slice(0, 4).every((item) => item.startsWith('1:'))).toBe(false);
  });

  it('lists the other accounts fully when one fails, then throws every outcome', async () => {
    const refused = new NoPermissionError('denied', {
      code: 'NoPermission',
      statusCode: 403,
      action: 'DescribeSuspEvents',
    });
    const { items: got, error } = await collect(
      mergedListing(
        [account('1'), account('2', () => Promise.reject(refused)), account('3')],
        2,
        undefined,
        (each) => (each.accountId === '3' ? items('3', 5, 2, refused) : items(each.accountId, 5)),
      ),
    );
    expect(got.filter((item) => item.startsWith('1:'))).toHaveLength(5);
    expect(got.filter((item) => item.startsWith('3:'))).toHaveLength(2);
    expect(error).toBeInstanceOf(FleetListingError);
    const outcomes = (error as FleetListingError).outcomes;
    expect(outcomes.map((outcome) => (outcome.ok ? outcome.value : outcome.phase))).toEqual([
      5,
      'credentials',
      'call',
    ]);
    expect((error as FleetListingError).failed.map((outcome) => outcome.accountId)).toEqual(['2', '3']);
  });

  it('stops every lane when the loop is left early', async () => {
    let pulled = 0;
    async function* endless(id: string) {
      for (let n = 0; ; n++) {
        pulled++;
        await new Promise((resolve) => setImmediate(resolve));
        yield `${id}:${n}`;
      }
    }
    let taken = 0;
    for await (const _ of mergedListing([account('1'), account('2')], 2, undefined, (each) =>
      endless(each.accountId),
    )) {
      if (++taken === 10) break;
    }
    const after = pulled;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(pulled).toBe(after);
  });

  it('holds at most a bounded number of items for a slow reader', async () => {
    let produced = 0;
    async function* many() {
      for (let n = 0; n < 5000; n++) {
        produced++;
        yield n;
      }
    }
    const stream = mergedListing([account('1')], 1, undefined, () => many());
    await stream.next();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(produced).toBeLessThan(300);
    await stream.return(undefined);
  });

  it('throws an AbortError when the signal aborts', async () => {
    const controller = new AbortController();
    const stream = mergedListing([account('1')], 1, controller.signal, async function* (_, signal) {
      yield 1;
      await new Promise((resolve) => signal.addEventListener('abort', resolve));
      throw new AbortError('aborted', { code: 'Aborted' });
    });
    expect((await stream.next()).value).toBe(1);
    controller.abort();
    await expect(stream.next()).rejects.toBeInstanceOf(AbortError);
  });
});
