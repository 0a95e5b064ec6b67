/**
 * What a live alert feed yields: one change of one alert, to be committed once it has been dealt with.
 *
 * @packageDocumentation
 */

import type { Alert } from '../alerts/alert.js';

/**
 * The kind of an alert change:
 * - `new`: an alert not seen before;
 * - `updated`: a known alert fired again (its last detection moved) or changed status;
 * - `resolved`: a known alert reached a final status (handled, ignored, whitelisted, expired…).
 */
export type AlertChangeKind = 'new' | 'updated' | 'resolved';

/**
 * One change of one alert, as a feed delivers it. Delivery is at least once: a change is delivered
 * again after a restart until it, or a change after it, was committed.
 *
 * @example
 * ```ts
 * // feed: an AsyncIterable<AlertChange>, e.g. alerts.watch({ intervalMs: 30_000 })
 * for await (const change of feed) {
 *   console.log(change.kind, change.alert.id, change.alert.name);
 *   await change.commit();
 * }
 * ```
 */
export interface AlertChange {
  /** What happened to the alert. */
  readonly kind: AlertChangeKind;
  /** The alert as last read. */
  readonly alert: Alert;
  /**
   * Identity of this change, stable across restarts: the alert id, the time it was last seen, its
   * status code and, once handled, the time of its handling (`OperateTime`), e.g.
   * `7009607@1733030400000:1` or `7009607@1733030400000:32:1733031000000`. Two deliveries of one change
   * carry the same id; use it to de-duplicate what a restart delivers again.
   */
  readonly id: string;
  /**
   * Marks this change, and every change the feed delivered before it, as dealt with, and resolves once
   * the checkpoint says so (at once for a feed without a checkpoint): a feed restarted from the same
   * checkpoint does not deliver them again. Committing a change already covered by a later commit
   * does nothing more; commits may come in any order and at once. Committing the last change of a
   * batch commits the batch with one write.
   *
   * @throws what the checkpoint's store throws when it cannot be written; the commit is then written
   * with the next one
   *
   * @example
   * ```ts
   * const batch: AlertChange[] = [];
   * for await (const change of alerts.watch({ checkpoint: 'feed-cn-shanghai' })) {
   *   batch.push(change);
   *   if (batch.length === 50) {
   *     await writeFile('changes.json', JSON.stringify(batch.map(({ kind, id }) => ({ kind, id }))));
   *     await batch.at(-1)?.commit(); // the 50 at once
   *     batch.length = 0;
   *   }
   * }
   * ```
   */
  commit(): Promise<void>;
}
