import { appendFile, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileJournal } from '../../../src/stores/file-store.js';
import { StoreCorruptError } from '../../../src/stores/store-errors.js';
import { storeDirectory } from '../../support/store-directory.js';
import { failureOf } from '../../support/typed-failure.js';

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
