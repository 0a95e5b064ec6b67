/**
 * The clients validate with generated plain validators; `alicloud-alert-handler/schemas` offers the
 * generated zod schemas. Both come from the spec and must agree on every value: for values built from
 * the spec and then damaged (wrong types, NaN, unsafe integers, nulls, missing required members,
 * unknown keys, oversized arrays, values outside closed sets, wrapped Sddp bodies), they accept the
 * same values, return the same data, and report the same issues in the same order.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { type FieldSpec, type ItemSpec, loadSpec, SPEC_DIR } from '../../scripts/codegen.js';
import { actions } from '../../src/generated/index.js';
import { schemas } from '../../src/generated/schemas/index.js';
import type { ActionDescriptor } from '../../src/transport/action-descriptor.js';

const RUNS = 400;
const spec = loadSpec(SPEC_DIR);
type Side = 'request' | 'response';

/** Any value of the wrong kind (for a request, also the ones JSON cannot hold). */
function wrongValue(side: Side): fc.Arbitrary<unknown> {
  return side === 'request' ? fc.oneof(jsonWrongValue, fc.constant(new Date(0))) : jsonWrongValue;
}

const jsonWrongValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    null,
    undefined,
    true,
    false,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    -0,
    1.5,
    2 ** 60,
    -(2 ** 60),
  ),
  fc.integer(),
  fc.string({ maxLength: 8 }),
  fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 3 })), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 4 }), fc.integer(), { maxKeys: 2 }),
);

/** Values of the right kind for an item of the spec. */
function validValue(item: ItemSpec & Partial<FieldSpec>, side: Side): fc.Arbitrary<unknown> {
  switch (item.type) {
    case 'string':
      if (item.enum !== undefined) return mostly(fc.constantFrom(...item.enum), fc.constant('other'));
      if (item.pattern !== undefined) return mostly(fc.stringMatching(new RegExp(item.pattern)), fc.string());
      return fc.string({ maxLength: 12 });
    case 'integer':
    case 'int64':
      return item.enum !== undefined ? mostly(fc.constantFrom(...item.enum), fc.constant(7)) : fc.integer();
    case 'boolean':
      return fc.boolean();
    case 'json-string':
      return mostly(fc.json({ maxDepth: 2 }), fc.string({ maxLength: 6 }));
    case 'object':
      return objectValue(item.properties ?? [], side);
    case 'array':
      return mostly(
        fc.array(arbitraryOf(item.items ?? { type: 'string' }, side), {
          minLength: item.minItems ?? 0,
          maxLength: Math.min(item.maxItems ?? 4, 4),
        }),
        fc.array(arbitraryOf(item.items ?? { type: 'string' }, side), {
          minLength: item.maxItems === undefined ? 0 : item.maxItems + 1,
          maxLength: item.maxItems === undefined ? 4 : item.maxItems + 1,
        }),
      );
  }
}

/** Mostly `usual`, sometimes `rare`. */
function mostly(usual: fc.Arbitrary<unknown>, rare: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 9, arbitrary: usual }, { weight: 1, arbitrary: rare });
}

/** Mostly valid, sometimes damaged. */
function arbitraryOf(item: ItemSpec & Partial<FieldSpec>, side: Side): fc.Arbitrary<unknown> {
  const coerced = item.coerce?.includes('numberToString')
    ? [fc.integer()]
    : item.coerce?.includes('objectToJson')
      ? [fc.dictionary(fc.string({ maxLength: 4 }), fc.integer(), { maxKeys: 2 })]
      : [];
  return fc.oneof(
    { weight: 40, arbitrary: validValue(item, side) },
    { weight: 1, arbitrary: wrongValue(side) },
    ...coerced.map((arbitrary) => ({ weight: 2, arbitrary })),
  );
}

