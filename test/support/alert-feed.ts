import { sampleAlerts } from '../../src/emulator/index.js';
import { type AlertChange, type AlertChangeKind, type SuspEvent, toAlert } from '../../src/index.js';

const KINDS: readonly AlertChangeKind[] = ['new', 'updated', 'resolved'];

/** Changes in memory, and the ids of the changes committed, in the order of the `commit()` calls. */
export interface RecordedChanges {
  readonly changes: AlertChange[];
  readonly commits: string[];
}

/**
 * `count` changes of distinct sample alerts (kinds in turn: new, updated, resolved), each recording its
 * id in `commits` when committed.
 */
export function recordedChanges(count: number, seed = 'feed'): RecordedChanges {
  const commits: string[] = [];
  const records = sampleAlerts(count, seed);
  const changes = records.map((record, index): AlertChange => {
    const alert = toAlert(record as unknown as SuspEvent);
    const id = `${alert.id}@${alert.lastSeen?.getTime() ?? 0}:${alert.statusCode ?? 0}`;
    return {
      kind: KINDS[index % KINDS.length] as AlertChangeKind,
      alert,
      id,
      commit: async () => {
        commits.push(id);
      },
    };
  });
  return { changes, commits };
}

/** A feed that yields `changes` at once, one after the other, then ends. */
export async function* feedOf(changes: readonly AlertChange[]): AsyncGenerator<AlertChange> {
  yield* changes;
}

/** A feed that yields each change after waiting `spacingMs` (on `setTimeout`: the fake clock in tests). */
export async function* spacedFeed(
  changes: readonly AlertChange[],
  spacingMs: number,
): AsyncGenerator<AlertChange> {
  for (const change of changes) {
    await new Promise<void>((resolve) => setTimeout(resolve, spacingMs));
    yield change;
  }
}

/** A feed the test pushes changes into, and ends; `returned` tells whether the reader let go of it. */
export interface PushFeed extends AsyncIterable<AlertChange> {
  push(...changes: AlertChange[]): void;
  end(): void;
  fail(error: Error): void;
  readonly returned: boolean;
}

export function pushFeed(): PushFeed {
  const queued: AlertChange[] = [];
  let ended = false;
  let failure: Error | undefined;
  let returned = false;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  return {
    push(...changes) {
      queued.push(...changes);
      notify();
    },
    end() {
      ended = true;
      notify();
    },
    fail(error) {
      failure = error;
      notify();
    },
    get returned() {
      return returned;
    },
    [Symbol.asyncIterator]() {
      return {
        async next(): Promise<IteratorResult<AlertChange>> {
          for (;;) {
            const change = queued.shift();
            if (change !== undefined) return { value: change, done: false };
            if (failure !== undefined) throw failure;
            if (ended) return { value: undefined, done: true };
            await new Promise<void>((resolve) => {
              wake = resolve;
            });
          }
        },
        async return(): Promise<IteratorResult<AlertChange>> {
          returned = true;
          return { value: undefined, done: true };
        },
      };
    },
  };
}
