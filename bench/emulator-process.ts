/**
 * The emulator in a process of its own, so that the client under measurement has the bench process
 * (and its CPU time, and its heap) to itself: the server's signature checks, paging and JSON encoding
 * run on the other core, as a real service's work runs elsewhere.
 *
 * `startBenchEmulator()` spawns this file; run as a child, it starts the emulator and answers requests
 * for its counters over the IPC channel.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { Agent, createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { FaultRule } from '../src/emulator/index.js';

/** How to set up the emulator. Only plain data: it crosses a process boundary. */
export interface BenchEmulatorOptions {
  /** How many `sampleAlerts` the model holds. */
  readonly alerts: number;
  /** Status queries answered `Processing` before a task's final status. @defaultValue 1 */
  readonly taskPolls?: number;
  /** Fault rules, e.g. a fixed latency on every request. */
  readonly faults?: readonly FaultRule[];
  /**
   * The service's flow control: once this many requests (of any action) arrived within the current
   * second of the clock, the others of that second are answered `400 Throttling.User` at once, by a
   * front server that passes the rest to the emulator.
   */
  readonly throttlePerSecond?: number;
  /** Seed of the alerts, RequestIds and task IDs. @defaultValue `bench` */
  readonly seed?: string;
  /** Member accounts of a resource directory, each with this many `sampleAlerts` of its own. */
  readonly accounts?: readonly { readonly accountId: string; readonly alerts: number }[];
}

/** What the emulator received since start or the last reset. */
export interface Received {
  /** Requests in all. */
  readonly total: number;
  /** Requests by action. */
  readonly byAction: Readonly<Record<string, number>>;
  /** Error answers by code, e.g. `{ 'Throttling.User': 12 }`. */
  readonly byCode: Readonly<Record<string, number>>;
}

/** A running emulator in its own process. */
export interface BenchEmulator {
  readonly endpoint: string;
  readonly credentials: { readonly accessKeyId: string; readonly accessKeySecret: string };
  /** The IDs of the model's alerts, newest first (as `DescribeSuspEvents` pages them). */
  readonly alertIds: readonly string[];
  received(): Promise<Received>;
  reset(): Promise<void>;
  close(): Promise<void>;
}

type Command = { id: number; op: 'received' | 'reset' | 'close' };
type Reply = { id: number; value?: unknown };
type Ready = {
  ready: true;
  endpoint: string;
  credentials: BenchEmulator['credentials'];
  alertIds: string[];
};

const SELF = fileURLToPath(import.meta.url);
/** Where `--import tsx` resolves from. */
const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Spawns the emulator process and waits until it listens. */
export async function startBenchEmulator(options: BenchEmulatorOptions): Promise<BenchEmulator> {
  const child = fork(SELF, [JSON.stringify(options)], {
    execArgv: ['--import', 'tsx'],
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = await new Promise<Ready>((resolve, reject) => {
    child.once('message', (message) => resolve(message as Ready));
    child.once('exit', (code) =>
      reject(new Error(`The emulator process exited (${code}) before it listened.`)),
    );
  });
  const ask = command(child);
  return {
    endpoint: ready.endpoint,
    credentials: ready.credentials,
    alertIds: ready.alertIds,
    received: () => ask('received') as Promise<Received>,
    reset: async () => {
      await ask('reset');
    },
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      await ask('close');
      await exited;
    },
  };
}

function command(child: ChildProcess): (op: Command['op']) => Promise<unknown> {
  let nextId = 0;
  const waiting = new Map<number, (value: unknown) => void>();
  child.on('message', (message: Reply) => {
    waiting.get(message.id)?.(message.value);
    waiting.delete(message.id);
  });
  return (op) =>
    new Promise((resolve) => {
      const id = ++nextId;
      waiting.set(id, resolve);
      child.send({ id, op } satisfies Command);
    });
}

async function serve(options: BenchEmulatorOptions): Promise<void> {
  const { sampleAlerts, startEmulator } = await import('../src/emulator/index.js');
  const seed = options.seed ?? 'bench';
  // The records the figures were first taken with: each run compares like with like.
  const alerts = sampleAlerts(options.alerts, seed, { fields: 'core' });
  const emulator = await startEmulator({
    seed,
    state: { alerts, taskPolls: options.taskPolls ?? 1 },
    faults: options.faults ?? [],
    ...(options.accounts !== undefined && {
      accounts: options.accounts.map((account) => ({
        accountId: account.accountId,
        state: {
          alerts: sampleAlerts(account.alerts, `${seed}-${account.accountId}`, { fields: 'core' }),
          taskPolls: options.taskPolls ?? 1,
        },
      })),
    }),
  });
  const front =
    options.throttlePerSecond === undefined
      ? undefined
      : await flowControl(emulator.endpoint, options.throttlePerSecond);
  const send = (message: Ready | Reply) => process.send?.(message);
  process.on('message', async ({ id, op }: Command) => {
    if (op === 'received') {
      const byAction: Record<string, number> = {};
      const byCode: Record<string, number> = {};
      const received = emulator.received;
      for (const { action, code } of received) {
        byAction[action] = (byAction[action] ?? 0) + 1;
        if (code !== undefined) byCode[code] = (byCode[code] ?? 0) + 1;
      }
      const throttled = front?.throttled() ?? 0;
      if (throttled > 0) byCode[THROTTLED] = (byCode[THROTTLED] ?? 0) + throttled;
      send({ id, value: { total: received.length + throttled, byAction, byCode } satisfies Received });
    } else if (op === 'reset') {
      emulator.reset();
      front?.reset();
      send({ id });
    } else {
      await front?.close();
      await emulator.close();
      send({ id });
      process.disconnect();
    }
  });
  process.on('disconnect', () => {
    void front?.close();
    void emulator.close();
  });
  send({
    ready: true,
    endpoint: front?.endpoint ?? emulator.endpoint,
    credentials: emulator.credentials,
    alertIds: alerts.map((alert) => String(alert.Id)),
  });
}

const THROTTLED = 'Throttling.User';

/**
 * A front server with the service's flow control: the first `limit` requests of each second of the
 * clock go on to the emulator, the others are answered `400 Throttling.User` at once.
 */
async function flowControl(target: string, limit: number) {
  const { hostname, port } = new URL(`http://${target}`);
  const agent = new Agent({ keepAlive: true });
  let second = -1;
  let inSecond = 0;
  let throttled = 0;
  let requestNumber = 0;
  const server = createServer((incoming, outgoing) => {
    const now = Math.floor(Date.now() / 1000);
    if (now !== second) {
      second = now;
      inSecond = 0;
    }
    inSecond += 1;
    if (inSecond > limit) {
      throttled += 1;
      incoming.resume();
      const body = JSON.stringify({
        RequestId: `THROTTLED-${++requestNumber}`,
        Code: THROTTLED,
        Message: 'Request was denied due to user flow control.',
      });
      outgoing.writeHead(400, { 'content-type': 'application/json;charset=utf-8' }).end(body);
      return;
    }
    const forward = httpRequest(
      { hostname, port, method: incoming.method, path: incoming.url, headers: incoming.headers, agent },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forward.on('error', () => outgoing.destroy());
    incoming.pipe(forward);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  return {
    endpoint: `127.0.0.1:${address.port}`,
    throttled: () => throttled,
    reset: () => {
      throttled = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
        agent.destroy();
      }),
  };
}

if (process.argv[1] !== undefined && pathToFileURL(process.argv[1]).href === import.meta.url) {
  await serve(JSON.parse(process.argv[2] ?? '{}') as BenchEmulatorOptions);
}
