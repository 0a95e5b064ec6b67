/**
 * Every field of the spec, at every depth, is checked by the generated validators: a body or request
 * that is valid except for one field of the wrong type is rejected, with that field's path.
 */
import { describe, expect, it } from 'vitest';
import { type FieldSpec, type ItemSpec, loadSpec, SPEC_DIR } from '../../scripts/codegen.js';
import { actions } from '../../src/generated/index.js';
import type { ActionDescriptor } from '../../src/transport/action-descriptor.js';

const spec = loadSpec(SPEC_DIR);
const descriptors = actions as unknown as Record<string, ActionDescriptor<unknown, unknown>>;

/** A valid value of an item: the first allowed value, a digit string for patterns, JSON text, ... */
function validValue(item: ItemSpec & Partial<FieldSpec>): unknown {
  switch (item.type) {
    case 'string':
      return item.enum?.[0] ?? (item.pattern === undefined ? 'text' : '1');
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

/** A value no check of this item accepts, nor normalizes (a number may become a documented string). */
function wrongValue(item: ItemSpec): unknown {
  return item.type === 'boolean' ? 'text' : true;
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
function casesOf(fields: readonly FieldSpec[]): Case[] {
  return fields.flatMap((field) => {
    const base = requiredMembers(fields);
    const cases: Case[] = [{ path: [field.name], value: { ...base, [field.name]: wrongValue(field) } }];
    const nested = (item: ItemSpec, at: (string | number)[], wrap: (inner: unknown) => unknown): void => {
      if (item.properties !== undefined) {
        for (const inner of casesOf(item.properties)) {
          cases.push({ path: [...at, ...inner.path], value: { ...base, [field.name]: wrap(inner.value) } });
        }
      }
      if (item.items !== undefined) {
        cases.push({ path: [...at, 0], value: { ...base, [field.name]: wrap([wrongValue(item.items)]) } });
        nested(item.items, [...at, 0], (inner) => wrap([inner]));
      }
    };
    nested(field, [field.name], (inner) => inner);
    return cases;
  });
}

describe.each(spec.actions.map((action) => [action.action, action] as const))('%s', (name, action) => {
  const descriptor = descriptors[name];
  if (descriptor === undefined) throw new Error(`no descriptor for ${name}`);
  const check = {
    request: (value: unknown) => descriptor.validateRequest(value),
    response: (value: unknown) => descriptor.parseResponse(value),
  };
  for (const side of ['request', 'response'] as const) {
    const cases = casesOf(action[side]);
    it(`rejects a wrong type in each of the ${cases.length} ${side} field positions, naming the field`, () => {
      expect(cases.length).toBeGreaterThanOrEqual(action[side].length);
      const valid = requiredMembers(action[side]);
      if (action.requireOneOf === undefined || side === 'response')
        expect(check[side](valid).success).toBe(true);
      for (const { path, value } of cases) {
        const result = check[side](value);
        expect(result.success, `${side} ${path.join('.')}`).toBe(false);
        if (!result.success) expect(result.issues.map((issue) => issue.path)).toContainEqual(path);
      }
    });
  }
});
