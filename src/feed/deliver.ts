/**
 * `deliver(feed, sinks)`: reads a feed of alert changes, sends each change to every sink, and commits
 * a change once every sink has dealt with it.
 *
 * @packageDocumentation
 */
import { ValidationError } from '../errors.js';
import { checkOptions } from '../util/check-options.js';
import type { AlertChange } from './change.js';
import type { DeliverySummary, SinkCounts } from './delivery-summary.js';
import type { Sink } from './sink.js';
import { DeliveryError, type DeliveryStage } from './sink-errors.js';

/**
 * Options of {@link deliver}.
 *
 * @example
 * ```ts
 * const options: DeliverOptions = { signal: AbortSignal.timeout(3_600_000), maxPending: 200 };
 * await deliver(feed, [sinks.slack({ url: 'https://hooks.slack.com/services/T0/B0/XXXX' })], options);
 * ```
 */
export interface DeliverOptions {
  /** Stops the delivery: reading stops, sends under way are aborted, and it resolves with the summary. */
  signal?: AbortSignal | undefined;
  /**
   * The most changes read and not yet committed: reading the feed waits while a sink is this far behind.
   *
   * @defaultValue 1000
   */
  maxPending?: number | undefined;
}

const OPTION_RULES = {
  signal: { kind: 'signal' },
  maxPending: { kind: 'integer', min: 1, max: 1_000_000 },
} as const;

/**
 * Reads `feed` and sends every change to every sink; resolves with a summary (counts per sink) when
 * the feed ends, or when `signal` aborts.
 *
 * Ordering and concurrency: each sink gets the changes in feed order, in batches (everything read and
 * not yet sent to it, up to its `maxBatch`), one `send` at a time. Sinks work side by side: a slow sink
 * (a robot waiting for its rate limit) does not hold the others back, and the changes that come while it
 * waits make its next batch. At most `maxPending` changes are read and not committed; reading waits
 * beyond that.
 *
 * Commits: a change is committed once every sink's `send` with it has resolved (delivered, or
 * dead-lettered), in feed order. As a commit covers the changes before it, only the newest change of
 * each newly settled run is committed. A change not committed is delivered again by a watcher restarted
 * from the same checkpoint: delivery is at least once.
 *
 * Stopping: when a sink's `send` rejects (no dead-letter hook, or the hook threw) or a commit fails,
 * reading stops at once, sends under way finish, what every sink has is committed, and it rejects with a
 * {@link DeliveryError} naming the stage and the sink. When the feed throws, the changes already read are
 * still sent and committed, then it rejects the same way. When `signal` aborts, sends under way are
 * aborted (their changes are not committed) and it resolves with `aborted: true`.
 *
 * @param feed - Changes, e.g. `alerts.watch()`.
 * @param sinks - Where to send them: built-in sinks (`sinks.webhook(…)`, …), an {@link AlertEventStream}, or
 *   your own {@link Sink}s; their names must differ.
 * @throws {@link ValidationError} for a feed that is not async iterable, no sinks, an object that is not a
 *   sink, two sinks of one name, or a bad option; nothing was read
 * @throws {@link DeliveryError} when a sink, the feed or a commit failed
 *
 * @example
 * ```ts
 * const controller = new AbortController();
 * process.once('SIGTERM', () => controller.abort());
 * const summary = await deliver(
 *   feed,
 *   [
 *     sinks.webhook({ url: 'https://hooks.example.com/alerts', secret: process.env.ALERT_WEBHOOK_SECRET ?? '' }),
 *     sinks.dingtalk({ url: 'https://oapi.dingtalk.com/robot/send?access_token=XXXX', secret: process.env.DINGTALK_SECRET }),
 *   ],
 *   { signal: controller.signal },
 * );
 * console.log(summary.read, summary.committed, summary.sinks.dingtalk?.batches);
 * ```
 */
