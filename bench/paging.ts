/**
 * 3. Paging 1,000,000 alerts (100 per page): items per second and heap growth of
 * `AlertHandler#listAlerts` on its defaults, against a raw page loop of `@alicloud/openapi-client`
 * (`callApi` page after page, the body left as parsed JSON, the raw client's own defaults). Each walk
 * runs in a child process of its own started with `--expose-gc`, so that each heap sample follows a
 * full collection (heap used and array buffers); the baseline is taken there after one page was read. A walk of 10,000 pages lasts
 * far longer than any request timer (10 s for the SDK, the raw client's read timeout), so whatever a
 * finished request leaves behind until its timer fires shows in the growth.
 *
 * The emulator serves this walk's pages from its listing index (one slice of a cached list per page),
 * so the figures are the client's. `PAGING_ALERTS=200000 npm run bench -- --only=paging` walks fewer.
 */

import { fork } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as OpenApiModule from '@alicloud/openapi-client';
import * as OpenApiUtilModule from '@alicloud/openapi-util';
import { RuntimeOptions } from '@alicloud/tea-util';
import { AlertHandler } from '../src/index.js';
import { unwrapDefault } from '../src/transport/interop.js';
import { type BenchEmulator, startBenchEmulator } from './emulator-process.js';
import { duration, int, mb, type Row, ratio, round, verdict } from './stats.js';

const ALERTS = Number(process.env.PAGING_ALERTS ?? 1_000_000);
const PAGE_SIZE = 100;
const SAMPLE_EVERY_PAGES = 100;
/** The SDK may grow this much more than the raw loop. */
const GOAL_EXTRA_BYTES = 4 * 1_048_576;

type Walker = 'sdk' | 'raw';

interface Walk {
  items: number;
  pages: number;
  /** Time of the walk without the time spent collecting garbage for the samples. */
  ms: number;
  /** CPU time of the client process, user and system, without the samples' collections. */
  cpuMs: number;
  baselineBytes: number;
  /**
   * Memory held after a full collection, every `SAMPLE_EVERY_PAGES` pages and at the end: the heap
   * used, and array buffers (a typed array's bytes live outside the heap).
   */
  heapSamples: number[];
}

interface WalkSummary {
  itemsPerSecond: number;
  walkMs: number;
  /** CPU time of the client per 1,000 items: what the client itself costs, the emulator excluded. */
  clientCpuMsPer1000Items: number;
  baselineHeapBytes: number;
  /** Largest heap sample minus the baseline. */
  maxGrowthBytes: number;
  /** Heap at the end minus the baseline. */
  finalGrowthBytes: number;
  items: number;
}

export interface PagingResult {
  alerts: number;
  pageSize: number;
  sdk: WalkSummary;
  raw: WalkSummary;
  /** SDK items/s over raw items/s. */
  speed: number;
  /** SDK max growth minus raw max growth. */
  extraGrowthBytes: number;
  goalMet: boolean;
}

const SELF = fileURLToPath(import.meta.url);
/** Where `--import tsx` resolves from. */
const ROOT = fileURLToPath(new URL('..', import.meta.url));

export async function measurePaging(): Promise<{ result: PagingResult; rows: Row[] }> {
  const emulator = await startBenchEmulator({ alerts: ALERTS, seed: 'paging' });
  try {
    const walks: Partial<Record<Walker, WalkSummary>> = {};
    for (const walker of ['raw', 'sdk'] as const)
      walks[walker] = summary(await walkInChild(emulator, walker));
    const { sdk, raw } = walks as Record<Walker, WalkSummary>;
    const extraGrowthBytes = sdk.maxGrowthBytes - raw.maxGrowthBytes;
    const result: PagingResult = {
      alerts: ALERTS,
      pageSize: PAGE_SIZE,
      sdk,
      raw,
      speed: round(sdk.itemsPerSecond / raw.itemsPerSecond, 3),
      extraGrowthBytes,
      goalMet: extraGrowthBytes <= GOAL_EXTRA_BYTES && sdk.items === ALERTS && raw.items === ALERTS,
    };
    return { result, rows: rowsOf(result) };
  } finally {
    await emulator.close();
  }
}

