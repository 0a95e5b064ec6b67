import type { JsonValue, Store } from '../../src/index.js';

/**
 * `store` as a worker that dies right after sending sees it: every write after the first batch's intent
 * fails, so the journal holds the execution's plan and that intent, and nothing of what the call did.
 */
export function diesAfterIntent(store: Store): Store {
  let dead = false;
  const dies = async () => {
    throw new Error('the process is gone');
  };
  return {
    append: async (stream, records, options) => {
      if (dead) return dies();
      const seq = await store.append(stream, records, options);
      if ((records[0] as { type?: JsonValue } | undefined)?.type === 'intent') dead = true;
      return seq;
    },
    read: (stream) => store.read(stream),
    streams: (prefix) => store.streams(prefix),
    acquire: (key, owner, ttlMs) => store.acquire(key, owner, ttlMs),
    renew: (lease, ttlMs) => (dead ? dies() : store.renew(lease, ttlMs)),
    release: (lease) => (dead ? dies() : store.release(lease)),
    holder: (key) => store.holder(key),
    getCheckpoint: (key) => store.getCheckpoint(key),
    putCheckpoint: (key, value, options) => (dead ? dies() : store.putCheckpoint(key, value, options)),
  };
}
