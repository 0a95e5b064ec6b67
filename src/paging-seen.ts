/**
 * The identities a paged walk has seen, held compactly: a walk of 100,000 alerts remembers 100,000 ids,
 * and service ids are integers, so those below 2^32 − 1 sit in an open-addressing table of 4 bytes a
 * slot (about 1 MB for 100,000) rather than a `Set` (about 2.5 MB); other ids go to a `Set`.
 *
 * @packageDocumentation
 */

const MAX_PACKED = 0xffff_fffe;
const INITIAL_BITS = 10;

/**
 * A set of ids (safe integers, digit strings and other strings; `7` and `"7"` are one id) that only
 * grows.
 *
 * @example
 * ```ts
 * const seen = new SeenIds();
 * seen.add(7009607); // true: new
 * seen.add('7009607'); // false: seen
 * ```
 */
export class SeenIds {
  /** Id + 1 in each used slot, 0 in each free one. */
  #slots = new Uint32Array(1 << INITIAL_BITS);
  #bits = INITIAL_BITS;
  #packed = 0;
  readonly #others = new Set<string | number>();

  /**
   * Adds an id; `true` when it was not there, and for a value that is no id (`undefined`, an empty
   * string, an object), which is never remembered.
   *
   * @example
   * ```ts
   * if (seen.add(alert.raw.Id)) yieldIt(alert);
   * ```
   */
  add(value: unknown): boolean {
    const id = idOf(value);
    if (id === undefined) return true;
    if (typeof id === 'number' && Number.isInteger(id) && id >= 0 && id <= MAX_PACKED)
      return this.#addPacked(id + 1);
    if (this.#others.has(id)) return false;
    this.#others.add(id);
    return true;
  }

  /** How many ids it holds. */
  get size(): number {
    return this.#packed + this.#others.size;
  }

  #addPacked(stored: number): boolean {
    const slots = this.#slots;
    const mask = slots.length - 1;
    let index = Math.imul(stored, 0x9e37_79b1) >>> (32 - this.#bits);
    for (;;) {
      const held = slots[index];
      if (held === stored) return false;
      if (held === 0) break;
      index = (index + 1) & mask;
    }
    slots[index] = stored;
    this.#packed++;
    if (this.#packed * 4 > slots.length * 3) this.#grow();
    return true;
  }

  #grow(): void {
    const old = this.#slots;
    this.#bits++;
    this.#slots = new Uint32Array(1 << this.#bits);
    const slots = this.#slots;
    const mask = slots.length - 1;
    for (const stored of old) {
      if (stored === 0) continue;
      let index = Math.imul(stored, 0x9e37_79b1) >>> (32 - this.#bits);
      while (slots[index] !== 0) index = (index + 1) & mask;
      slots[index] = stored;
    }
  }
}

/**
 * The identity an id is remembered by: numbers as they are, digit strings of safe integers as numbers
 * (so `7` and `"7"` are one id), other strings and large bigints as strings; `undefined` for no id.
 */
function idOf(value: unknown): string | number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string') {
    if (value === '') return undefined;
    return value.length <= 15 && /^(?:0|[1-9]\d*)$/.test(value) ? Number(value) : value;
  }
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : String(value);
  return undefined;
}
