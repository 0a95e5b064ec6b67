/**
 * Counts, per category, the bad inputs a fuzz file tried (and how many distinct ones) and how many were
 * rejected as they must be: a `ValidationError` naming the offending field, with no request sent.
 * Prints the counts when the file's tests are done.
 */
import { inspect } from 'node:util';
import { afterAll, expect } from 'vitest';
import { ValidationError } from '../../src/index.js';

interface Count {
  tried: number;
  rejected: number;
  readonly distinct: Set<string>;
}

/** One bad input and what must become of it. */
export interface BadInput {
  /** Category it is counted under. */
  readonly category: string;
  /** The bad input itself, for the count of distinct inputs. */
  readonly input: unknown;
  /** The `field` the `ValidationError` must name. */
  readonly field: string;
  /** Uses the input; must throw (or reject with) the `ValidationError`. */
  readonly attempt: () => unknown;
  /** Requests received so far (e.g. `emulator.count()`): must still be 0 afterwards. */
  readonly sent?: () => number;
}

/** The tally of one fuzz file; its counts are printed when the file's tests are done. */
export class Tally {
  readonly #counts = new Map<string, Count>();

  constructor(title: string) {
    afterAll(() => {
      const rows = [...this.#counts].map(
        ([category, { tried, rejected, distinct }]) =>
          `  ${category.padEnd(66)} tried ${String(tried).padStart(4)} (${String(distinct.size).padStart(4)} distinct), rejected ${rejected}`,
      );
      console.log(`fuzz ${title}: bad inputs per category\n${rows.join('\n')}`);
    });
  }

  /** Tries one bad input and checks that it is rejected before any request, naming its field. */
  async rejects({ category, input, field, attempt, sent = () => 0 }: BadInput): Promise<void> {
    const count = this.#counts.get(category) ?? { tried: 0, rejected: 0, distinct: new Set<string>() };
    this.#counts.set(category, count);
    count.tried += 1;
    count.distinct.add(inspect(input, { depth: 5 }));
    let error: unknown;
    try {
      await attempt();
    } catch (caught) {
      error = caught;
    }
    expect(error, `${category}: nothing thrown for ${inspect(input)}`).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field, `${category}: ${(error as Error).message}`).toBe(field);
    expect(sent(), `${category}: a request was sent for ${inspect(input)}`).toBe(0);
    count.rejected += 1;
  }
}
