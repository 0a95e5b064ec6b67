import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileJournal } from '../../../src/stores/file-store.js';
import { storeDirectory } from '../../support/store-directory.js';
import { startStoreProcesses } from '../../support/store-processes.js';

const PROCESSES = 4;
const APPENDS = 200;

describe('fileJournal appends across processes', () => {
  it(`keep every record of ${PROCESSES} processes appending ${APPENDS} each to one stream, once, numbered without gaps`, async () => {
    const directory = await storeDirectory();
    const workers = await startStoreProcesses(directory, PROCESSES);

    const answered = await Promise.all(
      workers.map((worker, index) =>
        worker.request<number[]>({
          op: 'appendMany',
          stream: 'shared',
          count: APPENDS,
          worker: index,
          now: 1,
        }),
      ),
    );

    const total = PROCESSES * APPENDS;
    const records = await fileJournal(directory).read('shared');
    expect(records.map((record) => record.seq)).toEqual(
      Array.from({ length: total }, (_, index) => index + 1),
    );
    // Each process's records, exactly once each, in the order it appended them.
    for (let worker = 0; worker < PROCESSES; worker++) {
      const own = records.filter((record) => (record.data as { worker: number }).worker === worker);
      expect(own.map((record) => (record.data as { n: number }).n)).toEqual([...Array(APPENDS).keys()]);
      expect(own.map((record) => record.seq)).toEqual(answered[worker]);
    }
    // Every sequence number was answered to exactly one append.
    expect(answered.flat().sort((a, b) => a - b)).toEqual(records.map((record) => record.seq));
    const lines = (await readFile(join(directory, 'streams', 'shared.jsonl'), 'utf8')).split('\n');
    expect(lines).toHaveLength(total + 1);
    expect(lines.at(-1)).toBe('');
    const writers = records.map((record) => (record.data as { worker: number }).worker);
    const switches = writers.filter((writer, index) => index > 0 && writer !== writers[index - 1]).length;
    console.log(
      `concurrent appends: ${total} records, seqs 1..${total}, ${switches} switches between processes`,
    );
  }, 120_000);
});
