/**
 * AssumeRoleCredentials on a fake clock, with the STS call stubbed: credentials are held until the
 * margin before they expire, renewed by one call however many requests wait, kept in use while a
 * renewal fails and they are still valid, and every option is checked before anything is sent.
 */
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import type { AssumeRoleResponse } from '../../../src/generated/index.js';
import {
  AssumeRoleCredentials,
  type AssumeRoleCredentialsOptions,
  CredentialsError,
  NetworkError,
  NoPermissionError,
  ValidationError,
} from '../../../src/index.js';
import { Transport } from '../../../src/transport/transport.js';
import { caught, failure } from '../../support/caught.js';

const ROLE = 'acs:ram::1234567890123456:role/ResourceDirectoryAccountAccessRole';
const START = Date.parse('2024-06-01T10:00:00Z');
const MINUTE = 60_000;

let call: MockInstance;
let issued = 0;

/** An answer of STS: fresh credentials, expiring `lifetimeMs` from now (STS's clock). */
function answer(lifetimeMs = 60 * MINUTE): AssumeRoleResponse {
  issued++;
  return {
    RequestId: `STS-${issued}`,
    Credentials: {
      AccessKeyId: `STS.key${issued}`,
      AccessKeySecret: `secret-${issued}`,
      SecurityToken: `token-${issued}`,
      Expiration: new Date(Date.now() + lifetimeMs).toISOString(),
    },
  };
}

