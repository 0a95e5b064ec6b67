/**
 * 3. Paging 100,000 alerts through `AlertHandler#listAlerts` (100 per page): items per second, and how
 * far the heap grows over its baseline while walking. The walk runs in a child process started with
 * `--expose-gc`, so that each heap sample follows a full collection; the baseline is taken there once
 * the emulator holds its 100,000 records and one page has been read.
 *
 * One more walk, first, uses `timeoutMs: 1000` instead of the default 10 s: `@alicloud/openapi-client` leaves an
 * unreferenced read timer behind for every request on a kept-alive socket, and each timer holds its
 * finished request until it fires, so the heap holds about `timeoutMs` worth of requests. The shorter
 * timeout shows how much of the growth that is.
 */
import { fork } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { AlertHandler } from '../src/index.js';
import { type BenchEmulator, startBenchEmulator } from './emulator-process.js';
import { duration, int, mb, median, type Row, round, verdict } from './stats.js';

const ALERTS = 100_000;
const PAGE_SIZE = 100;
const WALKS = 3;
const SHORT_TIMEOUT_MS = 1_000;
const SAMPLE_EVERY_PAGES = 100;
const GOAL_BYTES = 20 * 1_048_576;

interface Walk {
  items: number;
  pages: number;
  /** Time of the walk without the time spent collecting garbage for the samples. */
  ms: number;
  /** CPU time of the client process, user and system. */
  cpuMs: number;
  /** Heap used after a full collection, every `SAMPLE_EVERY_PAGES` pages and at the end. */
  heapSamples: number[];
}

interface ChildResult {
  baselineBytes: number;
  walks: Walk[];
  /** A walk with `timeoutMs: SHORT_TIMEOUT_MS`, from its own baseline. */
  shortTimeout: { baselineBytes: number; walk: Walk };
}

export interface PagingResult {
  alerts: number;
  pageSize: number;
  walks: number;
  itemsPerSecond: number;
  walkMs: number;
  /** CPU time of the client per 1,000 items: what the SDK itself costs, the emulator excluded. */
  clientCpuMsPer1000Items: number;
  baselineHeapBytes: number;
  /** Largest heap sample minus the baseline, over every walk. */
  maxGrowthBytes: number;
  /** Heap after the last walk minus the baseline. */
  finalGrowthBytes: number;
  /** Heap growth at the end of each walk: flat when nothing accumulates. */
  growthByWalkBytes: number[];
  /** Heap samples of the first walk minus the baseline, one every `SAMPLE_EVERY_PAGES` pages. */
  firstWalkGrowthBytes: number[];
  /** Largest growth over its own baseline of a walk with `timeoutMs: 1000`. */
  shortTimeoutMaxGrowthBytes: number;
  goalMet: boolean;
}

const SELF = fileURLToPath(import.meta.url);
/** Where `--import tsx` resolves from. */
const ROOT = fileURLToPath(new URL('..', import.meta.url));

export async function measurePaging(): Promise<{ result: PagingResult; rows: Row[] }> {
  const emulator = await startBenchEmulator({ alerts: ALERTS, seed: 'paging' });
  try {
    const child = fork(
      SELF,
      [JSON.stringify({ endpoint: emulator.endpoint, credentials: emulator.credentials })],
      {
        execArgv: ['--expose-gc', '--import', 'tsx'],
        cwd: ROOT,
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      },
    );
    const measured = await new Promise<ChildResult>((resolve, reject) => {
      child.once('message', (message) => resolve(message as ChildResult));
      child.once('exit', (code) =>
        reject(new Error(`The paging process exited (${code}) without a result.`)),
      );
    });
    child.disconnect();
    const { baselineBytes, walks, shortTimeout } = measured;
    const growth = walks.map((walk) => (walk.heapSamples.at(-1) ?? 0) - baselineBytes);
    const maxGrowth = Math.max(...walks.flatMap((walk) => walk.heapSamples)) - baselineBytes;
    const result: PagingResult = {
      alerts: ALERTS,
      pageSize: PAGE_SIZE,
      walks: walks.length,
      itemsPerSecond: round(median(walks.map((walk) => (walk.items / walk.ms) * 1000)), 0),
      walkMs: round(median(walks.map((walk) => walk.ms)), 0),
      clientCpuMsPer1000Items: round(median(walks.map((walk) => (walk.cpuMs / walk.items) * 1000)), 1),
      baselineHeapBytes: baselineBytes,
      maxGrowthBytes: maxGrowth,
      finalGrowthBytes: growth.at(-1) ?? 0,
      growthByWalkBytes: growth,
      firstWalkGrowthBytes: (walks[0]?.heapSamples ?? []).map((bytes) => bytes - baselineBytes),
      shortTimeoutMaxGrowthBytes: Math.max(...shortTimeout.walk.heapSamples) - shortTimeout.baselineBytes,
      goalMet: maxGrowth <= GOAL_BYTES && walks.every((walk) => walk.items === ALERTS),
    };
    return { result, rows: rowsOf(result) };
  } finally {
    await emulator.close();
  }
}

