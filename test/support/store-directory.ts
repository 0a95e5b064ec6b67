import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';

/** A fresh, empty folder for a store, removed when the current test finishes. */
export async function storeDirectory(): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'alert-store-'));
  onTestFinished(() => rm(directory, { recursive: true, force: true }));
  return directory;
}

/** A clock a test moves by hand: `now` reads it, `set` and `advance` move it. */
export interface ManualClock {
  readonly now: () => number;
  set(ms: number): void;
  advance(ms: number): void;
}

/** A {@link ManualClock} at `startMs` (milliseconds since the epoch). */
export function manualClock(startMs = 1_000_000): ManualClock {
  let time = startMs;
  return {
    now: () => time,
    set: (ms) => {
      time = ms;
    },
    advance: (ms) => {
      time += ms;
    },
  };
}
