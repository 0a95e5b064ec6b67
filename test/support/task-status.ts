/**
 * Scripted answers of `DescribeSecurityEventOperationStatus` for tests of waits on a handling task,
 * run under fake timers.
 */
import { afterEach, beforeEach, vi } from 'vitest';
import type { SasCalls } from '../../src/alerts/sas-calls.js';
import type {
  DescribeSecurityEventOperationStatusResponse,
  SecurityEventOperationStatus,
} from '../../src/generated/index.js';
import type { CallOptions } from '../../src/transport/options.js';

export type Answer = DescribeSecurityEventOperationStatusResponse;
export type DescribeTaskStatus = SasCalls['describeSecurityEventOperationStatus'];

/** The calls a wait makes, answering from `describeStatus`. */
export function via(
  describeStatus: DescribeTaskStatus,
): Pick<SasCalls, 'describeSecurityEventOperationStatus'> {
  return { describeSecurityEventOperationStatus: describeStatus };
}

/** An answer with a task status and per-event `[id, Status, ErrorCode?]`. */
export function answer(taskStatus: string, events: [string, string, string?][] = []): Answer {
  return {
    RequestId: 'req',
    SecurityEventOperationStatusResponse: {
      TaskStatus: taskStatus,
      SecurityEventOperationStatuses: events.map(
        ([id, status, code]): SecurityEventOperationStatus =>
          code === undefined
            ? { SecurityEventId: id, Status: status }
            : { SecurityEventId: id, Status: status, ErrorCode: code },
      ),
    },
  };
}

export interface Call {
  atMs: number;
  request: Parameters<DescribeTaskStatus>[0];
  options: CallOptions;
}

/**
 * A `describeStatus` that answers from a script, each answer after `latencyMs`; the last answer repeats.
 * `undefined` in the script means a query that never answers; an error, a query that fails with it.
 */
export function scripted(script: (Answer | Error | undefined)[], latencyMs = 0) {
  const calls: Call[] = [];
  const start = Date.now();
  const describeStatus = vi.fn<DescribeTaskStatus>((request = {}, options) => {
    calls.push({ atMs: Date.now() - start, request, options: options ?? {} });
    const next = script.length > 1 ? script.shift() : script[0];
    if (next === undefined) return new Promise<Answer>(() => undefined);
    if (next instanceof Error) return Promise.reject(next);
    if (latencyMs === 0) return Promise.resolve(next);
    return new Promise<Answer>((resolve) => setTimeout(() => resolve(next), latencyMs));
  });
  return { describeStatus, calls };
}

/** Runs a wait to its end under fake timers; the settled value or error. */
export async function settle<T>(
  promise: Promise<T>,
  advanceMs = 60_000,
): Promise<{ value?: T; error?: unknown }> {
  const outcome = promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  await vi.advanceTimersByTimeAsync(advanceMs);
  return outcome;
}

/** Runs work to its end on the fake clock (60 s of it): its value, or its rejection. */
export async function finish<T>(promise: Promise<T>): Promise<T> {
  await vi.advanceTimersByTimeAsync(60_000);
  return promise;
}

/** The error a promise rejects with and the (fake) time it settles at. */
export function timed(promise: Promise<unknown>): Promise<{ error?: unknown; settledAtMs: number }> {
  return promise.then(
    () => ({ settledAtMs: Date.now() }),
    (error: unknown) => ({ error, settledAtMs: Date.now() }),
  );
}

/** Runs each test of the file under fake timers (`Date` included), from 2026-01-15T08:00:00Z. */
export function useFakeTimersEachTest(): void {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(Date.UTC(2026, 0, 15, 8, 0, 0));
  });
  afterEach(() => {
    vi.useRealTimers();
  });
}
