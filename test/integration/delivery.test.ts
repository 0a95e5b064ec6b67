/** `delivery` over real HTTP: what the transport decides, and what retries and execution do with it. */
import { afterEach, describe, expect, it } from 'vitest';
import { apiError, type Emulator, startEmulator } from '../../src/emulator/index.js';
import {
  AbortError,
  NetworkError,
  SasClient,
  ServerError,
  ThrottlingError,
  ValidationError,
} from '../../src/index.js';
import { closedPort } from '../support/closed-port.js';

const HANDLE = { SecurityEventIds: ['7009607'], OperationCode: 'ignore', OperationParams: '{}' };
const FAST_RETRY = { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1 };

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function client(handlers: Parameters<typeof startEmulator>[0] = {}) {
  emulator = await startEmulator(handlers);
  return new SasClient({
    endpoint: emulator.endpoint,
    protocol: 'http',
    credential: emulator.credentials,
    retry: FAST_RETRY,
  });
}

describe('delivery over HTTP', () => {
  it('a refused connection is notSent, so even a handling call is retried', async () => {
    const sas = new SasClient({
      endpoint: `127.0.0.1:${await closedPort()}`,
      protocol: 'http',
      credential: { accessKeyId: 'id', accessKeySecret: 'secret' },
      retry: FAST_RETRY,
    });
    const error = await sas.handleSecurityEvents(HANDLE).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ code: 'ECONNREFUSED', delivery: 'notSent', attempts: 3 });
  });

  it('a 503 to a handling call is unknown and never resent', async () => {
    const sas = await client({
      handlers: { HandleSecurityEvents: () => apiError(503, 'ServiceUnavailable', 'busy') },
    });
    const error = await sas.handleSecurityEvents(HANDLE).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ delivery: 'unknown', retryable: false, attempts: 1 });
    expect(emulator?.count('HandleSecurityEvents')).toBe(1);
  });

  it('throttling is refused, so a handling call is retried', async () => {
    const sas = await client({
      handlers: { HandleSecurityEvents: () => apiError(400, 'Throttling.User', 'slow down') },
    });
    const error = await sas.handleSecurityEvents(HANDLE).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ThrottlingError);
    expect(error).toMatchObject({ delivery: 'refused', attempts: 3 });
    expect(emulator?.count('HandleSecurityEvents')).toBe(3);
  });

  it('an abort before sending and a bad request are notSent, and nothing reaches the service', async () => {
    const sas = await client();
    const aborted = await sas
      .handleSecurityEvents(HANDLE, { signal: AbortSignal.abort() })
      .catch((caught: unknown) => caught);
    expect(aborted).toBeInstanceOf(AbortError);
    expect(aborted).toMatchObject({ delivery: 'notSent' });
    const invalid = await sas
      .handleSecurityEvents({ ...HANDLE, SecurityEventIds: [] })
      .catch((caught: unknown) => caught);
    expect(invalid).toBeInstanceOf(ValidationError);
    expect(invalid).toMatchObject({ delivery: 'notSent' });
    expect(emulator?.count()).toBe(0);
  });
});
