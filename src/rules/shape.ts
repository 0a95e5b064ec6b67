/**
 * What the two descriptions of a rule set's shape share: the plain validator `ResponseRules.parse`
 * runs (`validate-shape.ts`) and the zod schema of `alicloud-alert-handler/schemas` (`schema.ts`).
 * The keys each object takes, the limits and the messages of the checks zod has no words for are
 * written once, here, so that both report the same issues (a test proves it).
 *
 * @packageDocumentation
 */
import { BLOCK_DURATIONS_MS } from '../alerts/block-expiry.js';
import { OPERATION_DISPLAY_NAMES, UNSUPPORTED_OPERATIONS } from '../alerts/operation-codes.js';
import { ADDRESS_FIELDS, TEXT_FIELDS, TIME_FIELDS } from './rule-set.js';

/** The keys of a text test that test (`ignoreCase` only modifies). */
export const TEXT_OPERATORS = ['equals', 'in', 'prefix', 'contains', 'regex'] as const;
/** The keys of an address test that test. */
export const ADDRESS_OPERATORS = [...TEXT_OPERATORS, 'cidr'] as const;
/** The operators of a level test. */
export const LEVEL_OPERATORS = ['equals', 'in', 'atLeast', 'atMost'] as const;
/** The operators of a time test. */
export const TIME_OPERATORS = ['before', 'after', 'withinLastMs', 'olderThanMs'] as const;
/** The keys of a condition: the combinators, then the fields it can test. */
export const CONDITION_KEYS = [
  'all',
  'any',
  'not',
  'level',
  'detail',
  ...TEXT_FIELDS,
  ...ADDRESS_FIELDS,
  ...TIME_FIELDS,
] as const;
/** The keys of an action. */
export const ACTION_KEYS = ['handle', 'skip'] as const;
/** The operation codes that take an input of their own, in the order the shape lists them. */
export const CODES_WITH_INPUT = ['block_ip', 'kill_and_quara', 'advance_mark_mis_info'] as const;
/** The operation codes a rule can run without input: the known ones the API can run. */
export const PLAIN_CODES = Object.keys(OPERATION_DISPLAY_NAMES).filter(
  (code) => !(CODES_WITH_INPUT as readonly string[]).includes(code) && !UNSUPPORTED_OPERATIONS.has(code),
) as [string, ...string[]];
/** The named block durations. */
export const NAMED_DURATIONS = Object.keys(BLOCK_DURATIONS_MS) as [string, ...string[]];

/** The longest regex pattern, in characters. */
export const MAX_PATTERN_LENGTH = 1000;
/** The most rules a set may hold. */
export const MAX_RULES = 10_000;

/** What a rule id looks like. */
export const RULE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
/** The problem of an id that does not look like one. */
export const RULE_ID_MESSAGE =
  'must start with a letter or digit and hold only letters, digits, ".", "_" and "-"';
/** The problem of a block duration that is neither named nor whole milliseconds. */
export const DURATION_MESSAGE = `must be one of ${NAMED_DURATIONS.join(', ')} or whole milliseconds`;

/**
 * The problem of an object that takes exactly one of `keys` (`what`, e.g. `a text test`) and was
 * given `given` of them; `undefined` when it was given one.
 */
export function exactlyOneProblem(
  given: readonly string[],
  keys: readonly string[],
  what: string,
): string | undefined {
  if (given.length === 1) return undefined;
  return given.length === 0
    ? `${what} needs one of: ${keys.join(', ')}`
    : `${what} takes exactly one of ${keys.join(', ')}; got ${given.join(', ')}`;
}
