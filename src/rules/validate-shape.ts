/**
 * The plain validator of a rule set's shape, which `ResponseRules.parse` runs: it accepts, rejects and
 * fills in defaults exactly as the zod schema `ResponseRuleSetSchema` of `alicloud-alert-handler/schemas`
 * does, with the same issues in the same order (a test proves it), without loading zod.
 *
 * The checks follow zod's rules: an object's members are checked in the order of its shape, then its
 * unknown keys, then its own checks; a type error stops the checks of its value (an issue that does not
 * `continue`), a size or format error does not; a union takes the first option that holds, else the
 * problems of its only option that failed no type check, else reports itself.
 *
 * @packageDocumentation
 */
import { WHITELIST_OPERATORS } from '../alerts/whitelist.js';
import { isRecord } from '../validation/checks.js';
import { typeName } from '../validation/readings.js';
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
  CODES_WITH_INPUT,
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

/** A problem of the shape: where (keys from the root), what, and whether later checks still run. */
export interface ShapeIssue {
  readonly path: (string | number)[];
  readonly message: string;
  /** `true`: checks after it still run; `false`: none do; absent: only checks that ask to. */
  readonly continues?: boolean;
}

/** The rule set with its defaults filled in, or every problem of its shape. */
export type ShapeResult =
  | { readonly success: true; readonly data: ResponseRuleSetInput }
  | { readonly success: false; readonly issues: readonly ShapeIssue[] };

/** Checks a value, reports its problems (paths relative to it) to `issues`, returns what to keep. */
type Check = (value: unknown, issues: ShapeIssue[]) => unknown;

/** Checks `value` as a rule set. */
export function validateRuleSetShape(value: unknown): ShapeResult {
  const issues: ShapeIssue[] = [];
  const data = ruleSet(value, issues);
  return issues.length === 0
    ? { success: true, data: data as ResponseRuleSetInput }
    : { success: false, issues };
}

/** Runs `check` on a member and moves its issues under `key`. */
function member(key: string | number, check: Check, value: unknown, issues: ShapeIssue[]): unknown {
  const own: ShapeIssue[] = [];
  const kept = check(value, own);
  for (const issue of own) {
    issue.path.unshift(key);
    issues.push(issue);
  }
  return kept;
}

/** Whether no check after these issues runs (zod: aborted). */
function stops(issues: readonly ShapeIssue[]): boolean {
  return issues.some((issue) => issue.continues !== true);
}

function wrongType(expected: string, value: unknown, issues: ShapeIssue[]): unknown {
  issues.push({ path: [], message: `Invalid input: expected ${expected}, received ${typeName(value)}` });
  return value;
}

/** A string that passes `checks` (each returns its problem, if any). */
function string(...checks: ((value: string) => string | undefined)[]): Check {
  return (value, issues) => {
    if (typeof value !== 'string') return wrongType('string', value, issues);
    for (const check of checks) {
      const message = check(value);
      if (message !== undefined) issues.push({ path: [], message, continues: true });
    }
    return value;
  };
}

/** A string to compare with: an empty value passes no test, so an empty string could never match. */
const text = string((value) =>
  value.length < 1 ? 'Too small: expected string to have >=1 characters' : undefined,
);
const anyString = string();
/** An ISO 8601 time with seconds and a zone (`Z` or `+08:00`): zod's `z.iso.datetime({ offset: true })`. */
const DATETIME =
  /^(?:(?:\d\d[2468][048]|\d\d[13579][26]|\d\d0[48]|[02468][048]00|[13579][26]00)-02-29|\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\d|30)|(?:02)-(?:0[1-9]|1\d|2[0-8])))T(?:(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?(?:Z|([+-](?:[01]\d|2[0-3]):[0-5]\d)))$/;
const datetime = string((value) => (DATETIME.test(value) ? undefined : 'Invalid ISO datetime'));
const ruleId = string((value) => (RULE_ID_PATTERN.test(value) ? undefined : RULE_ID_MESSAGE));

const boolean: Check = (value, issues) =>
  typeof value === 'boolean' ? value : wrongType('boolean', value, issues);

/** A safe integer; `positive`: above zero. */
function integer(positive: boolean): Check {
  return (value, issues) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) return wrongType('number', value, issues);
    if (!Number.isInteger(value)) {
      issues.push({ path: [], message: 'Invalid input: expected int, received number', continues: false });
      return value;
    }
    if (value > Number.MAX_SAFE_INTEGER)
      issues.push({
        path: [],
        message: `Too big: expected int to be <=${Number.MAX_SAFE_INTEGER}`,
        continues: true,
      });
    if (value < Number.MIN_SAFE_INTEGER)
      issues.push({
        path: [],
        message: `Too small: expected int to be >=${Number.MIN_SAFE_INTEGER}`,
        continues: true,
      });
    if (positive && value <= 0)
      issues.push({ path: [], message: 'Too small: expected number to be >0', continues: true });
    return value;
  };
}

