/**
 * The building blocks of the generated request and response validators (`src/generated/`): small
 * checks that report problems as {@link Issue}s with the same messages as the zod schemas of
 * `alicloud-alert-handler/schemas`, so that validating a response costs microseconds and loading the
 * package does not load zod. Request checks are composed ({@link strictObject}); response checks are
 * generated as straight-line functions that call these only to report, descend or read a value of
 * another form (see `readings.ts`).
 *
 * A check takes the value, the path of its parent and its key, and the {@link Context} of the
 * validation; it returns the value to keep (the same value, or what it was read as). Nothing is ever
 * modified: an object or list in which something was read differently is copied (once) and the copy
 * returned. The path is one array per validation that the checks push to and pop from as they
 * descend; an issue or note takes a copy. Nothing is allocated for a valid value.
 */
import type { ValidationIssue } from '../errors.js';
import type { Issue } from './issue.js';
import { keepNormalizations } from './notes.js';
import {
  byPath,
  int64Problem,
  isDocumented,
  readingNote,
  readValue,
  type ScalarKind,
  sendValue,
  typeName,
  undocumentedNote,
} from './readings.js';
import { keepRejected, type RejectedItem } from './rejected.js';

export type { Issue, IssuePath } from './issue.js';
export { typeName } from './readings.js';

/**
 * What a validator returns: the (normalized) value with the normalizations made (`notes`, by path;
 * empty when the value was read as sent), or every problem found.
 */
export type CheckResult<T> =
  | { readonly success: true; readonly data: T; readonly notes: readonly Issue[] }
  | { readonly success: false; readonly issues: readonly Issue[] };

/** The keys from the root to the value being checked, pushed and popped while descending. */
export type Path = (string | number)[];

/** What one validation collects: problems, normalizations, and the items of lists kept apart. */
export interface Context {
  readonly issues: Issue[];
  readonly notes: Issue[];
  readonly rejected: RejectedItem[];
}

/** Checks one value found under `key` of the value at `path`; returns the value to keep. */
export type Check = (value: unknown, path: Path, key: string | number, ctx: Context) => unknown;

/** Checks a whole object (or the root) at `path`; returns the value to keep. */
export type ObjectCheck = (value: unknown, path: Path, ctx: Context) => unknown;

const MAX_INT = Number.MAX_SAFE_INTEGER;
const MIN_INT = Number.MIN_SAFE_INTEGER;

/** Whether a value is a plain JSON object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A parameter counts as given when it is set and, for a list, not empty. */
export function hasValue(value: unknown): boolean {
  return value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0);
}

/** Whether a string holds JSON text. */
export function isJsonText(value: string): boolean {
  try {
    JSON.parse(value);
    return true;
  } catch {
    return false;
  }
}

/** How a wrapped response body is flattened: the members of `dataField` are lifted to the top. */
export interface Envelope {
  readonly dataField: string;
  readonly requestIdField: string;
  readonly requestIdTarget: string;
}

/**
 * Lifts the members of the envelope's data field to the top level, keeping the other top-level
 * members, and copies the request id to its documented name when the data does not carry one.
 * Anything else is returned as is.
 */
export function unwrapEnvelope(body: unknown, envelope: Envelope): unknown {
  if (!isRecord(body)) return body;
  const data = body[envelope.dataField];
  if (!isRecord(data)) return body;
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (key !== envelope.dataField && key !== envelope.requestIdField) rest[key] = value;
  }
  const flat: Record<string, unknown> = { ...rest, ...data };
  if (flat[envelope.requestIdTarget] === undefined && body[envelope.requestIdField] !== undefined) {
    flat[envelope.requestIdTarget] = body[envelope.requestIdField];
  }
  return flat;
}

/** `['SuspEvents', 0, 'Level']` → `SuspEvents[0].Level`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, index) => (typeof key === 'number' ? `[${key}]` : `${index === 0 ? '' : '.'}${String(key)}`))
    .join('');
}

/** Adds an issue at `path` + `key` (no key: at `path` itself). */
function report(ctx: Context, path: Path, key: string | number | undefined, message: string): void {
  ctx.issues.push({ path: key === undefined ? [...path] : [...path, key], message });
}

