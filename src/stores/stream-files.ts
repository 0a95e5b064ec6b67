/**
 * Streams as JSON-lines files: `<stream>.jsonl`, one `{"seq","at","data"}` record per line, appended and
 * synced. Only complete lines count: a last line without its newline is a write cut short (a crash) or
 * still in progress, and the next append cuts it off before writing.
 */
import { open, readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isErrno, makeDirectory, syncDirectory } from './files.js';
import type { LeaseFiles } from './lease-files.js';
import type { Lease, StoredRecord } from './store.js';
import { LeaseLostError, StoreCorruptError } from './store-errors.js';

/** Where a {@link StreamFiles} keeps its files, and how appends of several processes take turns. */
export interface StreamFilesOptions {
  /** The store's directory, to name files in errors. */
  readonly root: string;
  /** The folder of the stream files, e.g. `<root>/streams`. */
  readonly directory: string;
  /** The append locks: one lease per stream, taken for the time of one append. */
  readonly locks: LeaseFiles;
  /** Who this store is, as the owner of its append locks. */
  readonly lockOwner: string;
  /** How long an append lock lasts: a process that died holding one blocks the stream this long. */
  readonly lockTtlMs: number;
  /** Milliseconds since the epoch, for the records' `at`. */
  readonly now: () => number;
}

/** The end of a stream file as last seen: through its last complete line. */
interface Tail {
  /** Bytes through the last complete line. */
  readonly offset: number;
  readonly lastSeq: number;
  /** The file's inode: another file under the same name is read again from the start. */
  readonly inode: number;
}

const SUFFIX = '.jsonl';

/** The streams of one folder. Several processes may append to one stream at once. */
export class StreamFiles {
  /** Per stream, the appends of this process not yet settled, in order. */
  private readonly queues = new Map<string, Promise<unknown>>();
  /** Per stream, where this process last saw it end; read on from there under the lock. */
  private readonly tails = new Map<string, Tail>();

  constructor(private readonly options: StreamFilesOptions) {}

  /**
   * Appends `lines` (each a record's `data` as JSON text) after the stream's last complete line, syncs the
   * file and resolves with the last sequence number. `fence` runs before each try for the stream's lock
   * and again right before the write; when it throws, nothing is written.
   */
  append(stream: string, lines: readonly string[], fence: () => Promise<void>): Promise<number> {
    const previous = this.queues.get(stream) ?? Promise.resolve();
    const run = previous.then(() => this.appendLocked(stream, lines, fence));
    const settled = run.catch(() => undefined);
    this.queues.set(stream, settled);
    void settled.then(() => {
      if (this.queues.get(stream) === settled) this.queues.delete(stream);
    });
    return run;
  }

