/**
 * The zod schema of a rule set ({@link ResponseRuleSetSchema}, the shape of `ResponseRuleSetInput`) and
 * its JSON Schema, offered by `alicloud-alert-handler/schemas` (the main entry does not load zod:
 * `ResponseRules.parse` checks the shape with the plain validator of `validate-shape.ts`, and a test
 * proves that both accept, reject and report the same). Checks of meaning that need more than the
 * shape (regexes compile, CIDR blocks parse, ids are unique, operation inputs build) are made by
 * `ResponseRules.parse` only.
 *
 * @packageDocumentation
 */
import { z } from 'zod';
import { WHITELIST_OPERATORS } from '../alerts/whitelist.js';
import { isRecord } from '../validation/checks.js';
import {
  ADDRESS_FIELDS,
  ALERT_LEVEL_RANKS,
  type ResponseRuleSetInput,
  RULE_STATUSES,
  TEXT_FIELDS,
  TIME_FIELDS,
} from './rule-set.js';
import {
  ACTION_KEYS,
  ADDRESS_OPERATORS,
  CONDITION_KEYS,
  DURATION_MESSAGE,
  exactlyOneProblem,
  LEVEL_OPERATORS,
  MAX_RULES,
  NAMED_DURATIONS,
  PLAIN_CODES,
  RULE_ID_MESSAGE,
  RULE_ID_PATTERN,
  TEXT_OPERATORS,
  TIME_OPERATORS,
} from './shape.js';

/** The JSON Schema `maxProperties` of the objects that take exactly one key (`undefined`: and modifiers). */
const exactlyOne = new Map<unknown, number | undefined>();

/**
 * `schema` with the check that exactly one of `keys` is given. It runs even when a member has problems
 * of its own (zod skips checks then by default), so that every problem is reported at once; not when
 * the value is no object at all.
 */
function one<T extends z.ZodObject>(
  schema: T,
  keys: readonly string[],
  what: string,
  maxProperties: number | undefined = 1,
): T {
  const checked = schema.check(
    z.superRefine(
      (value: Record<string, unknown>, context) => {
        const message = exactlyOneProblem(
          keys.filter((key) => value[key] !== undefined),
          keys,
          what,
        );
        if (message !== undefined) context.addIssue({ code: 'custom', input: value, message });
      },
      { when: (payload) => isRecord(payload.value) },
    ),
  );
  exactlyOne.set(checked, maxProperties);
  return checked;
}

/**
 * Size checks of strings and lists that run on values of their type only: zod runs a size check on
 * anything with a length, after a type error too (`name: []` would also be "Too small: expected array
 * to have >=1 items"). `when` is part of a check's definition, which zod's typings of these options
 * leave out.
 */
const ofStrings = { when: (payload: { value: unknown }) => typeof payload.value === 'string' } as object;
const ofLists = { when: (payload: { value: unknown }) => Array.isArray(payload.value) } as object;

// An empty value passes no test, so an empty string to compare with is refused, not left to never match.
const text = z.string().min(1, ofStrings);
const list = <T extends z.ZodType>(item: T) => z.array(item).min(1, ofLists);
const oneOrMore = z.union([text, list(text)]);
const textShape = {
  equals: text.optional(),
  in: list(text).optional(),
  prefix: oneOrMore.optional(),
  contains: oneOrMore.optional(),
  regex: oneOrMore.optional(),
  ignoreCase: z.boolean().optional(),
};
const textTest = one(z.strictObject(textShape), TEXT_OPERATORS, 'a text test', undefined);
const addressTest = one(
  z.strictObject({ ...textShape, cidr: oneOrMore.optional() }),
  ADDRESS_OPERATORS,
  'an address test',
  undefined,
);
const level = z.enum(ALERT_LEVEL_RANKS);
const levelTest = one(
  z.strictObject({
    equals: level.optional(),
    in: list(level).optional(),
    atLeast: level.optional(),
    atMost: level.optional(),
  }),
  LEVEL_OPERATORS,
  'a level test',
);
const time = z.iso.datetime({ offset: true });
const milliseconds = z.number().int().positive();
const timeTest = one(
  z.strictObject({
    before: time.optional(),
    after: time.optional(),
    withinLastMs: milliseconds.optional(),
    olderThanMs: milliseconds.optional(),
  }),
  TIME_OPERATORS,
  'a time test',
);
const detailTest = z.strictObject({ name: textTest, value: addressTest.optional() });