function wrongType(
  ctx: Context,
  path: Path,
  key: string | number | undefined,
  expected: string,
  value: unknown,
): void {
  report(ctx, path, key, `Invalid input: expected ${expected}, received ${typeName(value)}`);
}

/** A string. */
export const string: Check = (value, path, key, ctx) => {
  if (typeof value !== 'string') wrongType(ctx, path, key, 'string', value);
  return value;
};

/** A boolean. */
export const boolean: Check = (value, path, key, ctx) => {
  if (typeof value !== 'boolean') wrongType(ctx, path, key, 'boolean', value);
  return value;
};

/** A safe integer. */
export const integer: Check = (value, path, key, ctx) => {
  if (typeof value !== 'number' || !Number.isFinite(value)) wrongType(ctx, path, key, 'number', value);
  else if (!Number.isInteger(value)) wrongType(ctx, path, key, 'int', value);
  else if (value > MAX_INT) report(ctx, path, key, `Too big: expected int to be <=${MAX_INT}`);
  else if (value < MIN_INT) report(ctx, path, key, `Too small: expected int to be >=${MIN_INT}`);
  return value;
};

/** An int64: a safe integer, or (beyond 2^53) the decimal digits of an int64, kept as a string. */
export const int64: Check = (value, path, key, ctx) => {
  const problem = int64Problem(value);
  if (problem !== undefined) report(ctx, path, key, problem);
  return value;
};

/** A string holding JSON text. */
export const jsonText: Check = (value, path, key, ctx) => {
  if (typeof value !== 'string') wrongType(ctx, path, key, 'string', value);
  else if (!isJsonText(value)) report(ctx, path, key, 'Expected a string holding JSON text');
  return value;
};

/** A string matching `pattern`. */
export function matching(pattern: RegExp): Check {
  return (value, path, key, ctx) => {
    if (typeof value !== 'string') wrongType(ctx, path, key, 'string', value);
    else if (!pattern.test(value)) report(ctx, path, key, `Invalid string: must match pattern ${pattern}`);
    return value;
  };
}

/** One of a closed set of strings or numbers. */
export function oneOf(values: readonly (string | number)[]): Check {
  const allowed = new Set<unknown>(values);
  const listed = values.map((value) => (typeof value === 'string' ? `"${value}"` : String(value)));
  const message =
    listed.length === 1
      ? `Invalid input: expected ${listed[0]}`
      : `Invalid option: expected one of ${listed.join('|')}`;
  return (value, path, key, ctx) => {
    if (!allowed.has(value)) report(ctx, path, key, message);
    return value;
  };
}

/**
 * A request string from a documented list that may grow: any string is sent; one outside the list (a
 * comma-separated one: with a part outside it) is noted.
 */
export function documented(values: readonly string[]): Check {
  const known = new Set(values);
  return (value, path, key, ctx) => {
    if (typeof value !== 'string') wrongType(ctx, path, key, 'string', value);
    else if (!isDocumented(value, known))
      ctx.notes.push({ path: [...path, key], message: undocumentedNote(value) });
    return value;
  };
}

/**
 * A request value of `kind` given in another form that goes on the wire as the same bytes (a number
 * for a string, digits for a number) is converted to the documented form, then checked by `check`.
 */
export function sent(kind: ScalarKind, check: Check): Check {
  return (value, path, key, ctx) => check(sendValue(kind, value), path, key, ctx);
}

/** The checks of request values that take any value of their type, by kind. */
export const sendString: Check = /* @__PURE__ */ sent('string', string);
export const sendJson: Check = /* @__PURE__ */ sent('json', jsonText);
export const sendBoolean: Check = /* @__PURE__ */ sent('boolean', boolean);
export const sendInteger: Check = /* @__PURE__ */ sent('integer', integer);
export const sendInt64: Check = /* @__PURE__ */ sent('int64', int64);

