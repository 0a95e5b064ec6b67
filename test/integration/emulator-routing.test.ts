import { describe, expect, it, vi } from 'vitest';
import { apiError } from '../../src/emulator/index.js';
import { useEmulators } from '../support/emulators.js';
import { until, useFakeClock } from '../support/fake-clock.js';
import { call, clientFor, failure } from '../support/openapi-client.js';
import { captureSigned, sendRaw } from '../support/signed-http.js';

const emulator = useEmulators();

describe('routing and handlers', () => {
  it('answers 404 InvalidApi.NotFound to an unknown action or version', async () => {
    const server = await emulator({ handlers: { DescribeRiskRules: () => ({ status: 200, body: {} }) } });
    const client = clientFor(server.endpoint, server.credentials);

    const unknownAction = await failure(call(client, 'DescribeNothing'));
    const wrongProduct = await failure(call(client, 'DescribeRiskRules'));
    const sddp = await call(client, 'DescribeRiskRules', {}, { version: '2019-01-03' });

    expect([unknownAction.code, unknownAction.statusCode]).toEqual(['InvalidApi.NotFound', 404]);
    expect(wrongProduct.code).toBe('InvalidApi.NotFound');
    expect(sddp.statusCode).toBe(200);
  });

  it('completes apiError replies into the service envelope', async () => {
    const server = await emulator({
      seed: 'envelope',
      handlers: {
        HandleSecurityEvents: () =>
          apiError(400, 'Throttling.User', 'Request was denied due to user flow control.'),
      },
    });

    const error = await failure(call(clientFor(server.endpoint, server.credentials), 'HandleSecurityEvents'));

    expect(error.code).toBe('Throttling.User');
    expect(error.message).toContain('Request was denied due to user flow control.');
    expect(error.data).toMatchObject({
      Code: 'Throttling.User',
      HostId: server.endpoint,
      Recommend: expect.stringContaining('q=Throttling.User&product=Sas'),
    });
    expect(server.received[0]).toMatchObject({
      status: 400,
      code: 'Throttling.User',
      requestId: error.data?.RequestId,
    });
  });

  it('answers 500 InternalError when a handler throws', async () => {
    const server = await emulator({
      handlers: {
        DescribeSuspEvents: () => {
          throw new Error('boom');
        },
      },
    });

    const error = await failure(call(clientFor(server.endpoint, server.credentials), 'DescribeSuspEvents'));

    expect([error.code, error.statusCode]).toEqual(['InternalError', 500]);
    expect(error.data?.Message).toContain('boom');
  });

  it('sends string bodies as they are, such as an HTML 503 page', async () => {
    const page = '<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>';
    const server = await emulator({
      handlers: {
        DescribeSuspEvents: () => ({ status: 503, body: page, headers: { 'Content-Type': 'text/html' } }),
      },
    });

    const error = await failure(call(clientFor(server.endpoint, server.credentials), 'DescribeSuspEvents'));
    const raw = await sendRaw(server, await captureSigned(server.credentials, 'DescribeSuspEvents'));

    expect(error.name).toBe('SyntaxError');
    expect(raw.status).toBe(503);
    expect(raw.headers['content-type']).toBe('text/html');
    expect(raw.text).toBe(page);
    expect(raw.headers['x-acs-request-id']).toMatch(/^[0-9A-F-]{36}$/);
    expect(server.received.map((entry) => entry.status)).toEqual([503, 503]);
  });

  it('delays answers by delayMs and cancels the wait when the client gives up', async () => {
    const server = await emulator({
      handlers: {
        DescribeSuspEvents: ({ params }) => ({ status: 200, body: {}, delayMs: Number(params.DelayMs) }),
      },
    });
    const client = clientFor(server.endpoint, server.credentials);

    useFakeClock();
    let answered = false;
    const delayed = call(client, 'DescribeSuspEvents', { DelayMs: 300 }).then(() => {
      answered = true;
    });
    await until(() => server.count() === 1);
    await vi.advanceTimersByTimeAsync(299);
    expect(answered).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await delayed;

    const timedOut = failure(
      call(
        client,
        'DescribeSuspEvents',
        { DelayMs: 60_000 },
        { runtime: { readTimeout: 200, connectTimeout: 200 } },
      ),
    );
    await until(() => server.count() === 2);
    await vi.advanceTimersByTimeAsync(200);
    expect((await timedOut).name).toBe('RequestTimeoutError');
    // The 60 s answer is still pending on the fake clock: close() must not wait for it.
    await server.close();
  });

  it('drops the connection without answering on dropConnection', async () => {
    const server = await emulator({
      handlers: { HandleSecurityEvents: () => ({ status: 200, body: {}, dropConnection: true }) },
    });

    const error = await failure(call(clientFor(server.endpoint, server.credentials), 'HandleSecurityEvents'));

    expect(error.code).toBe('ECONNRESET');
    expect(error.statusCode).toBeUndefined();
    expect(server.received).toEqual([expect.objectContaining({ action: 'HandleSecurityEvents', status: 0 })]);
  });
});
