import { describe, expect, it } from 'vitest';
import { slots } from '../../src/util/concurrency.js';

describe('slots', () => {
  it('lets `limit` hold a place at once and hands a freed place to the first in line', async () => {
    const places = slots(2);
    const order: string[] = [];
    const first = await places.take();
    const second = await places.take();
    const third = places.take().then((release) => {
      order.push('third');
      return release;
    });
    const fourth = places.take().then((release) => {
      order.push('fourth');
      return release;
    });
    await Promise.resolve();
    expect(order).toEqual([]);
    second();
    second(); // giving a place back twice frees one only
    await third;
    expect(order).toEqual(['third']);
    first();
    (await fourth)();
    expect(order).toEqual(['third', 'fourth']);
  });
});
