/**
 * An emulator of a resource directory, over HTTP with the SDK's clients: each account has its own model,
 * requests are served for the account their key (or assumed-role credentials) acts in, STS `AssumeRole`
 * issues credentials for a member's role (or refuses, per account), and fault rules can strike one
 * account alone.
 */
import { describe, expect, it } from 'vitest';
import { type EmulatorOptions, sampleAlerts } from '../../src/emulator/index.js';
import {
  AlertHandler,
  type ApiError,
  AssumeRoleCredentials,
  AuthenticationError,
  type CredentialInput,
  type CredentialModel,
  CredentialsError,
  Operations,
  SasClient,
  StsClient,
} from '../../src/index.js';
import { failure } from '../support/caught.js';
import { FAST_POLL } from '../support/emulator-handler.js';
import { useEmulators } from '../support/emulators.js';

const MEMBER_A = '1000000000000002';
const MEMBER_B = '1000000000000003';
const HOUR = 3_600_000;
const roleArn = (accountId: string, name = 'ResourceDirectoryAccountAccessRole') =>
  `acs:ram::${accountId}:role/${name}`;

const start = useEmulators();

function connection(endpoint: string, credential: CredentialInput) {
  return { endpoint, protocol: 'http' as const, credential, retry: false as const };
}

/** The STS credentials of an `AssumeRole` answer, as a provider. */
function temporary(answer: Awaited<ReturnType<StsClient['assumeRole']>>): CredentialInput {
  const model: CredentialModel = {
    accessKeyId: answer.Credentials?.AccessKeyId,
    accessKeySecret: answer.Credentials?.AccessKeySecret,
    securityToken: answer.Credentials?.SecurityToken,
    type: 'sts',
  };
  return { getCredential: async () => model };
}

/** The management account with 2 alerts, and members A and B with the same 5 alerts each. */
function directory(extra: Partial<EmulatorOptions> = {}): EmulatorOptions {
  return {
    seed: 'accounts',
    alerts: sampleAlerts(2, 'management'),
    accounts: [
      { accountId: MEMBER_A, displayName: 'prod', alerts: sampleAlerts(5, 'members') },
      { accountId: MEMBER_B, displayName: 'staging', alerts: sampleAlerts(5, 'members') },
    ],
    ...extra,
  };
}

