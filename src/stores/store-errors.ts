/**
 * The errors a store adds to the SDK's hierarchy: a lost lease, a stored file that does not read back,
 * and a database that cannot be used.
 */
import { type Delivery, SdkError } from '../errors.js';
import type { Lease } from './store.js';

/**
 * A write fenced by a lease was refused: the lease is no longer the current holder of its key (it
 * expired, was released, or another owner took the key with a greater token). Nothing was written.
 *
 * @example
 * ```ts
 * const store = fileJournal('.alert-handler/journal');
 * const lease = await store.acquire('execution-42', 'worker-a', 30_000);
 * try {
 *   if (lease) await store.append('execution-42', [{ outcome: 'succeeded' }], { lease });
 * } catch (error) {
 *   // Another worker owns execution-42 now: stop, and leave the rest to it.
 *   if (error instanceof LeaseLostError) console.warn(error.key, error.token, error.currentToken);
 *   else throw error;
 * }
 * ```
 */
export class LeaseLostError extends SdkError {
  override name = 'LeaseLostError';
  /** Nothing was written. */
  protected static override readonly defaultDelivery: Delivery = 'notSent';
  /** The key of the lost lease. */
  readonly key: string;
  /** The token of the lost lease. */
  readonly token: number;
  /** The token of the key's current lease (held, released or expired); `undefined` when there is none. */
  readonly currentToken: number | undefined;

  constructor(options: { key: string; token: number; currentToken: number | undefined; why: string }) {
    super(
      `The lease on "${options.key}" (token ${options.token}) ${options.why}, so the write was refused ` +
        'and nothing was written. Stop working on this key; to go on, acquire it again and re-read its ' +
        'state first: another owner may have changed it.',
      { code: 'LeaseLost' },
    );
    this.key = options.key;
    this.token = options.token;
    this.currentToken = options.currentToken;
  }
}

/** A key's latest lease as a store keeps it: the lease, and whether its holder freed it. */
export interface LatestLease extends Lease {
  readonly released: boolean;
}

/**
 * Why a write fenced by `lease` must be refused, by the key's latest lease and the store's clock: the
 * {@link LeaseLostError} to throw, or `undefined` when `lease` is the key's current, unexpired holder.
 * Every store judges fenced writes by this one rule.
 */
export function leaseLost(
  lease: Lease,
  latest: LatestLease | undefined,
  now: number,
): LeaseLostError | undefined {
  const why =
    latest === undefined || latest.token !== lease.token || latest.owner !== lease.owner
      ? `was taken over (the key's current token is ${latest?.token ?? 'none'})`
      : latest.released
        ? 'was released'
        : latest.expiresAt <= now
          ? `expired at ${latest.expiresAt}`
          : undefined;
  return why === undefined
    ? undefined
    : new LeaseLostError({ key: lease.key, token: lease.token, currentToken: latest?.token, why });
}

/**
 * A file of the store cannot be read back as the store writes it: a complete line of a stream that is not
 * the next record, or a lease or checkpoint file that is not JSON. The store never writes such a file;
 * something else changed it, or the disk lost part of it.
 *
 * @example
 * ```ts
 * const store = fileJournal('.alert-handler/journal');
 * try {
 *   await store.read('execution-42');
 * } catch (error) {
 *   if (error instanceof StoreCorruptError) console.error(`${error.file}, line ${error.line ?? '-'}`);
 *   else throw error;
 * }
 * ```
 */
export class StoreCorruptError extends SdkError {
  override name = 'StoreCorruptError';
  /** Nothing was written. */
  protected static override readonly defaultDelivery: Delivery = 'notSent';
  /** The file, relative to the store's directory, e.g. `streams/execution-42.jsonl`. */
  readonly file: string;
  /** The first line (1-based) that cannot be read, for a stream; `undefined` for a whole file. */
  readonly line: number | undefined;

  constructor(options: { file: string; line?: number | undefined; why: string }) {
    const where = options.line === undefined ? options.file : `${options.file}, line ${options.line}`;
    super(
      `The store cannot read ${where}: ${options.why}. The store never writes such content: restore the ` +
        'file from a backup, or remove what cannot be read (for a stream, that line and the ones after it).',
      { code: 'StoreCorrupt' },
    );
    this.file = options.file;
    this.line = options.line;
  }
}

/**
 * The store's database cannot be used: it is not reachable, refused the connection or a query, or the
 * `pg` package (an optional peer dependency) is not installed (`code` `StoreDriverMissing`). The message
 * and the `cause` never hold a password. A write that failed this way may or may not have been applied
 * (`delivery` `unknown`): read the state again before writing it again.
 *
 * @example
 * ```ts
 * const store = postgresStore({ connectionString: process.env.DATABASE_URL });
 * try {
 *   await store.append('execution-42', [{ started: true }]);
 * } catch (error) {
 *   if (error instanceof StoreUnavailableError && error.retryable) console.warn('database away, retrying later');
 *   else throw error;
 * }
 * ```
 */
export class StoreUnavailableError extends SdkError {
  override name = 'StoreUnavailableError';
}
