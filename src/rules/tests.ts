/**
 * The tests of single values, compiled once when a rule set is parsed: text (equals, in, prefix,
 * contains, RE2 regex), addresses (CIDR), levels (by rank) and times. Each compiles to a predicate and
 * a description for traces; problems (a regex that does not compile, a CIDR block that does not
 * parse) are reported with their path.
 *
 * @packageDocumentation
 */
import { RE2JS } from 're2js';
import type { ValidationIssue } from '../errors.js';
import { type CidrBlock, inCidr, parseAddress, parseCidr } from './cidr.js';
import {
  type AddressTest,
  ALERT_LEVEL_RANKS,
  type LevelTest,
  type OneOrMore,
  type TimeTest,
} from './rule-set.js';
import { MAX_PATTERN_LENGTH } from './shape.js';

/** A compiled test of one value: whether it holds, and what it tests, in words. */
export interface ValueTest<T> {
  readonly holds: (value: T) => boolean;
  readonly description: string;
}

const RANK: ReadonlyMap<string, number> = new Map(ALERT_LEVEL_RANKS.map((level, rank) => [level, rank]));

/** The items of a pattern or list of patterns. */
function items(value: OneOrMore): readonly string[] {
  return typeof value === 'string' ? [value] : value;
}

function quoted(values: readonly string[]): string {
  return values.map((value) => JSON.stringify(value)).join(' or ');
}

/**
 * Compiles a text test (an address test too: `cidr` is read on comma-separated addresses). A missing
 * or empty value passes no test.
 */
export function compileTextTest(
  test: AddressTest,
  path: string,
  issues: ValidationIssue[],
): ValueTest<string | undefined> {
  const fold = test.ignoreCase === true;
  const norm = fold ? (text: string) => text.toLowerCase() : (text: string) => text;
  const suffix = fold ? ' (ignoring case)' : '';
  const present = (check: (value: string) => boolean) => (value: string | undefined) =>
    value !== undefined && value !== '' && check(norm(value));
  if (test.equals !== undefined) {
    const expected = norm(test.equals);
    return {
      holds: present((value) => value === expected),
      description: `equals ${quoted([test.equals])}${suffix}`,
    };
  }
  if (test.in !== undefined) {
    const set = new Set(test.in.map(norm));
    return {
      holds: present((value) => set.has(value)),
      description: `is one of ${quoted(test.in)}${suffix}`,
    };
  }
  if (test.prefix !== undefined) {
    const prefixes = items(test.prefix).map(norm);
    return {
      holds: present((value) => prefixes.some((prefix) => value.startsWith(prefix))),
      description: `starts with ${quoted(items(test.prefix))}${suffix}`,
    };
  }
  if (test.contains !== undefined) {
    const parts = items(test.contains).map(norm);
    return {
      holds: present((value) => parts.some((part) => value.includes(part))),
      description: `contains ${quoted(items(test.contains))}${suffix}`,
    };
  }
  if (test.regex !== undefined) return compileRegex(items(test.regex), fold, `${path}.regex`, issues);
  return compileCidr(items(test.cidr ?? []), `${path}.cidr`, issues);
}

function compileRegex(
  patterns: readonly string[],
  ignoreCase: boolean,
  path: string,
  issues: ValidationIssue[],
): ValueTest<string | undefined> {
  const valid = patterns.filter((pattern, index) => {
    const at = patterns.length === 1 ? path : `${path}[${index}]`;
    if (pattern.length > MAX_PATTERN_LENGTH) {
      issues.push({ path: at, message: `a pattern may have at most ${MAX_PATTERN_LENGTH} characters` });
      return false;
    }
    try {
      RE2JS.compile(pattern);
      return true;
    } catch (error) {
      issues.push({
        path: at,
        message: `not an RE2 regular expression (${(error as Error).message}); RE2 has no backreferences or lookarounds`,
      });
      return false;
    }
  });
  // One pass over the value for all the patterns: their alternation, each in a group of its own (so
  // that a pattern's own flags, such as `(?i)`, stay in it).
  const regex = RE2JS.compile(
    valid.map((pattern) => `(?:${pattern})`).join('|'),
    ignoreCase ? RE2JS.CASE_INSENSITIVE : 0,
  );
  return {
    holds: (value) => value !== undefined && value !== '' && regex.test(value),
    description: `matches ${patterns.map((pattern) => `/${pattern}/`).join(' or ')}${ignoreCase ? ' (ignoring case)' : ''}`,
  };
}

function compileCidr(
  texts: readonly string[],
  path: string,
  issues: ValidationIssue[],
): ValueTest<string | undefined> {
  const blocks: CidrBlock[] = [];
  texts.forEach((text, index) => {
    const block = parseCidr(text);
    if (block !== undefined) blocks.push(block);
    else
      issues.push({
        path: texts.length === 1 ? path : `${path}[${index}]`,
        message: `not a CIDR block or IP address: ${JSON.stringify(text)}; e.g. "203.0.113.0/24" or "2001:db8::/32"`,
      });
  });
  return {
    holds: (value = '') => {
      for (const address of value.split(',')) {
        const groups = parseAddress(address.trim());
        if (groups !== undefined && blocks.some((block) => inCidr(groups, block))) return true;
      }
      return false;
    },
    description: `lies in ${texts.join(' or ')}`,
  };
}

/** Compiles a level test. A level outside {@link ALERT_LEVEL_RANKS} passes only `equals` / `in` of itself. */
export function compileLevelTest(test: LevelTest): ValueTest<string | undefined> {
  if (test.equals !== undefined) {
    const expected = test.equals;
    return { holds: (level) => level === expected, description: `is ${expected}` };
  }
  if (test.in !== undefined) {
    const levels: readonly string[] = test.in;
    return {
      holds: (level) => level !== undefined && levels.includes(level),
      description: `is one of ${levels.join(', ')}`,
    };
  }
  const bound = (test.atLeast ?? test.atMost) as string;
  const limit = RANK.get(bound) as number;
  const atLeast = test.atLeast !== undefined;
  return {
    holds: (level) => {
      const rank = level === undefined ? undefined : RANK.get(level);
      return rank !== undefined && (atLeast ? rank >= limit : rank <= limit);
    },
    description: `${atLeast ? 'is at least' : 'is at most'} ${bound}`,
  };
}

/** A compiled test of a time, whose relative forms read the evaluation's `now`. */
export interface TimeValueTest {
  readonly holds: (time: Date | undefined, nowMs: number) => boolean;
  readonly description: string;
}

/** Compiles a time test. */
export function compileTimeTest(test: TimeTest): TimeValueTest {
  const timed = (check: (ms: number, nowMs: number) => boolean) => (time: Date | undefined, nowMs: number) =>
    time !== undefined && check(time.getTime(), nowMs);
  if (test.before !== undefined) {
    const limit = Date.parse(test.before);
    return { holds: timed((ms) => ms < limit), description: `is before ${test.before}` };
  }
  if (test.after !== undefined) {
    const limit = Date.parse(test.after);
    return { holds: timed((ms) => ms > limit), description: `is after ${test.after}` };
  }
  if (test.withinLastMs !== undefined) {
    const span = test.withinLastMs;
    return {
      holds: timed((ms, nowMs) => ms >= nowMs - span),
      description: `is within the last ${span} ms`,
    };
  }
  const span = test.olderThanMs as number;
  return { holds: timed((ms, nowMs) => ms < nowMs - span), description: `is older than ${span} ms` };
}
