/**
 * What a feed has delivered and what was committed: the changes of each poll, numbered in delivery
 * order, the committed prefix, and the checkpoint that stores it.
 *
 * @packageDocumentation
 */
import type { Alert } from '../alerts/alert.js';
import type { AlertChangeKind } from './change.js';
import { type AlertState, changeId, changeKind, stateOf, stateTime } from './change-detection.js';
import { decodeCheckpoint, encodeCheckpoint } from './feed-checkpoint.js';
import type { CheckpointStore } from './watch-options.js';

/** One change found by a poll, numbered in delivery order. */
export interface FoundChange {
  /** Its position in the feed's delivery order, from 1. */
  readonly seq: number;
  readonly kind: AlertChangeKind;
  readonly alert: Alert;
  /** See {@link AlertChange.id}. */
  readonly id: string;
}

/** A delivered change not yet committed: what committing it stores. */
interface Uncommitted {
  readonly seq: number;
  readonly alertId: string;
  readonly state: AlertState;
}

/** A poll whose changes are not all committed: where the window may start once they are. */
interface OpenPoll {
  /** The number of its last change (of the last change before it, when it found none). */
  readonly lastSeq: number;
  /** The start of the window after it. */
  readonly nextFrom: number;
}

/**
 * The state of one feed. Two positions are kept: the live one (the window the next poll reads and the
 * alerts delivered in it, so that nothing is delivered twice while the feed runs) and the committed one
 * (the checkpoint: where a restarted feed reads from and the alerts committed in its window, so that it
 * delivers again only what was not committed). Both hold only the alerts whose state falls within their
 * window; the committed one falls behind the live one while changes wait for their commit.
 */
export class FeedState {
  readonly #checkpoint: { readonly key: string; readonly store: CheckpointStore } | undefined;
  readonly #overlapMs: number;
  /** Where a restarted feed would start reading. */
  #from: number;
  /** The committed state of the alerts whose state falls at or after `#from`. */
  readonly #committed: Map<string, AlertState>;
  /** Where the next poll starts reading. */
  #windowStart: number;
  /** The state delivered last of the alerts whose state falls at or after `#windowStart`. */
  readonly #known: Map<string, AlertState>;
  readonly #uncommitted: Uncommitted[] = [];
  readonly #openPolls: OpenPoll[] = [];
  #lastSeq = 0;
  #committedSeq = 0;
  /** Changes to the committed position, and how many the store holds. */
  #version = 0;
  #written = 0;
  /** The writes of the checkpoint, one after the other. */
  #writes: Promise<void> = Promise.resolve();

  private constructor(
    checkpoint: { readonly key: string; readonly store: CheckpointStore } | undefined,
    overlapMs: number,
    from: number,
    committed: ReadonlyMap<string, AlertState>,
  ) {
    this.#checkpoint = checkpoint;
    this.#overlapMs = overlapMs;
    this.#from = from;
    this.#windowStart = from;
    this.#committed = new Map(committed);
    this.#known = new Map(committed);
  }

  /**
   * The state of a feed: read back from its checkpoint, or, when there is none (or no checkpoint is
   * kept), starting at `startAt`, stored at once so that a crash before the first commit resumes there.
   *
   * @throws {@link ValidationError} when the checkpoint holds something else than a feed's checkpoint
   */
  static async open(
    checkpoint: { readonly key: string; readonly store: CheckpointStore } | undefined,
    overlapMs: number,
    startAt: number,
  ): Promise<FeedState> {
    const stored = checkpoint && (await checkpoint.store.getCheckpoint(checkpoint.key));
    if (checkpoint !== undefined && stored !== undefined) {
      const { from, seen } = decodeCheckpoint(stored, checkpoint.key);
      return new FeedState(checkpoint, overlapMs, from, seen);
    }
    const state = new FeedState(checkpoint, overlapMs, startAt, new Map());
    state.#version++;
    await state.flush();
    return state;
  }

  /** Where the next poll starts reading, epoch milliseconds. */
  get windowStart(): number {
    return this.#windowStart;
  }

  /**
   * Takes what a poll read (started at `polledAt`) and returns its changes, in delivery order: by the
   * time each entered the window, then by alert id. An alert read twice counts as its last read. The
   * window then moves to `polledAt - overlapMs`, and what falls before it is forgotten.
   */
  poll(alerts: readonly Alert[], polledAt: number): FoundChange[] {
    const start = this.#windowStart;
    const read = new Map<string, Alert>();
    for (const alert of alerts) read.set(alert.id, alert);
    const candidates = [...read.values()]
      .map((alert) => ({ alert, state: stateOf(alert) }))
      .filter(({ state }) => stateTime(state) >= start)
      .sort((a, b) => stateTime(a.state) - stateTime(b.state) || compareIds(a.alert.id, b.alert.id));
    const changes: FoundChange[] = [];
    for (const { alert, state } of candidates) {
      const kind = changeKind(this.#known.get(alert.id), state);
      if (kind === undefined) continue;
      this.#known.set(alert.id, state);
      const seq = ++this.#lastSeq;
      this.#uncommitted.push({ seq, alertId: alert.id, state });
      changes.push({ seq, kind, alert, id: changeId(alert.id, state) });
    }
    this.#windowStart = Math.max(start, polledAt - this.#overlapMs);
    forgetBefore(this.#known, this.#windowStart);
    this.#openPolls.push({ lastSeq: this.#lastSeq, nextFrom: this.#windowStart });
    this.#advance();
    return changes;
  }

  /**
   * Commits the change numbered `seq` and every change before it, and resolves once the checkpoint that
   * says so is stored. A change committed already (by itself or by a later one) commits nothing more;
   * its call resolves once the writes before it are stored.
   *
   * @throws what the store throws when the checkpoint cannot be written; the commit is written with the
   * next one
   */
  commit(seq: number): Promise<void> {
    if (seq > this.#committedSeq) {
      this.#committedSeq = seq;
      while (this.#uncommitted[0] !== undefined && this.#uncommitted[0].seq <= seq) {
        const { alertId, state } = this.#uncommitted.shift() as Uncommitted;
        this.#committed.set(alertId, state);
      }
      this.#version++;
      this.#advance();
    }
    return this.flush();
  }

  /**
   * Stores the committed position when it changed since it was last stored; after the writes already
   * asked for, never two at once.
   */
  flush(): Promise<void> {
    const write = this.#writes.then(() => this.#write());
    this.#writes = write.catch(() => undefined);
    return write;
  }

  async #write(): Promise<void> {
    const checkpoint = this.#checkpoint;
    const version = this.#version;
    if (checkpoint === undefined || version === this.#written) return;
    await checkpoint.store.putCheckpoint(
      checkpoint.key,
      encodeCheckpoint({ from: this.#from, seen: this.#committed }),
    );
    this.#written = Math.max(this.#written, version);
  }

  /** Moves the committed window past the polls whose changes are all committed. */
  #advance(): void {
    let moved = false;
    while (this.#openPolls[0] !== undefined && this.#openPolls[0].lastSeq <= this.#committedSeq) {
      const { nextFrom } = this.#openPolls.shift() as OpenPoll;
      moved ||= nextFrom > this.#from;
      this.#from = Math.max(this.#from, nextFrom);
    }
    if (!moved) return;
    forgetBefore(this.#committed, this.#from);
    this.#version++;
  }
}

/** Drops the states that fall before `start`: no window from there on can read them again. */
function forgetBefore(states: Map<string, AlertState>, start: number): void {
  for (const [id, state] of states) if (stateTime(state) < start) states.delete(id);
}

/** Alert ids shorter first, then in text order: numeric order for the service's numeric ids. */
function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}
