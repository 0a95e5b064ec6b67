/**
 * 7. Network: what a proxy costs per call, and what the dependency the SDK does not take would cost.
 *
 * - Per call: `SasClient#describeSuspEvents` (a validated page of 100) over HTTPS to a TLS front of the
 *   emulator (test-only certificate, trusted through `ca`), direct against through a local CONNECT proxy
 *   (kept-alive tunnels), in alternating rounds; the median of the rounds' ratios is reported. The
 *   front and the proxy run in this process, so their CPU counts on both sides (the proxy's on one).
 * - Import: the built main entry (`dist/index.js`, `dist/index.cjs`) against `@alicloud/openapi-core`,
 *   each in fresh processes, taking turns (see cold-start.ts). `@alicloud/openapi-core` is not a
 *   dependency: it is timed only when `OPENAPI_CORE_DIR` names a folder where it is installed
 *   (`npm install @alicloud/openapi-core` in a temporary folder).
 */
import { existsSync, readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { type AddressInfo, connect, createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SasClient } from '../src/index.js';
import { type ImportVariant, medianImportMs } from './cold-start.js';
import { startBenchEmulator } from './emulator-process.js';
import { median, type Row, ratio, round, runLanes } from './stats.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TLS = join(ROOT, 'test/fixtures/tls');
const ROUNDS = 7;
const CALLS = { 1: 100, 16: 300 } as const;

export interface NetworkResult {
  perCall: { concurrency: number; directPerSecond: number; proxiedPerSecond: number; ratio: number }[];
  importMs?: Record<string, number>;
}

export async function measureNetwork(): Promise<{ result: NetworkResult; rows: Row[] }> {
  const perCall = await measureProxyCost();
  const importMs = measureImports();
  const rows: Row[] = perCall.flatMap((entry) => [
    {
      part: '7 network',
      metric: `c=${entry.concurrency} time per call, through a CONNECT proxy / direct (https)`,
      value: ratio(entry.ratio),
    },
    {
      part: '7 network',
      metric: `c=${entry.concurrency} calls/s, direct vs proxied`,
      value: `${entry.directPerSecond} vs ${entry.proxiedPerSecond}`,
    },
  ]);
  if (importMs === undefined) {
    rows.push({
      part: '7 network',
      metric: 'import vs openapi-core',
      value: 'not measured: set OPENAPI_CORE_DIR',
    });
  } else {
    for (const [name, ms] of Object.entries(importMs)) {
      rows.push({ part: '7 network', metric: `import ${name} (median)`, value: `${round(ms, 1)} ms` });
    }
  }
  return { result: { perCall, ...(importMs === undefined ? {} : { importMs }) }, rows };
}

async function measureProxyCost(): Promise<NetworkResult['perCall']> {
  const emulator = await startBenchEmulator({ alerts: 100 });
  const [backendHost, backendPort] = emulator.endpoint.split(':');
  const upstream = new Agent({ keepAlive: true });
  const front = createHttpsServer(
    { key: readFileSync(join(TLS, 'server.key')), cert: readFileSync(join(TLS, 'server.crt')) },
    (incoming, outgoing) => {
      const forwarded = request(
        {
          host: backendHost,
          port: backendPort,
          method: incoming.method,
          path: incoming.url,
          headers: incoming.headers,
          agent: upstream,
        },
        (answer) => {
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(outgoing);
        },
      );
      incoming.pipe(forwarded);
    },
  );
  front.keepAliveTimeout = 60_000;
  const sockets = new Set<Socket>();
  const proxy = createServer((client) => {
    sockets.add(client);
    client.once('data', (head) => {
      const target = /^CONNECT ([^ ]+):(\d+) /.exec(head.toString('latin1'));
      const server = connect(Number(target?.[2]), '127.0.0.1', () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        server.pipe(client);
        client.pipe(server);
      });
      sockets.add(server);
    });
  });
  try {
    await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const options = {
      endpoint: `https://localhost:${(front.address() as AddressInfo).port}`,
      credential: emulator.credentials,
      ca: readFileSync(join(TLS, 'ca.crt')),
      proxy: false as const,
    };
    const clients = {
      direct: new SasClient(options),
      proxied: new SasClient({
        ...options,
        proxy: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
      }),
    };
    const call = (side: keyof typeof clients) => async () => {
      const page = await clients[side].describeSuspEvents({ CurrentPage: '1', PageSize: '100' });
      if (page.SuspEvents?.length !== 100) throw new Error('A short page was read.');
    };
    const results: NetworkResult['perCall'] = [];
    for (const concurrency of [1, 16] as const) {
      const total = CALLS[concurrency];
      await runLanes(total, concurrency, call('direct'));
      await runLanes(total, concurrency, call('proxied'));
      const perSecond = { direct: [] as number[], proxied: [] as number[] };
      const ratios: number[] = [];
      for (let roundIndex = 0; roundIndex < ROUNDS; roundIndex++) {
        const order =
          roundIndex % 2 === 0 ? (['direct', 'proxied'] as const) : (['proxied', 'direct'] as const);
        const elapsed: Partial<Record<keyof typeof clients, number>> = {};
        for (const side of order) {
          elapsed[side] = await runLanes(total, concurrency, call(side));
          perSecond[side].push((total / (elapsed[side] as number)) * 1000);
        }
        ratios.push((elapsed.proxied as number) / (elapsed.direct as number));
      }
      results.push({
        concurrency,
        directPerSecond: round(median(perSecond.direct), 0),
        proxiedPerSecond: round(median(perSecond.proxied), 0),
        ratio: round(median(ratios), 3),
      });
    }
    return results;
  } finally {
    for (const socket of sockets) socket.destroy();
    upstream.destroy();
    front.closeAllConnections();
    await new Promise((resolve) => front.close(resolve));
    await new Promise((resolve) => proxy.close(resolve));
    await emulator.close();
  }
}

function measureImports(): Record<string, number> | undefined {
  const folder = process.env.OPENAPI_CORE_DIR;
  const core = folder && join(folder, 'node_modules/@alicloud/openapi-core/dist/client.js');
  const esm = join(ROOT, 'dist/index.js');
  const cjs = join(ROOT, 'dist/index.cjs');
  if (!core || !existsSync(core) || !existsSync(esm)) return undefined;
  const variants: ImportVariant[] = [
    { name: 'package esm', target: pathToFileURL(esm).href, format: 'esm' },
    { name: 'package cjs', target: cjs, format: 'cjs' },
    { name: 'openapi-core esm', target: pathToFileURL(core).href, format: 'esm' },
    { name: 'openapi-core cjs', target: core, format: 'cjs' },
  ];
  return medianImportMs(ROOT, variants);
}
