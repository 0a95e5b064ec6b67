/**
 * How the zod schemas of `alicloud-alert-handler/schemas` (`src/generated/schemas/`) read values of
 * other forms exactly as the plain validators do (see `readings.ts`), and report the same notes and
 * items kept apart. Only that entry point loads this module (and zod).
 *
 * Every generated object schema is a zod object wrapped by {@link readObject} or {@link sendObject}:
 * before zod checks the object, its members are read (a copy is returned when one changes; the value
 * parsed is never modified), each as its schema in the shape says (a string, a number, an int64, a
 * list of records, ...), and its nested objects and lists are registered with their paths, so that
 * their own readings know where they are: a zod preprocess sees a value, not its path. A response or
 * request schema ({@link readResponse}, {@link checkRequest}) begins a reading and ends it by recording its
 * notes and the items kept apart with the parsed data (`normalizations()`, `rejectedItems()`). zod
 * parses synchronously, so one reading is under way at a time; a reading that fails is simply replaced
 * by the next.
 */
import { z } from 'zod';
import { type Envelope, formatPath, type Issue, isRecord, set, unwrapEnvelope } from './checks.js';
import { keepNormalizations } from './notes.js';
import {
  byPath,
  int64Problem,
  isDocumented,
  readingNote,
  readValue,
  type ScalarKind,
  sendValue,
  undocumentedNote,
} from './readings.js';
import { keepRejected, type RejectedItem } from './rejected.js';

/**
 * An int64: a safe integer, or beyond 2^53 (`Number.MAX_SAFE_INTEGER`) its exact decimal digits, as a
 * string.
 */
export const int64: z.ZodType<number | string> = z.custom<number | string>(
  (value) => int64Problem(value) === undefined,
  { error: (issue) => int64Problem(issue.input) },
);

/** A response string in which a JSON object or array is read as its JSON text (`coerce: objectToJson`). */
export const objectText: z.ZodString = z.string();

/**
 * How a member is read, from its schema: a scalar kind (`+object`: a JSON object or array where a string
 * is due is read as its JSON text), a list of scalars (`kind[]`), a nested object, a list of objects, or
 * a list of records whose unreadable items are kept apart (`records`, responses only).
 */
type Slot = ScalarKind | 'string+object' | `${ScalarKind}[]` | 'object' | 'objects' | 'records';

/** How the members of an object are read, by key, in the order of its shape. */
type Slots = Readonly<Record<string, Slot>>;

/** A request's documented lists that may grow (its open enums), by parameter. */
export type Documented = Readonly<Record<string, readonly string[]>>;

/** The definition of a schema, without `.optional()`. */
function definition(schema: z.core.$ZodType): z.core.$ZodTypeDef & Record<string, unknown> {
  const def = schema._zod.def as z.core.$ZodTypeDef & Record<string, unknown>;
  return def.type === 'optional' ? definition(def.innerType as z.core.$ZodType) : def;
}

function unwrapped(schema: z.core.$ZodType): z.core.$ZodType {
  const def = schema._zod.def as z.core.$ZodTypeDef & { innerType?: z.core.$ZodType };
  return def.type === 'optional' && def.innerType !== undefined ? unwrapped(def.innerType) : schema;
}

/** The scalar kind a schema checks. */
function scalarOf(schema: z.core.$ZodType): ScalarKind {
  switch (definition(schema).type) {
    case 'number':
    case 'literal':
      return 'integer';
    case 'custom':
      return 'int64';
    case 'boolean':
      return 'boolean';
    default:
      return 'string';
  }
}

/** How a member whose schema is `schema` is read. */
function slotOf(schema: z.core.$ZodType): Slot {
  const def = definition(schema);
  if (def.type === 'pipe')
    return definition(def.out as z.core.$ZodType).type === 'array' ? 'records' : 'object';
  if (def.type === 'object') return 'object';
  if (def.type === 'array') {
    const element = def.element as z.core.$ZodType;
    const type = definition(element).type;
    return type === 'pipe' || type === 'object' ? 'objects' : `${scalarOf(element)}[]`;
  }
  return unwrapped(schema) === objectText ? 'string+object' : scalarOf(schema);
}

