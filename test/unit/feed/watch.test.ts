import { describe, expect, it } from 'vitest';
import { type AlertLister, watchAlerts } from '../../../src/feed/watch.js';
import type { WatchOptions } from '../../../src/feed/watch-options.js';
import {
  type AlertChange,
  FINAL_ALERT_STATUSES,
  NetworkError,
  PagingError,
  ServerError,
  ThrottlingError,
  ValidationError,
} from '../../../src/index.js';
import { caught, failure } from '../../support/caught.js';
import { FakeAlertSource, MemoryCheckpoints } from '../../support/fake-alert-source.js';
import { useFakeClock } from '../../support/fake-clock.js';
import { FeedDriver } from '../../support/feed-driver.js';

const INTERVAL = 30_000;
const OVERLAP = 300_000;

/** A feed of `source` on its clock, polled every 30 s with 5 minutes of overlap, and its driver. */
function feedOf(source: FakeAlertSource, options: WatchOptions = {}, list: AlertLister = source.list) {
  const feed = watchAlerts(list, {
    intervalMs: INTERVAL,
    overlapMs: OVERLAP,
    now: () => source.clock,
    ...options,
  });
  return new FeedDriver(feed, INTERVAL);
}

/** `kind id` of each change, e.g. `new 1`. */
const described = (changes: readonly AlertChange[]) =>
  changes.map((change) => `${change.kind} ${change.alert.id}`);

/** The source's clock moves by one interval; the feed polls. */
async function poll(source: FakeAlertSource, driver: FeedDriver) {
  source.clock += INTERVAL;
  return driver.nextPoll();
}

describe('watch: options', () => {
  const source = new FakeAlertSource();
  const bad: [string, WatchOptions][] = [
    ['filter.from', { filter: { from: new Date() } as never }],
    ['filter.status', { filter: { status: 'pending' } as never }],
    ['filter.maxPages', { filter: { maxPages: 3 } as never }],
    ['filter.levels', { filter: { levels: ['urgent'] } }],
    ['filter.pageSize', { filter: { pageSize: 500 } }],
    ['intervalMs', { intervalMs: 10 }],
    ['overlapMs', { overlapMs: -1 }],
    ['checkpoint', { checkpoint: 'Feed A' }],
    ['checkpoint', { store: new MemoryCheckpoints() }],
    ['store', { checkpoint: 'feed', store: {} as never }],
    ['maxPagesPerPoll', { maxPagesPerPoll: 0 }],
    ['maxFailedPolls', { maxFailedPolls: 1.5 }],
    ['signal', { signal: 'stop' as never }],
    ['startAt', { startAt: 'yesterday' as never }],
    ['startAt', { startAt: new Date(Number.NaN) }],
    ['now', { now: 5 as never }],
    ['retries', { retries: 3 } as never],
  ];

  it.each(bad)('refuses a bad %s at once, naming it, before any request', (field, options) => {
    const error = caught(() => watchAlerts(source.list, options));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe(field);
    expect(source.requests).toEqual([]);
  });
});

