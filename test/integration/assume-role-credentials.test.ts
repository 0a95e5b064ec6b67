/**
 * Assumed-role credentials over HTTP: the STS call (against a local stub that checks its signature)
 * carries the role, the session name and the lifetime, and its credentials sign the next calls (to an
 * emulator that accepts only them); a refused role fails the call that needed it, with STS's code, and
 * nothing is sent. No secret or token of either identity shows in errors, logs or audit events.
 */
import { inspect } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Emulator, sampleAlerts, startEmulator } from '../../src/emulator/index.js';
import {
  AssumeRoleCredentials,
  CredentialsError,
  type Product,
  type RequestAuditEvent,
  SasClient,
  StsClient,
} from '../../src/index.js';
import { failure } from '../support/caught.js';
import { type StubKey, startStsStub } from '../support/sts-stub.js';

const BASE: StubKey = {
  accessKeyId: 'LTAImanagementUser01',
  accessKeySecret: 'base-secret-0123456789abcdef',
};
const ISSUED: StubKey = {
  accessKeyId: 'STS.member1issued',
  accessKeySecret: 'sts-secret-fedcba9876543210',
  securityToken: 'sts-token-CAIS8gF1q6Ft5B2yfSjIr5',
};
const ROLE = 'acs:ram::1234567890123456:role/ResourceDirectoryAccountAccessRole';
const HOUR = 3_600_000;

const emulators: Emulator[] = [];
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(emulators.splice(0).map((emulator) => emulator.close()));
});

/** An emulator of a member account that accepts only the issued temporary credentials. */
async function memberAccount(): Promise<Emulator> {
  const emulator = await startEmulator({ alerts: sampleAlerts(3), keys: [ISSUED] });
  emulators.push(emulator);
  return emulator;
}

/** An STS stub that issues `ISSUED` for an hour from now, or the refusal given. */
function sts(refusal?: { status: number; code: string; message: string }) {
  return startStsStub(
    [BASE],
    () => refusal ?? { credentials: ISSUED, expiration: new Date(Date.now() + HOUR) },
  );
}

