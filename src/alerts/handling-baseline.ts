/**
 * What an alert showed just before its handling call was sent: its latest handling result, if any. After
 * a lost answer, only a handling that differs from this proves what the call did.
 */
export interface HandlingBaseline {
  /** `Status` of the alert's latest handling (`Success`, `Failed`), when it had one. */
  readonly status?: string;
  /** `ErrorCode` of that handling, e.g. `block_ip.Success`. */
  readonly errorCode?: string;
  /** The alert's `OperateTime` (epoch ms): when it was last handled, if ever. */
  readonly operateTime?: number;
}

/**
 * Whether a status entry of `operation` read after the call shows a handling the alert did not show
 * before it: a different status or result than `before`, or any when there is no baseline. A handling
 * still `Processing` is always new: an alert with one is never sent.
 *
 * @example
 * ```ts
 * isNewHandling({ Status: 'Success', ErrorCode: 'ignore.Success' }, undefined); // true
 * ```
 */
export function isNewHandling(
  entry: { readonly Status?: string; readonly ErrorCode?: string },
  before: HandlingBaseline | undefined,
): boolean {
  return (
    before === undefined ||
    entry.Status === 'Processing' ||
    entry.Status !== before.status ||
    (entry.ErrorCode || undefined) !== before.errorCode
  );
}
