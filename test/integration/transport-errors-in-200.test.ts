/**
 * Errors inside 200s are errors: a 200 whose body carries a `Code` (or `code`) and none of the action's
 * payload, or `Success: false` / `success: false`, is mapped exactly as the same code on a 4xx/5xx.
 * Over HTTP, against a loopback server that answers what a gateway or a degraded service may answer.
 */
import { describe, expect, it } from 'vitest';
import {
  AlertHandler,
  ApiError,
  InvalidParameterError,
  NoPermissionError,
  RiskHandler,
  ServerError,
  ThrottlingError,
} from '../../src/index.js';
import { failure as caught } from '../support/caught.js';
import { clientsOf, json, startLoopback } from './transport-server.js';

const THROTTLED = {
  RequestId: 'r',
  Code: 'Throttling.User',
  Message: 'Request was denied due to user flow control.',
};
const PAGE = { RequestId: 'ok', Count: 0, CurrentPage: 1, PageSize: 20, TotalCount: 0, SuspEvents: [] };
const HANDLE = { SecurityEventIds: ['1'], OperationCode: 'ignore', OperationParams: '{}' } as const;

describe('a 200 with a Code and no payload', () => {
  it('is a retryable ThrottlingError for Throttling.User, retried like a 400 would be', async () => {
    const server = await startLoopback(json(200, THROTTLED));
    const { sas, audit } = clientsOf(server);
    const error = await caught(sas.describeSuspEvents({ PageSize: '20' }));
    expect(error).toBeInstanceOf(ThrottlingError);
    expect(error).toMatchObject({
      code: 'Throttling.User',
      requestId: 'r',
      statusCode: 200,
      retryable: true,
      delivery: 'refused',
      attempts: 3,
    });
    expect(server.count('DescribeSuspEvents')).toBe(3);
    expect(audit.map((event) => [event.outcome, event.willRetry])).toEqual([
      ['error', true],
      ['error', true],
      ['error', false],
    ]);
  });

  it('reads a lower-case `code` the same way', async () => {
    const server = await startLoopback(
      json(200, { requestId: 'r', code: 'Throttling.User', message: 'slow down' }),
    );
    const { sas } = clientsOf(server, { retry: false });
    const error = await caught(sas.describeSuspEvents({}));
    expect(error).toBeInstanceOf(ThrottlingError);
    expect(error).toMatchObject({ code: 'Throttling.User', requestId: 'r' });
  });

  it('maps every code as the same code on a 4xx: permissions, parameters', async () => {
    const server = await startLoopback((request, response, action) => {
      const body =
        action === 'DescribeSuspEvents'
          ? { RequestId: 'a', Code: 'NoPermission', Message: 'denied' }
          : { RequestId: 'b', Code: 'InvalidParameter', Message: 'bad id' };
      json(200, body)(request, response, action);
    });
    const { sas } = clientsOf(server, { retry: false });
    const denied = await caught(sas.describeSuspEvents({}));
    expect(denied).toBeInstanceOf(NoPermissionError);
    expect(denied).toMatchObject({ ramAction: 'yundun-sas:DescribeSuspEvents', requestId: 'a' });
    const invalid = await caught(sas.describeSecurityEventOperations({ SecurityEventId: 1 }));
    expect(invalid).toBeInstanceOf(InvalidParameterError);
  });

  it('lets listAlerts fail with the ThrottlingError instead of yielding no alert', async () => {
    const server = await startLoopback(json(200, THROTTLED));
    const { connection } = clientsOf(server);
    const alerts = new AlertHandler(connection);
    const seen: unknown[] = [];
    const error = await caught(
      (async () => {
        for await (const alert of alerts.listAlerts({})) seen.push(alert);
      })(),
    );
    expect(error).toBeInstanceOf(ThrottlingError);
    expect(seen).toEqual([]);
  });

  it('on a handling call, a throttled 200 proves nothing was applied: refused, retried', async () => {
    let calls = 0;
    const server = await startLoopback((request, response, action) =>
      json(200, ++calls === 1 ? THROTTLED : { RequestId: 'ok', HandleSecurityEventsResponse: { TaskId: 7 } })(
        request,
        response,
        action,
      ),
    );
    const { sas } = clientsOf(server);
    const result = await sas.handleSecurityEvents({ ...HANDLE });
    expect(result.HandleSecurityEventsResponse?.TaskId).toBe(7);
    expect(server.count('HandleSecurityEvents')).toBe(2);
  });

  it('on a handling call, a server-side code in a 200 leaves delivery unknown, never resent', async () => {
    const server = await startLoopback(json(200, { RequestId: 'r', Code: 'InternalError', Message: 'oops' }));
    const { sas } = clientsOf(server);
    const error = await caught(sas.handleSecurityEvents({ ...HANDLE }));
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ code: 'InternalError', delivery: 'unknown', retryable: false });
    expect(server.count('HandleSecurityEvents')).toBe(1);
  });

  it('reads a body that has its payload as data, whatever Code it carries', async () => {
    const server = await startLoopback(json(200, { ...PAGE, Code: '200', Success: true }));
    const { sas } = clientsOf(server);
    const page = await sas.describeSuspEvents({});
    expect(page.RequestId).toBe('ok');
  });

  it('reads a body that carries a success code and no payload (every field is optional)', async () => {
    const server = await startLoopback(json(200, { RequestId: 'ok', Code: 'OK' }));
    const { sddp } = clientsOf(server);
    const page = await sddp.describeRiskRules({});
    expect(page.RequestId).toBe('ok');
  });
});

describe('Sddp answers that say Success: false', () => {
  it('PreHandleAuditRisk with Success: false is an error: handleRisk does not report the risk handled', async () => {
    const server = await startLoopback(json(200, { RequestId: 'r', Success: false }));
    const { connection } = clientsOf(server);
    const risks = new RiskHandler(connection);
    const error = await caught(risks.handleRisk('75110196', 'Closing: false positive.'));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ action: 'PreHandleAuditRisk', requestId: 'r', delivery: 'refused' });
    expect(server.count('PreHandleAuditRisk')).toBe(1);
  });

  it('PreHandleAuditRisk with Success: false and a Code maps the code', async () => {
    const server = await startLoopback(
      json(200, { RequestId: 'r', Success: false, Code: 'Throttling.User', Message: 'slow down' }),
    );
    const { sddp } = clientsOf(server, { retry: false });
    const error = await caught(
      sddp.preHandleAuditRisk({
        RiskId: 1,
        HandleInfoList: [{ HandleType: 'Manual', HandleContent: '{"HandleMethod":0,"HandleDetail":"x"}' }],
      }),
    );
    expect(error).toBeInstanceOf(ThrottlingError);
  });

  it.each([
    ['Success: false', { RequestId: 'r', Success: false, Code: 'NoPermission' }],
    ['success: false', { requestId: 'r', success: false, code: 'NoPermission', message: 'denied' }],
  ])('DescribeRiskRules with %s is an error', async (_name, body) => {
    const server = await startLoopback(json(200, body));
    const { sddp } = clientsOf(server, { retry: false });
    const error = await caught(sddp.describeRiskRules({}));
    expect(error).toBeInstanceOf(NoPermissionError);
    expect(error).toMatchObject({ requestId: 'r', ramAction: 'yundun-sddp:DescribeRiskRules' });
  });
});
