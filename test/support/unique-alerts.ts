/**
 * Sample alerts whose ids no other call of the same test file gets: an execution a test leaves dead
 * keeps its alert claims in the process, so each test of such a file works on alerts of its own.
 */
import { sampleAlerts } from '../../src/emulator/index.js';

/** Makes `count` sample alerts (of `seed`) per call, the ids of each call 1,000 above the last, from `firstId`. */
export function uniqueAlerts(
  firstId: number,
): (count: number, seed: string) => ReturnType<typeof sampleAlerts> {
  let next = firstId;
  return (count, seed) => {
    const base = next;
    next += 1000;
    return sampleAlerts(count, seed).map((record, index) => ({
      ...record,
      Id: base + index,
      SecurityEventIds: String(base + index),
    }));
  };
}
