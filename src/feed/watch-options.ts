/**
 * The options of a live alert feed ({@link AlertHandler.watch}), their defaults and their checks.
 *
 * @packageDocumentation
 */
import { ALERT_FILTER_RULES, type AlertFilter, checkAlertFilter } from '../alerts/list.js';
import { ValidationError } from '../errors.js';
import { checkName } from '../stores/checks.js';
import { fileJournal } from '../stores/file-store.js';
import type { Store } from '../stores/store.js';
import { checkOptions, type OptionRules } from '../util/check-options.js';
import { describeValue } from '../util/describe-value.js';

/**
 * Which alerts a feed watches: an {@link AlertFilter} without the fields the feed sets itself (its time
 * window, `dealt` and `status`, which it needs free to see alerts change status, and the paging caps,
 * which {@link WatchOptions.maxPagesPerPoll} replaces).
 *
 * @example
 * ```ts
 * const filter: WatchFilter = { levels: ['serious', 'suspicious'], types: ['Webshell'] };
 * for await (const change of alerts.watch({ filter })) await change.commit();
 * ```
 */
export type WatchFilter = Omit<
  AlertFilter,
  'from' | 'to' | 'handledFrom' | 'handledTo' | 'dealt' | 'status' | 'maxItems' | 'maxPages'
>;

/** The fields of {@link AlertFilter} a feed sets itself: its time window, the statuses and the paging. */
const WATCHER_FIELDS: readonly Exclude<keyof AlertFilter, keyof WatchFilter>[] = [
  'from',
  'to',
  'handledFrom',
  'handledTo',
  'dealt',
  'status',
  'maxItems',
  'maxPages',
];

/** The part of a {@link Store} a feed uses: its checkpoints. Any `Store`, such as `fileJournal(…)`, is one. */
export type CheckpointStore = Pick<Store, 'getCheckpoint' | 'putCheckpoint'>;

/**
 * Options of {@link AlertHandler.watch}.
 *
 * @example
 * ```ts
 * const controller = new AbortController();
 * const options: WatchOptions = {
 *   filter: { levels: ['serious'] },
 *   intervalMs: 30_000,
 *   checkpoint: 'feed-cn-shanghai',
 *   signal: controller.signal,
 * };
 * for await (const change of alerts.watch(options)) await change.commit();
 * ```
 */
export interface WatchOptions {
  /** Which alerts to watch; every alert when not given. Its `pageSize` is 100 unless given. */
  filter?: WatchFilter;
  /**
   * How often to poll: the time from the start of one poll to the start of the next (a poll that lasts
   * longer is followed at once). A change is delivered about `intervalMs / 2` after it happens, on
   * average, and at most `intervalMs` plus the poll's duration after. At least 1 000.
   * @defaultValue 30 000 ms
   */
  intervalMs?: number;
  /**
   * How far each poll reads back before the end of the previous one, so that an alert the service
   * lists a little late (indexing delay, clock skew) is not missed at the edge. It sets the memory
   * too: the feed remembers the alerts whose last detection or handling falls within the window.
   * @defaultValue 300 000 ms (5 minutes)
   */
  overlapMs?: number;
  /**
   * The key under which the feed keeps what was committed, e.g. `feed-cn-shanghai` (1 to 128 of
   * `a-z`, `0-9`, `.`, `_`, `-`). A feed started again with the same key resumes after the last commit.
   * Without it, nothing is stored: each feed starts at {@link WatchOptions.startAt}.
   */
  checkpoint?: string;
  /**
   * Where the checkpoint is kept: any {@link Store}, e.g. the one the execution journal uses.
   * @defaultValue `fileJournal('.alert-handler/journal')`, the embedded file store in the folder the
   * journal's examples use
   */
  store?: CheckpointStore;
  /**
   * Page requests each of a poll's two listings may make (alerts last detected in the window, alerts
   * handled in it); past it, the feed throws a {@link PagingError} `PageLimitReached`. A guard against
   * a window too large to read in one poll: raise it, or narrow the filter.
   * @defaultValue 50 (5 000 alerts a listing at the default page size of 100)
   */
  maxPagesPerPoll?: number;
  /**
   * Polls in a row that may fail with a transient error (network, timeout, throttling, server error,
   * a listing that changed while it was paged) before the feed throws the last one. A failed poll
   * delivers nothing and is read again, whole, at the next interval. A failure before the first poll
   * succeeded is thrown at once: it is more likely a mistake in the configuration.
   * @defaultValue 5
   */
  maxFailedPolls?: number;
  /**
   * Stops the feed: the iteration ends (no error) at the next change or during the wait. Changes
   * delivered and not committed are delivered again by the next feed with the same checkpoint.
   */
  signal?: AbortSignal;
  /**
   * Where a feed without a stored checkpoint begins: `'now'`, or a time in the past to catch up from
   * (alerts last detected or handled since). Ignored when the checkpoint holds a position.
   * @defaultValue 'now'
   */
  startAt?: 'now' | Date;
  /**
   * The clock the window is read on, epoch milliseconds, e.g. an emulator's clock in a test.
   * @defaultValue `Date.now`
   */
  now?: () => number;
}

