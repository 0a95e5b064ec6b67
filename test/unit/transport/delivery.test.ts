/**
 * Whether a request may have been applied is decided once, where the failure is seen, and carried on
 * the error as `delivery`.
 */
import { describe, expect, it } from 'vitest';
import {
  AbortError,
  ApiError,
  ConfirmationRequiredError,
  CredentialsError,
  HandlingError,
  InvalidResponseError,
  NetworkError,
  SdkError,
  ServerError,
  ThrottlingError,
  TimeoutError,
  ValidationError,
} from '../../../src/errors.js';
import { errorInBody, mapClientError, timeoutError } from '../../../src/transport/map-error.js';
import { errorContext } from '../../support/error-context.js';

const serviceError = (statusCode: number, code: string) =>
  Object.assign(new Error(code), { code, statusCode, data: { Code: code, RequestId: 'R', statusCode } });
const networkError = (code: string) => Object.assign(new Error(`connect ${code}`), { code });

describe('delivery of mapped failures', () => {
  it.each([
    ['connection refused', networkError('ECONNREFUSED'), 'notSent', true],
    ['DNS failure', networkError('ENOTFOUND'), 'notSent', true],
    ['DNS try again', networkError('EAI_AGAIN'), 'notSent', true],
    ['connection reset', networkError('ECONNRESET'), 'unknown', false],
    ['socket timeout', networkError('ETIMEDOUT'), 'unknown', false],
    ['throttled', serviceError(400, 'Throttling.User'), 'refused', true],
    ['HTTP 429', serviceError(429, 'TooManyRequests'), 'refused', true],
    ['denied', serviceError(403, 'NoPermission'), 'refused', false],
    ['bad parameter', serviceError(400, 'InvalidParameter'), 'refused', false],
    ['HTTP 503', serviceError(503, 'ServiceUnavailable'), 'unknown', false],
    ['gateway page', new SyntaxError('Unexpected token <'), 'unknown', false],
    [
      'client timeout',
      Object.assign(new Error('timeout'), { name: 'RequestTimeoutError' }),
      'unknown',
      false,
    ],
    ['no credentials', Object.assign(new Error('none'), { code: 'InvalidCredentials' }), 'notSent', false],
    ['anything else', new Error('boom'), 'unknown', false],
  ])('%s → %s (a mutating call retries: %s)', (_, raw, delivery, retriedWhenMutating) => {
    const mutating = mapClientError(raw, errorContext(true));
    const read = mapClientError(raw, errorContext(false));
    expect(mutating.delivery).toBe(delivery);
    expect(read.delivery).toBe(delivery);
    expect(mutating.retryable).toBe(retriedWhenMutating);
  });

  it('a success: false envelope was refused; a deadline leaves it unknown', () => {
    const envelope = errorInBody(
      { success: false, code: 400, message: 'bad' },
      200,
      undefined,
      errorContext(true),
    );
    expect(envelope?.delivery).toBe('refused');
    expect(timeoutError(errorContext(true)).delivery).toBe('unknown');
    expect(timeoutError(errorContext(true)).retryable).toBe(false);
    expect(timeoutError(errorContext(false)).retryable).toBe(true);
  });
});

describe('delivery defaults of the error classes', () => {
  it.each([
    [new ValidationError('bad'), 'notSent'],
    [new CredentialsError('none', { code: 'NoCredentials' }), 'notSent'],
    [new ConfirmationRequiredError('confirm', { operation: 'block_ip' }), 'notSent'],
    [new ApiError('no', { code: 'X' }), 'refused'],
    [new ThrottlingError('slow', { code: 'Throttling' }), 'refused'],
    [new HandlingError('failed', { code: 'ignore.Failed', alertId: '1', operation: 'ignore' }), 'refused'],
    [new ServerError('down', { code: 'InternalError' }), 'unknown'],
    [new TimeoutError('late', { code: 'RequestTimeout', timeoutMs: 1 }), 'unknown'],
    [new NetworkError('reset', { code: 'ECONNRESET' }), 'unknown'],
    [new InvalidResponseError('odd', { code: 'InvalidResponse' }), 'unknown'],
    [new AbortError('stop', { code: 'Aborted' }), 'unknown'],
    [new SdkError('?', { code: 'X' }), 'unknown'],
  ])('%s → %s', (error, delivery) => {
    expect(error.delivery).toBe(delivery);
    expect(error.toJSON()).toMatchObject({ delivery });
  });

  it('an explicit delivery wins over the default', () => {
    expect(new AbortError('stop', { code: 'Aborted', delivery: 'notSent' }).delivery).toBe('notSent');
  });
});
