/**
 * 6. Client-side rate limit: with `maxRequestsPerSecond: 50`, 16 lanes of `describeSuspEvents` for 3 s
 * against an emulator that answers `Throttling.User` to every request past the 50th of each second.
 * Goal: at least 90 % of the limit achieved, and no throttling at all.
 *
 * Whether the option exists is found by dry construction: an option that is read must refuse an
 * invalid value (`maxRequestsPerSecond: -1`), and `SasClient` must read the property. Without it the
 * part reports "not available", and shows the same load without a limit for reference.
 */
import { AlertHandler, type ClientOptions, SasClient, ValidationError } from '../src/index.js';
import { type BenchEmulator, startBenchEmulator } from './emulator-process.js';
import { int, type Row, round, verdict } from './stats.js';

const LIMIT = 50;
const DURATION_MS = 3_000;
const CONCURRENCY = 16;
const GOAL_SHARE = 0.9;
const OPTION = 'maxRequestsPerSecond';

type Options = ClientOptions & { [OPTION]?: number };

export interface Support {
  available: boolean;
  /** How it was found out. */
  how: string;
}

export interface LoadResult {
  /** Successful calls per second over the run. */
  achievedPerSecond: number;
  succeeded: number;
  /** Calls that failed after the SDK's retries, by error name. */
  failed: Record<string, number>;
  /** Answers the emulator gave as `Throttling.User`, retried ones included. */
  throttledReplies: number;
  /** Requests the emulator received. */
  requests: number;
}

export interface RateResult {
  limit: number;
  durationMs: number;
  concurrency: number;
  sasClient: Support;
  alertHandler: Support;
  /** With the option, when it is available. */
  limited?: LoadResult & { goalMet: boolean };
  /** The same load on the client's defaults: the adaptive rate alone. */
  adaptive: LoadResult;
  /** The same load without any limit (`adaptiveRate: false`), for reference. */
  unlimited: LoadResult;
}

/** Whether `construct` reads `maxRequestsPerSecond`, found without sending anything. */
export function detect(
  construct: (options: Options) => unknown,
  base: ClientOptions,
  getterProbe: boolean,
): Support {
  try {
    construct({ ...base, [OPTION]: LIMIT });
  } catch (error) {
    return { available: false, how: `refuses ${OPTION}: ${LIMIT} (${(error as Error).message})` };
  }
  try {
    construct({ ...base, [OPTION]: -1 });
  } catch (error) {
    if (error instanceof ValidationError) return { available: true, how: 'refuses -1' };
  }
  if (getterProbe) {
    let read = false;
    const probe = { ...base };
    Object.defineProperty(probe, OPTION, {
      enumerable: true,
      get: () => {
        read = true;
        return LIMIT;
      },
    });
    construct(probe);
    if (read) return { available: true, how: 'reads it (accepts -1)' };
  }
  return {
    available: false,
    how: getterProbe ? 'ignores it (accepts -1, never reads it)' : 'ignores it (accepts -1)',
  };
}

export async function measureRate(): Promise<{ result: RateResult; rows: Row[] }> {
  const emulator = await startBenchEmulator({ alerts: 100, throttlePerSecond: LIMIT, seed: 'rate' });
  try {
    const base: ClientOptions = {
      endpoint: emulator.endpoint,
      protocol: 'http',
      credential: emulator.credentials,
    };
    const sasClient = detect((options) => new SasClient(options), base, true);
    const alertHandler = detect((options) => new AlertHandler(options), base, false);
    let limited: RateResult['limited'];
    if (sasClient.available || alertHandler.available) {
      const options: Options = { ...base, [OPTION]: LIMIT };
      const client = sasClient.available ? new SasClient(options) : new AlertHandler(options).client;
      const load = await runLoad(emulator, client);
      limited = {
        ...load,
        goalMet:
          load.achievedPerSecond >= GOAL_SHARE * LIMIT &&
          load.throttledReplies === 0 &&
          Object.keys(load.failed).length === 0,
      };
    }
    const adaptive = await runLoad(emulator, new SasClient(base));
    const unlimited = await runLoad(emulator, new SasClient({ ...base, adaptiveRate: false }));
    const result: RateResult = {
      limit: LIMIT,
      durationMs: DURATION_MS,
      concurrency: CONCURRENCY,
      sasClient,
      alertHandler,
      ...(limited && { limited }),
      adaptive,
      unlimited,
    };
    return { result, rows: rowsOf(result) };
  } finally {
    await emulator.close();
  }
}

async function runLoad(emulator: BenchEmulator, client: SasClient): Promise<LoadResult> {
  // Start on a fresh second of the emulator's throttle, with nothing counted yet.
  await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 5));
  await emulator.reset();
  let succeeded = 0;
  const failed: Record<string, number> = {};
  const started = performance.now();
  const lane = async () => {
    while (performance.now() - started < DURATION_MS) {
      try {
        await client.describeSuspEvents({ PageSize: '10' });
        succeeded += 1;
      } catch (error) {
        const name = (error as Error).name;
        failed[name] = (failed[name] ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, lane));
  const elapsedMs = performance.now() - started;
  const received = await emulator.received();
  return {
    achievedPerSecond: round((succeeded / elapsedMs) * 1000, 1),
    succeeded,
    failed,
    throttledReplies: received.byCode['Throttling.User'] ?? 0,
    requests: received.total,
  };
}

function rowsOf(result: RateResult): Row[] {
  const part = '6 rate';
  const { limited, adaptive, unlimited } = result;
  const failures = (load: LoadResult) =>
    Object.entries(load.failed)
      .map(([name, count]) => `${count} ${name}`)
      .join(', ') || 'none';
  const goal = `≥ ${GOAL_SHARE * result.limit}/s, 0 throttled`;
  const support = `SasClient ${result.sasClient.how}; AlertHandler ${result.alertHandler.how}`;
  return [
    limited === undefined
      ? {
          part,
          metric: `${OPTION}: ${result.limit}, c=${result.concurrency}, ${result.durationMs / 1000} s`,
          value: 'not available',
          goal,
          verdict: verdict(undefined),
        }
      : {
          part,
          metric: `${OPTION}: ${result.limit}, c=${result.concurrency}: achieved/s; throttled replies; failed`,
          value: `${limited.achievedPerSecond}; ${limited.throttledReplies}; ${failures(limited)}`,
          goal,
          verdict: verdict(limited.goalMet),
        },
    { part, metric: `${OPTION} option, by dry construction`, value: support },
    {
      part,
      metric: 'defaults (adaptive rate from 20/s), 3 s: succeeded/s; requests; throttled replies; failed',
      value: `${adaptive.achievedPerSecond}; ${int(adaptive.requests)}; ${int(adaptive.throttledReplies)}; ${failures(adaptive)}`,
    },
    {
      part,
      metric: 'reference, no limit (adaptiveRate: false): succeeded/s; requests; throttled replies; failed',
      value: `${unlimited.achievedPerSecond}; ${int(unlimited.requests)}; ${int(unlimited.throttledReplies)}; ${failures(unlimited)}`,
    },
  ];
}
