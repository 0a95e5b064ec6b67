import { describe, expect, it } from 'vitest';
import { parseCassette } from '../../src/emulator/index.js';
import { useEmulators } from '../support/emulators.js';
import { call, clientFor, failure, SAS_VERSION } from '../support/openapi-client.js';

const emulator = useEmulators();

describe('cassettes', () => {
  const request = (params: Record<string, string>) => ({
    product: 'Sas' as const,
    version: SAS_VERSION,
    action: 'DescribeSuspEvents',
    params,
  });
  const cassetteText = JSON.stringify({
    name: 'describe-susp-events',
    source: 'hand-written for the emulator tests',
    interactions: [
      {
        request: request({ PageSize: '20' }),
        response: {
          status: 400,
          body: {
            RequestId: 'RECORDED-THROTTLED',
            Code: 'Throttling.User',
            Message: 'Request was denied due to user flow control.',
          },
        },
      },
      {
        request: request({ PageSize: '20' }),
        response: { status: 200, body: { RequestId: 'RECORDED-PAGE-1', TotalCount: 21, SuspEvents: [] } },
      },
      {
        request: request({ PageSize: '20', CurrentPage: '2' }),
        response: { status: 200, body: { RequestId: 'RECORDED-PAGE-2', TotalCount: 21, SuspEvents: [] } },
      },
    ],
  });

  it('replays interactions in order, strictly, and reports the unused ones', async () => {
    const server = await emulator({ cassettes: [parseCassette(cassetteText)] });
    const client = clientFor(server.endpoint, server.credentials);

    const throttled = await failure(call(client, 'DescribeSuspEvents', { PageSize: 20 }));
    const firstPage = await call(client, 'DescribeSuspEvents', { PageSize: 20 });
    const wrongPage = await failure(call(client, 'DescribeSuspEvents', { PageSize: 20, CurrentPage: 3 }));
    const pendingBefore = server.pendingInteractions();
    const secondPage = await call(client, 'DescribeSuspEvents', { PageSize: 20, CurrentPage: 2 });
    const exhausted = await failure(call(client, 'DescribeSuspEvents', { PageSize: 20 }));
    const unrecorded = await failure(call(client, 'HandleSecurityEvents', { OperationCode: 'ignore' }));

    expect([throttled.code, throttled.data?.RequestId]).toEqual(['Throttling.User', 'RECORDED-THROTTLED']);
    expect(firstPage.body).toEqual({ RequestId: 'RECORDED-PAGE-1', TotalCount: 21, SuspEvents: [] });
    expect(firstPage.headers['x-acs-request-id']).toBe('RECORDED-PAGE-1');
    expect(wrongPage.code).toBe('Emulator.UnexpectedRequest');
    expect(wrongPage.data?.Message).toBe(
      'Unexpected DescribeSuspEvents request: the closest unused one (describe-susp-events #2) differs in ' +
        'CurrentPage (sent "3", recorded "2").',
    );
    expect(pendingBefore).toEqual([
      { cassette: 'describe-susp-events', index: 2, request: request({ PageSize: '20', CurrentPage: '2' }) },
    ]);
    expect(secondPage.body.RequestId).toBe('RECORDED-PAGE-2');
    expect(exhausted.data?.Message).toContain(
      'no unused recorded interaction for DescribeSuspEvents is left',
    );
    expect(unrecorded.code).toBe('Emulator.UnexpectedRequest');
    expect(server.pendingInteractions()).toEqual([]);
  });

  it('takes cassettes loaded after start, ahead of handlers for the actions they record', async () => {
    const server = await emulator({
      handlers: { DescribeSuspEvents: () => ({ status: 200, body: { From: 'handler' } }) },
    });
    const client = clientFor(server.endpoint, server.credentials);
    const before = await call(client, 'DescribeSuspEvents', { PageSize: 20 });

    server.loadCassette(parseCassette(cassetteText));
    const throttled = await failure(call(client, 'DescribeSuspEvents', { PageSize: 20 }));

    expect(before.body.From).toBe('handler');
    expect(throttled.code).toBe('Throttling.User');
    expect(server.pendingInteractions()).toHaveLength(2);
  });
});