const condition: z.ZodObject = one(
  z.strictObject({
    get all() {
      return z.array(condition).optional();
    },
    get any() {
      return list(condition).optional();
    },
    get not() {
      return condition.optional();
    },
    level: levelTest.optional(),
    detail: detailTest.optional(),
    ...Object.fromEntries(TEXT_FIELDS.map((field) => [field, textTest.optional()])),
    ...Object.fromEntries(ADDRESS_FIELDS.map((field) => [field, addressTest.optional()])),
    ...Object.fromEntries(TIME_FIELDS.map((field) => [field, timeTest.optional()])),
  }),
  CONDITION_KEYS,
  'a condition',
);

const reason = text;
const reference = z.union([
  z.strictObject({ field: z.enum([...TEXT_FIELDS, ...ADDRESS_FIELDS]) }),
  z.strictObject({ detail: text }),
]);
const handle = z.discriminatedUnion('operation', [
  z.strictObject({
    operation: z.literal('block_ip'),
    input: z.strictObject({
      duration: z.union([z.enum(NAMED_DURATIONS), milliseconds], { error: DURATION_MESSAGE }),
    }),
    reason: reason.optional(),
  }),
  z.strictObject({
    operation: z.literal('kill_and_quara'),
    input: z.strictObject({ quarantine: z.boolean().optional() }).optional(),
    reason: reason.optional(),
  }),
  z.strictObject({
    operation: z.literal('advance_mark_mis_info'),
    input: z.strictObject({
      rules: list(
        z.strictObject({
          field: text,
          operate: z.enum(WHITELIST_OPERATORS),
          value: z.union([text, reference]),
        }),
      ),
      scope: z.enum(['ALL', 'part']),
    }),
    reason: reason.optional(),
  }),
  z.strictObject({ operation: z.enum(PLAIN_CODES), reason: reason.optional() }),
]);
const action = one(
  z.strictObject({ handle: handle.optional(), skip: z.strictObject({ reason }).optional() }),
  ACTION_KEYS,
  'an action',
);
const rule = z.strictObject({
  id: z.string().regex(RULE_ID_PATTERN, { error: RULE_ID_MESSAGE }),
  description: z.string().optional(),
  order: z.number().int(),
  terminal: z.boolean().default(true),
  status: z.enum(RULE_STATUSES).default('enabled'),
  expiresAt: time.optional(),
  match: condition,
  action,
});

/**
 * The zod schema of a response rule set (a `ResponseRuleSetInput`): the shape `ResponseRules.parse`
 * checks first, with the same issues, defaults filled in (`terminal: true`, `status: 'enabled'`).
 * What needs more than the shape (regexes RE2 accepts, CIDR blocks, unique ids, operation inputs the
 * builders accept) is checked by `ResponseRules.parse` only.
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * import { ResponseRuleSetSchema } from 'alicloud-alert-handler/schemas';
 *
 * const result = ResponseRuleSetSchema.safeParse(JSON.parse(readFileSync('response-rules.json', 'utf8')));
 * if (!result.success) for (const issue of result.error.issues) console.log(issue.path, issue.message);
 * ```
 */
export const ResponseRuleSetSchema: z.ZodType<ResponseRuleSetInput> = z.strictObject({
  $schema: z.string().optional(),
  name: text,
  version: z.number().int().positive(),
  rules: z.array(rule).max(MAX_RULES, ofLists),
}) as unknown as z.ZodType<ResponseRuleSetInput>;

let jsonSchema: Record<string, unknown> | undefined;

/**
 * The JSON Schema (draft 2020-12) of a rule set file, for editors and other tools: point a file's
 * `$schema` at a copy of it, or register it with your editor for `*.rules.json`. It is derived from
 * {@link ResponseRuleSetSchema}; the exact-one-key rules of conditions and tests are approached by
 * `minProperties`/`maxProperties`; checks of meaning (regexes compile, CIDR blocks parse, ids are
 * unique) are made by `ResponseRules.parse` only. Each call returns a fresh copy.
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * import { responseRulesJsonSchema } from 'alicloud-alert-handler/schemas';
 *
 * writeFileSync('response-rules.schema.json', JSON.stringify(responseRulesJsonSchema(), null, 2));
 * ```
 */
export function responseRulesJsonSchema(): Record<string, unknown> {
  jsonSchema ??= z.toJSONSchema(ResponseRuleSetSchema, {
    io: 'input',
    override: ({ zodSchema, jsonSchema: node }) => {
      if (!exactlyOne.has(zodSchema)) return;
      const maxProperties = exactlyOne.get(zodSchema);
      Object.assign(
        node,
        maxProperties === undefined ? { minProperties: 1 } : { minProperties: 1, maxProperties },
      );
    },
  }) as Record<string, unknown>;
  return structuredClone(jsonSchema);
}
