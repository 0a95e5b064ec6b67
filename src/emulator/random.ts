import { createHash } from 'node:crypto';

/**
 * A deterministic pseudo-random generator (mulberry32) seeded from any string or number: the same seed
 * gives the same sequence of numbers in `[0, 1)` on every run.
 */
export function seededRandom(seed: string | number): () => number {
  let state = createHash('sha256').update(String(seed)).digest().readUInt32LE(0);
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
