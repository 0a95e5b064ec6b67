/**
 * Properties of the feed over random histories: alerts arrive, fire again and change status between
 * polls; changes are committed at random points, in any order, several at once; the process crashes
 * (the feed is dropped, a new one starts from the same checkpoint) at random points.
 *
 * - every state of an alert that a poll could see is delivered, at least once;
 * - within one feed, no change is delivered twice;
 * - after a crash, nothing committed is delivered again, and every change delivered but not committed
 *   is delivered again when the alert has not changed since (else its newer state is);
 * - the checkpoint holds only alerts within its window;
 * - at the end, the last change delivered for each alert is its current state.
 *
 * Status changes here always set the handling time and refires make the alert pending again, so that
 * every state is within one of the two listings a poll makes (see docs/feed.md for what is not).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { changeId, stateOf, stateTime } from '../../../src/feed/change-detection.js';
import { watchAlerts } from '../../../src/feed/watch.js';
import { ALERT_STATUS_CODES, type AlertChange, FINAL_ALERT_STATUSES, toAlert } from '../../../src/index.js';
import { FakeAlertSource, MemoryCheckpoints } from '../../support/fake-alert-source.js';
import { useFakeClock } from '../../support/fake-clock.js';
import { FeedDriver } from '../../support/feed-driver.js';

const INTERVAL = 30_000;
const OVERLAP = 120_000;
const FINAL_CODES = new Set<number>(FINAL_ALERT_STATUSES.map((status) => ALERT_STATUS_CODES[status]));

type Action =
  | { readonly kind: 'arrive' }
  | { readonly kind: 'refire'; readonly pick: number }
  | { readonly kind: 'status'; readonly pick: number; readonly status: number }
  | { readonly kind: 'tick'; readonly ms: number }
  | { readonly kind: 'poll' }
  | { readonly kind: 'commit'; readonly picks: readonly number[] }
  | { readonly kind: 'crash' };

const action: fc.Arbitrary<Action> = fc.oneof(
  { arbitrary: fc.constant({ kind: 'arrive' } as const), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('refire' as const), pick: fc.nat() }), weight: 2 },
  {
    arbitrary: fc.record({
      kind: fc.constant('status' as const),
      pick: fc.nat(),
      status: fc.constantFrom(2, 4, 8, 16, 32, 64, 128, 512, 513, 604),
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({ kind: fc.constant('tick' as const), ms: fc.integer({ min: 1, max: 20_000 }) }),
    weight: 1,
  },
  { arbitrary: fc.constant({ kind: 'poll' } as const), weight: 4 },
  {
    arbitrary: fc.record({
      kind: fc.constant('commit' as const),
      picks: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
    }),
    weight: 3,
  },
  { arbitrary: fc.constant({ kind: 'crash' } as const), weight: 1 },
);

/** One feed, from its start to its crash (or the end). */
interface Run {
  readonly controller: AbortController;
  readonly driver: FeedDriver;
  readonly delivered: AlertChange[];
  /** The index of the last change of `delivered` whose commit (or a later one's) resolved. */
  committedUpTo: number;
  /** For each change of `delivered`, the time of the run's poll before the one that delivered it. */
  readonly previousPollAt: number[];
  /** The time of the run's last poll. */
  lastPollAt: number;
}

/** Adds the changes of a poll made now to the run's. */
function record(run: Run, changes: readonly AlertChange[], now: number): void {
  for (const change of changes) {
    run.delivered.push(change);
    run.previousPollAt.push(run.lastPollAt);
  }
  run.lastPollAt = now;
}

/** The change ids of the states of the alerts that a poll now can see: those since the feed started. */
function visibleIds(source: FakeAlertSource, startedAt: number): string[] {
  return source.ids().flatMap((id) => {
    const alert = toAlert(source.record(id) as never);
    const state = stateOf(alert);
    return stateTime(state) >= startedAt ? [changeId(alert.id, state)] : [];
  });
}

