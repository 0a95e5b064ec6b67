/**
 * The store interface: ordered streams of records (the execution journal), leases with fencing tokens,
 * and checkpoints. It knows no workflow; the file store ({@link fileJournal}) is the embedded default,
 * and a database can implement the same semantics (a table of records with a per-stream sequence, a
 * table of leases updated by compare-and-swap on the token, a table of checkpoints).
 *
 * @packageDocumentation
 */

/**
 * A value a store can hold: what `JSON.parse` returns. Numbers are finite; objects are plain.
 *
 * @example
 * ```ts
 * const intent: JsonValue = { batch: 3, alertIds: ['7009607', '7009586'], operation: 'block_ip' };
 * ```
 */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | JsonObject;

/**
 * A JSON object: string keys, {@link JsonValue} values.
 *
 * @example
 * ```ts
 * const position: JsonObject = { lastAlertId: '7009607', page: 4 };
 * ```
 */
export interface JsonObject {
  readonly [key: string]: JsonValue;
}

/**
 * One record of a stream, as stored.
 *
 * @example
 * ```ts
 * const store = fileJournal('.alert-handler/journal');
 * for (const { seq, at, data } of await store.read('execution-42')) {
 *   console.log(seq, new Date(at).toISOString(), data);
 * }
 * ```
 */
export interface StoredRecord {
  /** Position in its stream: 1 for the first record, then each record one more, with no gap. */
  readonly seq: number;
  /** When it was appended: milliseconds since the epoch, by the store's clock. */
  readonly at: number;
  /** The record as appended. */
  readonly data: JsonValue;
}

/**
 * A lease on a key, held by one owner until `expiresAt` unless renewed. `token` is the fencing token: every
 * new holder of a key gets a token greater than any earlier one, and writes fenced by a lease are refused
 * once a greater token exists.
 *
 * @example
 * ```ts
 * const store = fileJournal('.alert-handler/journal');
 * const lease = await store.acquire('alert-7009607', 'worker-a', 30_000);
 * if (lease) console.log(`${lease.owner} holds ${lease.key} (token ${lease.token}) until ${lease.expiresAt}`);
 * ```
 */
export interface Lease {
  /** The key the lease is on, e.g. `alert-7009607`. */
  readonly key: string;
  /** Who holds it, as given to {@link Store.acquire}. */
  readonly owner: string;
  /** The fencing token: greater than the token of every earlier holder of the key. */
  readonly token: number;
  /** When it expires unless renewed: milliseconds since the epoch, by the store's clock. */
  readonly expiresAt: number;
}

/**
 * Options of a write that may be fenced by a lease.
 *
 * @example
 * ```ts
 * const store = fileJournal('.alert-handler/journal');
 * const lease = await store.acquire('execution-42', 'worker-a', 30_000);
 * if (lease) await store.append('execution-42', [{ started: true }], { lease });
 * ```
 */
export interface FencedWriteOptions {
  /**
   * Write only while this lease is the current, unexpired holder of its key; otherwise the write is
   * refused with a {@link LeaseLostError} and nothing is written.
   */
  lease?: Lease | undefined;
}

/**
 * Where the journal, the leases and the checkpoints are kept.
 *
 * Names of streams, lease keys and checkpoint keys are 1 to 128 characters of `a-z`, `0-9`, `.`, `_` and
 * `-`, starting with a letter or a digit (lower case only, so that two names never meet on a
 * case-insensitive file system); others are refused with a `ValidationError`.
 *
 * @example
 * ```ts
 * const store: Store = fileJournal('.alert-handler/journal');
 * const lease = await store.acquire('execution-42', 'worker-a', 30_000);
 * if (lease === undefined) throw new Error('execution-42 is being run elsewhere');
 * await store.append('execution-42', [{ intent: { batch: 1 } }], { lease });
 * await store.release(lease);
 * ```
 */
export interface Store {
  /**
   * Appends records to the end of a stream (created on first use) and resolves once they are durable,
   * with the sequence number of the last one (with no records, the stream's last sequence number, 0 when
   * it is empty). Records of one stream are numbered in the order their appends took effect, whichever
   * process made them. An append that does not resolve (the process died, the disk failed) may have
   * stored a prefix of its records, each one whole.
   *
   * @throws {@link LeaseLostError} when `options.lease` no longer holds its key; nothing was written
   * @throws `ValidationError` for a bad stream name or a record that is not JSON
   *
   * @example
   * ```ts
   * const store = fileJournal('.alert-handler/journal');
   * const seq = await store.append('execution-42', [{ intent: { batch: 1, alertIds: ['7009607'] } }]);
   * ```
   */
  append(stream: string, records: readonly JsonValue[], options?: FencedWriteOptions): Promise<number>;

