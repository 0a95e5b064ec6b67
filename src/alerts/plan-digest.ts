/**
 * The digest that seals a plan's content: SHA-256 over its canonical JSON.
 *
 * @packageDocumentation
 */
import { createHash } from 'node:crypto';

/** Whether a value is a plain object: made by `{}`, `JSON.parse` or `Object.create(null)`. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** The SHA-256 (hex) of a value's canonical JSON; `undefined` when the value is not JSON data. */
export function digestOf(content: unknown): string | undefined {
  const text = canonicalJson(content);
  return text === undefined ? undefined : createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * JSON with object keys sorted (by UTF-16 code units) and no spaces, as RFC 8785 writes the values a plan
 * holds; `undefined` members are left out, as `JSON.stringify` does. `undefined` when the value holds
 * something JSON cannot (a function, a `Date`, `NaN`, an array hole).
 */
function canonicalJson(value: unknown): string | undefined {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return Number.isFinite(value) ? JSON.stringify(value) : undefined;
  if (Array.isArray(value)) {
    const items = Array.from(value, canonicalJson);
    return items.includes(undefined) ? undefined : `[${items.join(',')}]`;
  }
  if (!isPlainObject(value)) return undefined;
  const members: string[] = [];
  for (const key of Object.keys(value).sort()) {
    if (value[key] === undefined) continue;
    const text = canonicalJson(value[key]);
    if (text === undefined) return undefined;
    members.push(`${JSON.stringify(key)}:${text}`);
  }
  return `{${members.join(',')}}`;
}
