/** The check that a value given to a store is JSON that reads back the same. */
import { ValidationError } from '../errors.js';
import { describeValue } from '../util/describe-value.js';
import type { JsonValue } from './store.js';

/**
 * Checks that `value` is a {@link JsonValue} (finite numbers, plain objects and arrays, no `undefined`,
 * function or class instance anywhere) and returns its JSON text.
 *
 * @param where - What the value is, for the message, e.g. `append: records[2]`.
 * @throws {@link ValidationError} naming the first offending path
 */
export function toJson(value: unknown, where: string): string {
  const problem = findProblem(value, '', new Set());
  if (problem !== undefined) {
    const at = problem.path === '' ? '' : ` at \`${problem.path}\``;
    throw new ValidationError(`${where}${at} ${problem.message}. Nothing was written.`, {
      issues: [problem],
    });
  }
  return JSON.stringify(value);
}

function findProblem(
  value: unknown,
  path: string,
  open: Set<object>,
): { path: string; message: string } | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') {
    return Number.isFinite(value) ? undefined : { path, message: `must be a finite number, got ${value}` };
  }
  if (typeof value !== 'object') {
    return {
      path,
      message: `must be JSON (null, boolean, number, string, array or object), got ${describeKind(value)}`,
    };
  }
  if (open.has(value)) return { path, message: 'refers to itself' };
  const prototype: unknown = Object.getPrototypeOf(value);
  if (!Array.isArray(value) && prototype !== Object.prototype && prototype !== null) {
    return {
      path,
      message: `must be a plain object or an array, got ${value.constructor?.name ?? 'an object'}`,
    };
  }
  open.add(value);
  const entries: [string, unknown][] = Array.isArray(value)
    ? Array.from(value, (item, index): [string, unknown] => [`[${index}]`, item])
    : Object.entries(value).map(([key, item]) => [path === '' ? key : `.${key}`, item]);
  for (const [step, item] of entries) {
    const problem = findProblem(item, `${path}${step}`, open);
    if (problem !== undefined) return problem;
  }
  open.delete(value);
  return undefined;
}

function describeKind(value: unknown): string {
  return typeof value === 'function'
    ? 'a function'
    : typeof value === 'undefined'
      ? 'undefined'
      : describeValue(value);
}
