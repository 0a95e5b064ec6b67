import { describe, expect, it } from 'vitest';
import {
  NetworkError,
  SdkError,
  ThrottlingError,
  TimeoutError,
  ValidationError,
} from '../../../src/errors.js';
import {
  type AttemptState,
  backoffMs,
  DEFAULT_RETRY,
  isRetryable,
  type RetryPolicy,
  shouldRetry,
} from '../../../src/transport/retry-policy.js';

describe('isRetryable', () => {
  it.each([
    // transient, delivery, mutating → retry?
    [true, 'notSent', false, true],
    [true, 'refused', false, true],
    [true, 'unknown', false, true],
    [true, 'notSent', true, true],
    [true, 'refused', true, true],
    [true, 'unknown', true, false],
    [false, 'notSent', false, false],
    [false, 'refused', true, false],
    [false, 'unknown', false, false],
  ] as const)('transient %s, delivery %s, mutating %s → %s', (transient, delivery, mutating, expected) => {
    expect(isRetryable({ transient, delivery }, mutating)).toBe(expected);
  });
});

describe('shouldRetry', () => {
  const retryable = new ThrottlingError('slow', { code: 'Throttling.User', retryable: true });
  const state = (overrides: Partial<AttemptState> = {}): AttemptState => ({
    attempt: 1,
    elapsedMs: 0,
    aborted: false,
    ...overrides,
  });

  it.each([
    ['a retryable error on the first attempt', retryable, state(), true],
    ['the last attempt', retryable, state({ attempt: 3 }), false],
    ['a spent budget', retryable, state({ elapsedMs: 30_000 }), false],
    ['an aborted call', retryable, state({ aborted: true }), false],
    [
      'an error that is not retryable',
      new TimeoutError('late', { code: 'RequestTimeout', timeoutMs: 1 }),
      state(),
      false,
    ],
    ['a ValidationError', new ValidationError('bad'), state(), false],
    ['a foreign error', new Error('boom'), state(), false],
    [
      'a retryable network error',
      new NetworkError('reset', { code: 'ECONNRESET', retryable: true }),
      state({ attempt: 2 }),
      true,
    ],
  ])('%s → %s', (_, error, attemptState, expected) => {
    expect(shouldRetry(error, attemptState, DEFAULT_RETRY)).toBe(expected);
  });

  it('reads only the error it is given: a plain SdkError is not retried', () => {
    expect(shouldRetry(new SdkError('x', { code: 'X' }), state(), DEFAULT_RETRY)).toBe(false);
  });
});

describe('backoffMs', () => {
  const policy: RetryPolicy = { maxAttempts: 5, baseDelayMs: 200, maxDelayMs: 1000, maxElapsedMs: 30_000 };

  it.each([
    // attempt, elapsed, random → wait
    [2, 0, 0.5, 100], // ceiling 200
    [3, 0, 0.5, 200], // ceiling 400
    [4, 0, 0.999, 799.2], // ceiling 800
    [5, 0, 0.999, 999], // ceiling capped at maxDelayMs 1000
    [2, 0, 0, 0],
    [5, 29_900, 0.999, 100], // never past the budget
    [5, 31_000, 0.5, 0], // budget spent
  ])('attempt %i after %i ms with random %f waits %f ms', (attempt, elapsed, random, expected) => {
    expect(backoffMs(attempt, elapsed, policy, () => random)).toBeCloseTo(expected, 6);
  });
});