/** {@link WatchOptions.intervalMs} when not given. */
export const DEFAULT_INTERVAL_MS = 30_000;
/** {@link WatchOptions.overlapMs} when not given. */
export const DEFAULT_OVERLAP_MS = 300_000;
/** {@link WatchOptions.maxPagesPerPoll} when not given. */
export const DEFAULT_MAX_PAGES_PER_POLL = 50;
/** {@link WatchOptions.maxFailedPolls} when not given. */
export const DEFAULT_MAX_FAILED_POLLS = 5;
/** The page size of a feed's listings when the filter gives none: the largest the service serves. */
export const DEFAULT_FEED_PAGE_SIZE = 100;
/** The folder of the default checkpoint store. */
export const DEFAULT_STORE_DIRECTORY = '.alert-handler/journal';

const WATCH_FILTER_RULES: OptionRules = Object.fromEntries(
  Object.entries(ALERT_FILTER_RULES).filter(
    ([name]) => !(WATCHER_FIELDS as readonly string[]).includes(name),
  ),
);

const WATCH_OPTION_RULES: OptionRules = {
  filter: { kind: 'object', rules: WATCH_FILTER_RULES },
  intervalMs: { kind: 'duration', min: 1000 },
  overlapMs: { kind: 'duration', min: 0 },
  checkpoint: { kind: 'string' },
  store: {
    kind: 'methods',
    what: 'a store such as fileJournal(…)',
    names: ['getCheckpoint', 'putCheckpoint'],
  },
  maxPagesPerPoll: { kind: 'integer', min: 1, max: 10_000 },
  maxFailedPolls: { kind: 'integer', min: 1, max: 1000 },
  signal: { kind: 'signal' },
  startAt: { kind: 'any' },
  now: { kind: 'function' },
};

/** The options of a feed, checked, with their defaults. */
export interface WatchSettings {
  readonly filter: AlertFilter;
  readonly intervalMs: number;
  readonly overlapMs: number;
  /** The checkpoint and its store; `undefined` for a feed that stores nothing. */
  readonly checkpoint: { readonly key: string; readonly store: CheckpointStore } | undefined;
  readonly maxPagesPerPoll: number;
  readonly maxFailedPolls: number;
  readonly signal: AbortSignal | undefined;
  readonly startAt: 'now' | Date;
  readonly now: () => number;
}

/**
 * Checks a feed's options, before any request or read of the store, and fills in the defaults.
 *
 * @throws {@link ValidationError} naming the first bad option
 */
export function watchSettings(options: WatchOptions = {}): WatchSettings {
  const filter = options?.filter;
  const owned = WATCHER_FIELDS.find((name) => (filter as AlertFilter | undefined)?.[name] !== undefined);
  if (owned !== undefined) {
    throw new ValidationError(
      `watch: \`filter.${owned}\` is set by the feed itself (its time window, statuses and paging): ` +
        'leave it out, and use startAt, overlapMs or maxPagesPerPoll instead. Nothing was sent.',
      { field: `filter.${owned}` },
    );
  }
  checkOptions(options, WATCH_OPTION_RULES, 'watch');
  const { startAt = 'now', checkpoint, store } = options;
  if (startAt !== 'now' && !(startAt instanceof Date && !Number.isNaN(startAt.getTime()))) {
    throw new ValidationError(
      `watch: \`startAt\` must be 'now' or a valid Date, got ${describeValue(startAt)}. Nothing was sent.`,
      { field: 'startAt' },
    );
  }
  if (store !== undefined && checkpoint === undefined) {
    throw new ValidationError(
      'watch: `store` is given without `checkpoint`: name the key to keep the position under, e.g. ' +
        "checkpoint: 'feed-cn-shanghai'. Nothing was sent.",
      { field: 'checkpoint' },
    );
  }
  if (checkpoint !== undefined) checkName(checkpoint, 'checkpoint');
  const checked = { pageSize: DEFAULT_FEED_PAGE_SIZE, ...filter };
  try {
    checkAlertFilter(checked, 'watch filter');
  } catch (error) {
    // What the option rules above cannot see (levels the service does not know): a ValidationError
    // naming the field of the filter.
    const { field, message } = error as ValidationError;
    throw new ValidationError(message, { field: `filter.${field}`, cause: error });
  }
  return {
    filter: checked,
    intervalMs: options.intervalMs ?? DEFAULT_INTERVAL_MS,
    overlapMs: options.overlapMs ?? DEFAULT_OVERLAP_MS,
    checkpoint:
      checkpoint === undefined
        ? undefined
        : { key: checkpoint, store: store ?? fileJournal(DEFAULT_STORE_DIRECTORY) },
    maxPagesPerPoll: options.maxPagesPerPoll ?? DEFAULT_MAX_PAGES_PER_POLL,
    maxFailedPolls: options.maxFailedPolls ?? DEFAULT_MAX_FAILED_POLLS,
    signal: options.signal,
    startAt,
    now: options.now ?? Date.now,
  };
}
