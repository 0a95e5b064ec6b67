/**
 * Leases as files, one folder per key: `<token>.lease` files, the greatest token the key's current lease.
 * Taking a key creates the next token's file exclusively (a link that fails when the name is taken), the
 * compare-and-swap that lets exactly one of several processes take it.
 */
import { readdir, unlink } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { isErrno, readText, writeWhole } from './files.js';
import type { Lease } from './store.js';
import { type LatestLease, leaseLost, StoreCorruptError } from './store-errors.js';

/** What a lease file holds; `released`: freed by its holder, the key is free and its token stays used. */
type LeaseRecord = LatestLease;

/** Where a {@link LeaseFiles} keeps its files, and how. */
export interface LeaseFilesOptions {
  /** The store's directory, to name files in errors. */
  readonly root: string;
  /** The folder of the key folders, e.g. `<root>/leases`. */
  readonly directory: string;
  /** Where temporary files are written, on the same file system. */
  readonly tmpDirectory: string;
  /** Milliseconds since the epoch. */
  readonly now: () => number;
  /** Sync every change before it resolves (leases); locks need not survive a restart of the machine. */
  readonly durable: boolean;
}

const LEASE_FILE = /^([1-9][0-9]*)\.lease$/;

/** The leases of one folder. Several processes may share it; none keeps state in memory. */
export class LeaseFiles {
  constructor(private readonly options: LeaseFilesOptions) {}

  /** Takes `key` when it is free, released or expired; `undefined` while another lease holds it. */
  async acquire(key: string, owner: string, ttlMs: number): Promise<Lease | undefined> {
    for (;;) {
      const latest = await this.latest(key);
      const now = this.options.now();
      if (latest !== undefined && isHeld(latest, now)) return undefined;
      const lease: Lease = { key, owner, token: (latest?.token ?? 0) + 1, expiresAt: now + ttlMs };
      if (await this.write(lease, false, 'create')) {
        await this.removeOlder(key, lease.token);
        return lease;
      }
      // Another process took this token first: look again (it may have released the key already).
    }
  }

  /** Extends `lease` while it is still its key's latest, unreleased lease; `undefined` otherwise. */
  async renew(lease: Lease, ttlMs: number): Promise<Lease | undefined> {
    if (!isLatest(lease, await this.latest(lease.key))) return undefined;
    const renewed: Lease = { ...lease, expiresAt: this.options.now() + ttlMs };
    await this.write(renewed, false, 'replace');
    // A takeover between the check and the write leaves a greater token; this renewal then lost.
    return (await this.latest(lease.key))?.token === lease.token ? renewed : undefined;
  }

  /** Frees the key when `lease` still holds it; its token stays used. */
  async release(lease: Lease): Promise<void> {
    const latest = await this.latest(lease.key);
    if (latest !== undefined && isLatest(lease, latest)) await this.write(latest, true, 'replace');
  }

  /** The key's current, unexpired holder. */
  async holder(key: string): Promise<Lease | undefined> {
    const latest = await this.latest(key);
    return latest !== undefined && isHeld(latest, this.options.now()) ? toLease(latest) : undefined;
  }

  /**
   * Resolves when `lease` is its key's current, unexpired holder, by the files and the clock as they are
   * now; throws a {@link LeaseLostError} otherwise.
   */
  async check(lease: Lease): Promise<void> {
    const lost = leaseLost(lease, await this.latest(lease.key), this.options.now());
    if (lost !== undefined) throw lost;
  }

  /** The lease file with the greatest token of `key`; `undefined` when the key was never taken. */
  private async latest(key: string): Promise<LeaseRecord | undefined> {
    for (;;) {
      const tokens = await this.tokens(key);
      if (tokens.length === 0) return undefined;
      const token = Math.max(...tokens);
      const path = this.path(key, token);
      const text = await readText(path);
      // Removed meanwhile: a greater token was created since the folder was read.
      if (text !== undefined) return parseLease(text, key, token, relative(this.options.root, path));
    }
  }

  private async tokens(key: string): Promise<number[]> {
    try {
      const names = await readdir(join(this.options.directory, key));
      return names.flatMap((name) => {
        const token = LEASE_FILE.exec(name)?.[1];
        return token === undefined ? [] : [Number(token)];
      });
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return [];
      throw error;
    }
  }

  /** Removes the files of tokens below `token`: only the greatest one is ever read. */
  private async removeOlder(key: string, token: number): Promise<void> {
    for (const older of await this.tokens(key)) {
      if (older >= token) continue;
      await unlink(this.path(key, older)).catch((error: unknown) => {
        if (!isErrno(error, 'ENOENT')) throw error;
      });
    }
  }

  private write(lease: Lease, released: boolean, how: 'create' | 'replace'): Promise<boolean> {
    const { key, owner, token, expiresAt } = lease;
    const content = `${JSON.stringify({ key, owner, token, expiresAt, released })}\n`;
    return writeWhole(this.options.tmpDirectory, this.path(key, token), content, {
      how,
      durable: this.options.durable,
    });
  }

  private path(key: string, token: number): string {
    return join(this.options.directory, key, `${token}.lease`);
  }
}

function isHeld(latest: LeaseRecord, now: number): boolean {
  return !latest.released && latest.expiresAt > now;
}

/** Whether `lease` is still the latest, unreleased lease of its key (expired or not). */
function isLatest(lease: Lease, latest: LeaseRecord | undefined): boolean {
  return (
    latest !== undefined && latest.token === lease.token && latest.owner === lease.owner && !latest.released
  );
}

function toLease({ key, owner, token, expiresAt }: LeaseRecord): Lease {
  return { key, owner, token, expiresAt };
}

function parseLease(text: string, key: string, token: number, file: string): LeaseRecord {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const record = parsed as Partial<LeaseRecord> | undefined;
  if (
    typeof record !== 'object' ||
    record === null ||
    record.key !== key ||
    record.token !== token ||
    typeof record.owner !== 'string' ||
    typeof record.expiresAt !== 'number' ||
    typeof record.released !== 'boolean'
  ) {
    throw new StoreCorruptError({ file, why: 'it is not a lease of this key and token' });
  }
  return {
    key,
    owner: record.owner,
    token,
    expiresAt: record.expiresAt,
    released: record.released,
  };
}