async function check(actions: readonly Action[]): Promise<void> {
  const source = new FakeAlertSource();
  const store = new MemoryCheckpoints();
  // Alerts from before the first start: delivered only once they change.
  source.arrive(1);
  source.arrive(2);
  source.clock += 1000;
  const startedAt = source.clock;
  let nextId = 3;
  const runs: Run[] = [];
  /** Every state some poll could see. */
  const visible = new Set<string>();

  const startRun = async (): Promise<Run> => {
    const controller = new AbortController();
    const feed = watchAlerts(source.list, {
      intervalMs: INTERVAL,
      overlapMs: OVERLAP,
      checkpoint: 'feed',
      store,
      signal: controller.signal,
      now: () => source.clock,
    });
    const run: Run = {
      controller,
      driver: new FeedDriver(feed, INTERVAL),
      delivered: [],
      committedUpTo: -1,
      previousPollAt: [],
      lastPollAt: Number.NEGATIVE_INFINITY,
    };
    runs.push(run);
    for (const id of visibleIds(source, startedAt)) visible.add(id);
    record(run, await run.driver.drain(), source.clock);
    return run;
  };
  const pick = (n: number) => {
    const ids = source.ids();
    return ids[n % ids.length] as number;
  };

  let run = await startRun();
  for (const step of actions) {
    switch (step.kind) {
      case 'arrive':
        source.arrive(nextId++);
        break;
      case 'refire':
        source.refire(pick(step.pick));
        break;
      case 'status':
        source.setStatus(pick(step.pick), step.status);
        break;
      case 'tick':
        source.clock += step.ms;
        break;
      case 'poll': {
        source.clock += INTERVAL;
        for (const id of visibleIds(source, startedAt)) visible.add(id);
        record(run, await run.driver.nextPoll(), source.clock);
        break;
      }
      case 'commit': {
        const { delivered } = run;
        if (delivered.length === 0) break;
        const indexes = step.picks.map((n) => n % delivered.length);
        await Promise.all(indexes.map((index) => delivered[index]?.commit()));
        run.committedUpTo = Math.max(run.committedUpTo, ...indexes);
        break;
      }
      case 'crash': {
        const crashed = run;
        crashed.controller.abort();
        run = await startRun();
        // Whatever was delivered and not committed, and has not changed since, comes again first.
        const current = new Set(visibleIds(source, startedAt));
        const notCommitted = crashed.delivered.slice(crashed.committedUpTo + 1).map((change) => change.id);
        const again = new Set(run.delivered.map((change) => change.id));
        for (const id of notCommitted) if (current.has(id)) expect(again).toContain(id);
        break;
      }
    }
    // Each mutation at a time of its own: a state never comes back.
    source.clock += 1;
  }
  // The end: two quiet polls, everything committed.
  for (let i = 0; i < 2; i++) {
    source.clock += INTERVAL;
    record(run, await run.driver.nextPoll(), source.clock);
  }
  await run.delivered.at(-1)?.commit();
  run.controller.abort();

  // Within one feed, nothing twice.
  for (const each of runs) {
    const ids = each.delivered.map((change) => change.id);
    expect(new Set(ids).size).toBe(ids.length);
  }
  // Nothing committed is delivered again by a later feed.
  runs.forEach((earlier, index) => {
    const committed = new Set(
      earlier.delivered.slice(0, earlier.committedUpTo + 1).map((change) => change.id),
    );
    for (const later of runs.slice(index + 1)) {
      for (const change of later.delivered) expect(committed.has(change.id), change.id).toBe(false);
    }
  });
  // Every state a poll could see was delivered.
  const all = runs.flatMap((each) => each.delivered);
  const deliveredIds = new Set(all.map((change) => change.id));
  for (const id of visible) expect(deliveredIds, id).toContain(id);
  // The kinds say what happened: `new` is an alert the feed does not know, or no longer (its state
  // fell before the window of the poll: before the previous poll minus the overlap).
  for (const each of runs) {
    const known = new Map<string, number>();
    each.delivered.forEach((change, index) => {
      if (change.kind === 'resolved') expect(FINAL_CODES.has(change.alert.statusCode ?? 0)).toBe(true);
      const before = known.get(change.alert.id);
      const windowStart = (each.previousPollAt[index] as number) - OVERLAP;
      if (change.kind === 'new' && before !== undefined) expect(before).toBeLessThan(windowStart);
      if (change.kind === 'updated') expect(before === undefined || before >= windowStart).toBe(true);
      known.set(change.alert.id, stateTime(stateOf(change.alert)));
    });
  }
  // The last change of each alert is its current state.
  const last = new Map(all.map((change) => [change.alert.id, change.id]));
  for (const id of visibleIds(source, startedAt)) expect(last.get(id.slice(0, id.indexOf('@')))).toBe(id);
  // The checkpoint holds only alerts within its window.
  const stored = (await store.getCheckpoint('feed')) as {
    from: number;
    seen: [string, number, number, number][];
  };
  for (const [, lastSeen, , handledAt] of stored.seen) {
    expect(Math.max(lastSeen, handledAt)).toBeGreaterThanOrEqual(stored.from);
  }
}

describe('watch: properties over random histories', () => {
  it('delivers every change, none twice without a crash between, and after a crash only what was not committed', async () => {
    useFakeClock();
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 60 }), (actions) => check(actions)),
      {
        numRuns: 150,
        examples: [
          // An alert fires, is forgotten after the overlap, and fires again: `new` again.
          [
            [
              { kind: 'refire', pick: 1 },
              ...Array<Action>(4).fill({ kind: 'poll' }),
              { kind: 'refire', pick: 1 },
              { kind: 'poll' },
            ],
          ],
        ],
      },
    );
  }, 120_000);

  it('redelivers, after a crash before commit(), only the changes after the last commit', async () => {
    useFakeClock();
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 12 }),
        fc.nat(),
        fc.boolean(),
        async (count, commitPick, commitAny) => {
          const source = new FakeAlertSource();
          const store = new MemoryCheckpoints();
          const options = { intervalMs: INTERVAL, checkpoint: 'feed', store, now: () => source.clock };
          const controller = new AbortController();
          const first = new FeedDriver(
            watchAlerts(source.list, { ...options, signal: controller.signal }),
            INTERVAL,
          );
          await first.drain();
          for (let id = 1; id <= count; id++) {
            source.arrive(id);
            source.clock += 1000;
          }
          source.clock += INTERVAL;
          const delivered = await first.nextPoll();
          const committed = commitAny ? commitPick % count : -1;
          if (committed >= 0) await delivered[committed]?.commit();
          controller.abort();

          const second = new FeedDriver(watchAlerts(source.list, options), INTERVAL);
          const again = await second.drain();

          expect(again.map((change) => change.id)).toEqual(
            delivered.slice(committed + 1).map((change) => change.id),
          );
        },
      ),
      { numRuns: 60 },
    );
  });
});
