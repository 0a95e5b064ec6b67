/** Where {@link deliver} sends a feed's changes: the interface every sink implements, built in or not. */
import type { AlertChange } from './change.js';
import type { SinkError } from './sink-errors.js';

/** What {@link Sink.send} gets besides the changes. */
export interface SinkContext {
  /** Aborts when the delivery is aborted: stop, and reject (the changes are not committed). */
  readonly signal: AbortSignal;
}

/** What {@link Sink.send} may resolve with when it dealt with some changes other than by delivering them. */
export interface SinkResult {
  /** How many of the changes were given up on and handed to a dead-letter hook. */
  readonly deadLettered: number;
}

/**
 * A destination of alert changes. {@link deliver} calls `send` with the changes in feed order, in
 * batches, one call at a time per sink; a change is committed once every sink's `send` with it resolved.
 * Resolving means every change in the batch was delivered, or dealt with otherwise (dead-lettered: say
 * how many with a {@link SinkResult}); rejecting stops the delivery, and the batch is delivered again
 * after a restart. A sink sees a change twice only after such a restart (delivery is at least once).
 *
 * @example
 * ```ts
 * const seriousOnly: Sink = {
 *   name: 'serious-to-stdout',
 *   async send(changes) {
 *     for (const change of changes) {
 *       if (change.alert.level === 'serious') console.log(change.kind, change.alert.id, change.alert.name);
 *     }
 *   },
 * };
 * await deliver(feed, [seriousOnly]);
 * ```
 */
export interface Sink {
  /** Unique among the sinks of one delivery; names the sink in summaries and errors. */
  readonly name: string;
  /**
   * The most changes one `send` gets.
   *
   * @defaultValue every change read and not yet sent to this sink
   */
  readonly maxBatch?: number | undefined;
  /**
   * Delivers `changes` (never empty), in feed order.
   *
   * @example
   * ```ts
   * const sink = sinks.webhook({ url: 'https://hooks.example.com/alerts', secret: 'hook-secret' });
   * await sink.send(changes, { signal: AbortSignal.timeout(30_000) });
   * ```
   */
  // biome-ignore lint/suspicious/noConfusingVoidType: a sink that delivered everything returns nothing (`async send() {…}`)
  send(changes: readonly AlertChange[], context: SinkContext): Promise<SinkResult | void>;
}

/**
 * Changes a sink gave up on after its retries, handed to its `onDeadLetter` hook. When the hook
 * resolves they count as dealt with (they are committed once the other sinks have them too); when it
 * rejects, the delivery stops with its error.
 */
export interface DeadLetter {
  /** The sink's name. */
  readonly sink: string;
  /** The changes it could not deliver, in feed order. */
  readonly changes: readonly AlertChange[];
  /** Why, after how many attempts (`attempts`): no URL, token or secret in it. */
  readonly error: SinkError;
}
