/**
 * 1. Per-call overhead: `SasClient#describeSuspEvents` returning a validated page of 100 alerts, against
 * a raw `callApi` of the same request with the same settings (flattened with `OpenApiUtil.query`, the
 * body left as parsed JSON). The two run in alternating blocks, so that drift of the machine hits both
 * alike; each round gives one ratio, and the median of the rounds is reported.
 */
import * as OpenApiModule from '@alicloud/openapi-client';
import * as OpenApiUtilModule from '@alicloud/openapi-util';
import { RuntimeOptions } from '@alicloud/tea-util';
import { SasClient } from '../src/index.js';
import { unwrapDefault } from '../src/transport/interop.js';
import { SDK_VERSION } from '../src/version.js';
import { startBenchEmulator } from './emulator-process.js';
import { median, type Row, ratio, round, runLanes, verdict } from './stats.js';

const { Config, OpenApiRequest, Params } = OpenApiModule;
type RawClient = {
  callApi(
    params: InstanceType<typeof Params>,
    request: InstanceType<typeof OpenApiRequest>,
    runtime: RuntimeOptions,
  ): Promise<{ body?: { SuspEvents?: unknown[] } }>;
};

const PAGE = { CurrentPage: '1', PageSize: '100' } as const;
const TIMEOUT_MS = 10_000;
const ROUNDS = 9;
const CALLS = { 1: 150, 16: 400 } as const;
const GOAL = 1.1;

interface Side {
  callsPerSecond: number;
  /** CPU time of this process per call, in microseconds: the client's own work. */
  cpuMicrosPerCall: number;
}

export interface OverheadResult {
  concurrency: number;
  rounds: number;
  callsPerRound: number;
  sdk: Side;
  raw: Side;
  /** Median over rounds of SDK time per call / raw time per call. */
  ratio: number;
  /** Median over rounds of SDK CPU per call / raw CPU per call (client side only). */
  cpuRatio: number;
  goalMet: boolean;
}

export async function measureOverhead(): Promise<{ results: OverheadResult[]; rows: Row[] }> {
  const emulator = await startBenchEmulator({ alerts: 100 });
  try {
    const sdk = new SasClient({
      endpoint: emulator.endpoint,
      protocol: 'http',
      credential: emulator.credentials,
      timeoutMs: TIMEOUT_MS,
      // What is measured is the cost of a call, not the pace of the adaptive rate.
      adaptiveRate: false,
    });
    const OpenApi = unwrapDefault<new (config: InstanceType<typeof Config>) => RawClient>(OpenApiModule);
    const util = unwrapDefault<{ query(value: object): Record<string, string> }>(OpenApiUtilModule);
    const raw = new OpenApi(
      new Config({
        accessKeyId: emulator.credentials.accessKeyId,
        accessKeySecret: emulator.credentials.accessKeySecret,
        endpoint: emulator.endpoint,
        protocol: 'http',
        readTimeout: TIMEOUT_MS,
        connectTimeout: TIMEOUT_MS,
        userAgent: `alicloud-alert-handler/${SDK_VERSION}`,
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
    const calls = {
      sdk: async () => {
        const page = await sdk.describeSuspEvents({ ...PAGE });
        if (page.SuspEvents?.length !== 100) throw new Error('The SDK read a short page.');
      },
      raw: async () => {
        const runtime = new RuntimeOptions({
          autoretry: false,
          readTimeout: TIMEOUT_MS,
          connectTimeout: TIMEOUT_MS,
        });
        const { body } = await raw.callApi(params, new OpenApiRequest({ query: util.query(PAGE) }), runtime);
        if (body?.SuspEvents?.length !== 100) throw new Error('callApi read a short page.');
      },
    };

    const results: OverheadResult[] = [];
    for (const concurrency of [1, 16] as const) {
      const total = CALLS[concurrency];
      // Warm-up: connections, JIT, lazily built schemas.
      await runLanes(total, concurrency, calls.sdk);
      await runLanes(total, concurrency, calls.raw);
      const samples = { sdk: [] as Side[], raw: [] as Side[] };
      const ratios: number[] = [];
      const cpuRatios: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const order = round % 2 === 0 ? (['sdk', 'raw'] as const) : (['raw', 'sdk'] as const);
        const measured: Partial<Record<'sdk' | 'raw', Side>> = {};
        for (const side of order) {
          const cpu = process.cpuUsage();
          const elapsedMs = await runLanes(total, concurrency, calls[side]);
          const used = process.cpuUsage(cpu);
          measured[side] = {
            callsPerSecond: (total / elapsedMs) * 1000,
            cpuMicrosPerCall: (used.user + used.system) / total,
          };
        }
        const { sdk: s, raw: r } = measured as Record<'sdk' | 'raw', Side>;
        samples.sdk.push(s);
        samples.raw.push(r);
        ratios.push(r.callsPerSecond / s.callsPerSecond);
        cpuRatios.push(s.cpuMicrosPerCall / r.cpuMicrosPerCall);
      }
      const summary = (sides: Side[]): Side => ({
        callsPerSecond: round(median(sides.map((side) => side.callsPerSecond)), 0),
        cpuMicrosPerCall: round(median(sides.map((side) => side.cpuMicrosPerCall)), 0),
      });
      const callRatio = median(ratios);
      results.push({
        concurrency,
        rounds: ROUNDS,
        callsPerRound: total,
        sdk: summary(samples.sdk),
        raw: summary(samples.raw),
        ratio: round(callRatio, 3),
        cpuRatio: round(median(cpuRatios), 3),
        goalMet: callRatio <= GOAL,
      });
    }
    return { results, rows: rowsOf(results) };
  } finally {
    await emulator.close();
  }
}

function rowsOf(results: readonly OverheadResult[]): Row[] {
  return results.flatMap((result) => {
    const c = `c=${result.concurrency}`;
    return [
      {
        part: '1 per-call',
        metric: `${c} time per call, SDK / raw callApi`,
        value: ratio(result.ratio),
        goal: `≤ ${ratio(GOAL)}`,
        verdict: verdict(result.goalMet),
      },
      {
        part: '1 per-call',
        metric: `${c} calls/s, SDK vs raw`,
        value: `${result.sdk.callsPerSecond} vs ${result.raw.callsPerSecond}`,
      },
      {
        part: '1 per-call',
        metric: `${c} client CPU per call, SDK vs raw`,
        value: `${result.sdk.cpuMicrosPerCall} vs ${result.raw.cpuMicrosPerCall} µs (${ratio(result.cpuRatio)})`,
      },
    ];
  });
}
