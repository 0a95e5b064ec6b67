import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { type FieldSpec, loadSpec, SPEC_DIR, walkFields } from '../../scripts/codegen.js';
import { schemas } from '../../src/generated/schemas/index.js';

const spec = loadSpec(SPEC_DIR);

interface Def {
  type: string;
  shape?: Record<string, z.core.$ZodType>;
  innerType?: z.core.$ZodType;
  in?: z.core.$ZodType;
  out?: z.core.$ZodType;
  element?: z.core.$ZodType;
}

function defOf(schema: z.core.$ZodType): Def {
  return schema._zod.def as unknown as Def;
}

/** Strips optional / pipe (preprocess) wrappers. */
function core(schema: z.core.$ZodType): { schema: z.core.$ZodType; optional: boolean } {
  let current = schema;
  let optional = false;
  for (;;) {
    const def = defOf(current);
    if (def.type === 'optional' && def.innerType !== undefined) {
      optional = true;
      current = def.innerType;
    } else if (def.type === 'pipe' && def.out !== undefined) {
      // A preprocess (reading) runs before the schema; a transform (the end of a reading) after it.
      current = defOf(def.out).type === 'transform' && def.in !== undefined ? def.in : def.out;
    } else {
      return { schema: current, optional };
    }
  }
}

/** `path → { kind, optional }` for every field of an object schema, all levels. */
function schemaFields(
  schema: z.core.$ZodType,
  prefix = '',
  out = new Map<string, { kind: string; optional: boolean }>(),
) {
  const shape = defOf(core(schema).schema).shape;
  if (shape === undefined) throw new Error(`${prefix || '(root)'}: not an object schema`);
  for (const [key, value] of Object.entries(shape)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    const { schema: inner, optional } = core(value);
    let kind = defOf(inner).type;
    out.set(path, { kind, optional });
    let element = inner;
    let at = path;
    while (kind === 'array') {
      const next = defOf(element).element;
      if (next === undefined) break;
      element = core(next).schema;
      at = `${at}[]`;
      kind = defOf(element).type;
      if (kind === 'object') schemaFields(element, at, out);
    }
    if (defOf(inner).type === 'object') schemaFields(inner, path, out);
  }
  return out;
}

const KINDS: Record<FieldSpec['type'], string[]> = {
  string: ['string', 'enum'],
  'json-string': ['string'],
  integer: ['number', 'literal'],
  int64: ['custom', 'literal'],
  boolean: ['boolean'],
  array: ['array'],
  object: ['object'],
};

describe.each(spec.actions.map((action) => [action.action, action] as const))(
  '%s schemas',
  (name, action) => {
    const schema = schemas[name as keyof typeof schemas];
    if (schema === undefined) throw new Error(`no schemas for ${name}`);

    for (const side of ['request', 'response'] as const) {
      it(`${side} schema has exactly the spec fields, with their types and optionality`, () => {
        const fields = schemaFields(schema[side]);
        const expected = new Map<string, FieldSpec>();
        walkFields(action[side], (field, path) => expected.set(path, field));
        expect([...fields.keys()].sort()).toEqual([...expected.keys()].sort());
        for (const [path, field] of expected) {
          const actual = fields.get(path);
          expect(KINDS[field.type], `${side} ${path}`).toContain(actual?.kind);
          // RequestId is optional in every response, whatever the spec documents.
          const required = field.required && !(side === 'response' && path === 'RequestId');
          expect(actual?.optional, `${side} ${path} optional`).toBe(!required);
          const closed = field.enum !== undefined && field.enumOpen === false;
          if (field.type !== 'array' && field.type !== 'object') {
            expect(actual?.kind === 'enum' || actual?.kind === 'literal', `${side} ${path} closed enum`).toBe(
              closed,
            );
          }
        }
      });
    }
  },
);
