/**
 * An emulator of a resource directory, over HTTP with the SDK's clients: each account has its own model,
 * requests are served for the account their key (or assumed-role credentials) acts in, STS `AssumeRole`
 * issues credentials for a member's role, and the discovery calls list the accounts.
 */
import { describe, expect, it } from 'vitest';
import { sampleAlerts } from '../../src/emulator/index.js';
import { type CredentialInput, type CredentialModel, SasClient, StsClient } from '../../src/index.js';
import { useEmulators } from '../support/emulators.js';

const MEMBER_A = '1000000000000002';
const MEMBER_B = '1000000000000003';
const ROLE = 'ResourceDirectoryAccountAccessRole';

const start = useEmulators();

function connection(endpoint: string, credential: CredentialInput) {
  return { endpoint, protocol: 'http' as const, credential, retry: false as const };
}

describe('an emulator of several accounts', () => {
  it('serves each account from its own model, chosen by the key that signs', async () => {
    const emulator = await start({
      seed: 'accounts',
      alerts: sampleAlerts(2, 'management'),
      accounts: [
        { accountId: MEMBER_A, alerts: sampleAlerts(5, 'a') },
        { accountId: MEMBER_B, alerts: sampleAlerts(7, 'b') },
      ],
    });
    const total = async (credential: CredentialInput) =>
      (await new SasClient(connection(emulator.endpoint, credential)).describeSuspEvents({})).TotalCount;

    expect(await total(emulator.credentials)).toBe(2);
    expect(await total(emulator.account(MEMBER_A).credentials)).toBe(5);
    expect(await total(emulator.account(MEMBER_B).credentials)).toBe(7);
    expect(emulator.received.map((request) => request.accountId)).toEqual([
      emulator.accountId,
      MEMBER_A,
      MEMBER_B,
    ]);
    expect(emulator.account(MEMBER_A).count('DescribeSuspEvents')).toBe(1);
  });

  it('issues credentials for a member role that are served from the member model', async () => {
    const emulator = await start({
      accounts: [{ accountId: MEMBER_A, alerts: sampleAlerts(5, 'a') }],
    });
    const sts = new StsClient(connection(emulator.endpoint, emulator.credentials));

    const answer = await sts.assumeRole({
      RoleArn: `acs:ram::${MEMBER_A}:role/${ROLE.toLowerCase()}`,
      RoleSessionName: 'run-42',
    });
    const credentials = answer.Credentials;
    const model: CredentialModel = {
      accessKeyId: credentials?.AccessKeyId,
      accessKeySecret: credentials?.AccessKeySecret,
      securityToken: credentials?.SecurityToken,
      type: 'sts',
    };
    const sas = new SasClient(connection(emulator.endpoint, { getCredential: async () => model }));

    expect((await sas.describeSuspEvents({})).TotalCount).toBe(5);
    expect(credentials?.AccessKeyId).toMatch(/^STS\./);
    expect(emulator.assumedRoles()).toMatchObject([{ accountId: MEMBER_A, roleSessionName: 'run-42' }]);
  });
});
