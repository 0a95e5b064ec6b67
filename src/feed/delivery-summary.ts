/** What a delivery of a feed to its sinks did. */

/** How many changes one sink dealt with. */
export interface SinkCounts {
  /** Changes the sink accepted. */
  readonly delivered: number;
  /** Changes the sink gave up on and handed to its dead-letter hook. */
  readonly deadLettered: number;
  /** Calls of the sink's `send`, each with a batch of changes. */
  readonly batches: number;
}

/** What {@link deliver} did. */
export interface DeliverySummary {
  /** Changes read from the feed. */
  readonly read: number;
  /** Changes committed: every sink had delivered or dead-lettered them. */
  readonly committed: number;
  /** Per sink, by name. */
  readonly sinks: Readonly<Record<string, SinkCounts>>;
  /** Whether it stopped because its `signal` aborted. */
  readonly aborted: boolean;
}
