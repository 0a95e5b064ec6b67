/**
 * The checks of a store's arguments: names of streams and keys (they become file names, so their charset
 * is small), owners, durations and leases.
 */
import { ValidationError } from '../errors.js';
import { describeValue } from '../util/describe-value.js';
import type { Lease } from './store.js';

/** The longest name: leaves room for a file's suffixes within the usual 255-byte limit. */
export const MAX_NAME_LENGTH = 128;

const NAME = /^[a-z0-9][a-z0-9._-]*$/;
const PREFIX = /^[a-z0-9._-]*$/;

/**
 * Checks a stream name or a key: 1 to {@link MAX_NAME_LENGTH} characters of `a-z`, `0-9`, `.`, `_`, `-`,
 * the first a letter or a digit. Lower case only, so that two names never meet on a case-insensitive file
 * system.
 *
 * @param what - What the name is, for the message, e.g. `append: stream`.
 * @throws {@link ValidationError} otherwise
 */
export function checkName(name: unknown, what: string): string {
  if (typeof name === 'string' && name.length <= MAX_NAME_LENGTH && NAME.test(name)) return name;
  throw new ValidationError(
    `${what} must be 1 to ${MAX_NAME_LENGTH} characters of a-z, 0-9, '.', '_' and '-', starting with a ` +
      `letter or a digit, got ${describeValue(name)}.`,
    { field: what },
  );
}

/**
 * Checks a prefix of names: what a name may hold, possibly empty.
 *
 * @throws {@link ValidationError} otherwise
 */
export function checkPrefix(prefix: unknown, what: string): string {
  if (typeof prefix === 'string' && prefix.length <= MAX_NAME_LENGTH && PREFIX.test(prefix)) return prefix;
  throw new ValidationError(
    `${what} must be at most ${MAX_NAME_LENGTH} characters of a-z, 0-9, '.', '_' and '-', got ` +
      `${describeValue(prefix)}.`,
    { field: what },
  );
}

/** The longest owner name. */
const MAX_OWNER_LENGTH = 256;

/**
 * Checks an owner name: 1 to 256 characters.
 *
 * @throws {@link ValidationError} otherwise
 */
export function checkOwner(owner: unknown, what: string): string {
  if (typeof owner === 'string' && owner.length > 0 && owner.length <= MAX_OWNER_LENGTH) return owner;
  throw new ValidationError(
    `${what} must be a string of 1 to ${MAX_OWNER_LENGTH} characters, got ${describeValue(owner)}.`,
    { field: what },
  );
}

/**
 * Checks a lease's duration: a whole number of milliseconds above 0.
 *
 * @throws {@link ValidationError} otherwise
 */
export function checkTtl(ttlMs: unknown, what: string): number {
  if (Number.isSafeInteger(ttlMs) && (ttlMs as number) > 0) return ttlMs as number;
  throw new ValidationError(
    `${what} must be a whole number of milliseconds above 0, got ${describeValue(ttlMs)}.`,
    { field: what },
  );
}

/**
 * Checks that `lease` has the shape of a {@link Lease} this store hands out.
 *
 * @throws {@link ValidationError} otherwise
 */
export function checkLease(lease: unknown, what: string): Lease {
  const candidate = lease as Partial<Lease> | null | undefined;
  if (
    typeof candidate === 'object' &&
    candidate !== null &&
    Number.isSafeInteger(candidate.token) &&
    (candidate.token as number) > 0 &&
    typeof candidate.expiresAt === 'number'
  ) {
    checkName(candidate.key, `${what}.key`);
    checkOwner(candidate.owner, `${what}.owner`);
    return candidate as Lease;
  }
  throw new ValidationError(
    `${what} must be a lease this store returned ({ key, owner, token, expiresAt }), got ${describeValue(lease)}.`,
    { field: what },
  );
}