async function walkInChild(emulator: BenchEmulator, walker: Walker): Promise<Walk> {
  const child = fork(
    SELF,
    [JSON.stringify({ endpoint: emulator.endpoint, credentials: emulator.credentials, walker })],
    {
      execArgv: ['--expose-gc', '--import', 'tsx'],
      cwd: ROOT,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  const walk = await new Promise<Walk>((resolve, reject) => {
    child.once('message', (message) => resolve(message as Walk));
    child.once('exit', (code) => reject(new Error(`The ${walker} walk exited (${code}) without a result.`)));
  });
  child.disconnect();
  return walk;
}

function summary(walk: Walk): WalkSummary {
  return {
    itemsPerSecond: round((walk.items / walk.ms) * 1000, 0),
    walkMs: round(walk.ms, 0),
    clientCpuMsPer1000Items: round((walk.cpuMs / walk.items) * 1000, 1),
    baselineHeapBytes: walk.baselineBytes,
    maxGrowthBytes: Math.max(...walk.heapSamples) - walk.baselineBytes,
    finalGrowthBytes: (walk.heapSamples.at(-1) ?? 0) - walk.baselineBytes,
    items: walk.items,
  };
}

function rowsOf(result: PagingResult): Row[] {
  const part = `3 page ${int(result.alerts)}`;
  const { sdk, raw } = result;
  return [
    {
      part,
      metric: `items/s (walk time), listAlerts defaults vs raw callApi loop, pageSize ${result.pageSize}`,
      value: `${int(sdk.itemsPerSecond)} (${duration(sdk.walkMs)}) vs ${int(raw.itemsPerSecond)} (${duration(raw.walkMs)}): ${ratio(result.speed)}`,
    },
    {
      part,
      metric: 'client CPU per 1,000 items, SDK vs raw (the emulator runs apart)',
      value: `${sdk.clientCpuMsPer1000Items} vs ${raw.clientCpuMsPer1000Items} ms`,
    },
    {
      part,
      metric: 'heap + array buffers growth over baseline, max (end), SDK vs raw',
      value: `${mb(sdk.maxGrowthBytes)} (${mb(sdk.finalGrowthBytes)}) vs ${mb(raw.maxGrowthBytes)} (${mb(raw.finalGrowthBytes)})`,
      goal: `SDK ≤ raw + ${mb(GOAL_EXTRA_BYTES)}`,
      verdict: verdict(result.goalMet),
    },
  ];
}

/** In the child: one walk of every alert, sampling the heap. */
async function walkAll(
  emulator: Pick<BenchEmulator, 'endpoint' | 'credentials'>,
  walker: Walker,
): Promise<Walk> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('Run with --expose-gc.');
  const heap = () => {
    gc();
    const { heapUsed, arrayBuffers } = process.memoryUsage();
    return heapUsed + arrayBuffers;
  };
  const pages = walker === 'sdk' ? sdkPages(emulator) : rawPages(emulator);
  // One page first: connections, lazily built schemas.
  const first = await pages.next();
  if (first.done) throw new Error('No page.');
  const baselineBytes = heap();
  const heapSamples: number[] = [];
  let items = first.value;
  let count = 1;
  let samplingMs = 0;
  let samplingCpu = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  for await (const size of pages) {
    items += size;
    count += 1;
    if (count % SAMPLE_EVERY_PAGES === 0) {
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
  return { items, pages: count, ms, cpuMs, baselineBytes, heapSamples };
}

/** The SDK's walk, on its defaults: the size of each page. */
async function* sdkPages(emulator: Pick<BenchEmulator, 'endpoint' | 'credentials'>): AsyncGenerator<number> {
  const handler = new AlertHandler({
    endpoint: emulator.endpoint,
    protocol: 'http',
    credential: emulator.credentials,
  });
  for await (const page of handler.listAlerts({ pageSize: PAGE_SIZE }).byPage()) yield page.items.length;
}

/** A raw page loop of `@alicloud/openapi-client`, with its own defaults: the size of each page. */
async function* rawPages(emulator: Pick<BenchEmulator, 'endpoint' | 'credentials'>): AsyncGenerator<number> {
  type RawClient = {
    callApi(
      params: InstanceType<typeof OpenApiModule.Params>,
      request: InstanceType<typeof OpenApiModule.OpenApiRequest>,
      runtime: RuntimeOptions,
    ): Promise<{ body?: { SuspEvents?: unknown[]; TotalCount?: number } }>;
  };
  const { Config, OpenApiRequest, Params } = OpenApiModule;
  const OpenApi = unwrapDefault<new (config: InstanceType<typeof Config>) => RawClient>(OpenApiModule);
  const util = unwrapDefault<{ query(value: object): Record<string, string> }>(OpenApiUtilModule);
  const raw = new OpenApi(
    new Config({
      accessKeyId: emulator.credentials.accessKeyId,
      accessKeySecret: emulator.credentials.accessKeySecret,
      endpoint: emulator.endpoint,
      protocol: 'http',
    }),
  );
  const params = new Params({
    action: 'DescribeSuspEvents',
    version: '2018-12-03',
    protocol: 'HTTPS',
    pathname: '/',
    method: 'POST',
    authType: 'AK',
    style: 'RPC',
    reqBodyType: 'formData',
    bodyType: 'json',
  });
  for (let page = 1; ; page++) {
    const query = util.query({ CurrentPage: String(page), PageSize: String(PAGE_SIZE) });
    const { body } = await raw.callApi(params, new OpenApiRequest({ query }), new RuntimeOptions({}));
    const size = body?.SuspEvents?.length ?? 0;
    if (size === 0) return;
    yield size;
    if (page * PAGE_SIZE >= (body?.TotalCount ?? 0)) return;
  }
}

if (process.argv[1] !== undefined && pathToFileURL(process.argv[1]).href === import.meta.url) {
  const { walker, ...emulator } = JSON.parse(process.argv[2] ?? '{}');
  const result = await walkAll(emulator, walker);
  process.send?.(result);
}
