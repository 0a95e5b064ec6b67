/**
 * The live feed over HTTP against the emulator: alerts that arrive over the emulator's clock are
 * delivered as `new`, handling them through the SDK makes them `resolved`, and a feed restarted from its
 * checkpoint in the file store delivers again only what was not committed.
 *
 * The emulator's clock and the feed's follow the fake clock (`performance.now()`), which the test moves a
 * second at a time, letting the real I/O run between: polls come every 30 s of that clock or later (the
 * clock moves on while a poll or a write of the checkpoint waits for I/O). The tests assert what is
 * delivered, never when.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { type FaultOptions, sampleAlerts, sampleArrivals } from '../../src/emulator/index.js';
import {
  type AlertChange,
  AlertHandler,
  type AlertHandlerOptions,
  fileJournal,
  Operations,
  type WatchOptions,
} from '../../src/index.js';
import { FAST_POLL } from '../support/emulator-handler.js';
import { useEmulators } from '../support/emulators.js';
import { until, useFakeClock } from '../support/fake-clock.js';
import { storeDirectory } from '../support/store-directory.js';

const start = useEmulators();

/** 2026-01-15 12:00 UTC: after every sample alert was last detected. */
const T = Date.UTC(2026, 0, 15, 12);

/** Moves the fake clock a second at a time, letting the I/O run between, until `condition` holds. */
async function runUntil(condition: () => boolean): Promise<void> {
  while (!condition()) {
    await vi.advanceTimersByTimeAsync(1000);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** Settles `work` while the fake clock runs. */
async function whileRunning<T>(work: Promise<T>): Promise<T> {
  let settled = false;
  const watched = work.finally(() => {
    settled = true;
  });
  await runUntil(() => settled);
  return watched;
}

async function setup(extra: { faults?: FaultOptions; handler?: Partial<AlertHandlerOptions> } = {}) {
  useFakeClock();
  const origin = performance.now();
  const now = () => T + Math.round(performance.now() - origin);
  const arrivals = sampleArrivals(3, 'feed', { from: T + 60_000, to: T + 600_000 });
  const emulator = await start({
    now,
    timestampToleranceMs: Number.POSITIVE_INFINITY, // requests are signed at the real time
    state: { alerts: sampleAlerts(5), arrivals },
    faults: extra.faults,
  });
  const alerts = new AlertHandler({
    endpoint: emulator.endpoint,
    protocol: 'http',
    credential: emulator.credentials,
    lang: 'en',
    poll: FAST_POLL,
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
    timeoutMs: 3_600_000, // the fake clock runs while a request is in flight
    ...extra.handler,
  });
  const arrived = [...arrivals].sort((a, b) => a.at - b.at).map((arrival) => String(arrival.alert.Id));
  return { emulator, alerts, now, arrived, store: fileJournal(await storeDirectory()) };
}

/** Consumes a feed in the background: every change into `delivered`, committed when `commit` says so. */
function consume(
  alerts: AlertHandler,
  options: WatchOptions,
  commit: (change: AlertChange) => boolean = () => true,
) {
  const delivered: AlertChange[] = [];
  const done = (async () => {
    for await (const change of alerts.watch(options)) {
      delivered.push(change);
      if (commit(change)) await change.commit();
    }
  })();
  return { delivered, done };
}

const described = (changes: readonly AlertChange[]) =>
  changes.map((change) => `${change.kind} ${change.alert.id}`);

describe('watch() against the emulator', () => {
  it('delivers the alerts that arrive as new, each once, and as resolved once handled through the SDK', async () => {
    const { emulator, alerts, now, arrived, store } = await setup();
    const controller = new AbortController();
    const feed = consume(alerts, { checkpoint: 'feed', store, now, signal: controller.signal });

    await runUntil(() => feed.delivered.length === 3);
    const [first, second] = arrived;
    const report = await whileRunning(alerts.handle([first as string], Operations.ignore()));
    await whileRunning(alerts.handle([second as string], Operations.markHandled()));
    await runUntil(() => feed.delivered.length === 5);
    // Ten quiet polls (two listings each): nothing more.
    const listings = emulator.count('DescribeSuspEvents');
    await runUntil(() => emulator.count('DescribeSuspEvents') >= listings + 20);
    controller.abort();
    await whileRunning(feed.done);

    expect(report.counts.succeeded).toBe(1);
    expect(described(feed.delivered)).toEqual([
      ...arrived.map((id) => `new ${id}`),
      `resolved ${first}`,
      `resolved ${second}`,
    ]);
    expect(feed.delivered.slice(3).map((change) => change.alert.status)).toEqual(['ignored', 'handled']);
    // The five alerts from before the feed started are not delivered; none of the arrivals twice.
    expect(new Set(feed.delivered.map((change) => change.id)).size).toBe(5);
  }, 60_000);

  it('resumes from its checkpoint in the file store: what was committed is not delivered again', async () => {
    const { alerts, now, arrived, store } = await setup();
    const crash = new AbortController();
    const [first] = arrived;
    // Commits the first arrival only.
    const before = consume(
      alerts,
      { checkpoint: 'feed', store, now, signal: crash.signal },
      (change) => change.alert.id === first,
    );
    await runUntil(() => before.delivered.length === 3);
    crash.abort();
    await whileRunning(before.done);

    const stop = new AbortController();
    const after = consume(alerts, { checkpoint: 'feed', store, now, signal: stop.signal });
    await runUntil(() => after.delivered.length === 2);
    stop.abort();
    await whileRunning(after.done);

    expect(described(before.delivered)).toEqual(arrived.map((id) => `new ${id}`));
    expect(after.delivered.map((change) => change.id)).toEqual(
      before.delivered.slice(1).map((change) => change.id),
    );
  }, 60_000);

  it('keeps its checkpoint in .alert-handler/journal of the working directory by default, on the real clock', async () => {
    const emulator = await start({ state: { alerts: sampleAlerts(5) } });
    const alerts = new AlertHandler({
      endpoint: emulator.endpoint,
      protocol: 'http',
      credential: emulator.credentials,
    });
    const directory = mkdtempSync(join(tmpdir(), 'feed-default-store-'));
    const previous = process.cwd();
    process.chdir(directory);
    onTestFinished(() => {
      process.chdir(previous);
      rmSync(directory, { recursive: true, force: true });
    });
    const started = Date.now();
    const controller = new AbortController();
    const feed = alerts.watch({ checkpoint: 'feed-default', signal: controller.signal });
    const next = feed.next();
    const file = join(directory, '.alert-handler/journal/checkpoints/feed-default.json');
    await until(() => existsSync(file) && emulator.count('DescribeSuspEvents') === 2);
    controller.abort();

    expect(await next).toEqual({ done: true, value: undefined });
    const stored = JSON.parse(readFileSync(file, 'utf8')) as {
      version: number;
      from: number;
      seen: unknown[];
    };
    expect(stored).toEqual({ version: 1, from: expect.any(Number), seen: [] });
    expect(stored.from).toBeGreaterThanOrEqual(started);
  });

  it('makes a poll that failed again at the next interval, and logs a warning', async () => {
    const lines: { level: string; message: string; fields: unknown }[] = [];
    const logger = Object.fromEntries(
      (['debug', 'info', 'warn', 'error'] as const).map((level) => [
        level,
        (message: string, fields: unknown) => lines.push({ level, message, fields }),
      ]),
    ) as unknown as AlertHandlerOptions['logger'];
    // The first poll's two listings pass; the next one fails, once, with a 500 (no retry by the client).
    const { alerts, now, arrived, store } = await setup({
      faults: [{ action: 'DescribeSuspEvents', queue: ['internalError'], after: 2 }],
      handler: { retry: false, logger, logLevel: 'warn' },
    });
    const controller = new AbortController();
    const feed = consume(alerts, { checkpoint: 'feed', store, now, signal: controller.signal });

    // The I/O may take the fake clock past every arrival before the first poll: whichever poll fails,
    // every arrival is delivered.
    await runUntil(() => feed.delivered.length === 3 && lines.some((line) => line.level === 'warn'));
    controller.abort();
    await whileRunning(feed.done);

    expect(described(feed.delivered)).toEqual(arrived.map((id) => `new ${id}`));
    const warnings = lines.filter((line) => line.level === 'warn');
    expect(warnings).toEqual([
      {
        level: 'warn',
        message:
          'A poll of the alert feed failed (ServerError InternalError, 1 poll in a row): it is made again, whole, at the next interval.',
        fields: { error: 'ServerError', code: 'InternalError', failedPolls: 1 },
      },
    ]);
  });
});
