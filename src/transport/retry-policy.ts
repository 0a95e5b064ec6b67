/**
 * The retry policy of the transport, as pure functions: which failures are worth another attempt, when
 * a call may retry, and how long it waits first. The call loop in `transport.ts` only applies them.
 *
 * @packageDocumentation
 */
import { type Delivery, SdkError } from '../errors.js';
import type { RetryOptions } from './options.js';

/** The retry options with every default filled in. */
export type RetryPolicy = Readonly<Required<RetryOptions>>;

/** Defaults of {@link RetryOptions}. */
export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 3,
  baseDelayMs: 200,
  maxDelayMs: 5_000,
  maxElapsedMs: 30_000,
};

/**
 * Whether a failure is worth another attempt of the same call: it must be transient (throttling, 5xx, a
 * lost connection, a gateway page), and a call that changes state is resent only when the failure proves
 * that nothing was applied (`delivery` is not `unknown`).
 */
export function isRetryable(failure: { transient: boolean; delivery: Delivery }, mutating: boolean): boolean {
  return failure.transient && (!mutating || failure.delivery !== 'unknown');
}

/** Where a call stands when one of its attempts failed. */
export interface AttemptState {
  /** The attempt that failed: 1 for the first. */
  readonly attempt: number;
  /** Milliseconds since the call started. */
  readonly elapsedMs: number;
  /** Whether the caller aborted the call. */
  readonly aborted: boolean;
}

/**
 * Whether the call tries again after `error`: a retryable {@link SdkError}, attempts and time budget
 * left, and no abort.
 */
export function shouldRetry(error: unknown, state: AttemptState, policy: RetryPolicy): boolean {
  return (
    error instanceof SdkError &&
    error.retryable &&
    state.attempt < policy.maxAttempts &&
    state.elapsedMs < policy.maxElapsedMs &&
    !state.aborted
  );
}

/**
 * The wait before attempt number `attempt` (2 for the first retry): full jitter, a random time in
 * `[0, min(maxDelayMs, baseDelayMs × 2^(attempt-2)))`, never past what remains of `maxElapsedMs`.
 *
 * @param random - A number in [0, 1), `Math.random` by default.
 */
export function backoffMs(
  attempt: number,
  elapsedMs: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 2));
  const remaining = Math.max(0, policy.maxElapsedMs - elapsedMs);
  return Math.min(random() * ceiling, remaining);
}
