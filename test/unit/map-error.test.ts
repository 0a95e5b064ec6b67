import { describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  CredentialsError,
  InvalidParameterError,
  InvalidResponseError,
  NetworkError,
  NoPermissionError,
  OperationTaskNotExistsError,
  SecurityEventNotExistsError,
  ServerError,
  ThrottlingError,
  TimeoutError,
} from '../../src/errors.js';
import { type ErrorContext, envelopeFailure, mapClientError } from '../../src/transport/map-error.js';
import { redactText } from '../../src/transport/redact.js';

const SECRET = 'TopSecretAccessKeyValue123456';

function context(overrides: Partial<ErrorContext> = {}): ErrorContext {
  return {
    action: 'DescribeSuspEvents',
    ramAction: 'yundun-sas:DescribeSuspEvents',
    mutating: false,
    timeoutMs: 1000,
    redact: (text) => redactText(text, [SECRET]),
    ...overrides,
  };
}

/** The shape `@alicloud/openapi-client` throws for an HTTP error with a JSON body. */
function responseError(statusCode: number, body: Record<string, unknown>) {
  return Object.assign(
    new Error(`${body.Code}: code: ${statusCode}, ${body.Message} request id: ${body.RequestId}`),
    {
      code: String(body.Code),
      statusCode,
      data: { ...body, statusCode },
      description: 'undefined',
    },
  );
}

describe('mapClientError: service answers', () => {
  it.each([
    [400, 'Throttling.User', ThrottlingError, true],
    [429, 'TooManyRequests', ThrottlingError, true],
    [403, 'NoPermission', NoPermissionError, false],
    [403, 'Forbidden.RAM', NoPermissionError, false],
    [400, 'SecurityEventNotExists', SecurityEventNotExistsError, false],
    [400, 'OperationTaskNotExists', OperationTaskNotExistsError, false],
    [400, 'IllegalParam', InvalidParameterError, false],
    [400, 'MissingSecurityEventId', InvalidParameterError, false],
    [400, 'SignatureDoesNotMatch', AuthenticationError, false],
    [404, 'InvalidAccessKeyId.NotFound', AuthenticationError, false],
    [400, 'InvalidTimeStamp.Expired', AuthenticationError, false],
    [500, 'InternalError', ServerError, true],
    [503, 'ServiceUnavailable', ServerError, true],
  ] as const)('%i %s → %o', (status, code, type, retryable) => {
    const error = mapClientError(
      responseError(status, { Code: code, Message: 'msg', RequestId: 'REQ-1', HostId: 'tds' }),
      context(),
    );
    expect(error).toBeInstanceOf(type);
    expect(error.code).toBe(code);
    expect(error.statusCode).toBe(status);
    expect(error.requestId).toBe('REQ-1');
    expect(error.action).toBe('DescribeSuspEvents');
    expect(error.retryable).toBe(retryable);
    expect(error.cause).toBeInstanceOf(Error);
  });

  it('names the missing RAM action in a NoPermission message', () => {
    const error = mapClientError(
      responseError(403, { Code: 'NoPermission', Message: 'caller has no permission', RequestId: 'R' }),
      context({
        action: 'HandleSecurityEvents',
        ramAction: 'yundun-sas:HandleSecurityEvents',
        mutating: true,
      }),
    );
    expect(error).toBeInstanceOf(NoPermissionError);
    expect((error as NoPermissionError).ramAction).toBe('yundun-sas:HandleSecurityEvents');
    expect(error.message).toContain('Grant the RAM action yundun-sas:HandleSecurityEvents');
  });

  it('never retries a 5xx of a mutating action', () => {
    const error = mapClientError(
      responseError(500, { Code: 'ServerError', Message: 'ServerError', RequestId: 'R' }),
      context({ mutating: true }),
    );
    expect(error).toBeInstanceOf(ServerError);
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(/unknown/);
  });

  it('redacts secrets the service echoes back', () => {
    const error = mapClientError(
      responseError(400, {
        Code: 'SignatureDoesNotMatch',
        Message: `string to sign: POST&%2F&SecurityToken%3D${encodeURIComponent(SECRET)}`,
        RequestId: 'R',
      }),
      context(),
    );
    expect(JSON.stringify(error)).not.toContain(SECRET);
    expect(error.message).not.toContain(SECRET);
    expect(String((error.cause as Error).message)).not.toContain(encodeURIComponent(SECRET));
  });

  it('uses an Http code when the body has none', () => {
    const error = mapClientError(responseError(502, { Message: 'bad gateway' }), context());
    expect(error.code).toBe('Http502');
    expect(error).toBeInstanceOf(ServerError);
  });
});

