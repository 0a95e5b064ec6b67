/**
 * The emulator at scale, measured on its own (not part of `npm run bench`):
 *
 * - `walk`: every alert of a model of `--alerts` records (default 1,000,000, `sampleAlerts` with the
 *   core fields) through `AlertHandler#listAlerts`, 100 a page: items per second over the walk, and
 *   the CPU each side spent. `--max-pages` stops early, for a model whose full walk takes too long;
 *   the rate of the pages read is then what is reported.
 * - `handling`: `--alerts` alerts (default 10,000) listed, planned and handled (`ignore`, batches of
 *   20, plan concurrency 16, execute concurrency 4, polls every 20 ms): the emulator's share of the
 *   CPU both processes spent, and with `--profile <dir>` the functions the emulator spent it in.
 * - `requests`: the emulator's CPU per request, `--requests` signed reads (default 20,000: an alert by
 *   `Id`, then its operations, in turn) signed beforehand and sent four at a time over kept-alive
 *   connections, so that the client costs next to nothing; beside it, a bare Node HTTP server answering
 *   every request with a fixed reply of the same size, the floor any emulator built on Node's HTTP
 *   server stands on.
 *
 * The emulator runs in a child process, the client in this one; each reports `process.cpuUsage()`
 * over the measured part only (the model is built before).
 *
 *   npx tsx bench/emulator-scale.ts walk [--alerts 1000000] [--max-pages 300]
 *   npx tsx bench/emulator-scale.ts handling [--alerts 10000] [--profile /tmp/emulator-profile]
 *   npx tsx bench/emulator-scale.ts requests [--requests 20000]
 */
