import type { WirePair } from '../http/wire-request.js';

/**
 * Sorts parameter pairs by name in UTF-16 code unit order (what `Array#sort` does to the keys when the
 * client signs); pairs with the same name keep their wire order.
 */
export function sortPairs(pairs: readonly WirePair[]): WirePair[] {
  return [...pairs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
