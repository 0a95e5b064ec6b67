import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { onTestFinished } from 'vitest';
import type { Lease, Store } from '../../src/stores/store.js';

/** What a parent asks of a store worker (store-worker.ts); `now` sets the worker's store clock first. */
export type WorkerRequest = { readonly id: number; readonly now: number } & (
  | { readonly op: 'call'; readonly method: keyof Store; readonly args: readonly unknown[] }
  /** `count` appends of one record `{ worker, n }` each; answers the sequence numbers. */
  | { readonly op: 'appendMany'; readonly stream: string; readonly count: number; readonly worker: number }
  /** Fenced appends of `{ n }`, n = 0, 1, …; answers `appending` after the first, and never ends. */
  | { readonly op: 'appendUntilKilled'; readonly stream: string; readonly lease: Lease }
);

/** A worker's answer to the request `id` (0: started). */
export type WorkerReply =
  | { readonly id: number; readonly result: unknown }
  | { readonly id: number; readonly error: { name: string; message: string; code?: string | undefined } };

type Request = WorkerRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never;

/** A store worker: a child process with its own store on the shared data. */
export interface StoreProcess {
  readonly child: ChildProcess;
  /** Sends a request; resolves with the result, rejects with the worker's error. */
  request<T>(request: Request): Promise<T>;
  /** Kills the process with SIGKILL and resolves once it exited. */
  kill(): Promise<void>;
}

const WORKER = fileURLToPath(new URL('./store-worker.ts', import.meta.url));

/**
 * Starts `count` store workers (each `node --import tsx`), resolved once every one is ready; all are
 * killed when the test finishes. `store`: `['file', directory]` or `['postgres', url, schema]`.
 */
export async function startStoreProcesses(store: readonly string[], count: number): Promise<StoreProcess[]> {
  const processes = Array.from({ length: count }, () => startStoreProcess(store));
  onTestFinished(async () => {
    await Promise.all(processes.map(async (started) => (await started).kill()));
  });
  return Promise.all(processes);
}

function startStoreProcess(store: readonly string[]): Promise<StoreProcess> {
  const child = fork(WORKER, [...store], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let next = 1;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.on('message', (reply: WorkerReply) => {
    const waiting = pending.get(reply.id);
    pending.delete(reply.id);
    if (waiting === undefined) return;
    if ('error' in reply) waiting.reject(Object.assign(new Error(reply.error.message), reply.error));
    else waiting.resolve(reply.result);
  });
  child.once('exit', (code, signal) => {
    for (const { reject } of pending.values()) reject(new Error(`store worker exited (${code ?? signal})`));
    pending.clear();
  });
  const worker: StoreProcess = {
    child,
    request<T>(request: Request) {
      const id = next++;
      return new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        child.send({ ...request, id });
      });
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
  return new Promise((resolve, reject) => {
    pending.set(0, { resolve: () => resolve(worker), reject });
  });
}
