import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SeenIds } from '../../src/paging-seen.js';

describe('SeenIds: the ids a walk has seen', () => {
  it('knows an id again in any of its forms', () => {
    const seen = new SeenIds();
    expect(seen.add(7009607)).toBe(true);
    expect(seen.add('7009607')).toBe(false);
    expect(seen.add(7009607n)).toBe(false);
    expect(seen.add(0)).toBe(true);
    expect(seen.add('0')).toBe(false);
    expect(seen.add(2 ** 32 - 2)).toBe(true);
    expect(seen.add(2 ** 32 - 1)).toBe(true);
    expect(seen.add(2 ** 40)).toBe(true);
    expect(seen.add(String(2 ** 40))).toBe(false);
    expect(seen.add('9223372036854775807')).toBe(true);
    expect(seen.add(9223372036854775807n)).toBe(false);
    expect(seen.add('a-7')).toBe(true);
    expect(seen.add('a-7')).toBe(false);
    expect(seen.add('07')).toBe(true);
    expect(seen.add(7)).toBe(true);
    expect(seen.add(-1)).toBe(true);
    expect(seen.add(-1)).toBe(false);
    expect(seen.size).toBe(10);
  });

  it('never remembers what is no id', () => {
    const seen = new SeenIds();
    for (const value of [undefined, null, '', {}, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(seen.add(value)).toBe(true);
      expect(seen.add(value)).toBe(true);
    }
    expect(seen.size).toBe(0);
  });

  it('agrees with a Set over 200,000 ids, sequential and scattered', () => {
    const seen = new SeenIds();
    const reference = new Set<number>();
    for (let id = 7_000_000; id < 7_100_000; id++) {
      expect(seen.add(id)).toBe(true);
      reference.add(id);
    }
    let state = 42;
    for (let index = 0; index < 100_000; index++) {
      state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
      const id = state % 8_000_000;
      expect(seen.add(id)).toBe(!reference.has(id));
      reference.add(id);
    }
    expect(seen.size).toBe(reference.size);
  });

  it('agrees with a Set on any ids', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(fc.nat({ max: 50 }), fc.integer(), fc.constantFrom(2 ** 32 - 2, 2 ** 32 - 1, 2 ** 53 - 1)),
        ),
        (ids) => {
          const seen = new SeenIds();
          const reference = new Set<number>();
          for (const id of ids) {
            expect(seen.add(id)).toBe(!reference.has(id));
            reference.add(id);
          }
        },
      ),
    );
  });
});
