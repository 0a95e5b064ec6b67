/** File operations of the file store: whole-file writes that become visible at once, and their syncing. */
import { randomUUID } from 'node:crypto';
import { link, mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** Whether `error` is a Node.js system error with this `code`, e.g. `ENOENT`. */
export function isErrno(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}

/** The text of a file; `undefined` when it does not exist. */
export async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return undefined;
    throw error;
  }
}

/**
 * Makes the entries of a directory (files created, renamed or removed in it) durable. Some platforms
 * cannot open a directory for syncing (Windows): there the entries are as durable as the platform makes
 * them.
 */
export async function syncDirectory(path: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(path, 'r');
    await handle.sync();
  } catch (error) {
    if (!['EISDIR', 'EPERM', 'EINVAL', 'EBADF'].some((code) => isErrno(error, code))) throw error;
  } finally {
    await handle?.close();
  }
}

/**
 * Creates the directory `path` and its missing parents. When `durable`, syncs every directory that gained
 * an entry, so that the new directories survive a crash of the machine too.
 */
export async function makeDirectory(path: string, durable: boolean): Promise<void> {
  const first = await mkdir(path, { recursive: true });
  if (!durable || first === undefined) return;
  for (let directory = path; ; directory = dirname(directory)) {
    await syncDirectory(dirname(directory));
    if (directory === first || directory === dirname(directory)) return;
  }
}

/** How {@link writeWhole} puts its file in place. */
export interface WriteWholeOptions {
  /** `create`: only when no file has that name (exclusive); `replace`: over any file of that name. */
  how: 'create' | 'replace';
  /** Sync the file and its directory before resolving. */
  durable: boolean;
  /** Runs after the content is written and synced, right before it is put in place; throwing stops it. */
  beforePlace?: () => Promise<void>;
}

/**
 * Writes `content` to `target` so that no reader ever sees a part of it: into a temporary file in
 * `tmpDirectory` (on the same file system) first, then linked into place (`create`: fails with `EEXIST`
 * like `open(…, 'wx')`, atomically, when the name is taken) or renamed over the old file (`replace`).
 *
 * @returns `false` when `create` found the name taken; `true` otherwise
 */
export async function writeWhole(
  tmpDirectory: string,
  target: string,
  content: string,
  options: WriteWholeOptions,
): Promise<boolean> {
  await makeDirectory(tmpDirectory, false);
  await makeDirectory(dirname(target), options.durable);
  const temporary = join(tmpDirectory, `${randomUUID()}.tmp`);
  try {
    const handle = await open(temporary, 'wx');
    try {
      await handle.writeFile(content);
      if (options.durable) await handle.sync();
    } finally {
      await handle.close();
    }
    await options.beforePlace?.();
    if (options.how === 'replace') {
      await rename(temporary, target);
    } else {
      try {
        await link(temporary, target);
      } catch (error) {
        if (isErrno(error, 'EEXIST')) return false;
        throw error;
      }
    }
    if (options.durable) await syncDirectory(dirname(target));
    return true;
  } finally {
    await unlink(temporary).catch((error: unknown) => {
      if (!isErrno(error, 'ENOENT')) throw error;
    });
  }
}
