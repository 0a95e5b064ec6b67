/**
 * The clients validate with generated plain validators; `alicloud-alert-handler/schemas` offers the
 * generated zod schemas. Both come from the spec and must agree on every value: for values built from
 * the spec and then damaged (wrong types, NaN, unsafe integers, nulls, missing required members,
 * unknown keys, oversized arrays, values outside closed sets, wrapped Sddp bodies) or given in the
 * other forms they read (in responses: nulls, numeric strings, numbers and booleans for strings,
 * `"true"`/`0`/`1` for booleans, int64 digits beyond 2^53, `""` for numbers; in requests: numbers for
 * strings, digits for numbers, values outside lists that may grow), they accept the same values, return
 * the same data, note the same normalizations, keep the same items apart, report the same issues, and
 * never modify what they read.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { type FieldSpec, type ItemSpec, loadSpec, SPEC_DIR } from '../../scripts/codegen.js';
import { actions } from '../../src/generated/index.js';
import { schemas } from '../../src/generated/schemas/index.js';
import type { ActionDescriptor } from '../../src/transport/action-descriptor.js';
import { normalizations } from '../../src/validation/notes.js';
import { type RejectedItem, rejectedItems } from '../../src/validation/rejected.js';

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

/** The other forms of a value that a reader reads as its type (and some it does not). */
function otherForm(item: ItemSpec & Partial<FieldSpec>, side: Side): fc.Arbitrary<unknown> | undefined {
  const nulls = side === 'response' ? [fc.constant(null)] : [];
  switch (item.type) {
    case 'string':
    case 'json-string': {
      const grown =
        side === 'request' && item.enum !== undefined && item.enumOpen === true
          ? [fc.constantFrom('new_value', `${item.enum[0]},other`, item.enum.map(String).join(','))]
          : [];
      return fc.oneof(fc.integer(), fc.constantFrom(1.5, -0, 1e21, -7), fc.boolean(), ...grown, ...nulls);
    }
    case 'integer':
    case 'int64':
      return fc.oneof(
        fc.integer().map(String),
        fc.constantFrom('', '007', '-5', '1.0', ' 1', '9007199254740993', '1234567890123456789'),
        fc.constantFrom(
          '9223372036854775807',
          '9223372036854775808',
          '-9223372036854775808',
          '99999999999999999999',
        ),
        fc.bigInt({ min: -(2n ** 64n), max: 2n ** 64n }).map(String),
        ...nulls,
      );
    case 'boolean':
      return fc.oneof(fc.constantFrom('true', 'false', 0, 1, 2, 'TRUE', '1'), ...nulls);
    default:
      return nulls.length > 0 ? fc.constant(null) : undefined;
  }
}

/** Mostly valid, sometimes damaged, sometimes in another form. */
function arbitraryOf(item: ItemSpec & Partial<FieldSpec>, side: Side): fc.Arbitrary<unknown> {
  const coerced = item.coerce?.includes('objectToJson')
    ? [fc.dictionary(fc.string({ maxLength: 4 }), fc.integer(), { maxKeys: 2 })]
    : [];
  const other = otherForm(item, side);
  return fc.oneof(
    { weight: 40, arbitrary: validValue(item, side) },
    { weight: 1, arbitrary: wrongValue(side) },
    ...coerced.map((arbitrary) => ({ weight: 2, arbitrary })),
    ...(other === undefined ? [] : [{ weight: 3, arbitrary: other }]),
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
  notes?: readonly { path: readonly PropertyKey[]; message: string }[];
  rejected?: readonly RejectedItem[];
  issues?: { path: readonly PropertyKey[]; message: string }[];
}

function kept(data: unknown): Pick<Outcome, 'notes' | 'rejected'> {
  const object = typeof data === 'object' && data !== null;
  return { notes: object ? normalizations(data) : [], rejected: object ? rejectedItems(data) : [] };
}

function viaValidator(descriptor: ActionDescriptor<unknown, unknown>, side: Side, value: unknown): Outcome {
  const result = side === 'request' ? descriptor.validateRequest(value) : descriptor.parseResponse(value);
  if (!result.success) {
    return { success: false, issues: result.issues.map(({ path, message }) => ({ path, message })) };
  }
  const outcome = { success: true, data: result.data, ...kept(result.data) };
  // The result carries the notes, and so does the data.
  expect(result.notes).toEqual(outcome.notes);
  return outcome;
}

function viaSchema(schema: z.ZodType<unknown>, value: unknown): Outcome {
  const result = schema.safeParse(value);
  return result.success
    ? { success: true, data: result.data, ...kept(result.data) }
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
    let refused = 0;
    let keptApart = 0;
    let noted = 0;
    fc.assert(
      fc.property(inputOf(action, side), (input) => {
        const forValidator = structuredClone(input);
        const forSchema = structuredClone(input);
        const expected = viaSchema(schema, forSchema);
        const actual = viaValidator(descriptor, side, forValidator);
        expect(actual.success).toBe(expected.success);
        if (expected.success) {
          expect(actual.data).toEqual(expected.data);
          expect(actual.notes).toEqual(expected.notes);
          expect(actual.rejected).toEqual(expected.rejected);
          if ((expected.notes ?? []).length > 0) noted++;
          if ((expected.rejected ?? []).length > 0) keptApart++;
        } else {
          agreeOnIssues(actual.issues ?? [], expected.issues ?? []);
          refused++;
        }
        expect(forValidator, 'the validator never modifies what it reads').toEqual(input);
        expect(forSchema, 'the schema never modifies what it reads').toEqual(input);
      }),
      { numRuns: RUNS },
    );
    // Every verdict was exercised: refused, read with notes, read with items kept apart (lists), read as sent.
    expect(refused).toBeGreaterThan(RUNS * 0.05);
    expect(refused).toBeLessThan(RUNS * 0.95);
    // Requests are noted only for values outside a documented list that may grow.
    if (side === 'response') expect(noted).toBeGreaterThan(RUNS * 0.05);
    else if (action.request.some((field) => field.enumOpen === true)) expect(noted).toBeGreaterThan(0);
    if (side === 'response' && action.response.some((field) => field.type === 'array')) {
      expect(keptApart).toBeGreaterThan(RUNS * 0.01);
    }
  });
});