/** An object of the spec's fields: some left out, required ones sometimes missing, unknown keys added. */
function objectValue(fields: readonly FieldSpec[], side: Side): fc.Arbitrary<Record<string, unknown>> {
  const members = Object.fromEntries(fields.map((field) => [field.name, arbitraryOf(field, side)]));
  const required = fields.filter((field) => field.required).map((field) => field.name);
  return fc
    .tuple(
      fc.record(members, { requiredKeys: required }),
      fc.subarray(required),
      fc.dictionary(fc.constantFrom('Extra', 'Unknown', 'x'), fc.integer(), { maxKeys: 2 }),
      fc.nat({ max: 9 }),
    )
    .map(([record, dropped, unknown, dice]) => {
      const value: Record<string, unknown> = { ...record };
      // Required members are present most of the time, so that deeper checks run too.
      for (const name of dice === 0 ? dropped : []) delete value[name];
      return dice === 1 ? { ...value, ...unknown } : value;
    });
}

/** A body or request for one side of an action, the Sddp responses sometimes in their wrapped form. */
function inputOf(action: (typeof spec.actions)[number], side: Side): fc.Arbitrary<unknown> {
  const flat = objectValue(action[side], side);
  const envelope = side === 'response' ? action.responseEnvelope : undefined;
  if (envelope === undefined) return fc.oneof({ weight: 6, arbitrary: flat }, wrongValue(side));
  const wrapped = flat.map((data) => ({
    code: 200,
    success: true,
    [envelope.dataField]: data,
    [envelope.requestIdField]: 'wrapped-request-id',
  }));
  return fc.oneof({ weight: 3, arbitrary: flat }, { weight: 3, arbitrary: wrapped }, wrongValue(side));
}

interface Outcome {
  success: boolean;
  data?: unknown;
  issues?: { path: readonly PropertyKey[]; message: string }[];
}

function viaValidator(descriptor: ActionDescriptor<unknown, unknown>, side: Side, value: unknown): Outcome {
  const result = side === 'request' ? descriptor.validateRequest(value) : descriptor.parseResponse(value);
  return result.success
    ? { success: true, data: result.data }
    : { success: false, issues: result.issues.map(({ path, message }) => ({ path, message })) };
}

function viaSchema(schema: z.ZodType<unknown>, value: unknown): Outcome {
  const result = schema.safeParse(value);
  return result.success
    ? { success: true, data: result.data }
    : { success: false, issues: result.error.issues.map(({ path, message }) => ({ path, message })) };
}

/**
 * Every issue the validator reports is one zod reports (same path, same message), and both name the
 * same places. (On a value of the wrong type, zod also reports its size checks against it, e.g. a
 * string where an array of at least one item is due; the validator reports the wrong type only.)
 */
function agreeOnIssues(
  actual: NonNullable<Outcome['issues']>,
  expected: NonNullable<Outcome['issues']>,
): void {
  expect(actual.length).toBeGreaterThan(0);
  for (const issue of actual) expect(expected).toContainEqual(issue);
  const paths = (issues: NonNullable<Outcome['issues']>) => new Set(issues.map(({ path }) => path.join('.')));
  expect(paths(actual)).toEqual(paths(expected));
}

const cases = spec.actions.flatMap((action) =>
  (['request', 'response'] as const).map((side) => [action.action, side, action] as const),
);

describe('generated validators and zod schemas', () => {
  it.each(cases)('agree on %s %s values', (name, side, action) => {
    const descriptor = (actions as unknown as Record<string, ActionDescriptor<unknown, unknown>>)[name];
    const schema = schemas[name as keyof typeof schemas][side] as z.ZodType<unknown>;
    if (descriptor === undefined) throw new Error(`no descriptor for ${name}`);
    let rejected = 0;
    fc.assert(
      fc.property(inputOf(action, side), (input) => {
        // The response validators normalize in place: each side gets its own copy.
        const forValidator = structuredClone(input);
        const expected = viaSchema(schema, structuredClone(input));
        const actual = viaValidator(descriptor, side, forValidator);
        expect(actual.success).toBe(expected.success);
        if (expected.success) expect(actual.data).toEqual(expected.data);
        else agreeOnIssues(actual.issues ?? [], expected.issues ?? []);
        if (side === 'request') expect(forValidator, 'a request is never modified').toEqual(input);
        if (!expected.success) rejected++;
      }),
      { numRuns: RUNS },
    );
    // Both verdicts were exercised.
    expect(rejected).toBeGreaterThan(RUNS * 0.05);
    expect(rejected).toBeLessThan(RUNS * 0.95);
  });
});
