import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AlertChange,
  DeliveryError,
  deliver,
  type Sink,
  type SinkResult,
  ValidationError,
} from '../../../src/index.js';
import { feedOf, pushFeed, recordedChanges } from '../../support/alert-feed.js';
import { failure } from '../../support/caught.js';
import { until } from '../../support/fake-clock.js';

/** A sink that records the ids of each batch; `behave` may hold, fail or dead-letter a batch. */
function memorySink(
  name: string,
  options: {
    maxBatch?: number;
    behave?: (batch: readonly AlertChange[], call: number) => Promise<SinkResult | undefined> | undefined;
  } = {},
): { sink: Sink; batches: string[][]; signals: AbortSignal[] } {
  const batches: string[][] = [];
  const signals: AbortSignal[] = [];
  return {
    batches,
    signals,
    sink: {
      name,
      maxBatch: options.maxBatch,
      async send(changes, { signal }) {
        signals.push(signal);
        const call = batches.length;
        batches.push(changes.map((change) => change.id));
        return options.behave?.(changes, call);
      },
    },
  };
}

/** A promise and the function that resolves it. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

describe('deliver', () => {
  it('sends every change to every sink in feed order, in batches, and commits the last once all have it', async () => {
    const { changes, commits } = recordedChanges(7);
    const a = memorySink('a');
    const b = memorySink('b', { maxBatch: 2 });
    const summary = await deliver(feedOf(changes), [a.sink, b.sink]);
    const ids = changes.map((change) => change.id);
    expect(a.batches.flat()).toEqual(ids);
    expect(b.batches.flat()).toEqual(ids);
    expect(Math.max(...b.batches.map((batch) => batch.length))).toBeLessThanOrEqual(2);
    expect(commits.at(-1)).toBe(ids.at(-1));
    // Commits go forward through the feed, never back.
    const positions = commits.map((id) => ids.indexOf(id));
    expect(positions).toEqual([...positions].sort((x, y) => x - y));
    expect(summary).toEqual({
      read: 7,
      committed: 7,
      aborted: false,
      sinks: {
        a: { delivered: 7, deadLettered: 0, batches: a.batches.length },
        b: { delivered: 7, deadLettered: 0, batches: b.batches.length },
      },
    });
  });

  it('commits a change only once every sink has dealt with it', async () => {
    const { changes, commits } = recordedChanges(3);
    const held = gate();
    const fast = memorySink('fast');
    const slow = memorySink('slow', { behave: () => held.opened.then(() => undefined) });
    const feed = pushFeed();
    const delivering = deliver(feed, [fast.sink, slow.sink]);
    feed.push(...changes);
    await until(() => fast.batches.flat().length === 3 && slow.batches.length > 0);
    await new Promise((resolve) => setImmediate(resolve));
    expect(commits).toEqual([]);
    held.open();
    feed.end();
    const summary = await delivering;
    expect(commits.at(-1)).toBe(changes[2]?.id);
    expect(summary.committed).toBe(3);
  });

  it('counts dead-lettered changes apart, and commits them like delivered ones', async () => {
    const { changes, commits } = recordedChanges(4);
    const letters = memorySink('letters', {
      maxBatch: 2,
      behave: (batch, call) => Promise.resolve(call === 0 ? { deadLettered: batch.length } : undefined),
    });
    const summary = await deliver(feedOf(changes), [letters.sink]);
    const first = letters.batches[0]?.length ?? 0;
    expect(first).toBeGreaterThan(0);
    expect(summary.sinks.letters).toEqual({
      delivered: 4 - first,
      deadLettered: first,
      batches: letters.batches.length,
    });
    expect(commits.at(-1)).toBe(changes[3]?.id);
  });

  it('stops when a sink fails: what every sink had is committed, the failed batch is not', async () => {
    const { changes, commits } = recordedChanges(5);
    const ids = changes.map((change) => change.id);
    const feed = pushFeed();
    const broken = new Error('receiver down');
    const flaky = memorySink('flaky', {
      maxBatch: 2,
      behave: (batch) => (batch.some((change) => change.id === ids[2]) ? Promise.reject(broken) : undefined),
    });
    const steady = memorySink('steady');
    const delivering = deliver(feed, [flaky.sink, steady.sink]);
    feed.push(...changes);
    const error = await failure(delivering);
    expect(error).toBeInstanceOf(DeliveryError);
    const stopped = error as DeliveryError;
    expect(stopped).toMatchObject({ stage: 'sink', sink: 'flaky', code: 'DeliveryStopped', cause: broken });
    // Everything before the failed batch is committed, nothing of it or after it.
    const failedFrom = ids.indexOf(flaky.batches.at(-1)?.[0] ?? '');
    expect(failedFrom).toBeGreaterThan(0);
    expect(stopped.summary.committed).toBe(failedFrom);
    expect(commits.at(-1)).toBe(ids[failedFrom - 1]);
    expect(stopped.message).toContain('the sink "flaky" failed (Error)');
    expect(stopped.message).not.toContain('receiver down');
    // The feed is let go of: a watcher stops polling.
    expect(feed.returned).toBe(true);
  });

  it('sends and commits what was read before the feed failed, then reports the feed', async () => {
    const { changes, commits } = recordedChanges(3);
    const feed = pushFeed();
    const sink = memorySink('sink');
    const delivering = deliver(feed, [sink.sink]);
    feed.push(...changes);
    await until(() => sink.batches.flat().length === 3);
    const broken = new Error('checkpoint store unreachable');
    feed.fail(broken);
    const error = (await failure(delivering)) as DeliveryError;
    expect(error).toMatchObject({ stage: 'feed', sink: undefined, cause: broken });
    expect(error.summary).toMatchObject({ read: 3, committed: 3 });
    expect(commits.at(-1)).toBe(changes[2]?.id);
  });

  it('reports a failed commit, and stops', async () => {
    const { changes } = recordedChanges(2);
    const broken = new Error('disk full');
    const failing = changes.map((change) => ({ ...change, commit: () => Promise.reject(broken) }));
    const error = (await failure(deliver(feedOf(failing), [memorySink('s').sink]))) as DeliveryError;
    expect(error).toMatchObject({ stage: 'commit', cause: broken });
    expect(error.summary.committed).toBe(0);
  });

  it('resolves with `aborted` when its signal aborts, aborting the sends under way', async () => {
    const { changes, commits } = recordedChanges(3);
    const feed = pushFeed();
    const controller = new AbortController();
    const hanging = memorySink('hanging', {
      behave: (_batch, call) =>
        call === 0
          ? undefined
          : new Promise((_resolve, reject) => {
              controller.signal.addEventListener('abort', () => reject(new Error('aborted')));
            }),
      maxBatch: 1,
    });
    const delivering = deliver(feed, [hanging.sink], { signal: controller.signal });
    feed.push(...changes);
    await until(() => hanging.batches.length === 2);
    controller.abort();
    const summary = await delivering;
    expect(summary).toMatchObject({ aborted: true, read: 3, committed: 1 });
    expect(commits).toEqual([changes[0]?.id]);
    expect(hanging.signals.every((signal) => signal === controller.signal)).toBe(true);
    expect(feed.returned).toBe(true);
  });

  it('reads no further than `maxPending` changes ahead of the commits', async () => {
    const { changes } = recordedChanges(10);
    const held = gate();
    const feed = pushFeed();
    let pulled = 0;
    const counting: AsyncIterable<AlertChange> = {
      [Symbol.asyncIterator]() {
        const inner = feed[Symbol.asyncIterator]();
        return {
          next: async () => {
            const next = await inner.next();
            if (!next.done) pulled++;
            return next;
          },
        };
      },
    };
    const slow = memorySink('slow', { behave: () => held.opened.then(() => undefined) });
    const delivering = deliver(counting, [slow.sink], { maxPending: 4 });
    feed.push(...changes);
    await until(() => pulled === 4);
    for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setImmediate(resolve));
    expect(pulled).toBe(4);
    held.open();
    feed.end();
    expect((await delivering).committed).toBe(10);
  });

  it('refuses bad arguments before reading, without showing what it was given', async () => {
    const { changes } = recordedChanges(1);
    const sink = memorySink('one').sink;
    const cases: [unknown, unknown, string][] = [
      [changes, [sink], 'feed'],
      [feedOf(changes), [], 'sinks'],
      [
        feedOf(changes),
        [{ url: 'https://hooks.example.com/t0ken-in-the-path', secret: 's3cr3t-value' }],
        'sinks[0]',
      ],
      [feedOf(changes), [sink, memorySink('one').sink], 'sinks[1].name'],
      [feedOf(changes), [{ ...sink, maxBatch: 0 }], 'sinks[0].maxBatch'],
    ];
    for (const [feed, sinks, field] of cases) {
      const error = await failure(deliver(feed as AsyncIterable<AlertChange>, sinks as Sink[]));
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toBe(field);
      expect((error as Error).message).not.toMatch(/t0ken|s3cr3t/);
    }
    await expect(deliver(feedOf(changes), [sink], { maxPending: 0 })).rejects.toThrow(/maxPending/);
  });

  it('property: each sink gets each change once, in order; commits go forward and end on the last change', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 40 }),
        fc.array(
          fc.record({
            maxBatch: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
            yields: fc.nat(3),
          }),
          {
            minLength: 1,
            maxLength: 3,
          },
        ),
        fc.integer({ min: 1, max: 50 }),
        async (count, shapes, maxPending) => {
          const { changes, commits } = recordedChanges(count, `property-${count}`);
          const sinks = shapes.map((shape, index) =>
            memorySink(`s${index}`, {
              maxBatch: shape.maxBatch,
              behave: async () => {
                for (let turn = 0; turn < shape.yields; turn++)
                  await new Promise((resolve) => setImmediate(resolve));
                return undefined;
              },
            }),
          );
          const summary = await deliver(
            feedOf(changes),
            sinks.map((memory) => memory.sink),
            { maxPending },
          );
          const ids = changes.map((change) => change.id);
          for (const memory of sinks) expect(memory.batches.flat()).toEqual(ids);
          const positions = commits.map((id) => ids.indexOf(id));
          expect(new Set(positions).size).toBe(positions.length);
          expect(positions).toEqual([...positions].sort((x, y) => x - y));
          expect(commits.at(-1)).toBe(ids.at(-1));
          expect(summary.committed).toBe(count);
        },
      ),
      { numRuns: 60 },
    );
  });
});