export async function deliver(
  feed: AsyncIterable<AlertChange>,
  sinks: readonly Sink[],
  options?: DeliverOptions,
): Promise<DeliverySummary> {
  checkOptions(options, OPTION_RULES, 'deliver');
  if (typeof (feed as Partial<AsyncIterable<AlertChange>> | null)?.[Symbol.asyncIterator] !== 'function') {
    throw new ValidationError(
      'deliver: `feed` must be an async iterable of alert changes. Nothing was read.',
      {
        field: 'feed',
      },
    );
  }
  return new Delivery(checkSinks(sinks), options ?? {}).run(feed);
}

/** The sinks, checked without showing them (an options object passed by mistake holds secrets). */
function checkSinks(sinks: unknown): readonly Sink[] {
  const fail = (field: string, what: string) => {
    throw new ValidationError(`deliver: \`${field}\` ${what}. Nothing was read.`, { field });
  };
  if (!Array.isArray(sinks) || sinks.length === 0) fail('sinks', 'must be a non-empty array of sinks');
  const names = new Set<string>();
  (sinks as unknown[]).forEach((sink, index) => {
    const candidate = (typeof sink === 'object' && sink !== null ? sink : {}) as Partial<Sink>;
    if (typeof candidate.name !== 'string' || candidate.name === '' || typeof candidate.send !== 'function') {
      fail(`sinks[${index}]`, 'must be a sink: an object with a non-empty `name` and a `send` method');
    }
    const { maxBatch } = candidate;
    if (maxBatch !== undefined && !(Number.isInteger(maxBatch) && maxBatch >= 1)) {
      fail(`sinks[${index}].maxBatch`, 'must be a positive integer or undefined');
    }
    if (names.has(candidate.name as string)) {
      fail(`sinks[${index}].name`, `repeats the name "${candidate.name}": give each sink its own \`name\``);
    }
    names.add(candidate.name as string);
  });
  return sinks as readonly Sink[];
}

/** One sink's progress: the next change (by feed position) to send it, and its counts. */
interface Lane {
  readonly sink: Sink;
  readonly maxBatch: number;
  next: number;
  counts: SinkCounts;
}

/** Wakes every waiter at once; each then checks what it waits for. */
class Pulse {
  #waiters: (() => void)[] = [];
  wait(): Promise<void> {
    return new Promise<void>((resolve) => this.#waiters.push(resolve));
  }
  notify(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }
}

/** One run of {@link deliver}. Positions count changes from the start of the feed. */
class Delivery {
  readonly #lanes: Lane[];
  readonly #maxPending: number;
  readonly #signal: AbortSignal | undefined;
  /** What sends get: the caller's signal, or one that never aborts. */
  readonly #sendSignal: AbortSignal;
  /** Stops waiting for the feed when the delivery stops. */
  readonly #stop = new AbortController();
  readonly #pulse = new Pulse();
  /** Changes read and not committed, in feed order: `#window[0]` is at position `#committed`. */
  readonly #window: AlertChange[] = [];
  #read = 0;
  #committed = 0;
  #feedDone = false;
  #lanesDone = false;
  #failure: { stage: DeliveryStage; sink?: string; cause: unknown } | undefined;

