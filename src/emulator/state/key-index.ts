/** Positions a block of the index covers: its counts let a walk skip whole blocks. */
const BLOCK = 1024;

/** Items in order, read a slice at a time: what a listing pages through. */
export interface Listing<T> {
  readonly length: number;
  slice(start: number, end: number): T[];
}

/**
 * A key for each position of a list that does not grow (the status and level of each alert), with how
 * many positions of each block hold each key: the positions whose key a selection takes are then
 * counted and reached without visiting the others. Changing a key is O(1).
 */
export class KeyIndex {
  readonly #keys: Int32Array;
  /** Per key, per block, how many of its positions hold it. */
  readonly #counts: Int32Array[] = [];

  constructor(size: number) {
    this.#keys = new Int32Array(size).fill(-1);
  }

  /** Gives `position` the key `key` (a small non-negative integer). */
  set(position: number, key: number): void {
    const block = Math.floor(position / BLOCK);
    const counts = this.#counts;
    const old = counts[this.#keys[position] ?? -1];
    if (old !== undefined) old[block] = (old[block] ?? 0) - 1;
    this.#keys[position] = key;
    while (counts.length <= key) counts.push(new Int32Array(Math.ceil(this.#keys.length / BLOCK)));
    const now = counts[key] as Int32Array;
    now[block] = (now[block] ?? 0) + 1;
  }

  /**
   * The positions from `from` on whose key `takes`, in order, as `items(position)` gives them.
   *
   * @param takes - Whether a key is taken, by key.
   */
  listing<T>(from: number, takes: readonly boolean[], items: (position: number) => T): Listing<T> {
    const keys = this.#keys;
    const counts = this.#counts.filter((_, key) => takes[key]);
    const inBlock = (block: number) => counts.reduce((sum, count) => sum + (count[block] ?? 0), 0);
    const taken = (position: number) => takes[keys[position] ?? -1] === true;
    const first = Math.floor(from / BLOCK);
    // Taken positions of the first block before `from`: the walk counts from the block's start.
    let before = 0;
    for (let position = first * BLOCK; position < from; position++) if (taken(position)) before++;
    let length = -before;
    for (let block = first; block * BLOCK < keys.length; block++) length += inBlock(block);
    return {
      length,
      slice(start, end) {
        const found: T[] = [];
        let rank = 0;
        const wanted = Math.min(end, length) + before;
        for (let block = first; block * BLOCK < keys.length && rank < wanted; block++) {
          const count = inBlock(block);
          if (rank + count <= start + before) {
            rank += count;
            continue;
          }
          const last = Math.min(keys.length, (block + 1) * BLOCK);
          for (let position = block * BLOCK; position < last && rank < wanted; position++) {
            if (!taken(position)) continue;
            if (rank >= start + before) found.push(items(position));
            rank++;
          }
        }
        return found;
      },
    };
  }
}
