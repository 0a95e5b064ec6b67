/**
 * The zod schema of a rule set (the shape of {@link ResponseRuleSetInput}) and its JSON Schema, built on
 * first use (zod is loaded then, see `on-first-use.ts`). Checks of meaning that need more than the
 * shape (regexes compile, CIDR blocks parse, ids are unique, operation inputs build) are made when the
 * set is compiled.
 *
 * @packageDocumentation
 */
import type * as Zod from 'zod';
import { BLOCK_DURATIONS_MS } from '../alerts/block-expiry.js';
import { OPERATION_DISPLAY_NAMES, UNSUPPORTED_OPERATIONS } from '../alerts/operation-codes.js';
import { WHITELIST_OPERATORS } from '../alerts/whitelist.js';
import { isRecord } from '../validation/checks.js';
import { zod } from './on-first-use.js';
import {
  ADDRESS_FIELDS,
  ALERT_LEVEL_RANKS,
  type ResponseRuleSetInput,
  RULE_STATUSES,
  TEXT_FIELDS,
  TIME_FIELDS,
} from './rule-set.js';

/** The keys of a text test that test (`ignoreCase` only modifies). */
export const TEXT_OPERATORS = ['equals', 'in', 'prefix', 'contains', 'regex'] as const;
/** The operators of a level test. */
const LEVEL_OPERATORS = ['equals', 'in', 'atLeast', 'atMost'] as const;
/** The operators of a time test. */
const TIME_OPERATORS = ['before', 'after', 'withinLastMs', 'olderThanMs'] as const;
/** The operation codes that take an input of their own. */
const CODES_WITH_INPUT = ['block_ip', 'kill_and_quara', 'advance_mark_mis_info'];
/** The longest regex pattern, in characters. */
export const MAX_PATTERN_LENGTH = 1000;
/** The most rules a set may hold. */
export const MAX_RULES = 10_000;

type Schema = Zod.ZodType<ResponseRuleSetInput>;

interface Built {
  readonly schema: Schema;
  /** Builds the JSON Schema (only when asked for: it takes longer than the zod schema). */
  readonly toJsonSchema: () => Record<string, unknown>;
}

let built: Built | undefined;
let jsonSchema: Record<string, unknown> | undefined;

/** The zod schema of a rule set. */
export function ruleSetSchema(): Schema {
  built ??= build();
  return built.schema;
}

/**
 * The JSON Schema (draft 2020-12) of a rule set file, for editors and other tools: point a file's
 * `$schema` at a copy of it, or register it with your editor for `*.rules.json`. The exact-one-key
 * rules of conditions and tests are approached by `minProperties`/`maxProperties`; checks of meaning
 * (regexes compile, CIDR blocks parse, ids are unique) are made by `ResponseRules.parse` only.
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * import { responseRulesJsonSchema } from 'alicloud-alert-handler';
 *
 * writeFileSync('response-rules.schema.json', JSON.stringify(responseRulesJsonSchema(), null, 2));
 * ```
 */
export function responseRulesJsonSchema(): Record<string, unknown> {
  built ??= build();
  jsonSchema ??= built.toJsonSchema();
  return structuredClone(jsonSchema);
}

