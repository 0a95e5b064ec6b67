/**
 * One account's part of a journal shared by a fleet: every stream, lease and checkpoint name is
 * prefixed with the account, so that executions in different accounts never meet on an alert ID, and
 * resuming in one account finds that account's executions only.
 *
 * @packageDocumentation
 */
import type { FencedWriteOptions, JsonValue, Lease, Store, StoredRecord } from '../stores/store.js';

/** The prefix of an account's names in a shared store: `a<accountId>.`. */
export function accountPrefix(accountId: string): string {
  return `a${accountId}.`;
}

/**
 * The part of `store` that belongs to `accountId`: names are prefixed on the way in, and the prefix
 * removed from what comes back (stream names and leases).
 */
export function accountJournal(store: Store, accountId: string): Store {
  const prefix = accountPrefix(accountId);
  const inner = (lease: Lease): Lease => ({ ...lease, key: prefix + lease.key });
  const outer = (lease: Lease | undefined): Lease | undefined =>
    lease === undefined ? undefined : { ...lease, key: lease.key.slice(prefix.length) };
  const fenced = (options?: FencedWriteOptions): FencedWriteOptions | undefined =>
    options?.lease === undefined ? options : { ...options, lease: inner(options.lease) };
  return {
    append: (stream: string, records: readonly JsonValue[], options?: FencedWriteOptions) =>
      store.append(prefix + stream, records, fenced(options)),
    read: (stream: string): Promise<readonly StoredRecord[]> => store.read(prefix + stream),
    streams: async (start = '') =>
      (await store.streams(prefix + start)).map((stream) => stream.slice(prefix.length)),
    acquire: async (key: string, owner: string, ttlMs: number) =>
      outer(await store.acquire(prefix + key, owner, ttlMs)),
    renew: async (lease: Lease, ttlMs: number) => outer(await store.renew(inner(lease), ttlMs)),
    release: (lease: Lease) => store.release(inner(lease)),
    holder: async (key: string) => outer(await store.holder(prefix + key)),
    getCheckpoint: (key: string) => store.getCheckpoint(prefix + key),
    putCheckpoint: (key: string, value: JsonValue, options?: FencedWriteOptions) =>
      store.putCheckpoint(prefix + key, value, fenced(options)),
  };
}
