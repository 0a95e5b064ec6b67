/**
 * Checks on parsed spec JSON: each reads one value and throws a {@link SpecError} naming the file and
 * field path when it is not what the spec format allows.
 */
import { SpecError } from './spec-model.js';

const TYPE_NAME = /^[A-Z][A-Za-z0-9]*$/;

/** A parsed JSON object. */
export type Json = Record<string, unknown>;

/** True for a JSON object (not an array, not null). */
export function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Throws a {@link SpecError} prefixed with `where` (file and field path). */
export function fail(where: string, message: string): never {
  throw new SpecError(`${where}: ${message}`);
}

/** Fails on any key of `obj` outside `allowed`, listing the allowed ones. */
export function checkKeys(obj: Json, allowed: Set<string>, where: string): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.has(key)) fail(where, `unknown key "${key}" (allowed: ${[...allowed].join(', ')})`);
  }
}

/** `obj[key]` as a non-empty string. */
export function str(obj: Json, key: string, where: string): string {
  const value = obj[key];
  if (typeof value !== 'string' || value.trim() === '') fail(where, `"${key}" must be a non-empty string`);
  return value;
}

/** `obj[key]` as a non-empty string, or `undefined` when absent. */
export function optStr(obj: Json, key: string, where: string): string | undefined {
  return obj[key] === undefined ? undefined : str(obj, key, where);
}

/** `obj[key]` as a non-empty string without line breaks. */
export function oneLine(obj: Json, key: string, where: string): string {
  const value = str(obj, key, where);
  if (/[\r\n]/.test(value)) fail(where, `"${key}" must be one line`);
  return value;
}

/** `obj[key]` as a boolean. */
export function bool(obj: Json, key: string, where: string): boolean {
  const value = obj[key];
  if (typeof value !== 'boolean') fail(where, `"${key}" must be true or false`);
  return value;
}

/** `obj[key]` as one of the `allowed` strings. */
export function oneOf<T extends string>(obj: Json, key: string, allowed: readonly T[], where: string): T {
  const value = obj[key];
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    fail(where, `"${key}" must be one of ${allowed.join(', ')}; got ${JSON.stringify(value)}`);
  }
  return value as T;
}

/** `obj[key]` as a non-negative integer, or `undefined` when absent. */
export function count(obj: Json, key: string, where: string): number | undefined {
  const value = obj[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    fail(where, `"${key}" must be a non-negative integer`);
  }
  return value;
}

/** Tracks typeNames across the whole spec so generated exports cannot collide. */
export class TypeNames {
  readonly #seen = new Map<string, string>();
  #file = '';
  /** Names the file whose fields are being claimed, for messages about collisions. */
  enter(file: string): void {
    this.#file = file;
  }
  /** Records `name` as declared at `where`; fails when it is not PascalCase or already taken. */
  claim(name: string, where: string): void {
    if (!TYPE_NAME.test(name)) fail(where, `"typeName" must be a PascalCase identifier; got "${name}"`);
    const previous = this.#seen.get(name);
    if (previous !== undefined) fail(where, `typeName "${name}" is already used at ${previous}`);
    this.#seen.set(name, this.#file === '' ? where : `${this.#file}: ${where}`);
  }
}
