import { appendFile, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileJournal } from '../../../src/stores/file-store.js';
import type { JsonValue } from '../../../src/stores/store.js';
import { StoreCorruptError } from '../../../src/stores/store-errors.js';
import { manualClock, storeDirectory } from '../../support/store-directory.js';
import { failureOf } from '../../support/typed-failure.js';

describe('fileJournal streams', () => {
  it('numbers records 1, 2, 3… in append order and reads them back in that order', async () => {
    const clock = manualClock(5_000);
    const store = fileJournal(await storeDirectory(), { now: clock.now });

    expect(await store.append('execution-1', [{ intent: 1 }, { intent: 2 }])).toBe(2);
    clock.advance(10);
    expect(await store.append('execution-1', ['third'])).toBe(3);

    expect(await store.read('execution-1')).toEqual([
      { seq: 1, at: 5_000, data: { intent: 1 } },
      { seq: 2, at: 5_000, data: { intent: 2 } },
      { seq: 3, at: 5_010, data: 'third' },
    ]);
  });

  it('keeps every JSON value as given', async () => {
    const store = fileJournal(await storeDirectory());
    const values: JsonValue[] = [
      null,
      true,
      0,
      -1.5,
      '',
      'é ✓ \n "quoted"',
      [],
      {},
      { nested: [1, { deep: null }] },
    ];

    await store.append('values', values);

    expect((await store.read('values')).map((record) => record.data)).toEqual(values);
  });

  it('numbers the appends of one process in the order they were made, even when not awaited', async () => {
    const store = fileJournal(await storeDirectory());

    const seqs = await Promise.all(Array.from({ length: 50 }, (_, n) => store.append('busy', [n])));

    expect(seqs).toEqual(Array.from({ length: 50 }, (_, n) => n + 1));
    expect((await store.read('busy')).map((record) => record.data)).toEqual(seqs.map((seq) => seq - 1));
  });

  it('goes on from the end of the stream when another store (another process) appended meanwhile', async () => {
    const directory = await storeDirectory();
    const first = fileJournal(directory);
    const second = fileJournal(directory);

    await first.append('shared', ['a']);
    await second.append('shared', ['b', 'c']);

    expect(await first.append('shared', ['d'])).toBe(4);
    expect((await second.read('shared')).map((record) => record.data)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('answers an empty append with the last sequence number, 0 for an empty stream', async () => {
    const store = fileJournal(await storeDirectory());

    expect(await store.append('quiet', [])).toBe(0);
    await store.append('quiet', ['one']);
    expect(await store.append('quiet', [])).toBe(1);
  });

  it('reads a stream never appended to as empty', async () => {
    const store = fileJournal(await storeDirectory());

    expect(await store.read('never')).toEqual([]);
    expect(await store.streams()).toEqual([]);
  });

  it('lists the streams, sorted, those starting with a prefix', async () => {
    const store = fileJournal(await storeDirectory());
    for (const stream of ['execution-b', 'feed-1', 'execution-a']) await store.append(stream, [1]);

    expect(await store.streams()).toEqual(['execution-a', 'execution-b', 'feed-1']);
    expect(await store.streams('execution-')).toEqual(['execution-a', 'execution-b']);
    expect(await store.streams('nothing')).toEqual([]);
  });
});

describe('fileJournal stream files', () => {
  it('writes one JSON line per record: seq, at, data', async () => {
    const directory = await storeDirectory();
    const store = fileJournal(directory, { now: () => 42 });

    await store.append('execution-1', [{ alertIds: ['7009607'] }, 'done']);

    expect(await readFile(join(directory, 'streams', 'execution-1.jsonl'), 'utf8')).toBe(
      '{"seq":1,"at":42,"data":{"alertIds":["7009607"]}}\n{"seq":2,"at":42,"data":"done"}\n',
    );
  });

  it('ignores a torn last line, and the next append cuts it off and starts on a fresh line', async () => {
    const directory = await storeDirectory();
    const path = join(directory, 'streams', 'execution-1.jsonl');
    const store = fileJournal(directory, { now: () => 7 });
    await store.append('execution-1', ['kept']);
    // A write cut short by a crash: part of a line, no newline.
    await appendFile(path, '{"seq":2,"at":7,"da');

    expect(await store.read('execution-1')).toEqual([{ seq: 1, at: 7, data: 'kept' }]);
    expect(await fileJournal(directory).read('execution-1')).toHaveLength(1);

    expect(await fileJournal(directory, { now: () => 8 }).append('execution-1', ['next'])).toBe(2);
    expect(await readFile(path, 'utf8')).toBe(
      '{"seq":1,"at":7,"data":"kept"}\n{"seq":2,"at":8,"data":"next"}\n',
    );
  });

  it('does not count a last line without its newline, even when it is whole JSON', async () => {
    const directory = await storeDirectory();
    const path = join(directory, 'streams', 'cut.jsonl');
    const store = fileJournal(directory);
    await store.append('cut', ['one']);
    await appendFile(path, '{"seq":2,"at":1,"data":"no newline"}');

    expect(await store.read('cut')).toHaveLength(1);
    expect(await store.append('cut', ['two'])).toBe(2);
    expect((await store.read('cut')).map((record) => record.data)).toEqual(['one', 'two']);
  });

  it('refuses to read a stream whose complete line is not the next record', async () => {
    const directory = await storeDirectory();
    const store = fileJournal(directory);
    const path = join(directory, 'streams', 'edited.jsonl');
    await store.append('edited', ['one', 'two']);

    await writeFile(path, '{"seq":1,"at":1,"data":"one"}\nnot json\n');
    const notJson = await failureOf(StoreCorruptError, store.read('edited'));
    expect(notJson).toMatchObject({ code: 'StoreCorrupt', file: join('streams', 'edited.jsonl'), line: 2 });

    await writeFile(path, '{"seq":1,"at":1,"data":"one"}\n{"seq":1,"at":1,"data":"again"}\n');
    expect((await failureOf(StoreCorruptError, store.read('edited'))).message).toContain('seq is 1, not 2');

    await writeFile(path, '{"seq":1,"at":1}\n');
    await failureOf(StoreCorruptError, fileJournal(directory).append('edited', ['three']));
  });

  it('leaves no temporary file behind', async () => {
    const directory = await storeDirectory();
    const store = fileJournal(directory);
    await store.append('execution-1', ['a']);
    await store.append('execution-1', ['b']);

    expect(await readdir(join(directory, 'tmp'))).toEqual([]);
    expect(await readdir(join(directory, 'streams'))).toEqual(['execution-1.jsonl']);
  });
});
