import { randomBytes } from 'node:crypto';

/** Marks a bigint while `JSON.stringify` runs; random, so that no string of a body can look like it. */
const MARK = `\u0000int64:${randomBytes(6).toString('hex')}:`;
/** A marked bigint as `JSON.stringify` writes it: a string whose NUL characters are escaped. */
const MARKED = new RegExp(`"${JSON.stringify(MARK).slice(1, -1).replace(/\\/g, '\\\\')}(-?\\d+)"`, 'g');

/**
 * A value as JSON text, the way the service writes it: like `JSON.stringify`, except that a `bigint` is
 * written as its exact digits (`1234567890123456789`), as an int64 beyond 2^53 appears on the wire, where
 * `JSON.stringify` would throw. Nothing is rounded.
 */
export function jsonText(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    // A bigint somewhere (or a cycle, which throws again below).
  }
  let marked = false;
  const text = JSON.stringify(value, (_, field: unknown) => {
    if (typeof field !== 'bigint') return field;
    marked = true;
    return `${MARK}${field}`;
  });
  return marked ? text.replace(MARKED, '$1') : text;
}