function build(): Built {
  const { z } = zod();
  // The JSON Schema `maxProperties` of the objects that take exactly one key (and no modifier).
  const exactlyOne = new Map<unknown, number | undefined>();
  const one = <T extends Zod.ZodObject>(
    schema: T,
    keys: readonly string[],
    what: string,
    maxProperties: number | undefined = 1,
  ): T => {
    // Runs even when a member has problems of its own (zod skips checks then by default), so that
    // every problem is reported at once; not when the value is no object at all.
    const checked = schema.check(
      z.superRefine(
        (value: Record<string, unknown>, context) => {
          const given = keys.filter((key) => value[key] !== undefined);
          if (given.length === 1) return;
          context.addIssue({
            code: 'custom',
            input: value,
            message:
              given.length === 0
                ? `${what} needs one of: ${keys.join(', ')}`
                : `${what} takes exactly one of ${keys.join(', ')}; got ${given.join(', ')}`,
          });
        },
        { when: (payload) => isRecord(payload.value) },
      ),
    );
    exactlyOne.set(checked, maxProperties);
    return checked;
  };
  const text = z.string().min(1);
  const oneOrMore = z.union([text, z.array(text).min(1)]);
  const textShape = {
    // An empty value passes no test, so an empty string to compare with is refused, not left to never match.
    equals: text.optional(),
    in: z.array(text).min(1).optional(),
    prefix: oneOrMore.optional(),
    contains: oneOrMore.optional(),
    regex: oneOrMore.optional(),
    ignoreCase: z.boolean().optional(),
  };
  const textTest = one(z.strictObject(textShape), TEXT_OPERATORS, 'a text test', undefined);
  const addressTest = one(
    z.strictObject({ ...textShape, cidr: oneOrMore.optional() }),
    [...TEXT_OPERATORS, 'cidr'],
    'an address test',
    undefined,
  );
  const level = z.enum(ALERT_LEVEL_RANKS);
  const levelTest = one(
    z.strictObject({
      equals: level.optional(),
      in: z.array(level).min(1).optional(),
      atLeast: level.optional(),
      atMost: level.optional(),
    }),
    LEVEL_OPERATORS,
    'a level test',
  );
  const time = z.iso.datetime({ offset: true });
  const duration = z.number().int().positive();
  const timeTest = one(
    z.strictObject({
      before: time.optional(),
      after: time.optional(),
      withinLastMs: duration.optional(),
      olderThanMs: duration.optional(),
    }),
    TIME_OPERATORS,
    'a time test',
  );
  const detailTest = z.strictObject({ name: textTest, value: addressTest.optional() });

  const fieldKeys = ['level', 'detail', ...TEXT_FIELDS, ...ADDRESS_FIELDS, ...TIME_FIELDS];
  const conditionKeys = ['all', 'any', 'not', ...fieldKeys];
  const condition: Zod.ZodObject = one(
    z.strictObject({
      get all() {
        return z.array(condition).optional();
      },
      get any() {
        return z.array(condition).min(1).optional();
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
    conditionKeys,
    'a condition',
  );

  const reason = z.string().min(1);
  const reference = z.union([
    z.strictObject({ field: z.enum([...TEXT_FIELDS, ...ADDRESS_FIELDS]) }),
    z.strictObject({ detail: text }),
  ]);
  const plainCodes = Object.keys(OPERATION_DISPLAY_NAMES).filter(
    (code) => !CODES_WITH_INPUT.includes(code) && !UNSUPPORTED_OPERATIONS.has(code),
  ) as [string, ...string[]];
  const handle = z.discriminatedUnion('operation', [
    z.strictObject({
      operation: z.literal('block_ip'),
      input: z.strictObject({
        duration: z.union([z.enum(Object.keys(BLOCK_DURATIONS_MS) as [string, ...string[]]), duration], {
          error: `must be one of ${Object.keys(BLOCK_DURATIONS_MS).join(', ')} or whole milliseconds`,
        }),
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
        rules: z
          .array(
            z.strictObject({
              field: text,
              operate: z.enum(WHITELIST_OPERATORS),
              value: z.union([text, reference]),
            }),
          )
          .min(1),
        scope: z.enum(['ALL', 'part']),
      }),
      reason: reason.optional(),
    }),
    z.strictObject({ operation: z.enum(plainCodes), reason: reason.optional() }),
  ]);
  const action = one(
    z.strictObject({ handle: handle.optional(), skip: z.strictObject({ reason }).optional() }),
    ['handle', 'skip'],
    'an action',
  );
  const rule = z.strictObject({
    id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, {
      error: 'must start with a letter or digit and hold only letters, digits, ".", "_" and "-"',
    }),
    description: z.string().optional(),
    order: z.number().int(),
    terminal: z.boolean().default(true),
    status: z.enum(RULE_STATUSES).default('enabled'),
    expiresAt: time.optional(),
    match: condition,
    action,
  });
  const schema = z.strictObject({
    $schema: z.string().optional(),
    name: text,
    version: z.number().int().positive(),
    rules: z.array(rule).max(MAX_RULES),
  }) as unknown as Schema;
  const toJsonSchema = () =>
    z.toJSONSchema(schema, {
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
  return { schema, toJsonSchema };
}
