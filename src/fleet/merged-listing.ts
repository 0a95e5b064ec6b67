/**
 * One stream of the items several accounts list at once: each account's listing runs in its own lane
 * (a bounded number at a time), its items interleaved with the others' as they come; an account that
 * fails ends only its own lane.
 *
 * @packageDocumentation
 */
import { AbortError } from '../errors.js';
import { FleetListingError } from './fleet-errors.js';
import { type RunnableAccount, runAccounts } from './run-accounts.js';

/** Items held for the reader before the lanes wait for it to catch up. */
const BUFFERED_ITEMS = 256;

/**
 * Yields what `list` yields in every account, as it comes. When all lanes have ended, a lane that
 * failed makes the stream throw a {@link FleetListingError} with every account's outcome; an abort of
 * `signal` throws an {@link AbortError}. Leaving the loop early stops the lanes.
 */
export async function* mergedListing<A extends RunnableAccount, T>(
  accounts: readonly A[],
  limit: number,
  signal: AbortSignal | undefined,
  list: (account: A, signal: AbortSignal) => AsyncIterable<T>,
): AsyncGenerator<T, void, undefined> {
  const stop = new AbortController();
  const onAbort = () => stop.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  if (signal?.aborted) onAbort();
  const buffer: T[] = [];
  let wakeReader: (() => void) | undefined;
  const waitingLanes: (() => void)[] = [];
  const wake = () => {
    const reader = wakeReader;
    wakeReader = undefined;
    reader?.();
  };
  let ended = false;
  const lanes = runAccounts(accounts, { limit, signal: stop.signal }, async (account) => {
    let count = 0;
    for await (const item of list(account, stop.signal)) {
      buffer.push(item);
      count++;
      wake();
      while (buffer.length >= BUFFERED_ITEMS && !stop.signal.aborted) {
        await new Promise<void>((resolve) => waitingLanes.push(resolve));
      }
      if (stop.signal.aborted) break;
    }
    return count;
  }).finally(() => {
    ended = true;
    wake();
  });
  try {
    for (;;) {
      if (buffer.length > 0) {
        const item = buffer.shift() as T;
        waitingLanes.shift()?.();
        yield item;
        continue;
      }
      if (ended) break;
      await new Promise<void>((resolve) => {
        wakeReader = resolve;
      });
    }
    const outcomes = await lanes;
    if (signal?.aborted) {
      const aborted = outcomes.find((outcome) => !outcome.ok && outcome.error instanceof AbortError);
      if (aborted !== undefined && !aborted.ok) throw aborted.error;
    }
    if (outcomes.some((outcome) => !outcome.ok)) throw new FleetListingError(outcomes);
  } finally {
    signal?.removeEventListener('abort', onAbort);
    if (!ended) {
      stop.abort();
      for (const lane of waitingLanes.splice(0)) lane();
      await lanes;
    }
  }
}
