import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { onTestFinished } from 'vitest';
import type { AlertHandlerOptions, ExecuteOptions, OutcomeStatus, Plan } from '../../src/index.js';

/** Settings of the child's `AlertHandler`, besides its endpoint and key. */
export type ChildHandlerOptions = Pick<
  AlertHandlerOptions,
  'timeoutMs' | 'retry' | 'poll' | 'batchSize' | 'adaptiveRate'
>;

/** Options of the child's execution (its journal, if any, is `journalDir`). */
export type ChildExecuteOptions = Pick<
  ExecuteOptions,
  'concurrency' | 'leaseTtlMs' | 'reconcileGraceMs' | 'poll'
>;

/** What a parent asks of an execution child (execution-child.ts): one plan to execute per child. */
export interface ExecutionRequest {
  readonly endpoint: string;
  readonly credentials: { readonly accessKeyId: string; readonly accessKeySecret: string };
  readonly handler: ChildHandlerOptions;
  /** The journal's folder (`fileJournal`); none: execute without a journal. */
  readonly journalDir?: string;
  readonly options: ChildExecuteOptions;
  readonly plan: Plan;
}

/** An outcome as the child reports it (no error object). */
export interface ReportedOutcome {
  readonly alertId: string;
  readonly operation: string;
  readonly status: OutcomeStatus;
  readonly reason?: string;
  readonly errorCode?: string;
  readonly taskId?: number;
}

/** A report as the child sends it. */
export interface ReportedExecution {
  readonly executionId: string | undefined;
  readonly aborted: boolean;
  readonly outcomes: readonly ReportedOutcome[];
}

/** What a child says: loaded, its report, or its error. */
export type ExecutionReply =
  | { readonly type: 'ready' }
  | { readonly type: 'report'; readonly report: ReportedExecution }
  | { readonly type: 'error'; readonly error: { name: string; message: string; code?: string } };

/** A child process that runs one execution. */
export interface ExecutionChild {
  readonly child: ChildProcess;
  /** Sends the request; resolves with the report, rejects with the child's error or its death. */
  run(request: ExecutionRequest): Promise<ReportedExecution>;
  /** Kills the process with SIGKILL (at once, synchronously) if it still runs. */
  kill(): void;
  /** Resolves once the process exited. */
  readonly exited: Promise<void>;
}

const CHILD = fileURLToPath(new URL('./execution-child.ts', import.meta.url));

/**
 * Starts an execution child (`node --import tsx`), resolved once it is loaded; it is killed when the
 * test finishes, if it still runs.
 */
export function startExecutionChild(): Promise<ExecutionChild> {
  const child = fork(CHILD, [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  onTestFinished(async () => {
    kill();
    await exited;
  });
  let answer: ((reply: ExecutionReply) => void) | undefined;
  let died: ((why: Error) => void) | undefined;
  child.on('message', (reply: ExecutionReply) => answer?.(reply));
  child.once('exit', (code, signal) => died?.(new Error(`execution child exited (${code ?? signal})`)));
  const worker: ExecutionChild = {
    child,
    kill,
    exited,
    run(request) {
      return new Promise<ReportedExecution>((resolve, reject) => {
        died = reject;
        answer = (reply) => {
          if (reply.type === 'report') resolve(reply.report);
          if (reply.type === 'error') reject(Object.assign(new Error(reply.error.message), reply.error));
        };
        child.send(request);
      });
    },
  };
  return new Promise((resolve, reject) => {
    died = reject;
    answer = (reply) => {
      if (reply.type === 'ready') resolve(worker);
    };
  });
}
