/** The embedded store: the journal, the leases and the checkpoints in one folder. */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { ValidationError } from '../errors.js';
import { checkOptions } from '../util/check-options.js';
import { checkLease, checkName, checkOwner, checkPrefix, checkTtl } from './checks.js';
import { readText, writeWhole } from './files.js';
import { toJson } from './json.js';
import { LeaseFiles } from './lease-files.js';
import type { FencedWriteOptions, JsonValue, Lease, Store, StoredRecord } from './store.js';
import { StoreCorruptError } from './store-errors.js';
import { StreamFiles } from './stream-files.js';

/**
 * Options of {@link fileJournal}.
 *
 * @example
 * ```ts
 * const options: FileJournalOptions = { lockTtlMs: 10_000 };
 * const store = fileJournal('.alert-handler/journal', options);
 * ```
 */
export interface FileJournalOptions {
  /**
   * The clock: milliseconds since the epoch. Lease and lock expiry and the records' `at` read it.
   *
   * @defaultValue `Date.now`
   */
  now?: (() => number) | undefined;
  /**
   * How long one append may hold its stream's lock. A process that dies in the middle of an append
   * blocks appends to that stream until then (by {@link FileJournalOptions.now}); an append that takes
   * longer (a process paused that long) starts over rather than write.
   *
   * @defaultValue 10000
   */
  lockTtlMs?: number | undefined;
}

const OPTION_RULES = {
  now: { kind: 'function' },
  lockTtlMs: { kind: 'duration' },
} as const;

/**
 * The embedded, default store: a folder on a local disk, shared safely by the processes of one machine.
 * It is the execution journal and more (leases and checkpoints live in it too), hence one name for it.
 *
 * Layout: `streams/<stream>.jsonl` (one `{"seq","at","data"}` record per line, appended and synced before
 * `append` resolves), `leases/<key>/<token>.lease` (the greatest token is the key's lease: owner, expiry,
 * released), `locks/<stream>/<token>.lease` (append locks, the same way), `checkpoints/<key>.json`, and
 * `tmp/` (files written whole there, then linked or renamed into place).
 *
 * Guarantees: an append is durable when it resolves, and records of one stream are numbered 1, 2, 3…
 * with no gap or repeat, whichever processes append (each append takes the stream's lock: a lease of
 * `lockTtlMs`, so a process that dies holding it blocks the stream only until it expires). Of several
 * processes taking one expired lease, exactly one gets it (exclusive creation of the next token's file),
 * and every new holder's token is greater than any earlier one. A fenced write checks its lease just
 * before it writes. Limit: a process paused between that check and its write for longer than the lease
 * has left can still write after losing it; renew leases well before they expire. The folder must be on
 * a local file system (links, renames and syncs as POSIX defines them); it is not meant for network
 * shares. A crash can leave files in `tmp/`: they are never read, and can be removed while the store is
 * not in use.
 *
 * @param directory - The folder, created on first write, e.g. `.alert-handler/journal`.
 * @throws {@link ValidationError} for an empty directory or a bad option
 *
 * @example
 * ```ts
 * const store = fileJournal('.alert-handler/journal');
 * const lease = await store.acquire('execution-42', `worker-${process.pid}`, 30_000);
 * if (lease) {
 *   await store.append('execution-42', [{ intent: { batch: 1 } }], { lease });
 *   await store.release(lease);
 * }
 * ```
 */
export function fileJournal(directory: string, options?: FileJournalOptions): Store {
  if (typeof directory !== 'string' || directory === '') {
    throw new ValidationError(
      'fileJournal: `directory` must be a non-empty path, e.g. .alert-handler/journal.',
      {
        field: 'directory',
      },
    );
  }
  checkOptions(options, OPTION_RULES, 'fileJournal');
  const root = resolve(directory);
  const now = options?.now ?? Date.now;
  const tmpDirectory = join(root, 'tmp');
  const leases = new LeaseFiles({ root, directory: join(root, 'leases'), tmpDirectory, now, durable: true });
  const streams = new StreamFiles({
    root,
    directory: join(root, 'streams'),
    locks: new LeaseFiles({ root, directory: join(root, 'locks'), tmpDirectory, now, durable: false }),
    lockOwner: `${hostname()}:${process.pid}:${randomUUID()}`,
    lockTtlMs: options?.lockTtlMs ?? 10_000,
    now,
  });
  const checkpointPath = (key: string) => join(root, 'checkpoints', `${key}.json`);

  /** What checks `options.lease` right before a write: nothing without a lease. */
  const fenceOf = (options: FencedWriteOptions | undefined, where: string) => {
    const lease =
      options?.lease === undefined ? undefined : checkLease(options.lease, `${where}: options.lease`);
    return async () => {
      if (lease !== undefined) await leases.check(lease);
    };
  };

  return {
    async append(stream: string, records: readonly JsonValue[], options?: FencedWriteOptions) {
      checkName(stream, 'append: stream');
      if (!Array.isArray(records)) {
        throw new ValidationError('append: `records` must be an array of JSON values. Nothing was written.', {
          field: 'records',
        });
      }
      const lines = records.map((record, index) => toJson(record, `append: records[${index}]`));
      return streams.append(stream, lines, fenceOf(options, 'append'));
    },

    async read(stream: string): Promise<readonly StoredRecord[]> {
      return streams.read(checkName(stream, 'read: stream'));
    },

    async streams(prefix = '') {
      return streams.list(checkPrefix(prefix, 'streams: prefix'));
    },

    async acquire(key: string, owner: string, ttlMs: number) {
      checkName(key, 'acquire: key');
      checkOwner(owner, 'acquire: owner');
      return leases.acquire(key, owner, checkTtl(ttlMs, 'acquire: ttlMs'));
    },

    async renew(lease: Lease, ttlMs: number) {
      checkTtl(ttlMs, 'renew: ttlMs');
      return leases.renew(checkLease(lease, 'renew: lease'), ttlMs);
    },

    async release(lease: Lease) {
      await leases.release(checkLease(lease, 'release: lease'));
    },

    async holder(key: string) {
      return leases.holder(checkName(key, 'holder: key'));
    },

    async getCheckpoint(key: string) {
      const path = checkpointPath(checkName(key, 'getCheckpoint: key'));
      const text = await readText(path);
      if (text === undefined) return undefined;
      try {
        return JSON.parse(text) as JsonValue;
      } catch {
        throw new StoreCorruptError({ file: relative(root, path), why: 'it is not JSON' });
      }
    },

    async putCheckpoint(key: string, value: JsonValue, options?: FencedWriteOptions) {
      const path = checkpointPath(checkName(key, 'putCheckpoint: key'));
      const text = `${toJson(value, 'putCheckpoint: value')}\n`;
      await writeWhole(tmpDirectory, path, text, {
        how: 'replace',
        durable: true,
        beforePlace: fenceOf(options, 'putCheckpoint'),
      });
    },
  };
}
