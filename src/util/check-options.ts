/**
 * The one check every options bag goes through before any side effect: types, integer ranges,
 * durations within Node's timer limit, real `AbortSignal`s, and no unknown keys.
 *
 * @packageDocumentation
 */
import { ValidationError, type ValidationIssue } from '../errors.js';
import { describeValue } from './describe-value.js';

/** The longest delay a Node.js timer honours (2^31−1 ms, about 24.8 days); longer ones fire at once. */
export const MAX_TIMER_MS = 2_147_483_647;

/** What one option may hold. Every option is optional: `undefined` always passes. */
export type OptionRule =
  | { readonly kind: 'integer'; readonly min: number; readonly max: number }
  | { readonly kind: 'number'; readonly above: number; readonly max?: number }
  /** Milliseconds: finite, at least `min` (above 0 when `min` is not given), at most {@link MAX_TIMER_MS}. */
  | { readonly kind: 'duration'; readonly min?: number }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'string' }
  /** An array of strings. */
  | { readonly kind: 'strings' }
  /** A valid `Date`. */
  | { readonly kind: 'date' }
  | { readonly kind: 'function' }
  | { readonly kind: 'signal' }
  | { readonly kind: 'oneOf'; readonly values: readonly unknown[] }
  /** A nested bag; `orFalse` also accepts `false` (e.g. `retry: false`). */
  | { readonly kind: 'object'; readonly rules: OptionRules; readonly orFalse?: boolean }
  /** An object with these methods, e.g. a store. */
  | { readonly kind: 'methods'; readonly names: readonly string[]; readonly what: string }
  /** Checked by the code that uses it; only its presence as an option is known here. */
  | { readonly kind: 'any' };

/** The options a bag may hold, by name. */
export type OptionRules = Readonly<Record<string, OptionRule>>;

/**
 * Checks an options bag against its rules and throws one {@link ValidationError} listing every problem
 * (`issues`), the first named in the message and in `field`. `undefined` passes as an empty bag.
 *
 * @param where - The function the bag belongs to, e.g. `AlertHandler.execute`, for the message.
 * @throws {@link ValidationError} on an unknown key or a value outside its rule
 */
export function checkOptions(options: unknown, rules: OptionRules, where: string): void {
  const issues: ValidationIssue[] = [];
  checkBag(options, rules, '', issues);
  const first = issues[0];
  if (first !== undefined) {
    throw new ValidationError(
      `${where}: \`${first.path || 'options'}\` ${first.message}. Nothing was sent.`,
      {
        issues,
      },
    );
  }
}

function checkBag(bag: unknown, rules: OptionRules, prefix: string, issues: ValidationIssue[]): void {
  if (bag === undefined) return;
  if (typeof bag !== 'object' || bag === null || Array.isArray(bag)) {
    issues.push({ path: prefix, message: `must be an object, got ${describeValue(bag)}` });
    return;
  }
  for (const key of Object.keys(bag)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    const rule = Object.hasOwn(rules, key) ? rules[key] : undefined;
    if (rule === undefined) {
      issues.push({
        path,
        message: `is not an option here; known options: ${Object.keys(rules).join(', ')}`,
      });
      continue;
    }
    const value = (bag as Record<string, unknown>)[key];
    if (value === undefined) continue;
    if (rule.kind === 'object') {
      if (!(rule.orFalse && value === false)) checkBag(value, rule.rules, path, issues);
      continue;
    }
    const problem = valueProblem(value, rule);
    if (problem !== undefined) issues.push({ path, message: `${problem}, got ${describeValue(value)}` });
  }
}

/** Why `value` breaks `rule`, or `undefined` when it does not. */
function valueProblem(value: unknown, rule: Exclude<OptionRule, { kind: 'object' }>): string | undefined {
  switch (rule.kind) {
    case 'integer':
      return Number.isInteger(value) && (value as number) >= rule.min && (value as number) <= rule.max
        ? undefined
        : `must be an integer from ${rule.min} to ${rule.max}`;
    case 'number': {
      const max = rule.max ?? Number.MAX_SAFE_INTEGER;
      return typeof value === 'number' && value > rule.above && value <= max
        ? undefined
        : `must be a number above ${rule.above} and at most ${max}`;
    }
    case 'duration': {
      const min = rule.min ?? 0;
      const ok =
        typeof value === 'number' &&
        Number.isFinite(value) &&
        (rule.min === undefined ? value > 0 : value >= min) &&
        value <= MAX_TIMER_MS;
      return ok
        ? undefined
        : `must be milliseconds ${rule.min === undefined ? 'above 0' : `from ${min}`} up to ${MAX_TIMER_MS} (Node's timer limit)`;
    }
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'must be true or false';
    case 'string':
      return typeof value === 'string' ? undefined : 'must be a string';
    case 'strings':
      return Array.isArray(value) && value.every((item) => typeof item === 'string')
        ? undefined
        : 'must be an array of strings';
    case 'date':
      return value instanceof Date && !Number.isNaN(value.getTime()) ? undefined : 'must be a valid Date';
    case 'function':
      return typeof value === 'function' ? undefined : 'must be a function';
    case 'signal':
      return value instanceof AbortSignal ? undefined : 'must be an AbortSignal';
    case 'oneOf':
      return rule.values.includes(value)
        ? undefined
        : `must be one of ${rule.values.map((allowed) => describeValue(allowed)).join(', ')}`;
    case 'methods':
      return typeof value === 'object' &&
        value !== null &&
        rule.names.every((name) => typeof (value as Record<string, unknown>)[name] === 'function')
        ? undefined
        : `must be ${rule.what} (an object with the methods ${rule.names.join(', ')})`;
    case 'any':
      return undefined;
  }
}
