import { describe, expect, it } from 'vitest';
import {
  ApiError,
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
import {
  type ErrorContext,
  errorAnswer,
  errorInBody,
  mapClientError,
  xmlErrorFields,
} from '../../src/transport/map-error.js';
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

describe('errorInBody: errors inside 2xx answers', () => {
  const sddp = context({ action: 'DescribeRiskRules', ramAction: 'yundun-sddp:DescribeRiskRules' });
  const PAGE_KEYS = ['Count', 'CurrentPage', 'PageSize', 'SuspEvents', 'TotalCount'];

  it('turns a 200 answer with success: false into the typed error of its code', () => {
    const error = errorInBody(
      { code: 403, success: false, message: 'no permission', requestId: 'REQ-E' },
      200,
      undefined,
      sddp,
    );
    expect(error).toBeInstanceOf(NoPermissionError);
    expect(error?.requestId).toBe('REQ-E');
    expect(error?.statusCode).toBe(403);
    expect((error as NoPermissionError).ramAction).toBe('yundun-sddp:DescribeRiskRules');
  });

  it.each([
    [{ success: false, code: 'Throttling.User', requestId: 'R' }, ThrottlingError, 'Throttling.User'],
    [{ Success: false, Code: 'NoPermission', RequestId: 'R' }, NoPermissionError, 'NoPermission'],
    [{ Success: 'false', RequestId: 'R' }, ApiError, 'UnknownError'],
    [{ success: false, code: '500', errorCode: 'InternalError' }, ServerError, 'InternalError'],
    [{ success: 0, code: 400, message: 'bad' }, ApiError, 'Http400'],
  ] as const)('reads %j as %o', (body, type, code) => {
    const error = errorInBody(body, 200, undefined, sddp);
    expect(error).toBeInstanceOf(type);
    expect(error?.code).toBe(code);
  });

  it('a Code without the payload is the error of that code, with status 200', () => {
    const error = errorInBody({ RequestId: 'r', Code: 'Throttling.User' }, 200, PAGE_KEYS, context());
    expect(error).toBeInstanceOf(ThrottlingError);
    expect(error).toMatchObject({ statusCode: 200, requestId: 'r', retryable: true, delivery: 'refused' });
  });

  it('without the payload keys of a descriptor, any field beyond the envelope is payload', () => {
    expect(
      errorInBody({ RequestId: 'r', Code: 'X', Message: 'm', HostId: 'h' }, 200, undefined, context()),
    ).toBeInstanceOf(ApiError);
    expect(errorInBody({ RequestId: 'r', Code: 'X', Other: 1 }, 200, undefined, context())).toBeUndefined();
  });

  it('with the payload keys of a descriptor, only those are payload; null is none', () => {
    expect(errorInBody({ RequestId: 'r', Code: 'X', Other: 1 }, 200, PAGE_KEYS, context())).toBeInstanceOf(
      ApiError,
    );
    expect(
      errorInBody({ RequestId: 'r', Code: 'X', SuspEvents: null }, 200, PAGE_KEYS, context()),
    ).toBeInstanceOf(ApiError);
    expect(
      errorInBody({ RequestId: 'r', Code: 'X', SuspEvents: [] }, 200, PAGE_KEYS, context()),
    ).toBeUndefined();
  });

  it('a server-side code inside a 200 is a ServerError: unknown delivery, never resent when mutating', () => {
    const error = errorInBody(
      { RequestId: 'r', Code: 'ServiceUnavailable' },
      200,
      undefined,
      context({ action: 'HandleSecurityEvents', mutating: true }),
    );
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ delivery: 'unknown', retryable: false });
  });

  it('leaves successful and ordinary bodies alone', () => {
    expect(errorInBody({ code: 200, success: true, data: {} }, 200, undefined, context())).toBeUndefined();
    expect(errorInBody({ RequestId: 'R', Items: [] }, 200, undefined, context())).toBeUndefined();
    for (const code of ['200', 'OK', 'Success', '0', '', 200, 0]) {
      expect(errorInBody({ RequestId: 'R', Code: code }, 200, PAGE_KEYS, context())).toBeUndefined();
    }
    expect(errorInBody([{ Code: 'X' }], 200, undefined, context())).toBeUndefined();
    expect(errorInBody(null, 200, undefined, context())).toBeUndefined();
  });
});

describe('errorAnswer and xmlErrorFields: error answers read by the SDK', () => {
  it('maps a JSON error body as the error the official client threw', () => {
    const error = errorAnswer(
      403,
      { RequestId: 'R', Code: 'Forbidden.RAM', Message: 'denied', AccessDeniedDetail: { AuthAction: 'x' } },
      context(),
    );
    expect(error).toBeInstanceOf(NoPermissionError);
    expect(error).toMatchObject({ statusCode: 403, requestId: 'R', accessDeniedDetail: { AuthAction: 'x' } });
  });

  it('maps an error body without a code by its status', () => {
    expect(errorAnswer(503, {}, context())).toMatchObject({ code: 'Http503', retryable: true });
  });

  it('reads the fields of an XML error body', () => {
    const xml =
      '<?xml version="1.0"?><Error><RequestId>R</RequestId><HostId>tds</HostId><Code>Throttling.User</Code>' +
      '<Message>a &amp; b</Message></Error>';
    expect(xmlErrorFields(xml)).toEqual({
      Code: 'Throttling.User',
      Message: 'a & b',
      RequestId: 'R',
      HostId: 'tds',
    });
    expect(errorAnswer(400, xmlErrorFields(xml), context())).toBeInstanceOf(ThrottlingError);
  });
});

describe('network errors a person can act on', () => {
  it.each([
    ['ENOTFOUND', /could not reach tds\.example\.invalid: its name does not resolve \(ENOTFOUND\)/],
    ['ECONNREFUSED', /could not reach tds\.example\.invalid: the connection was refused \(ECONNREFUSED\)/],
    ['EPROTO', /TLS.*protocol 'http'/],
    ['UNABLE_TO_GET_ISSUER_CERT_LOCALLY', /certificate.*not trusted/],
  ])('%s names the endpoint and says what happened in plain words', (code, expected) => {
    const raw = Object.assign(new Error(`getaddrinfo ${code} tds.example.invalid`), { code });
    const error = mapClientError(raw, context({ host: 'tds.example.invalid' }));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toMatch(expected);
    expect(error.code).toBe(code);
  });
});
