/**
 * The transport against the emulator's response variants (items 3 and 5 of the reading rules): every
 * error inside a 200 ends in the typed error of its code, an oversized answer (sent with or without a
 * Content-Length) in a ResponseTooLargeError, deep nesting in an InvalidResponseError, and an int64
 * beyond 2^53 arrives with its exact digits. Over HTTP, signed and verified.
 */
import { describe, expect, it } from 'vitest';
import {
  BIG_INT64,
  type FaultRule,
  sampleAlerts,
  sampleRisks,
  startEmulator,
} from '../../src/emulator/index.js';
import {
  InvalidResponseError,
  ResponseTooLargeError,
  RiskHandler,
  SasClient,
  SddpClient,
  ServerError,
  ThrottlingError,
} from '../../src/index.js';
import type { RequestAuditEvent } from '../../src/transport/options.js';
import { failure } from '../support/caught.js';

const ALERTS = sampleAlerts(4, 'transport-variants');
const RISKS = sampleRisks(2, 'transport-variants');
const MiB = 1024 * 1024;

async function setup(faults: FaultRule[]) {
  const emulator = await startEmulator({
    alerts: ALERTS,
    state: { risks: RISKS },
    faults,
  });
  const audit: RequestAuditEvent[] = [];
  const connection = {
    endpoint: emulator.endpoint,
    protocol: 'http' as const,
    credential: emulator.credentials,
    retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 },
    maxResponseBytes: 4 * MiB,
    auditResponseBodies: true,
    onAudit: (event: RequestAuditEvent) => audit.push(event),
  };
  return {
    emulator,
    audit,
    connection,
    sas: new SasClient(connection),
    sddp: new SddpClient(connection),
    [Symbol.asyncDispose]: () => emulator.close(),
  };
}

describe('errors inside a 200 (emulator faults)', () => {
  it('errorIn200 on a read: a ThrottlingError, retried, then the page', async () => {
    await using t = await setup([{ action: 'DescribeSuspEvents', queue: ['errorIn200'] }]);
    const page = await t.sas.describeSuspEvents({ PageSize: '20' });
    expect(page.SuspEvents?.length).toBe(ALERTS.length);
    expect(t.audit.map((event) => [event.outcome, event.error?.code, event.statusCode])).toEqual([
      ['error', 'Throttling.User', 200],
      ['success', undefined, 200],
    ]);
  });

  it('errorIn200 with a server-side code on a handling call: a ServerError, not resent', async () => {
    await using t = await setup([
      { action: 'HandleSecurityEvents', queue: ['errorIn200'], code: 'ServiceUnavailable' },
    ]);
    const error = await failure(
      t.sas.handleSecurityEvents({
        SecurityEventIds: [String(ALERTS[0]?.Id)],
        OperationCode: 'ignore',
        OperationParams: '{}',
      }),
    );
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ delivery: 'unknown', retryable: false, attempts: 1 });
  });

  it.each(['successFalse', 'wrappedSuccessFalse'] as const)(
    '%s on PreHandleAuditRisk: handleRisk fails with the code',
    async (kind) => {
      await using t = await setup([{ action: 'PreHandleAuditRisk', queue: [kind, kind] }]);
      const error = await failure(
        new RiskHandler(t.connection).handleRisk(String(RISKS[0]?.RiskId), 'closing'),
      );
      expect(error).toBeInstanceOf(ThrottlingError);
    },
  );

  it.each(['successFalse', 'wrappedSuccessFalse'] as const)(
    '%s on DescribeRiskRules: a ThrottlingError, retried, then the page',
    async (kind) => {
      await using t = await setup([{ action: 'DescribeRiskRules', queue: [kind] }]);
      const page = await t.sddp.describeRiskRules({});
      expect(page.Items?.length).toBe(RISKS.length);
      expect(t.audit[0]?.error).toBeInstanceOf(ThrottlingError);
    },
  );
});

describe('limits (emulator faults)', () => {
  it.each(['oversized', 'oversizedChunked'] as const)(
    '%s (50 MiB): a ResponseTooLargeError at the cap, not retried',
    async (kind) => {
      await using t = await setup([{ action: 'DescribeSuspEvents', queue: [kind] }]);
      const error = await failure(t.sas.describeSuspEvents({ PageSize: '20' }));
      expect(error).toBeInstanceOf(ResponseTooLargeError);
      expect(error).toMatchObject({ maxResponseBytes: 4 * MiB, retryable: false, attempts: 1 });
    },
  );

  it('deepNesting: an InvalidResponseError (ResponseTooDeep), not retried', async () => {
    await using t = await setup([{ action: 'DescribeSuspEvents', queue: ['deepNesting'] }]);
    const error = await failure(t.sas.describeSuspEvents({ PageSize: '20' }));
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error).toMatchObject({ code: 'ResponseTooDeep', attempts: 1 });
  });

  it('bigInt64: SourceAliUid arrives with its exact digits', async () => {
    await using t = await setup([{ action: 'DescribeSuspEvents', queue: ['bigInt64'] }]);
    await t.sas.describeSuspEvents({ PageSize: '20' }).catch(() => undefined);
    const response = t.audit[0]?.response as { SuspEvents?: { SourceAliUid?: unknown }[] } | undefined;
    expect(response?.SuspEvents?.[0]?.SourceAliUid).toBe(String(BIG_INT64));
  });
});