/** One of a closed set of strings. */
function oneOf(values: readonly string[]): Check {
  const allowed = new Set<unknown>(values);
  const message = `Invalid option: expected one of ${values.map((value) => `"${value}"`).join('|')}`;
  return (value, issues) => {
    if (!allowed.has(value)) issues.push({ path: [], message });
    return value;
  };
}

/** A list whose items pass `item`, with at least `min` and at most `max` of them. */
function array(item: Check, { min, max }: { min?: number; max?: number } = {}): Check {
  return (value, issues) => {
    if (!Array.isArray(value)) return wrongType('array', value, issues);
    const start = issues.length;
    const kept = value.map((entry, index) => member(index, item, entry, issues));
    if (issues.slice(start).some((issue) => issue.continues === false)) return kept;
    if (min !== undefined && value.length < min)
      issues.push({ path: [], message: `Too small: expected array to have >=${min} items`, continues: true });
    if (max !== undefined && value.length > max)
      issues.push({ path: [], message: `Too big: expected array to have <=${max} items`, continues: true });
    return kept;
  };
}

/** A member of an object: its check, whether it may be absent, and the value it takes when absent. */
interface Member {
  readonly check: Check;
  readonly optional?: boolean;
  readonly absent?: unknown;
}

const optional = (check: Check): Member => ({ check, optional: true });
const required = (check: Check): Member => ({ check });
const withDefault = (check: Check, absent: unknown): Member => ({ check, absent });

/**
 * An object with exactly these members; unknown keys are problems. With `exactlyOne`, the object takes
 * exactly one of `exactlyOne.keys` (`what` names it in the problem).
 */
function object(
  shape: Readonly<Record<string, Member>>,
  exactlyOne?: { readonly keys: readonly string[]; readonly what: string },
): Check {
  const members = Object.entries(shape);
  const known = new Set(Object.keys(shape));
  return (value, issues) => {
    if (!isRecord(value)) return wrongType('object', value, issues);
    const start = issues.length;
    const kept: Record<string, unknown> = {};
    for (const [key, { check, optional: mayBeAbsent, absent }] of members) {
      const given = value[key];
      if (given === undefined && absent !== undefined) kept[key] = absent;
      else if (given !== undefined || !mayBeAbsent) {
        const result = member(key, check, given, issues);
        if (result !== undefined || key in value) kept[key] = result;
      } else if (key in value) kept[key] = undefined;
    }
    const unknown = Object.keys(value).filter((key) => !known.has(key));
    if (unknown.length > 0) {
      const listed = unknown.map((key) => `"${key}"`).join(', ');
      // A problem of the keys, not of the value: later checks still run.
      issues.push({
        path: [],
        message: `Unrecognized key${unknown.length > 1 ? 's' : ''}: ${listed}`,
        continues: true,
      });
    }
    if (exactlyOne !== undefined && !issues.slice(start).some((issue) => issue.continues === false)) {
      const given = exactlyOne.keys.filter((key) => kept[key] !== undefined);
      const message = exactlyOneProblem(given, exactlyOne.keys, exactlyOne.what);
      if (message !== undefined) issues.push({ path: [], message, continues: true });
    }
    return kept;
  };
}

/**
 * The first option that holds; else the problems of the only option that failed no type check; else
 * one problem, `message`.
 */
function union(options: readonly Check[], message = 'Invalid input'): Check {
  return (value, issues) => {
    const tried: { kept: unknown; issues: ShapeIssue[] }[] = [];
    for (const option of options) {
      const own: ShapeIssue[] = [];
      const kept = option(value, own);
      if (own.length === 0) return kept;
      tried.push({ kept, issues: own });
    }
    const unstopped = tried.filter((attempt) => !stops(attempt.issues));
    if (unstopped.length === 1) {
      const [only] = unstopped as [(typeof tried)[number]];
      issues.push(...only.issues);
      return only.kept;
    }
    issues.push({ path: [], message });
    return value;
  };
}

