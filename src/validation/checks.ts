/**
 * The building blocks of the generated request and response validators (`src/generated/`): small
 * checks that report problems as {@link Issue}s with the same messages as the zod schemas of
 * `alicloud-alert-handler/schemas`, so that validating a response costs microseconds and loading the
 * package does not load zod. Request checks are composed ({@link strictObject}); response checks are
 * generated as straight-line functions that call these only to report, descend or normalize.
 *
 * A check takes the value, the path of its parent and its key, and the issue list; it returns the value
 * to keep (the same value, or its documented normalization). The path is one array per validation that
 * the checks push to and pop from as they descend; an issue takes a copy. Nothing is allocated for a
 * valid value.
 */

/** Where in a request or response a problem is: keys and array indexes from the root. */
export type IssuePath = readonly (string | number)[];

/** One problem found by a validator. */
export interface Issue {
  /** Keys and indexes from the root, e.g. `['SuspEvents', 0, 'Level']`. */
  readonly path: IssuePath;
  /** What is wrong, e.g. `Invalid input: expected string, received number`. */
  readonly message: string;
}

/** What a validator returns: the (normalized) value, or every problem found. */
export type CheckResult<T> =
  | { readonly success: true; readonly data: T }
  | { readonly success: false; readonly issues: readonly Issue[] };

/** The keys from the root to the value being checked, pushed and popped while descending. */
export type Path = (string | number)[];

/** Checks one value found under `key` of the value at `path`; returns the value to keep. */
export type Check = (value: unknown, path: Path, key: string | number, issues: Issue[]) => unknown;

/** Checks a whole object (or the root) at `path`; returns the value to keep. */
export type ObjectCheck = (value: unknown, path: Path, issues: Issue[]) => unknown;

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

/** A JSON object (or array) where a JSON string is documented is re-serialized to a string. */
export function objectToJson(value: unknown): unknown {
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : value;
}

/** A number where a string is documented is converted to a string. */
export function numberToString(value: unknown): unknown {
  return typeof value === 'number' ? String(value) : value;
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
  const flat: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (key !== envelope.dataField && key !== envelope.requestIdField) flat[key] = value;
  }
  Object.assign(flat, data);
  if (flat[envelope.requestIdTarget] === undefined && body[envelope.requestIdField] !== undefined) {
    flat[envelope.requestIdTarget] = body[envelope.requestIdField];
  }
  return flat;
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

/** Adds an issue at `path` + `key` (no key: at `path` itself). */
function report(issues: Issue[], path: Path, key: string | number | undefined, message: string): void {
  issues.push({ path: key === undefined ? [...path] : [...path, key], message });
}

function wrongType(
  issues: Issue[],
  path: Path,
  key: string | number | undefined,
  expected: string,
  value: unknown,
): void {
  report(issues, path, key, `Invalid input: expected ${expected}, received ${typeName(value)}`);
}

/** A string. */
export const string: Check = (value, path, key, issues) => {
  if (typeof value !== 'string') wrongType(issues, path, key, 'string', value);
  return value;
};

/** A boolean. */
export const boolean: Check = (value, path, key, issues) => {
  if (typeof value !== 'boolean') wrongType(issues, path, key, 'boolean', value);
  return value;
};

/** A safe integer. */
export const integer: Check = (value, path, key, issues) => {
  if (typeof value !== 'number' || !Number.isFinite(value)) wrongType(issues, path, key, 'number', value);
  else if (!Number.isInteger(value)) wrongType(issues, path, key, 'int', value);
  else if (value > MAX_INT) report(issues, path, key, `Too big: expected int to be <=${MAX_INT}`);
  else if (value < MIN_INT) report(issues, path, key, `Too small: expected int to be >=${MIN_INT}`);
  return value;
};

/** A string holding JSON text. */
export const jsonText: Check = (value, path, key, issues) => {
  if (typeof value !== 'string') wrongType(issues, path, key, 'string', value);
  else if (!isJsonText(value)) report(issues, path, key, 'Expected a string holding JSON text');
  return value;
};

/** A string matching `pattern`. */
export function matching(pattern: RegExp): Check {
  return (value, path, key, issues) => {
    if (typeof value !== 'string') wrongType(issues, path, key, 'string', value);
    else if (!pattern.test(value)) report(issues, path, key, `Invalid string: must match pattern ${pattern}`);
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
  return (value, path, key, issues) => {
    if (!allowed.has(value)) report(issues, path, key, message);
    return value;
  };
}

/** Applies a documented normalization before checking. */
export function normalized(normalize: (value: unknown) => unknown, check: Check): Check {
  return (value, path, key, issues) => check(normalize(value), path, key, issues);
}

/** An array whose items pass `item`, with at most `max` / at least `min` items. */
export function arrayOf(item: Check, limits: { min?: number; max?: number } = {}): Check {
  const { min, max } = limits;
  return (value, path, key, issues) => {
    if (!Array.isArray(value)) {
      wrongType(issues, path, key, 'array', value);
      return value;
    }
    if (max !== undefined && value.length > max) {
      report(issues, path, key, `Too big: expected array to have <=${max} items`);
      return value;
    }
    if (min !== undefined && value.length < min) {
      report(issues, path, key, `Too small: expected array to have >=${min} items`);
      return value;
    }
    path.push(key);
    let kept: unknown[] = value;
    for (let index = 0; index < value.length; index++) {
      const before = value[index];
      const after = item(before, path, index, issues);
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
  return (value, path, key, issues) => {
    path.push(key);
    const kept = check(value, path, issues);
    path.pop();
    return kept;
  };
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
  issues: Issue[],
): void {
  const value = input[key];
  if (value !== undefined) copy[key] = check(value, path, key, issues);
  else if (required) check(value, path, key, issues);
}

/** Reports a value that should be an object and is not; returns it. */
export function notAnObject(value: unknown, path: Path, issues: Issue[]): unknown {
  wrongType(issues, path, undefined, 'object', value);
  return value;
}

/**
 * A request object: returns a copy holding the known members; unknown members are reported, and so is
 * a broken {@link AnyOfRule} when the members themselves are valid.
 */
export function strictObject(shape: Shape, rules: readonly AnyOfRule[] = []): ObjectCheck {
  const members = Object.entries(shape);
  const known = new Set(Object.keys(shape));
  return (value, path, issues) => {
    if (!isRecord(value)) return notAnObject(value, path, issues);
    const copy: Record<string, unknown> = {};
    const before = issues.length;
    for (const [key, member] of members) copyMember(value, copy, key, member, path, issues);
    const membersValid = issues.length === before;
    const unknown: string[] = [];
    for (const key in value) if (!known.has(key)) unknown.push(key);
    if (unknown.length > 0) {
      const listed = unknown.map((key) => `"${key}"`).join(', ');
      report(issues, path, undefined, `Unrecognized key${unknown.length > 1 ? 's' : ''}: ${listed}`);
    }
    if (membersValid) {
      for (const rule of rules) {
        if (!rule.keys.some((key) => hasValue(copy[key]))) report(issues, path, undefined, rule.message);
      }
    }
    return copy;
  };
}

/** Runs a root check and wraps its outcome. */
export function run<T>(check: ObjectCheck, value: unknown): CheckResult<T> {
  const issues: Issue[] = [];
  const data = check(value, [], issues);
  return issues.length === 0 ? { success: true, data: data as T } : { success: false, issues };
}