  constructor(sinks: readonly Sink[], options: DeliverOptions) {
    this.#lanes = sinks.map((sink) => ({
      sink,
      maxBatch: sink.maxBatch ?? Number.POSITIVE_INFINITY,
      next: 0,
      counts: { delivered: 0, deadLettered: 0, batches: 0 },
    }));
    this.#maxPending = options.maxPending ?? 1000;
    this.#signal = options.signal;
    this.#sendSignal = options.signal ?? new AbortController().signal;
  }

  get #stopping(): boolean {
    return this.#stop.signal.aborted;
  }

  async run(feed: AsyncIterable<AlertChange>): Promise<DeliverySummary> {
    const onAbort = () => this.#halt();
    this.#signal?.addEventListener('abort', onAbort, { once: true });
    if (this.#signal?.aborted) this.#halt();
    try {
      const committing = this.#commitLoop();
      await Promise.all([this.#readLoop(feed), ...this.#lanes.map((lane) => this.#sendLoop(lane))]);
      this.#lanesDone = true;
      this.#pulse.notify();
      await committing;
    } finally {
      this.#signal?.removeEventListener('abort', onAbort);
    }
    const summary: DeliverySummary = {
      read: this.#read,
      committed: this.#committed,
      sinks: Object.fromEntries(this.#lanes.map((lane) => [lane.sink.name, lane.counts])),
      aborted: this.#signal?.aborted ?? false,
    };
    if (this.#failure !== undefined) throw new DeliveryError({ ...this.#failure, summary });
    return summary;
  }

  async #readLoop(feed: AsyncIterable<AlertChange>): Promise<void> {
    let iterator: AsyncIterator<AlertChange> | undefined;
    let ended = false;
    try {
      iterator = feed[Symbol.asyncIterator]();
      while (!this.#stopping) {
        if (this.#read - this.#committed >= this.#maxPending) {
          await this.#pulse.wait();
          continue;
        }
        const next = await untilStopped(iterator.next(), this.#stop.signal);
        if (next === undefined) break;
        if (next.done) {
          ended = true;
          break;
        }
        if (typeof (next.value as Partial<AlertChange> | undefined)?.commit !== 'function') {
          throw new ValidationError('deliver: the feed yielded a value that is not an alert change.', {
            field: 'feed',
          });
        }
        this.#window.push(next.value);
        this.#read++;
        this.#pulse.notify();
      }
    } catch (error) {
      ended = true;
      this.#fail('feed', error);
    } finally {
      this.#feedDone = true;
      this.#pulse.notify();
      // Stopped before the end: let the feed release what it holds (its poll timer, its checkpoint).
      if (!ended) Promise.resolve(iterator?.return?.()).catch(() => undefined);
    }
  }

  async #sendLoop(lane: Lane): Promise<void> {
    while (!this.#stopping) {
      if (lane.next >= this.#read) {
        if (this.#feedDone) return;
        await this.#pulse.wait();
        continue;
      }
      const end = Math.min(this.#read, lane.next + lane.maxBatch);
      const batch = this.#window.slice(lane.next - this.#committed, end - this.#committed);
      let deadLettered: number;
      try {
        const result = await lane.sink.send(batch, { signal: this.#sendSignal });
        deadLettered = Math.min(batch.length, Math.max(0, Number(result?.deadLettered) || 0));
      } catch (error) {
        if (!this.#signal?.aborted) this.#fail('sink', error, lane.sink.name);
        return;
      }
      const { counts } = lane;
      lane.counts = {
        delivered: counts.delivered + batch.length - deadLettered,
        deadLettered: counts.deadLettered + deadLettered,
        batches: counts.batches + 1,
      };
      lane.next = end;
      this.#pulse.notify();
    }
  }

  /** Commits, in order, the newest change every sink has dealt with, until the sends are over. */
  async #commitLoop(): Promise<void> {
    for (;;) {
      const settled = Math.min(...this.#lanes.map((lane) => lane.next));
      if (settled > this.#committed) {
        try {
          await (this.#window[settled - 1 - this.#committed] as AlertChange).commit();
        } catch (error) {
          this.#fail('commit', error);
          return;
        }
        this.#window.splice(0, settled - this.#committed);
        this.#committed = settled;
        this.#pulse.notify();
        continue;
      }
      if (this.#lanesDone) return;
      await this.#pulse.wait();
    }
  }

  /** Records the first failure; a sink's or a commit's stops the delivery (a feed's lets it drain). */
  #fail(stage: DeliveryStage, cause: unknown, sink?: string): void {
    this.#failure ??= { stage, cause, ...(sink === undefined ? {} : { sink }) };
    if (stage !== 'feed') this.#halt();
  }

  #halt(): void {
    this.#stop.abort();
    this.#pulse.notify();
  }
}

/** The promise's value, or `undefined` once `signal` aborts (the promise is then left to settle alone). */
function untilStopped<T>(promise: Promise<T>, signal: AbortSignal): Promise<T | undefined> {
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.resolve(undefined);
  }
  return new Promise<T | undefined>((resolve, reject) => {
    const onStop = () => resolve(undefined);
    signal.addEventListener('abort', onStop, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onStop);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onStop);
        reject(error);
      },
    );
  });
}
