/** What the validators and the zod schemas report: problems, and the normalizations they made. */

/** Where in a request or response a problem is: keys and array indexes from the root. */
export type IssuePath = readonly (string | number)[];

/** One problem found by a validator, or one normalization it made (then called a note). */
export interface Issue {
  /** Keys and indexes from the root, e.g. `['SuspEvents', 0, 'Level']`. */
  readonly path: IssuePath;
  /**
   * What is wrong, e.g. `Invalid input: expected string, received number`; or, for a note, what was
   * read, e.g. `null read as absent`.
   */
  readonly message: string;
}