describe('mapClientError: other shapes', () => {
  it('maps the bare SyntaxError of a non-JSON body', () => {
    const error = mapClientError(new SyntaxError('Unexpected token < in JSON at position 0'), context());
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error.code).toBe('MalformedResponse');
    expect(error.retryable).toBe(true);
    expect(mapClientError(new SyntaxError('x'), context({ mutating: true })).retryable).toBe(false);
  });

  it('maps a JSON array body', () => {
    expect(mapClientError(new Error('The value is not a object'), context()).code).toBe('MalformedResponse');
  });

  it.each([
    ['ECONNREFUSED', false, true, true],
    ['ENOTFOUND', false, true, true],
    ['ECONNRESET', false, true, false],
    ['ETIMEDOUT', false, true, false],
  ] as const)(
    'network %s: read retryable=%s, mutating retryable=%s',
    (code, _unused, readRetry, writeRetry) => {
      const raw = Object.assign(
        new Error(`connect ${code} 10.0.0.1:443http://host/?Signature=abc&AccessKeyId=x`),
        {
          code,
        },
      );
      const read = mapClientError(raw, context());
      const write = mapClientError(raw, context({ mutating: true }));
      expect(read).toBeInstanceOf(NetworkError);
      expect(read.code).toBe(code);
      expect(read.retryable).toBe(readRetry);
      expect(write.retryable).toBe(writeRetry);
      expect(read.message).not.toContain('Signature=abc');
      expect(String((read.cause as Error).message)).not.toContain('http://');
    },
  );

  it('maps the client timeout, retryable only for reads', () => {
    const raw = Object.assign(new Error('ReadTimeout(1000). POST http://h/ failed.'), {
      name: 'RequestTimeoutError',
    });
    const read = mapClientError(raw, context());
    expect(read).toBeInstanceOf(TimeoutError);
    expect(read.retryable).toBe(true);
    expect(mapClientError(raw, context({ mutating: true })).retryable).toBe(false);
  });

  it('maps the client-side missing credentials error', () => {
    const raw = Object.assign(new Error('InvalidCredentials: Please set up the credentials'), {
      code: 'InvalidCredentials',
    });
    expect(mapClientError(raw, context())).toBeInstanceOf(CredentialsError);
  });
});

describe('envelopeFailure', () => {
  it('turns a 200 answer with success: false into the typed error of its code', () => {
    const error = envelopeFailure(
      { code: 403, success: false, message: 'no permission', requestId: 'REQ-E' },
      context({ action: 'DescribeRiskRules', ramAction: 'yundun-sddp:DescribeRiskRules' }),
    );
    expect(error).toBeInstanceOf(NoPermissionError);
    expect(error?.requestId).toBe('REQ-E');
    expect((error as NoPermissionError).ramAction).toBe('yundun-sddp:DescribeRiskRules');
  });

  it('leaves successful and ordinary bodies alone', () => {
    expect(envelopeFailure({ code: 200, success: true, data: {} }, context())).toBeUndefined();
    expect(envelopeFailure({ RequestId: 'R', Items: [] }, context())).toBeUndefined();
  });
});
