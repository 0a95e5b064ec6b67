import { sha256Hex } from './signing/scheme.js';

/**
 * Returns a generator of UUID-shaped, upper-case RequestIds (like the service's) that depend only on
 * the seed and how many were generated before.
 *
 * @example
 * ```ts
 * const nextId = requestIds('demo');
 * nextId(); // the same first id on every run with seed 'demo'
 * ```
 */
export function requestIds(seed: string): () => string {
  let counter = 0;
  return () => {
    counter += 1;
    const hex = sha256Hex(`${seed}:${counter}`);
    const variant = ((Number.parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
    const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
    return id.toUpperCase();
  };
}