describe('AssumeRoleCredentials over HTTP', () => {
  it('calls AssumeRole signed with the base credentials, with the role, session name and lifetime', async () => {
    const stub = await sts();
    const role = new AssumeRoleCredentials({
      endpoint: stub.url,
      credential: BASE,
      roleArn: ROLE,
      roleSessionName: 'run-2024-06-01T10.00',
      durationSeconds: 900,
      externalId: 'org-42',
    });

    const model = await role.getCredential();

    expect(stub.received).toHaveLength(1);
    expect(stub.received[0]).toEqual({
      action: 'AssumeRole',
      version: '2015-04-01',
      accessKeyId: BASE.accessKeyId,
      signatureValid: true,
      params: {
        RoleArn: ROLE,
        RoleSessionName: 'run-2024-06-01T10.00',
        DurationSeconds: '900',
        ExternalId: 'org-42',
      },
    });
    expect(model).toEqual({
      accessKeyId: ISSUED.accessKeyId,
      accessKeySecret: ISSUED.accessKeySecret,
      securityToken: ISSUED.securityToken,
      type: 'sts',
    });
    expect(role.accountId).toBe('1234567890123456');
  });

  it('signs the next calls with the issued credentials and token, and reuses them while they are fresh', async () => {
    const stub = await sts();
    const member = await memberAccount();
    const credential = new AssumeRoleCredentials({
      endpoint: stub.url,
      credential: BASE,
      roleArn: ROLE,
      roleSessionName: 'run-1',
    });
    const sas = new SasClient({ endpoint: member.url, credential });

    await sas.describeSuspEvents({ PageSize: '10' });
    await sas.describeSuspEvents({ PageSize: '10', CurrentPage: '2' });

    expect(member.received.map((request) => [request.accessKeyId, request.status])).toEqual([
      [ISSUED.accessKeyId, 200],
      [ISSUED.accessKeyId, 200],
    ]);
    expect(stub.received).toHaveLength(1);
  });

  it('assumes the role again once the credentials are within the margin of their expiry, by one call for all waiting requests', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2024-06-01T10:00:00Z'));
    const stub = await sts();
    const member = await memberAccount();
    const credential = new AssumeRoleCredentials({
      endpoint: stub.url,
      credential: BASE,
      roleArn: ROLE,
      roleSessionName: 'run-1',
    });
    const sas = new SasClient({ endpoint: member.url, credential });

    await sas.describeSuspEvents({ PageSize: '10' });
    vi.setSystemTime(new Date('2024-06-01T10:54:59Z'));
    await sas.describeSuspEvents({ PageSize: '10' });
    expect(stub.received).toHaveLength(1);

    vi.setSystemTime(new Date('2024-06-01T10:55:00Z'));
    await Promise.all(Array.from({ length: 10 }, () => sas.describeSuspEvents({ PageSize: '10' })));
    expect(stub.received).toHaveLength(2);
    expect(credential.expiresAt?.toISOString()).toBe('2024-06-01T11:55:00.000Z');
    expect(member.received.every((request) => request.status === 200)).toBe(true);
  });

  it.each([
    [403, 'NoPermission', 'You are not authorized to do this action. You should be authorized by RAM.'],
    [404, 'EntityNotExist.Role', 'The specified Role not exists .'],
  ])(
    'fails the call that needed a role STS refuses (%i %s) with STS code, naming role and account; nothing is sent',
    async (status, code, message) => {
      const stub = await sts({ status, code, message });
      const member = await memberAccount();
      const credential = new AssumeRoleCredentials({
        endpoint: stub.url,
        credential: BASE,
        roleArn: ROLE,
        roleSessionName: 'run-1',
        retry: false,
      });
      const sas = new SasClient({ endpoint: member.url, credential });

      const error = await failure(sas.describeSuspEvents({ PageSize: '10' }));

      expect(error).toBeInstanceOf(CredentialsError);
      expect(error).toMatchObject({
        code,
        roleArn: ROLE,
        requestId: 'STS-1',
        statusCode: status,
        action: 'AssumeRole',
        delivery: 'notSent',
        retryable: false,
      });
      expect((error as Error).message).toContain(`${ROLE} (account 1234567890123456)`);
      expect((error as Error).message).toContain(code);
      expect(member.count()).toBe(0);
    },
  );

  it('shows no secret or token of either identity in errors, logs or audit events', async () => {
    const lines: string[] = [];
    const write = (...args: unknown[]) => lines.push(inspect(args, { depth: 8 }));
    const logger = { debug: write, info: write, warn: write, error: write };
    const events: RequestAuditEvent<Product>[] = [];
    const onAudit = (event: RequestAuditEvent<Product>) => events.push(event);
    let renewals = 0;
    // STS issues credentials to the direct call and to the first renewal, and refuses later renewals.
    const stub = await startStsStub([BASE], (request) =>
      request.params.RoleSessionName === 'direct' || ++renewals === 1
        ? { credentials: ISSUED, expiration: new Date(Date.now() + 900_000) }
        : { status: 403, code: 'NoPermission', message: 'You are not authorized to do this action.' },
    );
    const member = await memberAccount();
    const observed = { logger, logLevel: 'debug' as const, onAudit };
    const credential = new AssumeRoleCredentials({
      ...observed,
      endpoint: stub.url,
      credential: BASE,
      roleArn: ROLE,
      roleSessionName: 'run-1',
      durationSeconds: 900,
      // Renewed on every request: the refused renewals leave the held credentials in use until they expire.
      refreshBeforeExpiryMs: 899_999,
      retry: false,
    });
    const sas = new SasClient({ ...observed, endpoint: member.url, credential, auditResponseBodies: true });
    const direct = new StsClient({
      ...observed,
      endpoint: stub.url,
      credential: BASE,
      auditResponseBodies: true,
    });

    await sas.describeSuspEvents({ PageSize: '10' });
    await sas.describeSuspEvents({ PageSize: '10' });
    await direct.assumeRole({ RoleArn: ROLE, RoleSessionName: 'direct' });
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 901_000);
    const expired = await failure(sas.describeSuspEvents({ PageSize: '10' }));
    vi.useRealTimers();

    expect(expired).toBeInstanceOf(CredentialsError);
    expect(member.received.map((request) => request.status)).toEqual([200, 200]);
    expect(stub.received).toHaveLength(4);
    expect(events.filter((event) => event.product === 'Sts').map((event) => event.outcome)).toEqual([
      'success',
      'error',
      'success',
      'error',
    ]);
    const surfaces = [
      ...lines,
      ...events.map((event) => inspect(event, { depth: 10 })),
      JSON.stringify(events),
      inspect(expired, { depth: 10, showHidden: true }),
      JSON.stringify(expired),
      String(expired),
      inspect(credential, { depth: 10, showHidden: true }),
      JSON.stringify(credential),
    ].join('\n');
    for (const secret of [BASE.accessKeySecret, ISSUED.accessKeySecret, ISSUED.securityToken ?? '']) {
      expect(surfaces).not.toContain(secret);
    }
  });
});

describe('StsClient', () => {
  it('returns the credentials to its caller, and replaces the secret and token in audited bodies', async () => {
    const stub = await sts();
    const events: RequestAuditEvent<'Sts'>[] = [];
    const client = new StsClient({
      endpoint: stub.url,
      credential: BASE,
      auditResponseBodies: true,
      onAudit: (event) => events.push(event),
    });

    const answer = await client.assumeRole({ RoleArn: ROLE, RoleSessionName: 'direct' });

    expect(answer.Credentials).toMatchObject({
      AccessKeyId: ISSUED.accessKeyId,
      AccessKeySecret: ISSUED.accessKeySecret,
      SecurityToken: ISSUED.securityToken,
    });
    expect(events).toHaveLength(1);
    expect(events[0]?.response).toMatchObject({
      Credentials: {
        AccessKeyId: ISSUED.accessKeyId,
        AccessKeySecret: '[redacted]',
        SecurityToken: '[redacted]',
      },
    });
  });
});
