/**
 * `ResponseRules.parse` checks a rule set's shape with a plain validator (the main entry does not load
 * zod); `alicloud-alert-handler/schemas` offers the zod schema `ResponseRuleSetSchema`. Both must agree
 * on every value: for generated rule sets, valid ones and ones damaged at random places (wrong types,
 * unsafe or fractional numbers, empty strings and lists, unknown keys, keys removed, a second key where
 * exactly one is due, values moved to another place), they accept the same values, fill in the same
 * defaults, report the same issues (paths and messages, in the same order), and modify nothing.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OPERATION_DISPLAY_NAMES } from '../../../src/alerts/operation-codes.js';
import { WHITELIST_OPERATORS } from '../../../src/alerts/whitelist.js';
import {
  ADDRESS_FIELDS,
  ALERT_LEVEL_RANKS,
  RULE_STATUSES,
  TEXT_FIELDS,
  TIME_FIELDS,
} from '../../../src/rules/rule-set.js';
import { ResponseRuleSetSchema } from '../../../src/rules/schema.js';
import { validateRuleSetShape } from '../../../src/rules/validate-shape.js';

type Json = unknown;

const word = fc.constantFrom('ssh', 'login', 'Web Shell', 'x', '^a.*b$', '10.0.0.0/8', '2001:db8::/32');
const oneOrMore = fc.oneof(word, fc.array(word, { minLength: 1, maxLength: 3 }));
const textOperator = fc.oneof(
  word.map((equals) => ({ equals })),
  fc.array(word, { minLength: 1, maxLength: 3 }).map((values) => ({ in: values })),
  oneOrMore.map((prefix) => ({ prefix })),
  oneOrMore.map((contains) => ({ contains })),
  oneOrMore.map((regex) => ({ regex })),
);
const withCase = (test: fc.Arbitrary<Record<string, Json>>) =>
  fc
    .tuple(test, fc.option(fc.boolean(), { nil: undefined }))
    .map(([operator, ignoreCase]) => (ignoreCase === undefined ? operator : { ...operator, ignoreCase }));
const textTest = withCase(textOperator);
const addressTest = withCase(
  fc.oneof(
    textOperator,
    oneOrMore.map((cidr) => ({ cidr })),
  ),
);
const level = fc.constantFrom(...ALERT_LEVEL_RANKS);
const levelTest = fc.oneof(
  level.map((equals) => ({ equals })),
  fc.array(level, { minLength: 1, maxLength: 3 }).map((values) => ({ in: values })),
  level.map((atLeast) => ({ atLeast })),
  level.map((atMost) => ({ atMost })),
);
const time = fc.constantFrom(
  '2026-01-15T00:00:00Z',
  '2024-02-29T23:59:59.123+08:00',
  '2026-06-01T12:00:00-05:30',
);
const milliseconds = fc.integer({ min: 1, max: 10 ** 10 });
const timeTest = fc.oneof(
  time.map((before) => ({ before })),
  time.map((after) => ({ after })),
  milliseconds.map((withinLastMs) => ({ withinLastMs })),
  milliseconds.map((olderThanMs) => ({ olderThanMs })),
);
const fieldTest: fc.Arbitrary<Record<string, Json>> = fc.oneof(
  levelTest.map((test) => ({ level: test })),
  fc
    .tuple(textTest, fc.option(addressTest, { nil: undefined }))
    .map(([name, value]) => ({ detail: value === undefined ? { name } : { name, value } })),
  fc.tuple(fc.constantFrom(...TEXT_FIELDS), textTest).map(([field, test]) => ({ [field]: test })),
  fc.tuple(fc.constantFrom(...ADDRESS_FIELDS), addressTest).map(([field, test]) => ({ [field]: test })),
  fc.tuple(fc.constantFrom(...TIME_FIELDS), timeTest).map(([field, test]) => ({ [field]: test })),
);
const condition = fc.letrec<{ node: Json }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fieldTest,
    fc.array(tie('node'), { maxLength: 3 }).map((all) => ({ all })),
    fc.array(tie('node'), { minLength: 1, maxLength: 3 }).map((any) => ({ any })),
    tie('node').map((not) => ({ not })),
  ),
})).node;

const reason = fc.option(fc.constantFrom('reviewed', 'known scanner'), { nil: undefined });
const withReason = (handle: fc.Arbitrary<Record<string, Json>>) =>
  fc.tuple(handle, reason).map(([spec, why]) => (why === undefined ? spec : { ...spec, reason: why }));
const reference = fc.oneof(
  fc.constantFrom(...TEXT_FIELDS, ...ADDRESS_FIELDS).map((field) => ({ field })),
  fc.constantFrom('Login source IP', 'path').map((detail) => ({ detail })),
);
const handle = withReason(
  fc.oneof(
    fc
      .oneof(fc.constantFrom('6h', '1d', '7d', '30d'), fc.integer({ min: 60_000, max: 10 ** 9 }))
      .map((duration) => ({ operation: 'block_ip', input: { duration } })),
    fc
      .option(fc.record({ quarantine: fc.boolean() }, { requiredKeys: [] }), { nil: undefined })
      .map((input) =>
        input === undefined ? { operation: 'kill_and_quara' } : { operation: 'kill_and_quara', input },
      ),
    fc
      .tuple(
        fc.array(
          fc.record({
            field: fc.constantFrom('loginSourceIp', 'path'),
            operate: fc.constantFrom(...WHITELIST_OPERATORS),
            value: fc.oneof(word, reference),
          }),
          { minLength: 1, maxLength: 2 },
        ),
        fc.constantFrom('ALL', 'part'),
      )
      .map(([rules, scope]) => ({ operation: 'advance_mark_mis_info', input: { rules, scope } })),
    fc.constantFrom('quara', 'ignore', 'manual_handled', 'kill_process').map((operation) => ({ operation })),
  ),
);
const action = fc.oneof(
  handle.map((spec) => ({ handle: spec })),
  fc.constantFrom('known scanner').map((why) => ({ skip: { reason: why } })),
);
const rule = fc.record(
  {
    id: fc.constantFrom('block-brute-force', 'r1', 'a.b_c-d', '9'),
    description: fc.constantFrom('why', ''),
    order: fc.integer({ min: -1000, max: 1000 }),
    terminal: fc.boolean(),
    status: fc.constantFrom(...RULE_STATUSES),
    expiresAt: time,
    match: condition,
    action,
  },
  { requiredKeys: ['id', 'order', 'match', 'action'] },
);
const validSet = fc.record(
  {
    $schema: fc.constant('./response-rules.schema.json'),
    name: fc.constantFrom('production', 'p'),
    version: fc.integer({ min: 1, max: 100 }),
    rules: fc.array(rule, { maxLength: 3 }),
  },
  { requiredKeys: ['name', 'version', 'rules'] },
);

/** Values of the wrong kind, or of the right kind out of bounds, or that belong elsewhere. */
const damage: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom(
    null,
    undefined,
    true,
    0,
    -1,
    1.5,
    -2.5,
    2 ** 60,
    -(2 ** 60),
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    '',
    ' ',
    'bad id',
    'critical',
    'serious',
    '2026-01-15 00:00',
    '2026-01-15T00:00:00Z',
    'block_ip',
    'nuke',
    'client_problem_check',
    '2d',
    [],
    [''],
    [1],
    {},
    { equals: 'x' },
    { equals: 'x', contains: 'y' },
    { field: 'nope' },
    { field: 'internetIp', detail: 'x' },
    { detail: '' },
    { operation: 'block_ip' },
    { reason: '' },
    { all: [] },
  ),
  fc.constantFrom(...Object.keys(OPERATION_DISPLAY_NAMES)).map((operation) => ({ operation })),
  fc.string({ maxLength: 4 }),
  fc.integer(),
);