/** A time as the service writes it, `yyyy-MM-dd HH:mm:ss` at UTC+08:00. */
const serviceTime = (epochMs: number) =>
  new Date(epochMs + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');

describe('watch: the window', () => {
  it('reads from startAt, then from the previous poll minus the overlap: alerts last detected, then alerts handled', async () => {
    useFakeClock();
    const source = new FakeAlertSource();
    const start = source.clock;
    const driver = feedOf(source, { filter: { levels: ['serious'] } });

    await driver.drain(); // polls at the start
    await poll(source, driver); // 30 s later
    source.clock += OVERLAP;
    await driver.nextPoll(); // 5 min 30 s later
    await poll(source, driver); // 6 min later

    const windows = source.requests.map(({ TimeStart, OperateTimeStart, Dealed, Levels, PageSize }) => ({
      TimeStart,
      OperateTimeStart,
      Dealed,
      Levels,
      PageSize,
    }));
    const detected = (from: number) => ({
      TimeStart: serviceTime(from),
      OperateTimeStart: undefined,
      Dealed: undefined,
      Levels: 'serious',
      PageSize: '100',
    });
    const handled = (from: number) => ({
      TimeStart: undefined,
      OperateTimeStart: serviceTime(from),
      Dealed: 'Y',
      Levels: 'serious',
      PageSize: '100',
    });
    expect(windows).toEqual([
      // No window starts before startAt: there is nothing to overlap with.
      detected(start),
      handled(start),
      detected(start),
      handled(start),
      detected(start),
      handled(start),
      // The third poll, at +5 min 30 s, minus 5 minutes.
      detected(start + INTERVAL),
      handled(start + INTERVAL),
    ]);
  });

  it('does not deliver what was detected before it started at `now`, and delivers from a past startAt', async () => {
    useFakeClock();
    const source = new FakeAlertSource();
    source.arrive(1);
    source.clock += 60_000;
    const fromNow = feedOf(source);
    const fromPast = feedOf(source, { startAt: new Date(source.clock - 120_000) });

    expect(described(await fromNow.drain())).toEqual([]);
    expect(described(await fromPast.drain())).toEqual(['new 1']);
  });
});

describe('watch: changes', () => {
  it('tells new, updated (fired again, status changed) and resolved apart, each once, in the order they happened', async () => {
    useFakeClock();
    const source = new FakeAlertSource();
    const driver = feedOf(source);
    await driver.drain();

    source.arrive(1);
    source.clock += 1000;
    source.arrive(2);
    const first = await poll(source, driver);
    source.refire(1);
    source.setStatus(2, 16); // being handled
    const second = await poll(source, driver);
    source.setStatus(2, 32); // handled
    source.setStatus(1, 2); // ignored
    const third = await poll(source, driver);
    source.setStatus(1, 128); // deleted: final to final
    const fourth = await poll(source, driver);
    const quiet = await poll(source, driver);

    expect(described(first)).toEqual(['new 1', 'new 2']);
    expect(described(second)).toEqual(['updated 1', 'updated 2']);
    expect(described(third)).toEqual(['resolved 1', 'resolved 2']);
    expect(described(fourth)).toEqual(['updated 1']);
    expect(quiet).toEqual([]);
    expect(third.map((change) => change.alert.status)).toEqual(['ignored', 'handled']);
    const ids = [...first, ...second, ...third, ...fourth].map((change) => change.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(first[0]?.id).toBe(`1@${source.record(1)?.OccurrenceTimeStamp}:1`);
    expect(fourth[0]?.id).toBe(`1@${source.record(1)?.LastTimeStamp}:128:${source.record(1)?.OperateTime}`);
  });

  it('delivers an alert met already final once, as resolved', async () => {
    useFakeClock();
    const source = new FakeAlertSource();
    const driver = feedOf(source);
    await driver.drain();
    source.arrive(1);
    source.setStatus(1, 513); // blocked by the service at once

    expect(described(await poll(source, driver))).toEqual(['resolved 1']);
    expect(await poll(source, driver)).toEqual([]);
  });

  it('forgets an alert once its state is older than the window, and then does not deliver it again', async () => {
    useFakeClock();
    const source = new FakeAlertSource();
    const store = new MemoryCheckpoints();
    const driver = feedOf(source, { overlapMs: 60_000, checkpoint: 'feed', store });
    await driver.drain();
    source.arrive(1);
    const [change] = await poll(source, driver);
    await change?.commit();
    for (let i = 0; i < 4; i++) expect(await poll(source, driver)).toEqual([]);

    const stored = (await store.getCheckpoint('feed')) as { from: number; seen: unknown[] };
    expect(stored.seen).toEqual([]);
    // The next window starts at the last poll minus the overlap.
    expect(stored.from).toBe(source.clock - 60_000);
  });

  it('classifies the alerts with FINAL_ALERT_STATUSES', () => {
    expect(FINAL_ALERT_STATUSES).toEqual([
      'ignored',
      'confirmed',
      'falsePositive',
      'handled',
      'expired',
      'deleted',
      'autoBlocked',
      'systemFalsePositive',
    ]);
  });
});

describe('watch: commit and the checkpoint', () => {
  it('stores the start at once, so that a crash before the first commit resumes there', async () => {
    useFakeClock();
    const source = new FakeAlertSource();
    const store = new MemoryCheckpoints();
    const start = source.clock;
    const first = feedOf(source, { checkpoint: 'feed', store });
    await first.drain();
    source.clock += 10 * 60_000;
    source.arrive(1);
    // Crash: the first feed is left as it is; the next starts an hour later.
    source.clock += 3_600_000;
    const second = feedOf(source, { checkpoint: 'feed', store });

    expect(described(await second.drain())).toEqual(['new 1']);
    expect(source.requests.at(-2)?.TimeStart).toBe(
      new Date(start + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' '),
    );
  });

  it('after a crash, delivers again exactly the changes after the last commit', async () => {
    useFakeClock();
    const source = new FakeAlertSource();
    const store = new MemoryCheckpoints();
    const controller = new AbortController();
    const first = feedOf(source, { checkpoint: 'feed', store, signal: controller.signal });
    await first.drain();
    for (const id of [1, 2, 3, 4, 5]) {
      source.arrive(id);
      source.clock += 1000;
    }
    const delivered = await poll(source, first);
    await delivered[2]?.commit();
    controller.abort(); // crash

    const second = feedOf(source, { checkpoint: 'feed', store });
    const again = await second.drain();

    expect(described(delivered)).toEqual(['new 1', 'new 2', 'new 3', 'new 4', 'new 5']);
    expect(again.map((change) => change.id)).toEqual(delivered.slice(3).map((change) => change.id));
  });

  it('commits in any order and at once: a commit covered by a later one writes nothing more', async () => {
    useFakeClock();
    const source = new FakeAlertSource();
    const store = new MemoryCheckpoints();
    const driver = feedOf(source, { checkpoint: 'feed', store });
    await driver.drain();
    for (const id of [1, 2, 3]) source.arrive(id);
    const [a, b, c] = await poll(source, driver);
    const writes = store.writes;

    await Promise.all([c?.commit(), a?.commit(), b?.commit()]);
    await b?.commit();

    expect(store.writes).toBe(writes + 1);
    const second = feedOf(source, { checkpoint: 'feed', store });
    expect(await second.drain()).toEqual([]);
  });

  it('rejects a commit the store could not write, and writes it with the next commit', async () => {
    useFakeClock();
    const source = new FakeAlertSource();
    const store = new MemoryCheckpoints();
    const driver = feedOf(source, { checkpoint: 'feed', store });
    await driver.drain();
    for (const id of [1, 2]) source.arrive(id);
    const [a, b] = await poll(source, driver);
    store.failures.push(new Error('disk full'));

    const refused = await failure(a?.commit() as Promise<void>);
    await a?.commit();

    expect(refused).toEqual(new Error('disk full'));
    const second = feedOf(source, { checkpoint: 'feed', store });
    expect((await second.drain()).map((change) => change.id)).toEqual([b?.id]);
  });

  it('commits without a checkpoint: nothing is stored', async () => {
    useFakeClock();
    const source = new FakeAlertSource();
    const driver = feedOf(source);
    await driver.drain();
    source.arrive(1);
    const [change] = await poll(source, driver);

    await expect(change?.commit()).resolves.toBeUndefined();
  });

  it('refuses a checkpoint that holds something else', async () => {
    useFakeClock();
    const source = new FakeAlertSource();
    const store = new MemoryCheckpoints();
    await store.putCheckpoint('feed', { lastAlertId: '7009607', page: 4 });
    const driver = feedOf(source, { checkpoint: 'feed', store });

    const error = await failure(driver.drain());

    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe('checkpoint');
    expect(source.requests).toEqual([]);
  });

  it('keeps a bounded checkpoint: the alerts committed within the window', async () => {
    useFakeClock();
    const source = new FakeAlertSource();
    const store = new MemoryCheckpoints();
    const driver = feedOf(source, { checkpoint: 'feed', store, overlapMs: 90_000 });
    await driver.drain();
    for (let id = 1; id <= 20; id++) {
      source.arrive(id);
      const changes = await poll(source, driver);
      await changes.at(-1)?.commit();
    }

    const stored = (await store.getCheckpoint('feed')) as { from: number; seen: [string, number][] };
    // One alert 30 s before each poll; the next window starts 90 s before the last poll: 3 alerts.
    expect(stored.seen.map(([id]) => id)).toEqual(['18', '19', '20']);
    expect(stored.seen.every(([, lastSeen]) => lastSeen >= stored.from)).toBe(true);
  });
});

describe('watch: stopping and failing', () => {
  it('ends without an error when the signal aborts, while waiting or between changes', async () => {
    useFakeClock();
    const source = new FakeAlertSource();
    const waiting = new AbortController();
    const driver = feedOf(source, { signal: waiting.signal });
    await driver.drain();
    waiting.abort();
    expect(await driver.drain()).toEqual([]);
    expect(driver.done).toBe(true);

    const between = new AbortController();
    source.arrive(1);
    source.arrive(2);
    const feed = watchAlerts(source.list, {
      now: () => source.clock,
      signal: between.signal,
      startAt: new Date(source.clock - 1000),
    });
    const one = await feed.next();
    between.abort();
    expect(one.value?.alert.id).toBe('1');
    expect(await feed.next()).toEqual({ done: true, value: undefined });
  });

  it('makes a poll that failed for a while again at the next interval, delivering nothing of it', async () => {
    useFakeClock();
    const source = new FakeAlertSource();
    const failed: number[] = [];
    const feed = watchAlerts(
      source.list,
      { intervalMs: INTERVAL, now: () => source.clock },
      { onFailedPoll: (_error, count) => failed.push(count) },
    );
    const driver = new FeedDriver(feed, INTERVAL);
    await driver.drain();
    source.arrive(1);
    source.failures.push(
      new NetworkError('reset', { code: 'NetworkError' }),
      new ServerError('503', { code: 'ServiceUnavailable' }),
      new ThrottlingError('slow down', { code: 'Throttling.User' }),
    );

    expect(await poll(source, driver)).toEqual([]);
    expect(await poll(source, driver)).toEqual([]);
    expect(described(await poll(source, driver))).toEqual([]);
    expect(described(await poll(source, driver))).toEqual(['new 1']);
    expect(failed).toEqual([1, 2, 3]);
  });

  it('throws the last transient error of maxFailedPolls polls in a row', async () => {
    useFakeClock();
    const source = new FakeAlertSource();
    const driver = feedOf(source, { maxFailedPolls: 2 });
    await driver.drain();
    const reset = new NetworkError('reset', { code: 'NetworkError' });
    source.failures.push(reset, reset);

    expect(await poll(source, driver)).toEqual([]);
    expect(await failure(poll(source, driver))).toBe(reset);
  });

  it('throws at once a failure before the first poll succeeded, and an error that is not transient', async () => {
    useFakeClock();
    const source = new FakeAlertSource();
    const reset = new NetworkError('reset', { code: 'NetworkError' });
    source.failures.push(reset);
    expect(await failure(feedOf(source).drain())).toBe(reset);

    const denied = new ValidationError('denied');
    const driver = feedOf(source);
    await driver.drain();
    source.failures.push(denied);
    expect(await failure(poll(source, driver))).toBe(denied);
  });

  it('throws PageLimitReached when a listing of one poll needs more than maxPagesPerPoll pages', async () => {
    useFakeClock();
    const source = new FakeAlertSource();
    const driver = feedOf(source, { maxPagesPerPoll: 2, filter: { pageSize: 5 } });
    await driver.drain();
    for (let id = 1; id <= 11; id++) source.arrive(id);

    const error = await failure(poll(source, driver));

    expect(error).toBeInstanceOf(PagingError);
    expect((error as PagingError).code).toBe('PageLimitReached');
  });
});