/** An object whose `key` names which of `options` checks it. */
function discriminated(key: string, options: ReadonlyMap<string, Check>): Check {
  const expected = `Invalid discriminator value. Expected ${[...options.keys()].map((option) => `'${option}'`).join(' | ')}`;
  return (value, issues) => {
    if (!isRecord(value)) return wrongType('object', value, issues);
    const option = typeof value[key] === 'string' ? options.get(value[key]) : undefined;
    if (option !== undefined) return option(value, issues);
    issues.push({ path: [key], message: expected });
    return value;
  };
}

const oneOrMore = union([text, array(text, { min: 1 })]);
const textShape = {
  equals: optional(text),
  in: optional(array(text, { min: 1 })),
  prefix: optional(oneOrMore),
  contains: optional(oneOrMore),
  regex: optional(oneOrMore),
  ignoreCase: optional(boolean),
};
const textTest = object(textShape, { keys: TEXT_OPERATORS, what: 'a text test' });
const addressTest = object(
  { ...textShape, cidr: optional(oneOrMore) },
  { keys: ADDRESS_OPERATORS, what: 'an address test' },
);
const level = oneOf(ALERT_LEVEL_RANKS);
const levelTest = object(
  {
    equals: optional(level),
    in: optional(array(level, { min: 1 })),
    atLeast: optional(level),
    atMost: optional(level),
  },
  { keys: LEVEL_OPERATORS, what: 'a level test' },
);
const milliseconds = integer(true);
const timeTest = object(
  {
    before: optional(datetime),
    after: optional(datetime),
    withinLastMs: optional(milliseconds),
    olderThanMs: optional(milliseconds),
  },
  { keys: TIME_OPERATORS, what: 'a time test' },
);
const detailTest = object({ name: required(textTest), value: optional(addressTest) });

const condition: Check = object(
  {
    all: optional((value, issues) => array(condition)(value, issues)),
    any: optional((value, issues) => array(condition, { min: 1 })(value, issues)),
    not: optional((value, issues) => condition(value, issues)),
    level: optional(levelTest),
    detail: optional(detailTest),
    ...Object.fromEntries(TEXT_FIELDS.map((field) => [field, optional(textTest)])),
    ...Object.fromEntries(ADDRESS_FIELDS.map((field) => [field, optional(addressTest)])),
    ...Object.fromEntries(TIME_FIELDS.map((field) => [field, optional(timeTest)])),
  },
  { keys: CONDITION_KEYS, what: 'a condition' },
);

const reason = text;
const reference = union([
  object({ field: required(oneOf([...TEXT_FIELDS, ...ADDRESS_FIELDS])) }),
  object({ detail: required(text) }),
]);
const [BLOCK_IP, KILL_AND_QUARANTINE, WHITELIST] = CODES_WITH_INPUT;
/** The operation of a `handle`: already known when its option is chosen by it. */
const operation = required((value) => value);
const handle = discriminated(
  'operation',
  new Map<string, Check>([
    [
      BLOCK_IP,
      object({
        operation,
        input: required(
          object({ duration: required(union([oneOf(NAMED_DURATIONS), milliseconds], DURATION_MESSAGE)) }),
        ),
        reason: optional(reason),
      }),
    ],
    [
      KILL_AND_QUARANTINE,
      object({
        operation,
        input: optional(object({ quarantine: optional(boolean) })),
        reason: optional(reason),
      }),
    ],
    [
      WHITELIST,
      object({
        operation,
        input: required(
          object({
            rules: required(
              array(
                object({
                  field: required(text),
                  operate: required(oneOf(WHITELIST_OPERATORS)),
                  value: required(union([text, reference])),
                }),
                { min: 1 },
              ),
            ),
            scope: required(oneOf(['ALL', 'part'])),
          }),
        ),
        reason: optional(reason),
      }),
    ],
    ...PLAIN_CODES.map((code): [string, Check] => [code, object({ operation, reason: optional(reason) })]),
  ]),
);
const action = object(
  { handle: optional(handle), skip: optional(object({ reason: required(reason) })) },
  { keys: ACTION_KEYS, what: 'an action' },
);
const rule = object({
  id: required(ruleId),
  description: optional(anyString),
  order: required(integer(false)),
  terminal: withDefault(boolean, true),
  status: withDefault(oneOf(RULE_STATUSES), 'enabled'),
  expiresAt: optional(datetime),
  match: required(condition),
  action: required(action),
});
const ruleSet = object({
  $schema: optional(anyString),
  name: required(text),
  version: required(integer(true)),
  rules: required(array(rule, { max: MAX_RULES })),
});
