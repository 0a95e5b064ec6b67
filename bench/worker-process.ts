/**
 * One worker of the workers benchmark (bench/workers.ts), in a process of its own: `startWorker` over the
 * store its argument names, with every store call and every API request timed. On SIGTERM it stops
 * gracefully and answers its figures over IPC, then exits.
 */
import { AlertHandler, fileJournal, postgresStore, type Store, startWorker } from '../src/index.js';

/** What the benchmark starts a worker with. Only plain data: it crosses a process boundary. */
export interface BenchWorkerConfig {
  readonly endpoint: string;
  readonly credentials: { readonly accessKeyId: string; readonly accessKeySecret: string };
  readonly store:
    | { readonly kind: 'file'; readonly directory: string }
    | { readonly kind: 'postgres'; readonly connectionString: string; readonly schema: string };
  readonly pollIntervalMs: number;
  readonly concurrency: number;
}

/**
 * What a worker measured: the time its store calls and its API requests took, summed, and their number;
 * the store calls split into the queue's (dispatch: streams and leases of `sub-…`) and the executions'
 * journal (plan, intents, outcomes, alert leases and markers).
 */
export interface BenchWorkerFigures {
  readonly batchesDone: number;
  readonly dispatchCalls: number;
  readonly dispatchMs: number;
  readonly journalCalls: number;
  readonly journalMs: number;
  readonly apiCalls: number;
  readonly apiMs: number;
}

const config = JSON.parse(process.argv[2] as string) as BenchWorkerConfig;
const figures = {
  batchesDone: 0,
  dispatchCalls: 0,
  dispatchMs: 0,
  journalCalls: 0,
  journalMs: 0,
  apiCalls: 0,
  apiMs: 0,
};

/** Whether a store call is the queue's: its stream, key, prefix or lease names a submission. */
function isDispatch(first: unknown): boolean {
  const name = typeof first === 'string' ? first : (first as { key?: unknown } | undefined)?.key;
  return typeof name === 'string' && name.startsWith('sub-');
}

/** `store` with every call timed into `figures`. */
function timed(store: Store): Store {
  return new Proxy(store, {
    get(target, name, receiver) {
      const member = Reflect.get(target, name, receiver);
      if (typeof member !== 'function') return member;
      return async (...args: unknown[]) => {
        const started = performance.now();
        try {
          return await member.apply(target, args);
        } finally {
          const ms = performance.now() - started;
          if (isDispatch(args[0])) {
            figures.dispatchCalls++;
            figures.dispatchMs += ms;
          } else {
            figures.journalCalls++;
            figures.journalMs += ms;
          }
        }
      };
    },
  });
}

const spec = config.store;
const store =
  spec.kind === 'file'
    ? fileJournal(spec.directory)
    : postgresStore({ connectionString: spec.connectionString, schema: spec.schema, maxConnections: 4 });
const alerts = new AlertHandler({
  endpoint: config.endpoint,
  protocol: 'http',
  credential: config.credentials,
  adaptiveRate: false,
  poll: { intervalMs: 20, maxAttempts: 5, maxWaitMs: 5_000 },
  onAudit: (event) => {
    if (event.kind !== 'request') return;
    figures.apiCalls++;
    figures.apiMs += event.durationMs;
  },
});
const worker = await startWorker({
  store: timed(store),
  alerts,
  pollIntervalMs: config.pollIntervalMs,
  concurrency: config.concurrency,
  handleSignals: true,
});
process.send?.({ ready: true });
await worker.done;
figures.batchesDone = worker.stats().batchesDone;
await new Promise<void>(
  (resolve) => process.send?.({ figures }, undefined, {}, () => resolve()) ?? resolve(),
);
process.exit(0);
