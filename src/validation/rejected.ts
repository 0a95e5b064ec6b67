/**
 * Items of a listing that could not be read even leniently, kept apart from the response they came in
 * rather than failing it: the response's data holds the readable items, and {@link rejectedItems} the
 * others, each with its raw record and its problems.
 *
 * @packageDocumentation
 */
import type { ValidationIssue } from '../errors.js';

/** An item of a response that could not be read, kept apart. */
export interface RejectedItem {
  /** Where it was in the response, e.g. `SuspEvents[3]`. */
  readonly path: string;
  /** The item as the service sent it. */
  readonly raw: unknown;
  /** Why it could not be read, by field (paths from the response's root, e.g. `SuspEvents[3].Level`). */
  readonly issues: readonly ValidationIssue[];
}

const REJECTED = new WeakMap<object, readonly RejectedItem[]>();

/**
 * Records the items kept apart from `response` (the checked data that was returned instead of them).
 *
 * @example
 * ```ts
 * keepRejected(data, [{ path: 'SuspEvents[3]', raw, issues }]);
 * ```
 */
export function keepRejected(response: object, items: readonly RejectedItem[]): void {
  if (items.length > 0) REJECTED.set(response, items);
}

/**
 * The items kept apart from a checked response; empty when every item could be read.
 *
 * @example
 * ```ts
 * const page = DescribeSuspEventsResponseSchema.parse({ RequestId: 'r', SuspEvents: [{ Id: 1 }, { Id: {} }] });
 * for (const { path, issues } of rejectedItems(page)) console.warn(path, issues[0]?.message);
 * // SuspEvents[1] Invalid input: expected int64, received object
 * ```
 */
export function rejectedItems(response: object): readonly RejectedItem[] {
  return REJECTED.get(response) ?? [];
}