function slotsOf(shape: z.core.$ZodShape): Slots {
  return Object.fromEntries(Object.entries(shape).map(([key, schema]) => [key, slotOf(schema)]));
}

/** The members of a shape that must be present: `null` is not read as absent in them. */
function requiredOf(shape: z.core.$ZodShape): string[] {
  return Object.entries(shape)
    .filter(([, schema]) => (schema._zod.def as z.core.$ZodTypeDef).type !== 'optional')
    .map(([key]) => key);
}

interface Reading {
  readonly notes: Issue[];
  readonly rejected: RejectedItem[];
  /** Where each nested object and list is, registered by the object holding it. */
  readonly paths: WeakMap<object, readonly (string | number)[]>;
}

let reading: Reading | undefined;

function begin(): Reading {
  reading = { notes: [], rejected: [], paths: new WeakMap() };
  return reading;
}

/** Registers a nested object or list (and, for a list of objects, each object) at its path. */
function register(member: unknown, at: readonly (string | number)[], slot: Slot, current: Reading): void {
  if (typeof member !== 'object' || member === null) return;
  current.paths.set(member, at);
  if ((slot === 'objects' || slot === 'records') && Array.isArray(member)) {
    member.forEach((item, index) => {
      if (typeof item === 'object' && item !== null) current.paths.set(item, [...at, index]);
    });
  }
}

function isScalar(slot: Slot): slot is ScalarKind | 'string+object' {
  return slot !== 'object' && slot !== 'objects' && slot !== 'records' && !slot.endsWith('[]');
}

function kindOf(slot: Slot): ScalarKind {
  return slot.replace(/\+object$|\[\]$/, '') as ScalarKind;
}

/** Reads the members of a response object; returns it, or a copy holding what they were read as. */
function readMembers(value: unknown, slots: Slots, required: readonly string[]): unknown {
  if (!isRecord(value)) return value;
  const current = reading ?? begin();
  const path = current.paths.get(value) ?? [];
  const note = (at: readonly (string | number)[], before: unknown, after: unknown) =>
    current.notes.push({ path: at, message: readingNote(before, after) });
  let record = value;
  for (const key in slots) {
    const member = value[key];
    if (member === undefined) continue;
    const slot = slots[key] as Slot;
    let next: unknown = member;
    if (member === null) {
      if (!required.includes(key)) next = undefined;
    } else if (isScalar(slot)) {
      next = readValue(kindOf(slot), member, slot.endsWith('+object'));
    } else if (slot.endsWith('[]')) {
      if (Array.isArray(member))
        next = eachItem(member, (item) => (item === null ? item : readValue(kindOf(slot), item)));
    } else {
      register(member, [...path, key], slot, current);
    }
    if (next === member) continue;
    if (Array.isArray(next)) {
      const before = member as unknown[];
      next.forEach((item, index) => {
        if (item !== before[index]) note([...path, key, index], before[index], item);
      });
    } else {
      note([...path, key], member, next);
    }
    record = set(record, value, key, next);
  }
  return record;
}

/** Checks the members of a request object; returns it, or a copy holding what is sent. */
function sendMembers(
  value: unknown,
  slots: Slots,
  documented: ReadonlyMap<string, ReadonlySet<string>>,
): unknown {
  if (!isRecord(value)) return value;
  const current = reading ?? begin();
  const path = current.paths.get(value) ?? [];
  let record = value;
  for (const key in slots) {
    const member = value[key];
    if (member === undefined) continue;
    const slot = slots[key] as Slot;
    let next: unknown = member;
    if (isScalar(slot)) next = sendValue(kindOf(slot), member);
    else if (slot.endsWith('[]')) {
      if (Array.isArray(member)) next = eachItem(member, (item) => sendValue(kindOf(slot), item));
    } else register(member, [...path, key], slot, current);
    const known = documented.get(key);
    if (known !== undefined && typeof next === 'string' && !isDocumented(next, known)) {
      current.notes.push({ path: [...path, key], message: undocumentedNote(next) });
    }
    record = set(record, value, key, next);
  }
  return record;
}

