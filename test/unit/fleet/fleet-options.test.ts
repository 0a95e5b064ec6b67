/**
 * AccountFleet.open checks every option before anything is sent: a ValidationError names the field,
 * and the STS stub (where every call would go) receives nothing.
 */
import { describe, expect, it } from 'vitest';
import { AccountFleet, type AccountFleetOptions, ValidationError } from '../../../src/index.js';
import { failure } from '../../support/caught.js';
import { startStsStub } from '../../support/sts-stub.js';

const BASE = { accessKeyId: 'LTAImanagementUser01', accessKeySecret: 'base-secret-0123456789abcdef' };

describe('AccountFleet.open options', () => {
  const cases: [string, Partial<AccountFleetOptions> | Record<string, unknown>, string][] = [
    ['no accounts', { accounts: undefined }, 'accounts'],
    ['an empty list', { accounts: [] }, 'accounts'],
    ['an account that is not digits', { accounts: ['12ab'] }, 'accounts'],
    [
      'an account listed twice',
      { accounts: ['1000000000000001', { accountId: '1000000000000001' }] },
      'accounts',
    ],
    ['an exclusion that is not an account', { exclude: ['x'] }, 'exclude'],
    ['an unknown discovery call', { accounts: 'discover', discovery: 'ListUsers' }, 'discovery'],
    ['an unknown access', { access: 'root' }, 'access'],
    ['a bad role name', { roleName: 'role/x' }, 'roleName'],
    ['a run id STS would refuse', { runId: 'run 1' }, 'runId'],
    ['a run id too long for a session name', { runId: 'r'.repeat(49) }, 'runId'],
    ['a session lifetime below 900 s', { durationSeconds: 60 }, 'durationSeconds'],
    ['no account in flight', { maxAccountsInFlight: 0 }, 'maxAccountsInFlight'],
    ['a negative fleet rate', { maxRequestsPerSecond: -1 }, 'maxRequestsPerSecond'],
    ['no request per account', { maxConcurrentRequestsPerAccount: 0 }, 'maxConcurrentRequestsPerAccount'],
    ['a zero rate per account', { maxRequestsPerSecondPerAccount: 0 }, 'maxRequestsPerSecondPerAccount'],
    ['a bad batch size', { batchSize: 500 }, 'batchSize'],
    ['an unknown option', { accountz: 'discover' }, 'accountz'],
    [
      'a role with a delegated administrator',
      { access: 'delegatedAdministrator', roleName: 'R' },
      'roleName',
    ],
    [
      'a region without a Security Center endpoint',
      { endpoint: undefined, regionId: 'xx-nowhere-1' },
      'regionId',
    ],
  ];

  it.each(cases)('refuses %s, naming the field, before any request', async (_, change, field) => {
    const stub = await startStsStub([BASE], () => ({
      status: 500,
      code: 'Unexpected',
      message: 'no call expected',
    }));
    const options = {
      endpoint: stub.url,
      credential: BASE,
      accounts: ['1000000000000001', '1000000000000002'],
      ...change,
    } as AccountFleetOptions;
    const error = await failure(AccountFleet.open(options));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe(field);
    expect(stub.received).toEqual([]);
  });

  it('opens with a list, in its order, less the exclusions, without assuming any role yet', async () => {
    const stub = await startStsStub([BASE], () => ({
      status: 500,
      code: 'Unexpected',
      message: 'no call expected',
    }));
    const fleet = await AccountFleet.open({
      endpoint: stub.url,
      credential: BASE,
      accounts: [
        '1000000000000003',
        { accountId: '1000000000000001', displayName: 'Prod' },
        '1000000000000002',
      ],
      exclude: ['1000000000000002'],
      runId: 'nightly-42',
    });
    expect(fleet.accounts.map(({ accountId, displayName }) => ({ accountId, displayName }))).toEqual([
      { accountId: '1000000000000003', displayName: undefined },
      { accountId: '1000000000000001', displayName: 'Prod' },
    ]);
    expect(fleet.runId).toBe('nightly-42');
    expect(fleet.accounts[0]?.credential?.roleArn).toBe(
      'acs:ram::1000000000000003:role/ResourceDirectoryAccountAccessRole',
    );
    expect(fleet.accounts[0]?.credential?.roleSessionName).toBe('alert-handler-nightly-42');
    expect(stub.received).toEqual([]);
  });

  it('makes a run id when none is given, and names every session after it', async () => {
    const fleet = await AccountFleet.open({
      regionId: 'cn-shanghai',
      credential: BASE,
      accounts: ['1000000000000001'],
      roleName: 'AlertHandlerRole',
    });
    expect(fleet.runId).toMatch(/^run-\d{8}-\d{6}-[0-9a-f]{8}$/);
    expect(fleet.accounts[0]?.credential?.roleSessionName).toBe(`alert-handler-${fleet.runId}`);
    expect(fleet.accounts[0]?.credential?.roleArn).toBe('acs:ram::1000000000000001:role/AlertHandlerRole');
  });

  it('gives no role credentials to the accounts of a delegated administrator', async () => {
    const fleet = await AccountFleet.open({
      regionId: 'cn-shanghai',
      credential: BASE,
      accounts: ['1000000000000001'],
      access: 'delegatedAdministrator',
    });
    expect(fleet.access).toBe('delegatedAdministrator');
    expect(fleet.accounts[0]?.credential).toBeUndefined();
  });
});