/**
 * A response value of `kind` in another form is read as the official runtime reads it (see
 * `readings.ts`), noted, then checked by `check`; `null` (outside lists) reads as absent. `objects`:
 * a JSON object or array where a string is due is read as its JSON text.
 */
export function read(kind: ScalarKind, check: Check, objects = false): Check {
  return (value, path, key, ctx) => {
    const kept = readValue(kind, value, objects);
    if (kept !== value) {
      ctx.notes.push({ path: [...path, key], message: readingNote(value, kept) });
      if (kept === undefined) return undefined;
    }
    return check(kept, path, key, ctx);
  };
}

/** The readings of response values, by kind. */
export const readString: Check = /* @__PURE__ */ read('string', string);
export const readBoolean: Check = /* @__PURE__ */ read('boolean', boolean);
export const readInteger: Check = /* @__PURE__ */ read('integer', integer);
export const readInt64: Check = /* @__PURE__ */ read('int64', int64);

/**
 * The reading of an item of a response list: as {@link read}, but `null` is an item of the wrong type
 * (reported by `check`), not an absent one.
 */
export function readItem(kind: ScalarKind, check: Check): Check {
  const reading = read(kind, check);
  return (value, path, key, ctx) =>
    value === null ? check(value, path, key, ctx) : reading(value, path, key, ctx);
}

/** An array whose items pass `item`, with at most `max` / at least `min` items. */
export function arrayOf(item: Check, limits: { min?: number; max?: number } = {}): Check {
  const { min, max } = limits;
  return (value, path, key, ctx) => {
    if (!Array.isArray(value)) {
      wrongType(ctx, path, key, 'array', value);
      return value;
    }
    if (max !== undefined && value.length > max) {
      report(ctx, path, key, `Too big: expected array to have <=${max} items`);
      return value;
    }
    if (min !== undefined && value.length < min) {
      report(ctx, path, key, `Too small: expected array to have >=${min} items`);
      return value;
    }
    path.push(key);
    let kept: unknown[] = value;
    for (let index = 0; index < value.length; index++) {
      const before = value[index];
      const after = item(before, path, index, ctx);
      if (after !== before) {
        if (kept === value) kept = value.slice();
        kept[index] = after;
      }
    }
    path.pop();
    return kept;
  };
}

/** A nested object checked by `check`. */
export function object(check: ObjectCheck): Check {
  return (value, path, key, ctx) => {
    path.push(key);
    const kept = check(value, path, ctx);
    path.pop();
    return kept;
  };
}

/** A response member that may be `null` (read as absent, noted); anything else is checked by `check`. */
export function nullable(check: Check): Check {
  return (value, path, key, ctx) => {
    if (value !== null) return check(value, path, key, ctx);
    ctx.notes.push({ path: [...path, key], message: readingNote(value, undefined) });
    return undefined;
  };
}

/**
 * A response list of records, each an item of its own: an item that `check` finds problems in is
 * removed from the list returned and kept apart (see `rejected.ts`) with its problems (its notes go
 * with it); the others are kept. `null` reads as absent.
 */
export function records(check: ObjectCheck): Check {
  return nullable((value, path, key, ctx) => {
    if (!Array.isArray(value)) {
      wrongType(ctx, path, key, 'array', value);
      return value;
    }
    path.push(key);
    // The list returned: undefined while it is the list given.
    let kept: unknown[] | undefined;
    for (let index = 0; index < value.length; index++) {
      const before = value[index];
      const issues = ctx.issues.length;
      const notes = ctx.notes.length;
      path.push(index);
      const after = check(before, path, ctx);
      path.pop();
      if (ctx.issues.length > issues) {
        const problems = ctx.issues.splice(issues).map(toValidationIssue);
        ctx.notes.length = notes;
        ctx.rejected.push({ path: formatPath([...path, index]), raw: before, issues: problems });
        kept ??= value.slice(0, index);
      } else if (kept !== undefined) {
        kept.push(after);
      } else if (after !== before) {
        kept = value.slice(0, index);
        kept.push(after);
      }
    }
    path.pop();
    return kept ?? value;
  });
}