describe('an emulator of several accounts', () => {
  it('serves each account from its own model, chosen by the key that signs', async () => {
    const emulator = await start(directory({ accounts: [{ accountId: MEMBER_A, alerts: sampleAlerts(7) }] }));
    const total = async (credential: CredentialInput) =>
      (await new SasClient(connection(emulator.endpoint, credential)).describeSuspEvents({})).TotalCount;

    expect(await total(emulator.credentials)).toBe(2);
    expect(await total(emulator.account(MEMBER_A).credentials)).toBe(7);
    expect(emulator.received.map((request) => request.accountId)).toEqual([emulator.accountId, MEMBER_A]);
    expect(emulator.account(MEMBER_A).received.map((request) => request.action)).toEqual([
      'DescribeSuspEvents',
    ]);
    expect(emulator.accounts.map((account) => [account.accountId, account.management])).toEqual([
      ['1000000000000001', true],
      [MEMBER_A, false],
    ]);
    expect(() => emulator.account('1999999999999999')).toThrow(RangeError);
  });

  it('handles an alert in one member through assumed-role credentials and leaves the other accounts untouched', async () => {
    const emulator = await start(directory());
    const alertId = String(sampleAlerts(5, 'members')[0]?.Id);
    const credential = new AssumeRoleCredentials({
      endpoint: emulator.endpoint,
      protocol: 'http',
      credential: emulator.credentials,
      roleArn: roleArn(MEMBER_B),
      roleSessionName: 'alert-run-7',
    });
    const alerts = new AlertHandler({
      endpoint: emulator.endpoint,
      protocol: 'http',
      credential,
      lang: 'en',
      poll: FAST_POLL,
    });

    const report = await alerts.handle([alertId], Operations.ignore(), { confirm: true });

    expect(report.counts).toMatchObject({ total: 1, succeeded: 1 });
    expect(emulator.account(MEMBER_B).state.handledCount(alertId)).toBe(1);
    expect(emulator.account(MEMBER_A).state.handledCount(alertId)).toBe(0);
    expect(emulator.account(MEMBER_A).state.alert(alertId)?.EventStatus).toBe(1);
    expect(emulator.state.handleLog()).toEqual([]);
    expect(emulator.account(MEMBER_A).count()).toBe(0);
    expect(emulator.assumedRoles()).toMatchObject([
      { accountId: MEMBER_B, roleArn: roleArn(MEMBER_B), roleSessionName: 'alert-run-7' },
    ]);
    const served = emulator.account(MEMBER_B).received;
    expect(served.map((request) => request.action)).toContain('HandleSecurityEvents');
    expect(
      served
        .filter((request) => request.action !== 'AssumeRole')
        .every((request) => request.accessKeyId?.startsWith('STS.')),
    ).toBe(true);
  });

  it('answers AssumeRole with credentials of the member role, named without regard to case, for the lifetime asked', async () => {
    const startedAt = Math.floor(Date.now() / 1000) * 1000;
    let now = startedAt + 250;
    const emulator = await start(directory({ now: () => now, timestampToleranceMs: HOUR }));
    const sts = new StsClient(connection(emulator.endpoint, emulator.credentials));

    const answer = await sts.assumeRole({
      RoleArn: roleArn(MEMBER_A, 'resourcedirectoryaccountaccessrole'),
      RoleSessionName: 'run-42',
      DurationSeconds: 900,
    });

    expect(answer.Credentials).toMatchObject({
      AccessKeyId: expect.stringMatching(/^STS\.\w{24}$/),
      Expiration: new Date(startedAt + 900_000).toISOString().replace('.000Z', 'Z'),
    });
    expect(answer.AssumedRoleUser?.Arn).toBe(
      `acs:ram::${MEMBER_A}:role/resourcedirectoryaccountaccessrole/run-42`,
    );
    expect(answer.AssumedRoleUser?.AssumedRoleId).toMatch(/^\d{17}:run-42$/);
    const sas = new SasClient(connection(emulator.endpoint, temporary(answer)));
    expect((await sas.describeSuspEvents({})).TotalCount).toBe(5);
    expect(emulator.received.at(-1)?.accountId).toBe(MEMBER_A);

    now = startedAt + 900_000;
    const expired = await failure(sas.describeSuspEvents({}));
    expect(expired).toBeInstanceOf(AuthenticationError);
    expect(expired).toMatchObject({ code: 'InvalidSecurityToken.Expired', statusCode: 400 });
    expect(emulator.received.at(-1)).not.toHaveProperty('accountId');
  });

  it('refuses a token that does not belong to the temporary key, and a temporary key it never issued', async () => {
    const emulator = await start(directory());
    const sts = new StsClient(connection(emulator.endpoint, emulator.credentials));
    const answer = await sts.assumeRole({ RoleArn: roleArn(MEMBER_A), RoleSessionName: 'run-1' });
    const forged = (change: Partial<CredentialModel>): CredentialInput => ({
      getCredential: async () => ({
        accessKeyId: answer.Credentials?.AccessKeyId,
        accessKeySecret: answer.Credentials?.AccessKeySecret,
        securityToken: answer.Credentials?.SecurityToken,
        type: 'sts',
        ...change,
      }),
    });
    const code = async (credential: CredentialInput) =>
      (
        (await failure(
          new SasClient(connection(emulator.endpoint, credential)).describeSuspEvents({}),
        )) as ApiError
      ).code;

    expect(await code(forged({ securityToken: 'CAISforged' }))).toBe(
      'InvalidSecurityToken.MismatchWithAccessKey',
    );
    expect(await code(forged({ accessKeyId: 'STS.neverIssued' }))).toBe('InvalidAccessKeyId.NotFound');
  });

  it.each([
    ['a role refused with true', { refuse: true }, 403, 'NoPermission'],
    ['a role refused with a code', { refuse: { code: 'EntityNotExist.Role' } }, 404, 'EntityNotExist.Role'],
    ['a role of another name', { name: 'AlertHandlerRole' }, 404, 'EntityNotExist.Role'],
  ])(
    'answers AssumeRole of %s with STS refusal, for that account alone',
    async (_case, role, status, code) => {
      const emulator = await start(
        directory({ accounts: [{ accountId: MEMBER_A, role }, { accountId: MEMBER_B }] }),
      );
      const sts = new StsClient(connection(emulator.endpoint, emulator.credentials));

      const refused = await failure(sts.assumeRole({ RoleArn: roleArn(MEMBER_A), RoleSessionName: 'run-1' }));
      const granted = await sts.assumeRole({ RoleArn: roleArn(MEMBER_B), RoleSessionName: 'run-1' });

      expect(refused).toMatchObject({ code, statusCode: status });
      expect(granted.Credentials?.AccessKeyId).toMatch(/^STS\./);
      expect(emulator.assumedRoles().map((session) => session.accountId)).toEqual([MEMBER_B]);
      expect(emulator.account(MEMBER_A).received.map((request) => request.code)).toEqual([code]);
    },
  );

  it('fails the handling of the refused account alone when AssumeRoleCredentials cannot assume its role', async () => {
    const emulator = await start(
      directory({
        accounts: [
          { accountId: MEMBER_A, role: { refuse: true } },
          { accountId: MEMBER_B, alerts: sampleAlerts(3) },
        ],
      }),
    );
    const listed = async (accountId: string) => {
      const credential = new AssumeRoleCredentials({
        endpoint: emulator.endpoint,
        protocol: 'http',
        credential: emulator.credentials,
        roleArn: roleArn(accountId),
        roleSessionName: 'run-9',
        retry: false,
      });
      const sas = new SasClient(connection(emulator.endpoint, credential));
      return sas.describeSuspEvents({}).then(
        (page) => page.TotalCount,
        (error: unknown) => error,
      );
    };

    const [refused, served] = await Promise.all([listed(MEMBER_A), listed(MEMBER_B)]);

    expect(refused).toBeInstanceOf(CredentialsError);
    expect(refused).toMatchObject({ code: 'NoPermission', roleArn: roleArn(MEMBER_A) });
    expect(served).toBe(3);
    expect(emulator.account(MEMBER_A).count('DescribeSuspEvents')).toBe(0);
  });

  it.each([
    ['an unknown account', { RoleArn: roleArn('1999999999999999') }, 404, 'EntityNotExist.Role'],
    ['a malformed ARN', { RoleArn: 'acs:ram::prod:role/x' }, 400, 'InvalidParameter.RoleArn'],
    ['a lifetime under 900 s', { DurationSeconds: 899 }, 400, 'InvalidParameter.DurationSeconds'],
    [
      "a lifetime above the role's maximum",
      { DurationSeconds: 3601 },
      400,
      'InvalidParameter.DurationSeconds',
    ],
  ])('refuses AssumeRole for %s as STS does', async (_case, change, status, code) => {
    const emulator = await start(directory());
    const sts = new StsClient(connection(emulator.endpoint, emulator.credentials));

    const error = await failure(
      sts.assumeRole({ RoleArn: roleArn(MEMBER_A), RoleSessionName: 'run-1', ...change }),
    );

    expect(error).toMatchObject({ code, statusCode: status });
    expect(emulator.assumedRoles()).toEqual([]);
  });

  it("accepts a lifetime up to the role's raised maximum", async () => {
    const emulator = await start(
      directory({ accounts: [{ accountId: MEMBER_A, role: { maxSessionDurationSeconds: 43_200 } }] }),
    );
    const sts = new StsClient(connection(emulator.endpoint, emulator.credentials));

    await sts.assumeRole({ RoleArn: roleArn(MEMBER_A), RoleSessionName: 'run-1', DurationSeconds: 43_200 });

    expect(emulator.assumedRoles()).toHaveLength(1);
  });

  it('lets only the management account assume a role', async () => {
    const emulator = await start(directory());
    const asMember = new StsClient(connection(emulator.endpoint, emulator.account(MEMBER_A).credentials));

    const error = await failure(
      asMember.assumeRole({ RoleArn: roleArn(MEMBER_B), RoleSessionName: 'run-1' }),
    );

    expect(error).toMatchObject({ code: 'NoPermission', statusCode: 403 });
  });

  it('throttles the account a fault rule names, and serves the others as usual', async () => {
    const emulator = await start(
      directory({ faults: [{ action: '*', accountId: MEMBER_A, rate: 1, kinds: ['throttle'] }] }),
    );
    const list = (accountId: string) =>
      new SasClient(connection(emulator.endpoint, emulator.account(accountId).credentials))
        .describeSuspEvents({})
        .then(
          (page) => page.TotalCount,
          (error: ApiError) => error.code,
        );

    expect(await Promise.all([list(MEMBER_A), list(MEMBER_B), list(emulator.accountId)])).toEqual([
      'Throttling.User',
      5,
      2,
    ]);
    emulator.faults.clear();
    emulator.faults.inject({ action: 'DescribeSuspEvents', accountId: MEMBER_B, queue: ['throttle'] });
    expect(await Promise.all([list(MEMBER_A), list(MEMBER_B)])).toEqual([5, 'Throttling.User']);
    expect(emulator.faults.injected().total).toBe(2);
  });

  it('rejects an invalid account list', async () => {
    await expect(start({ accounts: [{ accountId: 'prod' }] })).rejects.toThrow(
      /accounts\[0\]\.accountId must be an account ID of digits/,
    );
    await expect(start({ accounts: [{ accountId: MEMBER_A }, { accountId: MEMBER_A }] })).rejects.toThrow(
      TypeError,
    );
    await expect(start({ accounts: [{ accountId: '1000000000000001' }] })).rejects.toThrow(/given twice/);
    await expect(
      start({ accounts: [{ accountId: MEMBER_A, role: { maxSessionDurationSeconds: 60 } }] }),
    ).rejects.toThrow(RangeError);
    await expect(
      start({ accounts: [{ accountId: MEMBER_A, alerts: [], state: { alerts: [] } }] }),
    ).rejects.toThrow(TypeError);
    await expect(
      start({ faults: [{ action: '*', accountId: 'prod', rate: 1, kinds: ['throttle'] } as never] }),
    ).rejects.toThrow(/faults\[0\]\.accountId/);
  });

  it('gives the same request IDs, temporary key IDs and task IDs per account on every run with a seed', async () => {
    const run = async () => {
      const emulator = await start(directory({ seed: 'determinism' }));
      const sts = new StsClient(connection(emulator.endpoint, emulator.credentials));
      const answer = await sts.assumeRole({ RoleArn: roleArn(MEMBER_A), RoleSessionName: 'run-1' });
      const sas = new SasClient(connection(emulator.endpoint, temporary(answer)));
      const alertId = String(sampleAlerts(5, 'members')[0]?.Id);
      const handled = await sas.handleSecurityEvents({
        SecurityEventIds: [alertId],
        OperationCode: 'ignore',
        OperationParams: '{}',
      });
      const management = new SasClient(connection(emulator.endpoint, emulator.credentials));
      const own = await management.handleSecurityEvents({
        SecurityEventIds: [String(sampleAlerts(2, 'management')[0]?.Id)],
        OperationCode: 'ignore',
        OperationParams: '{}',
      });
      return {
        requestIds: emulator.received.map((request) => request.requestId),
        keyIds: emulator.assumedRoles().map((session) => session.accessKeyId),
        taskIds: [handled.HandleSecurityEventsResponse?.TaskId, own.HandleSecurityEventsResponse?.TaskId],
      };
    };

    const first = await run();
    const second = await run();

    expect(second).toEqual(first);
    expect(first.taskIds[0]).not.toBe(first.taskIds[1]);
  });
});
