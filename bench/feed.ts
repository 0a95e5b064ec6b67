/**
 * The live feed's lag: the time from an alert appearing in the emulator to its delivery by
 * `alerts.watch()`, at the default interval (30 s), in real time.
 *
 *   npx tsx bench/feed.ts                        8 arrivals over about 4.5 minutes
 *   npx tsx bench/feed.ts --arrivals=20          more samples (about 10.5 minutes)
 *   npx tsx bench/feed.ts --interval-ms=10000    another interval
 *
 * Alerts arrive in an emulator (in this process, on its real clock) one every interval plus
 * `1 / arrivals` of it (or every `--every-ms`), so that the arrivals fall at evenly spread points
 * between two polls. Each arrival's lag is the time from its arrival to the moment the feed yields it
 * as `new`. A poll lasts what its two listings take; the lag is about half an interval on average and
 * at most an interval plus a poll.
 */
import { formatServiceTime, sampleAlerts, sampleArrivals, startEmulator } from '../src/emulator/index.js';
import { AlertHandler } from '../src/index.js';
import { median, round } from './stats.js';

function flag(name: string, fallback: number): number {
  const given = process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
  const value = given === undefined ? fallback : Number(given);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  return value;
}

const ARRIVALS = flag('arrivals', 8);
const INTERVAL_MS = process.argv.some((arg) => arg.startsWith('--interval-ms='))
  ? flag('interval-ms', 30_000)
  : undefined;
const EVERY_MS = flag('every-ms', Math.round((INTERVAL_MS ?? 30_000) * (1 + 1 / ARRIVALS)));

/** The value below which `share` of the sorted values lie. */
function percentile(sorted: readonly number[], share: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)] ?? Number.NaN;
}

const seconds = (ms: number) => `${round(ms / 1000, 1)} s`;

async function main(): Promise<void> {
  const firstAt = Date.now() + 5_000;
  // Spread evenly: one every EVERY_MS from firstAt (sampleArrivals gives the alerts, the times are set here).
  const arrivals = sampleArrivals(ARRIVALS, 'feed-bench', { from: firstAt, to: firstAt + 1 }).map(
    (arrival, index) => {
      const at = firstAt + index * EVERY_MS;
      const alert = { ...arrival.alert, LastTimeStamp: at, LastTime: formatServiceTime(at) };
      return { at, alert: { ...alert, OccurrenceTimeStamp: at, OccurrenceTime: formatServiceTime(at) } };
    },
  );
  const emulator = await startEmulator({ state: { alerts: sampleAlerts(45), arrivals } });
  const arrivedAt = new Map(arrivals.map((arrival) => [String(arrival.alert.Id), arrival.at]));
  const listings: number[] = [];
  const alerts = new AlertHandler({
    endpoint: emulator.endpoint,
    protocol: 'http',
    credential: emulator.credentials,
    onAudit: (event) => {
      if (event.kind === 'request' && event.action === 'DescribeSuspEvents') listings.push(event.durationMs);
    },
  });
  const controller = new AbortController();
  const lags: number[] = [];
  const interval = INTERVAL_MS ?? 30_000;
  console.log(
    `feed lag: ${ARRIVALS} arrivals, one every ${seconds(EVERY_MS)}, polled every ${seconds(interval)}` +
      `${INTERVAL_MS === undefined ? ' (the default)' : ''}; about ${seconds(firstAt - Date.now() + ARRIVALS * EVERY_MS + interval)}`,
  );
  try {
    for await (const change of alerts.watch({
      ...(INTERVAL_MS !== undefined && { intervalMs: INTERVAL_MS }),
      signal: controller.signal,
    })) {
      const at = arrivedAt.get(change.alert.id);
      if (change.kind !== 'new' || at === undefined) continue;
      const lag = Date.now() - at;
      lags.push(lag);
      console.log(`  ${change.alert.id} delivered ${seconds(lag)} after it arrived`);
      await change.commit();
      if (lags.length === ARRIVALS) controller.abort();
    }
  } finally {
    await emulator.close();
  }
  const sorted = [...lags].sort((a, b) => a - b);
  const mean = lags.reduce((sum, lag) => sum + lag, 0) / lags.length;
  const polls = [...listings].sort((a, b) => a - b);
  console.log(
    `lag: mean ${seconds(mean)}, median ${seconds(median(lags))}, p95 ${seconds(percentile(sorted, 0.95))}, ` +
      `min ${seconds(sorted[0] ?? Number.NaN)}, max ${seconds(sorted.at(-1) ?? Number.NaN)} ` +
      `(expected: mean about ${seconds(interval / 2)}, max below ${seconds(interval)} plus a poll)`,
  );
  console.log(
    `one listing (DescribeSuspEvents, two a poll): median ${round(median(polls), 1)} ms, ` +
      `max ${round(polls.at(-1) ?? Number.NaN, 1)} ms over ${polls.length}`,
  );
}

await main();
