/**
 * Every field of the spec, at every depth, is checked by the generated validators: a body or request
 * that is valid except for one field of a type no reading accepts is rejected, with that field's path;
 * in a response, when the field is in an item of a list of records, that item is kept apart instead
 * (with the field's path among its issues) and the rest is returned.
 */
import { describe, expect, it } from 'vitest';
import { type FieldSpec, type ItemSpec, loadSpec, SPEC_DIR } from '../../scripts/codegen.js';
import { actions } from '../../src/generated/index.js';
import type { ActionDescriptor } from '../../src/transport/action-descriptor.js';
import { formatPath } from '../../src/validation/checks.js';
import { rejectedItems } from '../../src/validation/rejected.js';

const spec = loadSpec(SPEC_DIR);
const descriptors = actions as unknown as Record<string, ActionDescriptor<unknown, unknown>>;

/** A valid value of an item: the first allowed value, digits for patterns, JSON text, ... */
function validValue(item: ItemSpec & Partial<FieldSpec>): unknown {
  switch (item.type) {
    case 'string':
      // Two digits: every pattern of the spec takes them (some need at least two characters).
      return item.enum?.[0] ?? (item.pattern === undefined ? 'text' : '10');
    case 'integer':
    case 'int64':
      return item.enum?.[0] ?? 1;
    case 'boolean':
      return true;
    case 'json-string':
      return '{}';
    case 'object':
      return requiredMembers(item.properties ?? []);
    case 'array':
      return [validValue(item.items ?? { type: 'string' })];
  }
}

/** A value no check of this item accepts, nor reads as its type; undefined when every JSON value is read. */
function wrongValue(item: ItemSpec & Partial<FieldSpec>, side: 'request' | 'response'): unknown {
  switch (item.type) {
    case 'boolean':
      return 'text';
    case 'object':
    case 'array':
      return true;
    default:
      // A response string that reads a JSON object as its JSON text reads every JSON value.
      return side === 'response' && item.coerce?.includes('objectToJson') ? undefined : {};
  }
}

function requiredMembers(fields: readonly FieldSpec[]): Record<string, unknown> {
  return Object.fromEntries(
    fields.filter((field) => field.required).map((field) => [field.name, validValue(field)]),
  );
}

interface Case {
  /** Keys and indexes to the damaged value, as the validator reports them. */
  path: (string | number)[];
  value: Record<string, unknown>;
}

/** One case per field: the object is valid except that field (inside arrays: in their first item). */
function casesOf(fields: readonly FieldSpec[], side: 'request' | 'response'): Case[] {
  return fields.flatMap((field) => {
    const base = requiredMembers(fields);
    const cases: Case[] = [];
    const wrong = wrongValue(field, side);
    if (wrong !== undefined) cases.push({ path: [field.name], value: { ...base, [field.name]: wrong } });
    const nested = (item: ItemSpec, at: (string | number)[], wrap: (inner: unknown) => unknown): void => {
      if (item.properties !== undefined) {
        for (const inner of casesOf(item.properties, side)) {
          cases.push({ path: [...at, ...inner.path], value: { ...base, [field.name]: wrap(inner.value) } });
        }
      }
      if (item.items !== undefined) {
        const wrongItem = wrongValue(item.items, side);
        if (wrongItem !== undefined) {
          cases.push({ path: [...at, 0], value: { ...base, [field.name]: wrap([wrongItem]) } });
        }
        nested(item.items, [...at, 0], (inner) => wrap([inner]));
      }
    };
    nested(field, [field.name], (inner) => inner);
    return cases;
  });
}

/**
 * Where the item kept apart is when a response's field at `path` cannot be read: the first item of a
 * list of records on the way (none when the path crosses no list, or first a list of scalars).
 */
function recordOf(
  fields: readonly FieldSpec[],
  path: readonly (string | number)[],
): (string | number)[] | undefined {
  let current: readonly FieldSpec[] = fields;
  for (const [index, key] of path.entries()) {
    if (typeof key === 'number') return undefined;
    const field = current.find((candidate) => candidate.name === key);
    if (field === undefined) return undefined;
    if (field.type === 'array') {
      return field.items?.type === 'object' && !field.required && index + 1 < path.length
        ? path.slice(0, index + 2)
        : undefined;
    }
    current = field.properties ?? [];
  }
  return undefined;
}

describe.each(spec.actions.map((action) => [action.action, action] as const))('%s', (name, action) => {
  const descriptor = descriptors[name];
  if (descriptor === undefined) throw new Error(`no descriptor for ${name}`);
  const check = {
    request: (value: unknown) => descriptor.validateRequest(value),
    response: (value: unknown) => descriptor.parseResponse(value),
  };
  for (const side of ['request', 'response'] as const) {
    const cases = casesOf(action[side], side);
    it(`rejects a wrong type in each of the ${cases.length} ${side} field positions, naming the field`, () => {
      expect(cases.length).toBeGreaterThanOrEqual(action[side].length - 1);
      const valid = requiredMembers(action[side]);
      if (action.requireOneOf === undefined || side === 'response')
        expect(check[side](valid).success).toBe(true);
      for (const { path, value } of cases) {
        const result = check[side](value);
        const record = side === 'response' ? recordOf(action.response, path) : undefined;
        if (record === undefined) {
          expect(result.success, `${side} ${path.join('.')}`).toBe(false);
          if (!result.success) expect(result.issues.map((issue) => issue.path)).toContainEqual(path);
          continue;
        }
        if (!result.success) throw new Error(`${path.join('.')}: ${JSON.stringify(result.issues)}`);
        const [kept] = rejectedItems(result.data as object);
        expect(kept?.path, path.join('.')).toBe(formatPath(record));
        expect(kept?.issues.map((issue) => issue.path)).toContain(formatPath(path));
      }
    });
  }
});