function role(options: Partial<AssumeRoleCredentialsOptions> = {}): AssumeRoleCredentials {
  return new AssumeRoleCredentials({
    credential: { accessKeyId: 'LTAIbase', accessKeySecret: 'base-secret' },
    roleArn: ROLE,
    roleSessionName: 'run-42',
    ...options,
  });
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(START);
  issued = 0;
  call = vi.spyOn(Transport.prototype, 'call').mockImplementation(async () => answer());
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe('AssumeRoleCredentials', () => {
  it('asks STS for the role, the session name and the lifetime, and hands out what it issued', async () => {
    const credentials = role({ durationSeconds: 900, externalId: 'org-42' });

    expect(await credentials.getCredential()).toEqual({
      accessKeyId: 'STS.key1',
      accessKeySecret: 'secret-1',
      securityToken: 'token-1',
      type: 'sts',
    });
    expect(call).toHaveBeenCalledTimes(1);
    expect(call.mock.calls[0]?.[0]).toMatchObject({ product: 'Sts', action: 'AssumeRole' });
    expect(call.mock.calls[0]?.[1]).toEqual({
      RoleArn: ROLE,
      RoleSessionName: 'run-42',
      DurationSeconds: 900,
      ExternalId: 'org-42',
    });
    expect(credentials).toMatchObject({
      roleArn: ROLE,
      accountId: '1234567890123456',
      roleSessionName: 'run-42',
    });
  });

  it('holds the credentials until 5 minutes before they expire, then assumes the role again', async () => {
    const credentials = role();
    await credentials.getCredential();
    expect(credentials.expiresAt?.toISOString()).toBe('2024-06-01T11:00:00.000Z');

    vi.setSystemTime(START + 55 * MINUTE - 1);
    expect((await credentials.getCredential()).accessKeyId).toBe('STS.key1');
    expect(call).toHaveBeenCalledTimes(1);

    vi.setSystemTime(START + 55 * MINUTE);
    expect((await credentials.getCredential()).accessKeyId).toBe('STS.key2');
    expect(call).toHaveBeenCalledTimes(2);
    expect(credentials.expiresAt?.toISOString()).toBe('2024-06-01T11:55:00.000Z');
  });

  it('renews by one STS call for all the requests that need credentials meanwhile', async () => {
    const pending: ((value: AssumeRoleResponse) => void)[] = [];
    call.mockImplementation(() => new Promise((resolve) => pending.push(resolve)));
    const credentials = role();

    const waiting = Promise.all(Array.from({ length: 50 }, () => credentials.getCredential()));
    await Promise.resolve();
    for (const release of pending) release(answer());
    const models = await waiting;

    expect(call).toHaveBeenCalledTimes(1);
    expect(new Set(models.map((model) => model.accessKeyId))).toEqual(new Set(['STS.key1']));
  });

  it('keeps the held credentials while a renewal fails and they are valid; fails once they expired; recovers', async () => {
    const credentials = role();
    await credentials.getCredential();
    const refusal = new NoPermissionError('denied', {
      code: 'NoPermission',
      statusCode: 403,
      requestId: 'R-2',
    });
    call.mockRejectedValue(refusal);

    vi.setSystemTime(START + 59 * MINUTE);
    expect((await credentials.getCredential()).accessKeyId).toBe('STS.key1');
    expect((await credentials.getCredential()).accessKeyId).toBe('STS.key1');
    // Every request within the margin tried once more: a failure is not remembered.
    expect(call).toHaveBeenCalledTimes(3);

    vi.setSystemTime(START + 60 * MINUTE);
    const error = await failure(credentials.getCredential());
    expect(error).toBeInstanceOf(CredentialsError);
    expect(error).toMatchObject({ code: 'NoPermission', requestId: 'R-2', roleArn: ROLE, cause: refusal });

    call.mockImplementation(async () => answer());
    expect((await credentials.getCredential()).accessKeyId).toMatch(/^STS\.key/);
  });

  it("believes STS's expiration when it is sooner, and the lifetime asked for when it is later or implausible", async () => {
    call.mockImplementationOnce(async () => answer(20 * MINUTE));
    const sooner = role();
    await sooner.getCredential();
    expect(sooner.expiresAt?.toISOString()).toBe('2024-06-01T10:20:00.000Z');

    // A clock behind STS's: its expiration reads too late.
    call.mockImplementationOnce(async () => answer(3 * 60 * MINUTE));
    const later = role();
    await later.getCredential();
    expect(later.expiresAt?.toISOString()).toBe('2024-06-01T11:00:00.000Z');

    // A clock far ahead of STS's: its expiration is already past here.
    call.mockImplementationOnce(async () => answer(-2 * 60 * MINUTE));
    const past = role();
    await past.getCredential();
    expect(past.expiresAt?.toISOString()).toBe('2024-06-01T11:00:00.000Z');
  });

  it('fails, naming the role, when STS answers without credentials; the answer is not held', async () => {
    call.mockResolvedValueOnce({ RequestId: 'R-1', Credentials: { AccessKeyId: 'STS.x' } });
    const credentials = role();

    const error = await failure(credentials.getCredential());

    expect(error).toBeInstanceOf(CredentialsError);
    expect(error).toMatchObject({ code: 'InvalidCredentials', requestId: 'R-1', roleArn: ROLE });
    expect(credentials.expiresAt).toBeUndefined();
  });

  it('says when no credentials could be found to call STS with, keeping the sources tried', async () => {
    const sourcesTried = [{ source: 'environment variables', detail: 'not set' }];
    call.mockRejectedValueOnce(
      new CredentialsError('Found no credentials.', { code: 'InvalidCredentials', sourcesTried }),
    );

    const error = await failure(role().getCredential());

    expect(error).toMatchObject({
      code: 'InvalidCredentials',
      roleArn: ROLE,
      sourcesTried,
      retryable: false,
    });
    expect((error as Error).message).toMatch(
      /^Could not assume role .+ \(account 1234567890123456\): no credentials to call STS with/,
    );
  });

  it('fails with the network code, not retryable, when STS cannot be reached', async () => {
    call.mockRejectedValueOnce(
      new NetworkError('AssumeRole: could not reach sts.aliyuncs.com', {
        code: 'ECONNREFUSED',
        retryable: true,
      }),
    );

    const error = await failure(role().getCredential());

    expect(error).toBeInstanceOf(CredentialsError);
    expect(error).toMatchObject({
      code: 'ECONNREFUSED',
      retryable: false,
      delivery: 'notSent',
      roleArn: ROLE,
    });
  });

  it.each([
    ['roleArn', { roleArn: 'arn:aws:iam::123456789012:role/x' }],
    ['roleArn', { roleArn: 'acs:ram::1234567890123456:user/alice' }],
    ['roleSessionName', { roleSessionName: 'a' }],
    ['roleSessionName', { roleSessionName: 'run 42' }],
    ['roleSessionName', { roleSessionName: 'x'.repeat(65) }],
    ['durationSeconds', { durationSeconds: 899 }],
    ['durationSeconds', { durationSeconds: 43_201 }],
    ['externalId', { externalId: 'a' }],
    ['refreshBeforeExpiryMs', { refreshBeforeExpiryMs: 15 * MINUTE, durationSeconds: 900 }],
    ['auditResponseBodies', { auditResponseBodies: true } as Partial<AssumeRoleCredentialsOptions>],
  ])('rejects an invalid %s before anything is sent', (field, options) => {
    const error = caught(() => role(options));

    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field ?? (error as ValidationError).issues[0]?.path).toBe(field);
    expect(call).not.toHaveBeenCalled();
  });

  it('accepts the bounds STS documents', () => {
    expect(() =>
      role({ roleSessionName: 'ab', durationSeconds: 900, refreshBeforeExpiryMs: 0 }),
    ).not.toThrow();
    expect(() =>
      role({ roleSessionName: `a.b@c-d_${'e'.repeat(56)}`, durationSeconds: 43_200 }),
    ).not.toThrow();
  });
});
