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
   * Identity of this change, stable across restarts: the alert id, the time it was last seen and its
   * status code, e.g. `7009607@1733030400000:1`. Two deliveries of one change carry the same id.
   */
  readonly id: string;
  /**
   * Marks this change, and every change the feed delivered before it, as dealt with: a watcher
   * restarted from the same checkpoint does not deliver them again.
   *
   * @example
   * ```ts
   * for await (const change of feed) {
   *   if (change.kind === 'new') console.log(change.alert.name);
   *   await change.commit(); // not delivered again after a restart
   * }
   * ```
   */
  commit(): Promise<void>;
}