/** `list` with each item mapped by `map`: the same list when nothing changed, else a copy. */
function eachItem(list: unknown[], map: (item: unknown) => unknown): unknown[] {
  let kept: unknown[] | undefined;
  list.forEach((item, index) => {
    const next = map(item);
    if (next !== item) {
      kept ??= list.slice();
      kept[index] = next;
    }
  });
  return kept ?? list;
}

function knownValues(documented: Documented): ReadonlyMap<string, ReadonlySet<string>> {
  return new Map(Object.entries(documented).map(([key, values]) => [key, new Set(values)]));
}

/** A nested response object: its members read, then `object` checks it. */
export function readObject<T extends z.ZodObject>(object: T): z.ZodType<z.output<T>> {
  const slots = slotsOf(object.shape);
  const required = requiredOf(object.shape);
  return z.preprocess((value) => readMembers(value, slots, required), object) as z.ZodType<z.output<T>>;
}

/** A nested request object: its members converted to what is sent, then `object` checks it. */
export function sendObject<T extends z.ZodObject>(object: T): z.ZodType<z.output<T>> {
  const slots = slotsOf(object.shape);
  const none = knownValues({});
  return z.preprocess((value) => sendMembers(value, slots, none), object) as z.ZodType<z.output<T>>;
}

/**
 * A response: its envelope unwrapped (if it has one), its members read, `object` checks it, and the
 * notes and items kept apart are recorded with the data.
 */
export function readResponse<T extends z.ZodObject>(
  object: T,
  options: { envelope?: Envelope } = {},
): z.ZodType<z.output<T>> {
  const slots = slotsOf(object.shape);
  const required = requiredOf(object.shape);
  const { envelope } = options;
  return z
    .preprocess((body) => {
      begin();
      return readMembers(envelope === undefined ? body : unwrapEnvelope(body, envelope), slots, required);
    }, object)
    .transform(endReading) as z.ZodType<z.output<T>>;
}

/**
 * A request: its members converted to what is sent, values outside its documented lists that may grow
 * noted, `object` checks it, and the notes are recorded with the data.
 */
export function checkRequest<T extends z.ZodObject>(
  object: T,
  documented: Documented = {},
): z.ZodType<z.output<T>> {
  const slots = slotsOf(object.shape);
  const known = knownValues(documented);
  return z
    .preprocess((value) => {
      begin();
      return sendMembers(value, slots, known);
    }, object)
    .transform(endReading) as z.ZodType<z.output<T>>;
}

/** Ends a reading: records its notes (by path) and the items kept apart with the parsed data. */
function endReading<T>(data: T): T {
  const done = reading;
  reading = undefined;
  if (done !== undefined && typeof data === 'object' && data !== null) {
    keepRejected(data, done.rejected);
    keepNormalizations(data, done.notes.sort(byPath));
  }
  return data;
}

/**
 * A list of records (responses): each item is tried with `item`; one that fails is kept apart (raw,
 * with its issues, paths from the root) and left out of the list, which is then parsed with `item`.
 */
export function records<T>(item: z.ZodType<T>): z.ZodType<T[]> {
  const keepReadable = (value: unknown): unknown => {
    if (!Array.isArray(value)) return value;
    const current = reading ?? begin();
    const path = current.paths.get(value) ?? [];
    let kept: unknown[] | undefined;
    value.forEach((raw: unknown, index) => {
      const at = [...path, index];
      if (typeof raw === 'object' && raw !== null) current.paths.set(raw, at);
      const notes = current.notes.length;
      const result = item.safeParse(raw);
      // Notes are made when the kept items are parsed for good.
      current.notes.length = notes;
      if (result.success) {
        kept?.push(raw);
        return;
      }
      current.rejected.push({
        path: formatPath(at),
        raw,
        issues: result.error.issues.map((issue) => ({
          path: formatPath([...at, ...(issue.path as (string | number)[])]),
          message: issue.message,
        })),
      });
      kept ??= value.slice(0, index);
    });
    return kept ?? value;
  };
  return z.preprocess(keepReadable, z.array(item)) as z.ZodType<T[]>;
}