/** Every object and list in `value`, with the path to it. */
function containers(
  value: Json,
  path: (string | number)[] = [],
): { node: object; path: (string | number)[] }[] {
  if (typeof value !== 'object' || value === null) return [];
  const found: { node: object; path: (string | number)[] }[] = [{ node: value, path }];
  for (const [key, child] of Object.entries(value))
    found.push(...containers(child, [...path, Array.isArray(value) ? Number(key) : key]));
  return found;
}

interface Mutation {
  readonly at: number;
  readonly pick: number;
  readonly kind: 'replace' | 'remove' | 'add' | 'copy';
  readonly key: string;
  readonly value: Json;
}

const mutation: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  pick: fc.nat(),
  kind: fc.constantFrom('replace', 'replace', 'remove', 'add', 'copy'),
  key: fc.constantFrom(
    'extra',
    'equals',
    'contains',
    'cidr',
    'skip',
    'input',
    'not',
    'any',
    'type',
    'level',
    'toString',
  ),
  value: damage,
});

/** Applies the mutations to a copy of `value`, each at a container picked among those it then has. */
function mutated(value: Json, mutations: readonly Mutation[]): Json {
  const copy = structuredClone(value) as Record<string, Json>;
  for (const { at, pick, kind, key, value: replacement } of mutations) {
    const places = containers(copy);
    const { node } = places[at % places.length] as { node: Record<string, Json> };
    const keys = Object.keys(node);
    const chosen = keys.length === 0 ? key : (keys[pick % keys.length] as string);
    // A copy: the damage values are shared by every run.
    if (kind === 'replace') node[chosen] = structuredClone(replacement);
    else if (kind === 'remove') {
      if (Array.isArray(node)) node.splice(Number(chosen), 1);
      else delete node[chosen];
    } else if (kind === 'add') node[Array.isArray(node) ? node.length : key] = structuredClone(replacement);
    else {
      // Another member's value, somewhere else: a second operator, a test where a condition is due...
      const source = places[pick % places.length]?.node;
      node[Array.isArray(node) ? node.length : key] = structuredClone(source);
    }
  }
  return copy;
}

