/**
 * The normalizations made while reading a response (or checking a request), kept with the data they
 * were made in: a `null` read as absent, `"45"` read as the number 45, and so on, each at its path. The
 * clients hand them on through `onNormalized` (audit hook and logger); users of the zod schemas of
 * `alicloud-alert-handler/schemas` read them with {@link normalizations}.
 *
 * @packageDocumentation
 */
import type { Issue } from './issue.js';

const NOTES = new WeakMap<object, readonly Issue[]>();

/**
 * Records the normalizations made in reading `data` (the checked value returned).
 *
 * @example
 * ```ts
 * keepNormalizations(data, [{ path: ['SuspEvents', 3, 'InternetIp'], message: 'null read as absent' }]);
 * ```
 */
export function keepNormalizations(data: object, notes: readonly Issue[]): void {
  if (notes.length > 0) NOTES.set(data, notes);
}

/**
 * The normalizations made in reading `data` (a response or request returned by a validator or a zod
 * schema of this package), in the order they were made; empty when the value was read as sent.
 *
 * @example
 * ```ts
 * const page = DescribeSuspEventsResponseSchema.parse({ RequestId: 'r', TotalCount: '45', SuspEvents: null });
 * for (const { path, message } of normalizations(page)) console.warn(path.join('.'), message);
 * // TotalCount "45" read as the number 45; SuspEvents null read as absent
 * ```
 */
export function normalizations(data: object): readonly Issue[] {
  return NOTES.get(data) ?? [];
}