  /**
   * Every record of a stream, in sequence order; empty for a stream never appended to. It may include a
   * prefix of the records of an append still in progress.
   *
   * @throws {@link StoreCorruptError} when the stored stream cannot be read back as written
   *
   * @example
   * ```ts
   * const store = fileJournal('.alert-handler/journal');
   * const records = await store.read('execution-42');
   * const last = records.at(-1);
   * ```
   */
  read(stream: string): Promise<readonly StoredRecord[]>;

  /**
   * The names of the streams that hold at least one record or were appended to, sorted; only those that
   * start with `prefix` when it is given.
   *
   * @example
   * ```ts
   * const store = fileJournal('.alert-handler/journal');
   * for (const stream of await store.streams('execution-')) console.log(stream);
   * ```
   */
  streams(prefix?: string): Promise<string[]>;

  /**
   * Takes the lease on `key` for `ttlMs` when it is free, released or expired, with a token greater than
   * any earlier token of the key. When another holder (or the same owner, through another lease) holds it
   * unexpired, resolves to `undefined`: a holder extends its lease with {@link Store.renew}. Of several
   * processes racing for one key, exactly one gets it.
   *
   * @param owner - Who takes it: unique per worker, e.g. host, process id and a random suffix.
   *
   * @example
   * ```ts
   * const store = fileJournal('.alert-handler/journal');
   * const lease = await store.acquire('alert-7009607', 'worker-a', 30_000);
   * if (lease === undefined) console.log('alert 7009607 is being handled elsewhere');
   * ```
   */
  acquire(key: string, owner: string, ttlMs: number): Promise<Lease | undefined>;

  /**
   * Extends a lease to `ttlMs` from now, keeping its token; `undefined` when it is lost (taken over or
   * released). Renew well before `expiresAt`: once expired, another owner may take the key at any moment.
   *
   * @example
   * ```ts
   * const store = fileJournal('.alert-handler/journal');
   * let lease = await store.acquire('execution-42', 'worker-a', 30_000);
   * if (lease) lease = await store.renew(lease, 30_000); // undefined: stop working on execution-42
   * ```
   */
  renew(lease: Lease, ttlMs: number): Promise<Lease | undefined>;

  /**
   * Frees the key when the lease still holds it (its token stays used: the next holder gets a greater
   * one); does nothing when it is already lost.
   *
   * @example
   * ```ts
   * const store = fileJournal('.alert-handler/journal');
   * const lease = await store.acquire('execution-42', 'worker-a', 30_000);
   * if (lease) await store.release(lease);
   * ```
   */
  release(lease: Lease): Promise<void>;

  /**
   * The current holder of `key`; `undefined` when it is free, released or expired.
   *
   * @example
   * ```ts
   * const store = fileJournal('.alert-handler/journal');
   * const holder = await store.holder('execution-42');
   * if (holder) console.log(`held by ${holder.owner} until ${new Date(holder.expiresAt).toISOString()}`);
   * ```
   */
  holder(key: string): Promise<Lease | undefined>;

  /**
   * The value last stored under `key`; `undefined` when none was.
   *
   * @example
   * ```ts
   * const store = fileJournal('.alert-handler/journal');
   * const position = (await store.getCheckpoint('feed-cn-shanghai')) ?? { page: 1 };
   * ```
   */
  getCheckpoint(key: string): Promise<JsonValue | undefined>;

  /**
   * Stores a small value under `key`, replacing the previous one as a whole, durably.
   *
   * @throws {@link LeaseLostError} when `options.lease` no longer holds its key; nothing was written
   * @throws `ValidationError` for a bad key or a value that is not JSON
   *
   * @example
   * ```ts
   * const store = fileJournal('.alert-handler/journal');
   * await store.putCheckpoint('feed-cn-shanghai', { lastAlertId: '7009607', page: 4 });
   * ```
   */
  putCheckpoint(key: string, value: JsonValue, options?: FencedWriteOptions): Promise<void>;
}