/** Both validators' verdicts on `value`, and that neither modified it. */
function expectAgreement(value: Json): boolean {
  const before = structuredClone(value);
  const plain = validateRuleSetShape(value);
  const zod = ResponseRuleSetSchema.safeParse(value);
  expect(value).toEqual(before);
  if (zod.success) {
    expect(plain).toEqual({ success: true, data: zod.data });
  } else {
    expect(plain.success).toBe(false);
    const issues = plain.success ? [] : plain.issues.map(({ path, message }) => ({ path, message }));
    expect(issues).toEqual(zod.error.issues.map(({ path, message }) => ({ path, message })));
  }
  return zod.success;
}

describe('the plain validator of ResponseRules.parse and ResponseRuleSetSchema agree', () => {
  it('accept generated valid rule sets alike, with the same defaults filled in', () => {
    fc.assert(
      fc.property(validSet, (set) => {
        expect(expectAgreement(set)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('accept, reject and report alike on rule sets damaged at random places', () => {
    let rejected = 0;
    fc.assert(
      fc.property(validSet, fc.array(mutation, { minLength: 1, maxLength: 3 }), (set, mutations) => {
        if (!expectAgreement(mutated(set, mutations))) rejected++;
      }),
      { numRuns: 1500 },
    );
    // The damage must mostly be damage: a test of agreement on valid values only would prove little.
    expect(rejected).toBeGreaterThan(1000);
  });

  it('agree on times, with and without seconds, zones, fractions, in leap years and not', () => {
    const times = fc.oneof(
      fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
      fc.constantFrom(
        '2024-02-29T00:00:00Z',
        '2026-02-29T00:00:00Z',
        '2000-02-29T00:00:00Z',
        '1900-02-29T00:00:00Z',
        '2026-01-15T00:00Z',
        '2026-01-15T24:00:00Z',
        '2026-01-15T00:00:00.5+08:00',
        '2026-01-15T00:00:00+0800',
        '2026-01-15T00:00:00+24:00',
        '2026-01-15T00:00:00',
        '2026-01-15t00:00:00z',
        '2026-04-31T00:00:00Z',
      ),
      fc.string({ maxLength: 6 }),
    );
    fc.assert(
      fc.property(times, times, (expiresAt, before) => {
        expectAgreement({
          name: 'times',
          version: 1,
          rules: [
            {
              id: 'r',
              order: 1,
              expiresAt,
              match: { lastSeen: { before } },
              action: { skip: { reason: 'r' } },
            },
          ],
        });
      }),
      { numRuns: 300 },
    );
  });

  it('agree on values that are no rule set at all', () => {
    fc.assert(
      fc.property(fc.oneof(damage, fc.jsonValue({ maxDepth: 3 })), (value) => {
        expectAgreement(value);
      }),
      { numRuns: 300 },
    );
  });
});
