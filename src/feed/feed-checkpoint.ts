/**
 * The checkpoint of a feed as a store keeps it: where the next window starts, and the state of each alert
 * committed within it.
 *
 * @packageDocumentation
 */
import { ValidationError } from '../errors.js';
import type { JsonObject, JsonValue } from '../stores/store.js';
import type { AlertState } from './change-detection.js';

/** The version of the stored form; a checkpoint of another version is refused, not guessed at. */
const CHECKPOINT_VERSION = 1;

/** What a feed has committed. */
export interface FeedCheckpoint {
  /** Where the next window starts, epoch milliseconds. */
  readonly from: number;
  /** The committed state of each alert whose state falls at or after `from`, by alert id. */
  readonly seen: ReadonlyMap<string, AlertState>;
}

/**
 * The stored form: `{ version: 1, from, seen: [[alertId, lastSeen, status, handledAt], …] }`, one entry per
 * alert, so that its size is that of the window.
 */
export function encodeCheckpoint(checkpoint: FeedCheckpoint): JsonValue {
  return {
    version: CHECKPOINT_VERSION,
    from: checkpoint.from,
    seen: [...checkpoint.seen].map(([id, state]) => [id, state.lastSeen, state.status, state.handledAt]),
  };
}

/**
 * Reads a stored checkpoint back.
 *
 * @param key - The checkpoint's key, for the message.
 * @throws {@link ValidationError} (field `checkpoint`) when the value is not a feed's checkpoint of this
 * version: another kind of value under the same key, or a newer format
 */
export function decodeCheckpoint(value: JsonValue, key: string): FeedCheckpoint {
  const record =
    typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
  const entries = record?.seen;
  const from = record?.from;
  const seen = new Map<string, AlertState>();
  if (record?.version === CHECKPOINT_VERSION && isTime(from) && Array.isArray(entries)) {
    for (const entry of entries) {
      const state = entryState(entry);
      if (state === undefined) return refused(key);
      seen.set(state.id, state.state);
    }
    return { from, seen };
  }
  return refused(key);
}

function entryState(entry: JsonValue): { id: string; state: AlertState } | undefined {
  if (!Array.isArray(entry) || entry.length !== 4) return undefined;
  const [id, lastSeen, status, handledAt] = entry as readonly JsonValue[];
  if (typeof id !== 'string' || !isTime(lastSeen) || !isTime(handledAt)) return undefined;
  if (status !== null && !Number.isSafeInteger(status)) return undefined;
  return { id, state: { lastSeen, status: status as number | null, handledAt } };
}

function isTime(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

function refused(key: string): never {
  throw new ValidationError(
    `watch: the checkpoint ${JSON.stringify(key)} holds a value that is not the checkpoint of a feed ` +
      `(version ${CHECKPOINT_VERSION}). Use another key, or remove that value if nothing else uses it.`,
    { field: 'checkpoint' },
  );
}