/**
 * Returns `record`, or a copy of `original` (made once: pass the returned record back in) in which
 * `key` holds `next`, when `next` differs from what `original` holds there.
 */
export function set(
  record: Record<string, unknown>,
  original: Record<string, unknown>,
  key: string,
  next: unknown,
): Record<string, unknown> {
  if (next === original[key]) return record;
  const copy = record === original ? { ...original } : record;
  copy[key] = next;
  return copy;
}

/**
 * Checks `original[key]` with `check` (a reading) and returns {@link set}'s record: the one given, or
 * a copy holding what the member was read as.
 */
export function keep(
  record: Record<string, unknown>,
  original: Record<string, unknown>,
  key: string,
  check: Check,
  path: Path,
  ctx: Context,
): Record<string, unknown> {
  return set(record, original, key, check(original[key], path, key, ctx));
}

function toValidationIssue(issue: Issue): ValidationIssue {
  return { path: formatPath(issue.path), message: issue.message };
}

/** A member of an object shape: its check, and whether it must be present. */
export interface Member {
  readonly check: Check;
  readonly required: boolean;
}

/** The members of an object, by key, in the order they are checked. */
export type Shape = Readonly<Record<string, Member>>;

/** A member that must be present. */
export function required(check: Check): Member {
  return { check, required: true };
}

/** A member that may be absent (`undefined`). */
export function optional(check: Check): Member {
  return { check, required: false };
}

/** A rule of a request: at least one of `keys` must be given (see {@link hasValue}). */
export interface AnyOfRule {
  readonly keys: readonly string[];
  readonly message: string;
}

/** Checks `input[key]` into `copy[key]`; a missing optional member is left out. */
function copyMember(
  input: Record<string, unknown>,
  copy: Record<string, unknown>,
  key: string,
  { check, required }: Member,
  path: Path,
  ctx: Context,
): void {
  const value = input[key];
  if (value !== undefined) copy[key] = check(value, path, key, ctx);
  else if (required) check(value, path, key, ctx);
}

/** Reports a value that should be an object and is not; returns it. */
export function notAnObject(value: unknown, path: Path, ctx: Context): unknown {
  wrongType(ctx, path, undefined, 'object', value);
  return value;
}

/**
 * A request object: returns a copy holding the known members; unknown members are reported, and so is
 * a broken {@link AnyOfRule} when the members themselves are valid.
 */
export function strictObject(shape: Shape, rules: readonly AnyOfRule[] = []): ObjectCheck {
  const members = Object.entries(shape);
  const known = new Set(Object.keys(shape));
  return (value, path, ctx) => {
    if (!isRecord(value)) return notAnObject(value, path, ctx);
    const copy: Record<string, unknown> = {};
    const before = ctx.issues.length;
    for (const [key, member] of members) copyMember(value, copy, key, member, path, ctx);
    const membersValid = ctx.issues.length === before;
    const unknown: string[] = [];
    for (const key in value) if (!known.has(key)) unknown.push(key);
    if (unknown.length > 0) {
      const listed = unknown.map((key) => `"${key}"`).join(', ');
      report(ctx, path, undefined, `Unrecognized key${unknown.length > 1 ? 's' : ''}: ${listed}`);
    }
    if (membersValid) {
      for (const rule of rules) {
        if (!rule.keys.some((key) => hasValue(copy[key]))) report(ctx, path, undefined, rule.message);
      }
    }
    return copy;
  };
}

/**
 * Runs a root check and wraps its outcome. On success, the notes (sorted by path) and the items kept
 * apart are also recorded with the data (`normalizations()`, `rejectedItems()`).
 */
export function run<T>(check: ObjectCheck, value: unknown): CheckResult<T> {
  const ctx: Context = { issues: [], notes: [], rejected: [] };
  const data = check(value, [], ctx);
  if (ctx.issues.length > 0) return { success: false, issues: ctx.issues };
  if (typeof data === 'object' && data !== null) {
    keepRejected(data, ctx.rejected);
    keepNormalizations(data, ctx.notes.sort(byPath));
  }
  return { success: true, data: data as T, notes: ctx.notes };
}
