/**
 * int64 values as the service sends them: a number, or beyond 2^53 the exact decimal digits as a string.
 *
 * @packageDocumentation
 */

/**
 * An int64 value as a `number` when it is one exactly (a safe integer); `undefined` when it is absent or
 * beyond 2^53 (its exact digits cannot be a `number`).
 *
 * @example
 * ```ts
 * exactNumber(1768464000000); // 1768464000000
 * exactNumber('1234567890123456789'); // undefined
 * ```
 */
export function exactNumber(value: number | string | undefined): number | undefined {
  const number = typeof value === 'string' ? Number(value) : value;
  return number !== undefined && Number.isSafeInteger(number) ? number : undefined;
}
