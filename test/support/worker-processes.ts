import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { onTestFinished } from 'vitest';
import type { AlertHandlerOptions, Store, WorkerOptions, WorkerStats } from '../../src/index.js';
import { databaseUrl, skipPostgres, testSchema } from './postgres.js';
import { storeDirectory } from './store-directory.js';
import { openStore, type StoreSpec, storeKinds } from './worker-stores.js';

/** The stores the workers' tests run over: the file store, and PostgreSQL unless skipped (see postgres.ts). */
export const STORE_KINDS = storeKinds(skipPostgres());

/** What a worker process (worker-child.ts) is started with. */
export interface WorkerChildConfig {
  readonly endpoint: string;
  readonly credentials: { readonly accessKeyId: string; readonly accessKeySecret: string };
  readonly handler: Pick<AlertHandlerOptions, 'timeoutMs' | 'retry' | 'poll' | 'adaptiveRate'>;
  readonly store: StoreSpec;
  readonly workerId: string;
  readonly worker: Pick<
    WorkerOptions,
    'leaseTtlMs' | 'pollIntervalMs' | 'concurrency' | 'execute' | 'metricsIntervalMs'
  >;
  /** Log the worker's lines to stderr. */
  readonly log?: boolean;
}

/** What a worker process says. */
export type WorkerChildMessage =
  | { readonly type: 'ready'; readonly workerId: string }
  | { readonly type: 'stopped'; readonly stats: WorkerStats };

/** A worker process. */
export interface WorkerProcess {
  readonly child: ChildProcess;
  readonly workerId: string;
  /** Resolves once its worker runs. */
  readonly ready: Promise<void>;
  /** Resolves once the process exited, with its exit code or signal. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Its worker's figures, once it stopped gracefully. */
  readonly stats: () => WorkerStats | undefined;
  /** Sends `signal` if it still runs. */
  signal(signal: NodeJS.Signals): void;
}

const CHILD = fileURLToPath(new URL('./worker-child.ts', import.meta.url));

/** Starts a worker process (`node --import tsx`); it is killed when the test finishes, if it still runs. */
export function startWorkerProcess(
  config: Omit<WorkerChildConfig, 'workerId'>,
  name = 'worker',
): WorkerProcess {
  const workerId = `${name}-${randomBytes(3).toString('hex')}`;
  const child = fork(CHILD, [JSON.stringify({ ...config, workerId })], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const running = () => child.exitCode === null && child.signalCode === null;
  onTestFinished(async () => {
    if (running()) child.kill('SIGKILL');
    await exited;
  });
  let stats: WorkerStats | undefined;
  const ready = new Promise<void>((resolve, reject) => {
    child.on('message', (message: WorkerChildMessage) => {
      if (message.type === 'ready') resolve();
      if (message.type === 'stopped') stats = message.stats;
    });
    void exited.then(({ code, signal }) =>
      reject(new Error(`worker exited before ready (${code ?? signal})`)),
    );
  });
  ready.catch(() => undefined);
  return {
    child,
    workerId,
    ready,
    exited,
    stats: () => stats,
    signal(signal) {
      if (running()) child.kill(signal);
    },
  };
}

/**
 * A fresh store of `kind` for the current test, and this process's handle on it: a folder, or a schema
 * of its own in the database of `TEST_DATABASE_URL`; removed (the schema dropped) when the test finishes.
 */
export async function freshStore(kind: StoreSpec['kind']): Promise<{ spec: StoreSpec; store: Store }> {
  const spec: StoreSpec =
    kind === 'file'
      ? { kind, directory: await storeDirectory() }
      : { kind, connectionString: databaseUrl(), schema: testSchema() };
  const store = openStore(spec);
  onTestFinished(() => store.close?.());
  return { spec, store };
}