  /** Every complete record of a stream, in order. */
  async read(stream: string): Promise<StoredRecord[]> {
    const path = this.path(stream);
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return [];
      throw error;
    }
    return parseLines(bytes, 0, relative(this.options.root, path)).records;
  }

  /** The names of the streams, sorted; those starting with `prefix`. */
  async list(prefix: string): Promise<string[]> {
    let names: string[];
    try {
      names = await readdir(this.options.directory);
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return [];
      throw error;
    }
    return names
      .filter((name) => name.endsWith(SUFFIX))
      .map((name) => name.slice(0, -SUFFIX.length))
      .filter((name) => name.startsWith(prefix))
      .sort();
  }

  /**
   * One append under the stream's lock, taken in turns with other processes. The fence is checked before
   * each try for the lock (a lost lease does not wait for it) and again right before the write, with the
   * lock: when the lock expired meanwhile (this process was paused longer than its duration), nothing is
   * written and the append starts over.
   */
  private async appendLocked(
    stream: string,
    lines: readonly string[],
    fence: () => Promise<void>,
  ): Promise<number> {
    const { locks, lockOwner, lockTtlMs } = this.options;
    for (let attempt = 0; ; attempt++) {
      await fence();
      const lock = await locks.acquire(stream, lockOwner, lockTtlMs);
      if (lock === undefined) {
        // Held by another process: wait a few milliseconds, more as the wait goes on.
        await sleep(1 + Math.random() * Math.min(50, 2 ** attempt));
        continue;
      }
      try {
        const kept = await this.write(stream, lines, fence, lock);
        if (kept !== undefined) return kept;
      } finally {
        // A lock that cannot be freed expires by itself.
        await locks.release(lock).catch(() => undefined);
      }
    }
  }

  /**
   * Writes under `lock`; `undefined` when the lock was lost before writing. The stream's file is created
   * only when there is something to write, and only once the fence and the lock are checked.
   */
  private async write(
    stream: string,
    lines: readonly string[],
    fence: () => Promise<void>,
    lock: Lease,
  ): Promise<number | undefined> {
    const path = this.path(stream);
    try {
      const { tail, size } = await this.readTail(stream, path);
      await fence();
      if (!(await this.holds(lock))) return undefined;
      if (lines.length === 0) return tail.lastSeq;
      const at = this.options.now();
      let seq = tail.lastSeq;
      const text = lines.map((data) => `{"seq":${++seq},"at":${at},"data":${data}}\n`).join('');
      await makeDirectory(this.options.directory, true);
      const handle = await open(path, 'a');
      try {
        // Cuts off a line a crash left incomplete: the records start on a fresh line.
        if (tail.offset < size) await handle.truncate(tail.offset);
        await handle.appendFile(text);
        await handle.sync();
        const { ino } = await handle.stat();
        this.tails.set(stream, { offset: tail.offset + Buffer.byteLength(text), lastSeq: seq, inode: ino });
      } finally {
        await handle.close();
      }
      if (tail.offset === 0) await syncDirectory(this.options.directory);
      return seq;
    } catch (error) {
      this.tails.delete(stream);
      throw error;
    }
  }

  private async holds(lock: Lease): Promise<boolean> {
    try {
      await this.options.locks.check(lock);
      return true;
    } catch (error) {
      if (error instanceof LeaseLostError) return false;
      throw error;
    }
  }

  /**
   * Reads the lines appended since this process last saw the stream (all of them the first time): where
   * its complete lines end, the last sequence number, and the file's size.
   */
  private async readTail(stream: string, path: string): Promise<{ tail: Tail; size: number }> {
    let handle: Awaited<ReturnType<typeof open>>;
    try {
      handle = await open(path, 'r');
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return { tail: { offset: 0, lastSeq: 0, inode: -1 }, size: 0 };
      throw error;
    }
    try {
      const { size, ino } = await handle.stat();
      const known = this.tails.get(stream);
      const from = known !== undefined && known.inode === ino && known.offset <= size ? known : undefined;
      const offset = from?.offset ?? 0;
      const bytes = Buffer.alloc(size - offset);
      let read = 0;
      while (read < bytes.length) {
        const { bytesRead } = await handle.read(bytes, read, bytes.length - read, offset + read);
        if (bytesRead === 0) break;
        read += bytesRead;
      }
      const file = relative(this.options.root, path);
      const parsed = parseLines(bytes.subarray(0, read), from?.lastSeq ?? 0, file);
      const lastSeq = parsed.records.at(-1)?.seq ?? from?.lastSeq ?? 0;
      return { tail: { offset: offset + parsed.end, lastSeq, inode: ino }, size: offset + read };
    } finally {
      await handle.close();
    }
  }

  private path(stream: string): string {
    return join(this.options.directory, `${stream}${SUFFIX}`);
  }
}

/**
 * The records of the complete lines of `bytes`, which follow record `lastSeq` of the stream, and the
 * bytes through the last complete line (`end`); what follows it is not a record yet.
 *
 * @throws {@link StoreCorruptError} for a complete line that is not the next record
 */
function parseLines(bytes: Buffer, lastSeq: number, file: string): { records: StoredRecord[]; end: number } {
  const records: StoredRecord[] = [];
  let start = 0;
  for (let newline = bytes.indexOf(10); newline !== -1; newline = bytes.indexOf(10, start)) {
    const seq = lastSeq + records.length + 1;
    records.push(parseRecord(bytes.toString('utf8', start, newline), seq, file));
    start = newline + 1;
  }
  return { records, end: start };
}

function parseRecord(line: string, seq: number, file: string): StoredRecord {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    throw new StoreCorruptError({ file, line: seq, why: 'it is not JSON' });
  }
  const record = parsed as Partial<StoredRecord> | null;
  if (typeof record !== 'object' || record === null || typeof record.at !== 'number' || !('data' in record)) {
    throw new StoreCorruptError({ file, line: seq, why: 'it is not a record ({"seq","at","data"})' });
  }
  if (record.seq !== seq) {
    throw new StoreCorruptError({ file, line: seq, why: `its seq is ${record.seq}, not ${seq}` });
  }
  return { seq, at: record.at, data: record.data as StoredRecord['data'] };
}
