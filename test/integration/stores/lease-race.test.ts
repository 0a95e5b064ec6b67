import { describe, expect, it } from 'vitest';
import type { Lease } from '../../../src/stores/store.js';
import { storeDirectory } from '../../support/store-directory.js';
import { startStoreProcesses } from '../../support/store-processes.js';

const PROCESSES = 4;
const ROUNDS = 100;

describe('fileJournal leases across processes', () => {
  it(`give an expired lease to exactly one of ${PROCESSES} racing processes, ${ROUNDS} rounds in a row`, async () => {
    const workers = await startStoreProcesses(await storeDirectory(), PROCESSES);
    const winnersPerRound: number[] = [];
    const tokens: number[] = [];
    const wins = new Array<number>(PROCESSES).fill(0);

    for (let round = 1; round <= ROUNDS; round++) {
      // Every process reads the same clock: the lease of the round before (500 ms) has expired.
      const now = round * 1_000;
      const leases = await Promise.all(
        workers.map((worker, index) =>
          worker.request<Lease | undefined>({
            op: 'call',
            method: 'acquire',
            args: ['execution-1', `worker-${index}`, 500],
            now,
          }),
        ),
      );
      const won = leases.flatMap((lease, index) => (lease === undefined ? [] : [{ lease, index }]));
      winnersPerRound.push(won.length);
      for (const { lease, index } of won) {
        tokens.push(lease.token);
        wins[index] = (wins[index] ?? 0) + 1;
      }
    }

    expect(winnersPerRound).toEqual(new Array(ROUNDS).fill(1));
    expect(tokens).toEqual(Array.from({ length: ROUNDS }, (_, index) => index + 1));
    expect(wins.reduce((sum, count) => sum + count, 0)).toBe(ROUNDS);
    console.log(`lease race: ${ROUNDS} rounds, each won exactly once; wins per process ${wins.join(', ')}`);
  }, 60_000);
});
