/**
 * The live alert feed: polls a time window of alerts with overlap, delivers what changed, at least once,
 * and keeps what was committed in a checkpoint.
 *
 * @packageDocumentation
 */
import type { Alert } from '../alerts/alert.js';
import type { AlertFilter } from '../alerts/list.js';
import { NetworkError, PagingError, ServerError, ThrottlingError, TimeoutError } from '../errors.js';
import { sleep } from '../util/deadline.js';
import type { AlertChange } from './change.js';
import { FeedState, type FoundChange } from './feed-state.js';
import { type WatchOptions, type WatchSettings, watchSettings } from './watch-options.js';

/** Lists alerts: what a feed reads its windows with, e.g. `AlertHandler#listAlerts`. */
export type AlertLister = (
  filter: AlertFilter,
  options: { signal?: AbortSignal | undefined },
) => AsyncIterable<Alert>;

/** What the owner of a feed hears about it besides its changes. */
export interface WatchHooks {
  /** A poll failed with a transient error and will be made again at the next interval. */
  onFailedPoll?(error: unknown, failedPolls: number): void;
}

/**
 * A live feed of alert changes (see {@link AlertHandler.watch}): polls `list` every `intervalMs` for
 * the alerts last detected or handled since the previous poll, minus `overlapMs`, and yields what
 * changed, at least once.
 *
 * @throws {@link ValidationError} when an option is invalid (at once, before any request), or when the
 * checkpoint holds something else than a feed's checkpoint (from the iterator)
 * @throws {@link PagingError} `PageLimitReached` (from the iterator) when a listing of one poll needs
 * more than `maxPagesPerPoll` pages
 *
 * @example
 * ```ts
 * const feed = watchAlerts((filter, options) => alerts.listAlerts(filter, options), { checkpoint: 'feed' });
 * for await (const change of feed) await change.commit();
 * ```
 */
export function watchAlerts(
  list: AlertLister,
  options: WatchOptions = {},
  hooks: WatchHooks = {},
): AsyncIterableIterator<AlertChange> {
  return run(list, watchSettings(options), hooks);
}

async function* run(
  list: AlertLister,
  settings: WatchSettings,
  hooks: WatchHooks,
): AsyncGenerator<AlertChange, void, undefined> {
  const { signal, startAt } = settings;
  if (signal?.aborted) return;
  const state = await FeedState.open(
    settings.checkpoint,
    settings.overlapMs,
    startAt === 'now' ? settings.now() : startAt.getTime(),
  );
  let polled = false;
  let failedPolls = 0;
  while (!signal?.aborted) {
    const started = performance.now();
    const polledAt = settings.now();
    let alerts: Alert[] | undefined;
    try {
      alerts = await readWindow(list, settings, state.windowStart);
    } catch (error) {
      if (signal?.aborted) return;
      failedPolls++;
      if (!polled || !isTransient(error) || failedPolls >= settings.maxFailedPolls) throw error;
      hooks.onFailedPoll?.(error, failedPolls);
    }
    if (alerts !== undefined) {
      polled = true;
      failedPolls = 0;
      const changes = state.poll(alerts, polledAt);
      await state.flush();
      for (const change of changes) {
        if (signal?.aborted) return;
        yield delivered(change, state);
      }
    }
    if (!(await pause(settings.intervalMs - (performance.now() - started), signal))) return;
  }
}

/**
 * The alerts of one window: those last detected since `windowStart`, then those handled since (a
 * status change leaves the detection time as it was). An alert may be in both.
 */
async function readWindow(list: AlertLister, settings: WatchSettings, windowStart: number): Promise<Alert[]> {
  const from = new Date(windowStart);
  const filter: AlertFilter = { ...settings.filter, maxPages: settings.maxPagesPerPoll };
  const read: Alert[] = [];
  const { signal } = settings;
  for await (const alert of list({ ...filter, from }, { signal })) read.push(alert);
  for await (const alert of list({ ...filter, dealt: true, handledFrom: from }, { signal })) read.push(alert);
  return read;
}

/** The change as the feed yields it, its `commit` bound to the feed. */
function delivered(change: FoundChange, state: FeedState): AlertChange {
  const { seq, kind, alert, id } = change;
  return { kind, alert, id, commit: () => state.commit(seq) };
}

/**
 * Errors that a later poll may not meet: the service or the network failing for a while, and a listing
 * that changed while it was paged. A poll that reads more pages than allowed would read as many again.
 */
function isTransient(error: unknown): boolean {
  if (error instanceof PagingError) return error.code !== 'PageLimitReached';
  return (
    error instanceof NetworkError ||
    error instanceof TimeoutError ||
    error instanceof ThrottlingError ||
    error instanceof ServerError
  );
}

/** Waits `ms` (nothing when it is not above 0); `false` when `signal` aborted meanwhile. */
async function pause(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  // The wait rejects only when the signal aborts, which the answer says.
  if (ms > 0) await sleep(ms, signal, 'watch').catch(() => undefined);
  return !signal?.aborted;
}
