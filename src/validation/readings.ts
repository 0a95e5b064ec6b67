/**
 * The rules by which a value of another form is read as the type a field documents, shared by the
 * plain validators (`checks.ts`) and the zod schemas (`zod-reading.ts`), so that both read every value
 * the same way.
 *
 * Responses are read as Alibaba's official runtime reads them (`@alicloud/tea-typescript`, `cast` of
 * its models): `null` is absent; a number or boolean where a string is due is that string; a numeric
 * string where a number is due is that number when the conversion is exact (an int64 beyond 2^53 keeps
 * its digits, as a string); `"true"`, `"false"`, `1` and `0` where a boolean is due are that boolean.
 * The official runtime reads `""` where a number is due as `NaN`; this reads it as absent.
 *
 * Requests accept only what goes on the wire as the same bytes: a number or boolean for a string
 * parameter, digits for a number parameter, `"true"` / `"false"` for a boolean one.
 *
 * Every function returns the value to keep: the value itself when no reading applies (a value of the
 * right type, or one no rule reads, left for the type check to report), `undefined` for absent.
 */

/** The scalar types of the spec, as readings know them. */
export type ScalarKind = 'string' | 'json' | 'integer' | 'int64' | 'boolean';

/** Decimal integers, as the official runtime's `^\d*$` but with a sign and at least one digit. */
const DIGITS = /^-?\d+$/;

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

/** Whether `text` holds the digits of an integer within the int64 range. */
export function isInt64Digits(text: string): boolean {
  if (!DIGITS.test(text) || text.length > 20) return false;
  const value = BigInt(text);
  return value <= INT64_MAX && value >= INT64_MIN;
}

/** The problem of a value in an int64 position (a safe integer, or the digits of an int64), if any. */
export function int64Problem(value: unknown): string | undefined {
  if (typeof value === 'string') {
    if (!DIGITS.test(value)) return 'Invalid input: expected int64, received string';
    if (isInt64Digits(value)) return undefined;
    return value.startsWith('-')
      ? `Too small: expected int64 to be >=${INT64_MIN}`
      : `Too big: expected int64 to be <=${INT64_MAX}`;
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return `Invalid input: expected int64, received ${typeName(value)}`;
  }
  if (!Number.isInteger(value)) return 'Invalid input: expected int, received number';
  if (value > Number.MAX_SAFE_INTEGER) return `Too big: expected int to be <=${Number.MAX_SAFE_INTEGER}`;
  if (value < Number.MIN_SAFE_INTEGER) return `Too small: expected int to be >=${Number.MIN_SAFE_INTEGER}`;
  return undefined;
}

/** Digits as a number when exact; an int64 keeps digits beyond 2^53 as they are. */
function digitsToNumber(value: string): unknown {
  if (!DIGITS.test(value)) return value;
  const number = Number(value);
  return Number.isSafeInteger(number) ? number : value;
}

/**
 * Reads a response value found where `kind` is documented (see the module comment). `objects`: a JSON
 * object or array where a string is due is read as its JSON text (a field's `objectToJson`).
 */
export function readValue(kind: ScalarKind, value: unknown, objects = false): unknown {
  if (value === null) return undefined;
  switch (kind) {
    case 'string':
    case 'json':
      if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean') {
        return String(value);
      }
      return objects && typeof value === 'object' ? JSON.stringify(value) : value;
    case 'integer':
    case 'int64':
      if (typeof value !== 'string') return value;
      return value === '' ? undefined : digitsToNumber(value);
    case 'boolean':
      if (value === 'true' || value === 1) return true;
      if (value === 'false' || value === 0) return false;
      return value;
  }
}

/** Converts a request value to the form that is sent, when it goes on the wire as the same bytes. */
export function sendValue(kind: ScalarKind, value: unknown): unknown {
  switch (kind) {
    case 'string':
    case 'json':
      return (typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean'
        ? String(value)
        : value;
    case 'integer':
    case 'int64':
      return typeof value === 'string' ? digitsToNumber(value) : value;
    case 'boolean':
      return value === 'true' ? true : value === 'false' ? false : value;
  }
}

/** The note of a reading: `null read as absent`, `"45" read as the number 45`, ... */
export function readingNote(before: unknown, after: unknown): string {
  if (after === undefined) return `${JSON.stringify(before)} read as absent`;
  if (typeof after === 'number' || typeof after === 'boolean') {
    return `${JSON.stringify(before)} read as the ${typeof after} ${after}`;
  }
  if (typeof before === 'object' && before !== null) {
    return `a JSON ${Array.isArray(before) ? 'array' : 'object'} read as its JSON text`;
  }
  return `${String(before)} read as the string ${JSON.stringify(after)}`;
}

/**
 * Whether a request value is among the documented values of a list that may grow; a comma-separated
 * value (several filters in one parameter) is when each of its parts is.
 */
export function isDocumented(value: string, known: ReadonlySet<string>): boolean {
  return known.has(value) || (value.includes(',') && value.split(',').every((part) => known.has(part)));
}

/** The note of a value outside a documented list that may grow. */
export function undocumentedNote(value: string): string {
  return `${JSON.stringify(value)} is not among the documented values; sent as given`;
}

/** The name of a value's type in issue messages: `number`, `NaN`, `array`, `null`, `Date`, ... */
export function typeName(value: unknown): string {
  switch (typeof value) {
    case 'number':
      return Number.isFinite(value) ? 'number' : String(value);
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) return 'array';
      const prototype = Object.getPrototypeOf(value);
      const maker = (value as { constructor?: { name?: string } }).constructor;
      if (prototype !== Object.prototype && prototype !== null && typeof maker?.name === 'string') {
        return maker.name;
      }
      return 'object';
    }
    default:
      return typeof value;
  }
}

/** Orders notes by path (keys by code unit, indexes by number), as both readers report them. */
export function byPath(a: { readonly path: readonly (string | number)[] }, b: typeof a): number {
  const length = Math.min(a.path.length, b.path.length);
  for (let index = 0; index < length; index++) {
    const x = a.path[index] as string | number;
    const y = b.path[index] as string | number;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    if (typeof x === 'number') return -1;
    if (typeof y === 'number') return 1;
    return x < y ? -1 : 1;
  }
  return a.path.length - b.path.length;
}