import { fork } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { Agent, createServer, request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { sampleAlerts } from '../src/emulator/index.js';
import { DescribeSecurityEventOperationsAction } from '../src/generated/describe-security-event-operations.js';
import { DescribeSuspEventsAction } from '../src/generated/describe-susp-events.js';
import { AlertHandler, Operations } from '../src/index.js';
import { toWireRequest } from '../src/transport/serialize.js';
import { type SignedRequest, signedRequest, userAgentHeader } from '../src/transport/signed-request.js';
import { duration, int } from './stats.js';

const PAGE_SIZE = 100;
const SELF = fileURLToPath(import.meta.url);
/** Where `--import tsx` resolves from. */
const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** What the emulator process is told: plain data, it crosses a process boundary. */
interface ModelOptions {
  readonly alerts: number;
  readonly seed: string;
  /** Serve a fixed reply of this many bytes from a bare Node HTTP server instead of the emulator. */
  readonly bareReplyBytes?: number;
}

type Command = 'cpu' | 'close';
type Ready = {
  endpoint: string;
  credentials: { accessKeyId: string; accessKeySecret: string };
  buildMs: number;
};

/** CPU time of a process in milliseconds: user, system (the kernel's work for it, sockets included). */
interface Cpu {
  readonly user: number;
  readonly system: number;
}

function cpuOf(usage: NodeJS.CpuUsage): Cpu {
  return { user: usage.user / 1000, system: usage.system / 1000 };
}

const total = (cpu: Cpu) => cpu.user + cpu.system;

interface EmulatorProcess extends Ready {
  /** CPU time the emulator process has spent so far. */
  cpu(): Promise<Cpu>;
  close(): Promise<void>;
}

async function startEmulatorProcess(options: ModelOptions, profileDir?: string): Promise<EmulatorProcess> {
  const child = fork(SELF, ['serve', JSON.stringify(options)], {
    execArgv: [
      '--import',
      'tsx',
      '--max-old-space-size=6144',
      ...(profileDir === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', profileDir]),
    ],
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = await new Promise<Ready>((resolve, reject) => {
    child.once('message', (message) => resolve(message as Ready));
    child.once('exit', (code) => reject(new Error(`The emulator process exited (${code}).`)));
  });
  const ask = (command: Command) =>
    new Promise<unknown>((resolve) => {
      child.once('message', resolve);
      child.send(command);
    });
  return {
    ...ready,
    cpu: async () => (await ask('cpu')) as Cpu,
    close: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      await ask('close');
      await exited;
    },
  };
}

/** In the child: builds the model, serves it, answers `cpu` and `close`. */
async function serve(options: ModelOptions): Promise<void> {
  const { startEmulator } = await import('../src/emulator/index.js');
  const started = performance.now();
  const alerts = sampleAlerts(options.alerts, options.seed, { fields: 'core' });
  const emulator =
    options.bareReplyBytes === undefined
      ? await startEmulator({ seed: options.seed, state: { alerts, taskPolls: 1 } })
      : await startBareServer(options.bareReplyBytes);
  const buildMs = performance.now() - started;
  process.on('message', async (command: Command) => {
    if (command === 'cpu') {
      process.send?.(cpuOf(process.cpuUsage()));
      return;
    }
    await emulator.close();
    process.send?.('closed');
    process.disconnect();
  });
  process.send?.({
    endpoint: emulator.endpoint,
    credentials: emulator.credentials,
    buildMs,
  } satisfies Ready);
}

/**
 * A Node HTTP server that reads each request and answers it with the same JSON reply, with the
 * headers the emulator sends: what serving costs before any emulator work.
 */
async function startBareServer(replyBytes: number) {
  const padding = 'x'.repeat(Math.max(0, replyBytes - 40));
  const reply = Buffer.from(JSON.stringify({ RequestId: 'BARE', Padding: padding }));
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(200, {
        'content-type': 'application/json;charset=utf-8',
        'x-acs-request-id': 'BARE',
        'content-length': String(reply.length),
      });
      response.end(reply);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return {
    endpoint: `127.0.0.1:${address.port}`,
    credentials: { accessKeyId: 'bare', accessKeySecret: 'bare' },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** CPU time of the emulator and of this process over `run`. */
async function measured<T>(
  emulator: EmulatorProcess,
  run: () => Promise<T>,
): Promise<{ value: T; ms: number; emulatorCpu: Cpu; clientCpu: Cpu }> {
  const emulatorBefore = await emulator.cpu();
  const clientBefore = process.cpuUsage();
  const started = performance.now();
  const value = await run();
  const ms = performance.now() - started;
  const clientCpu = cpuOf(process.cpuUsage(clientBefore));
  const emulatorAfter = await emulator.cpu();
  const emulatorCpu = {
    user: emulatorAfter.user - emulatorBefore.user,
    system: emulatorAfter.system - emulatorBefore.system,
  };
  return { value, ms, emulatorCpu, clientCpu };
}

function handlerFor(emulator: EmulatorProcess, extra: ConstructorParameters<typeof AlertHandler>[0] = {}) {
  return new AlertHandler({
    endpoint: emulator.endpoint,
    protocol: 'http',
    credential: emulator.credentials,
    ...extra,
  });
}

function cpuSplit(emulator: Cpu, client: Cpu): string {
  const share = (100 * total(emulator)) / (total(emulator) + total(client));
  const userShare = (100 * emulator.user) / (emulator.user + client.user);
  const side = (cpu: Cpu) =>
    `${duration(total(cpu))} (user ${duration(cpu.user)}, system ${duration(cpu.system)})`;
  return (
    `emulator ${side(emulator)}, client ${side(client)}: emulator ${share.toFixed(1)} % of the CPU, ` +
    `${userShare.toFixed(1)} % of the user CPU`
  );
}

async function walk(alerts: number, maxPages: number): Promise<void> {
  const emulator = await startEmulatorProcess({ alerts, seed: 'scale-walk' });
  try {
    console.log(`model of ${int(alerts)} alerts built in ${duration(emulator.buildMs)}`);
    const handler = handlerFor(emulator);
    const run = await measured(emulator, async () => {
      let items = 0;
      let pages = 0;
      for await (const page of handler.listAlerts({ pageSize: PAGE_SIZE }).byPage()) {
        items += page.items.length;
        pages += 1;
        if (pages >= maxPages) break;
      }
      return { items, pages };
    });
    const { items, pages } = run.value;
    const whole = items === alerts ? 'the whole walk' : `the first ${int(pages)} pages, stopped early`;
    console.log(`walk: ${int(items)} items in ${duration(run.ms)} (${whole})`);
    console.log(`walk: ${int((items / run.ms) * 1000)} items/s`);
    console.log(`walk: ${cpuSplit(run.emulatorCpu, run.clientCpu)}`);
  } finally {
    await emulator.close();
  }
}

async function handling(alerts: number, profileDir: string | undefined): Promise<void> {
  const emulator = await startEmulatorProcess({ alerts, seed: 'scale-handling' }, profileDir);
  let closed = false;
  try {
    const handler = handlerFor(emulator, {
      concurrency: 16,
      batchSize: 20,
      poll: { intervalMs: 20, maxAttempts: 10, maxWaitMs: 10_000 },
    });
    const run = await measured(emulator, async () => {
      const ids: string[] = [];
      for await (const alert of handler.listAlerts({ dealt: false, pageSize: PAGE_SIZE })) ids.push(alert.id);
      const plan = await handler.plan(ids.map((alertId) => ({ alertId, operation: Operations.ignore() })));
      const report = await handler.execute(plan, { concurrency: 4 });
      return { listed: ids.length, succeeded: report.counts.succeeded };
    });
    console.log(
      `handling: ${int(run.value.listed)} listed, ${int(run.value.succeeded)} handled in ${duration(run.ms)}`,
    );
    console.log(`handling: ${cpuSplit(run.emulatorCpu, run.clientCpu)}`);
    await emulator.close();
    closed = true;
    if (profileDir !== undefined) printProfile(profileDir);
  } finally {
    if (!closed) await emulator.close();
  }
}

/** Reads of alerts and their operations, signed beforehand for the emulator's key. */
function signedReads(emulator: EmulatorProcess, alertIds: readonly number[], count: number): SignedRequest[] {
  const settings = {
    host: emulator.endpoint,
    userAgent: userAgentHeader(undefined),
    signatureVersion: 'v3' as const,
  };
  return Array.from({ length: count }, (_, index) => {
    const Id = alertIds[Math.floor(index / 2) % alertIds.length] as number;
    return index % 2 === 0
      ? signedRequest(
          DescribeSuspEventsAction,
          toWireRequest(DescribeSuspEventsAction, { Id, Lang: 'en' }),
          emulator.credentials,
          settings,
        )
      : signedRequest(
          DescribeSecurityEventOperationsAction,
          toWireRequest(DescribeSecurityEventOperationsAction, { SecurityEventId: Id }),
          emulator.credentials,
          settings,
        );
  });
}

/** Sends `requests` four at a time over kept-alive connections; the bytes of the replies. */
async function sendAll(endpoint: string, requests: readonly SignedRequest[]): Promise<number> {
  const [host, port] = endpoint.split(':');
  const agent = new Agent({ keepAlive: true, maxSockets: 4 });
  let next = 0;
  let bytes = 0;
  const send = (signed: SignedRequest) =>
    new Promise<void>((resolve, reject) => {
      const sent = httpRequest(
        { host, port, method: signed.method, path: signed.path, headers: signed.headers, agent },
        (response) => {
          if (response.statusCode !== 200) reject(new Error(`HTTP ${response.statusCode}`));
          response.on('data', (chunk: Buffer) => {
            bytes += chunk.length;
          });
          response.on('end', resolve);
        },
      );
      sent.on('error', reject);
      sent.end(signed.body);
    });
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < requests.length) await send(requests[next++] as SignedRequest);
    }),
  );
  agent.destroy();
  return bytes;
}

async function perRequest(count: number): Promise<void> {
  const seed = 'scale-requests';
  const alertIds = sampleAlerts(10_000, seed, { fields: 'core' }).map((alert) => alert.Id);
  const emulator = await startEmulatorProcess({ alerts: 10_000, seed });
  let replyBytes = 0;
  try {
    // The first tenth warms the emulator up; the rest is measured.
    const requests = signedReads(emulator, alertIds, Math.ceil(count * 1.1));
    await sendAll(emulator.endpoint, requests.slice(0, requests.length - count));
    const run = await measured(emulator, () => sendAll(emulator.endpoint, requests.slice(-count)));
    replyBytes = Math.round(run.value / count);
    console.log(
      `requests: emulator ${perRequestCpu(run.emulatorCpu, count)} (replies of ${int(replyBytes)} bytes)`,
    );
  } finally {
    await emulator.close();
  }
  const bare = await startEmulatorProcess({ alerts: 0, seed, bareReplyBytes: replyBytes });
  try {
    const requests = signedReads(bare, alertIds, Math.ceil(count * 1.1));
    await sendAll(bare.endpoint, requests.slice(0, requests.length - count));
    const run = await measured(bare, () => sendAll(bare.endpoint, requests.slice(-count)));
    console.log(`requests: bare Node HTTP server ${perRequestCpu(run.emulatorCpu, count)}`);
  } finally {
    await bare.close();
  }
}

function perRequestCpu(cpu: Cpu, count: number): string {
  const us = (ms: number) => `${((ms * 1000) / count).toFixed(0)} µs`;
  return `${us(total(cpu))} CPU a request (user ${us(cpu.user)}, system ${us(cpu.system)})`;
}

/** The functions the emulator's profile in `dir` spent the most time in, by self time. */
function printProfile(dir: string): void {
  // The largest profile is the main thread's (tsx's loader runs in a thread of its own).
  const file = readdirSync(dir)
    .filter((name) => name.endsWith('.cpuprofile'))
    .sort((a, b) => statSync(join(dir, a)).size - statSync(join(dir, b)).size)
    .at(-1);
  if (file === undefined) return;
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as {
    nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
    samples: number[];
    timeDeltas: number[];
  };
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<string, number>();
  let busyUs = 0;
  profile.samples.forEach((id, index) => {
    const frame = nodes.get(id)?.callFrame;
    if (frame === undefined || frame.functionName === '(idle)') return;
    const where =
      frame.url === '' ? '' : ` ${frame.url.split('/').slice(-2).join('/')}:${frame.lineNumber + 1}`;
    const name = `${frame.functionName || '(anonymous)'}${where}`;
    const delta = profile.timeDeltas[index] ?? 0;
    selfUs.set(name, (selfUs.get(name) ?? 0) + delta);
    busyUs += delta;
  });
  console.log(`emulator profile ${join(dir, file)}, busy ${duration(busyUs / 1000)}; top self time:`);
  for (const [name, us] of [...selfUs].sort((a, b) => b[1] - a[1]).slice(0, 12)) {
    console.log(
      `  ${duration(us / 1000).padStart(9)} ${((100 * us) / busyUs).toFixed(1).padStart(5)} %  ${name}`,
    );
  }
}

async function main(argv: readonly string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      alerts: { type: 'string' },
      'max-pages': { type: 'string' },
      profile: { type: 'string' },
      requests: { type: 'string' },
    },
  });
  const part = positionals[0];
  if (part === 'serve') return serve(JSON.parse(positionals[1] ?? '{}') as ModelOptions);
  if (part === 'walk') {
    return walk(Number(values.alerts ?? 1_000_000), Number(values['max-pages'] ?? Number.POSITIVE_INFINITY));
  }
  if (part === 'handling') return handling(Number(values.alerts ?? 10_000), values.profile);
  if (part === 'requests') return perRequest(Number(values.requests ?? 20_000));
  throw new Error(
    'Usage: npx tsx bench/emulator-scale.ts walk|handling|requests [--alerts N] [--max-pages P] ' +
      '[--profile DIR] [--requests N]',
  );
}

if (process.argv[1] !== undefined && pathToFileURL(process.argv[1]).href === import.meta.url) {
  await main(process.argv.slice(2));
}