function rowsOf(result: PagingResult): Row[] {
  const part = '3 page 100,000';
  return [
    {
      part,
      metric: `listAlerts, pageSize ${result.pageSize}: items/s (walk time)`,
      value: `${int(result.itemsPerSecond)} (${duration(result.walkMs)})`,
    },
    {
      part,
      metric: 'client CPU per 1,000 items (the emulator runs apart)',
      value: `${result.clientCpuMsPer1000Items} ms`,
    },
    {
      part,
      metric: `heap growth over baseline ${mb(result.baselineHeapBytes)} (max; end of each walk)`,
      value: `${mb(result.maxGrowthBytes)}; ${result.growthByWalkBytes.map(mb).join(', ')}`,
      goal: '≤ 20.0 MB',
      verdict: verdict(result.goalMet),
    },
    {
      part,
      metric: `same with timeoutMs ${SHORT_TIMEOUT_MS} (max): finished requests held until their timer`,
      value: mb(result.shortTimeoutMaxGrowthBytes),
    },
  ];
}

/** In the child: walks every alert `WALKS` times and samples the heap. */
async function walkAll(emulator: Pick<BenchEmulator, 'endpoint' | 'credentials'>): Promise<ChildResult> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('Run with --expose-gc.');
  const heap = () => {
    gc();
    return process.memoryUsage().heapUsed;
  };
  const walk = async (handler: AlertHandler): Promise<Walk> => {
    const heapSamples: number[] = [];
    let items = 0;
    let pages = 0;
    let samplingMs = 0;
    let samplingCpu = 0;
    const cpu = process.cpuUsage();
    const started = performance.now();
    for await (const page of handler.listAlerts({ pageSize: PAGE_SIZE }).byPage()) {
      items += page.items.length;
      pages += 1;
      if (pages % SAMPLE_EVERY_PAGES === 0) {
        const before = performance.now();
        const beforeCpu = process.cpuUsage();
        heapSamples.push(heap());
        samplingMs += performance.now() - before;
        const used = process.cpuUsage(beforeCpu);
        samplingCpu += (used.user + used.system) / 1000;
      }
    }
    const ms = performance.now() - started - samplingMs;
    const used = process.cpuUsage(cpu);
    const cpuMs = (used.user + used.system) / 1000 - samplingCpu;
    heapSamples.push(heap());
    return { items, pages, ms, cpuMs, heapSamples };
  };
  const handlerWith = async (timeoutMs?: number): Promise<AlertHandler> => {
    const handler = new AlertHandler({
      endpoint: emulator.endpoint,
      protocol: 'http',
      credential: emulator.credentials,
      ...(timeoutMs !== undefined && { timeoutMs }),
    });
    for await (const _ of handler.listAlerts({ pageSize: PAGE_SIZE, maxItems: PAGE_SIZE })) {
      // One page first: connections, lazily built schemas.
    }
    return handler;
  };

  // The short-timeout walk first: its timers are gone a second later, before the main baseline.
  const short = await handlerWith(SHORT_TIMEOUT_MS);
  const shortBaseline = heap();
  const shortTimeout = { baselineBytes: shortBaseline, walk: await walk(short) };
  await new Promise((resolve) => setTimeout(resolve, SHORT_TIMEOUT_MS + 200));

  const handler = await handlerWith();
  const baselineBytes = heap();
  const walks: Walk[] = [];
  for (let index = 0; index < WALKS; index++) walks.push(await walk(handler));
  return { baselineBytes, walks, shortTimeout };
}

if (process.argv[1] !== undefined && pathToFileURL(process.argv[1]).href === import.meta.url) {
  const result = await walkAll(JSON.parse(process.argv[2] ?? '{}'));
  process.send?.(result);
}
