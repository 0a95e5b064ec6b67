/**
 * fleet.map: one outcome per account in the fleet's order; a role that cannot be assumed fails its
 * account alone (phase `credentials`, the work never runs there); work that throws fails its account
 * alone (phase `call`); at most `maxAccountsInFlight` accounts at once; an abort skips the accounts not
 * started; each role is assumed once per run, its session named after the run.
 */
import { describe, expect, it } from 'vitest';
import {
  AbortError,
  AccountFleet,
  type AccountFleetOptions,
  CredentialsError,
  type FleetAccount,
  SdkError,
} from '../../../src/index.js';
import { type StsAnswer, type StubKey, startStsStub } from '../../support/sts-stub.js';

const BASE: StubKey = {
  accessKeyId: 'LTAImanagementUser01',
  accessKeySecret: 'base-secret-0123456789abcdef',
};
const ACCOUNTS = ['1000000000000001', '1000000000000002', '1000000000000003', '1000000000000004'];
const HOUR = 3_600_000;

/** An STS stub issuing per-account credentials, refusing the roles of `refused` accounts. */
async function fleetOf(refused: readonly string[] = [], options: Partial<AccountFleetOptions> = {}) {
  const stub = await startStsStub([BASE], (request): StsAnswer => {
    const account = /acs:ram::(\d+):/.exec(request.params.RoleArn ?? '')?.[1] ?? '';
    if (refused.includes(account)) {
      return { status: 403, code: 'NoPermission', message: 'You are not authorized to assume this role.' };
    }
    return {
      credentials: {
        accessKeyId: `STS.${account}`,
        accessKeySecret: `secret-of-${account}`,
        securityToken: `token-of-${account}`,
      },
      expiration: new Date(Date.now() + HOUR),
    };
  });
  const fleet = await AccountFleet.open({
    endpoint: stub.url,
    credential: BASE,
    accounts: ACCOUNTS,
    retry: false,
    runId: 'unit-run',
    ...options,
  });
  return { stub, fleet };
}

/** A promise and its resolver. */
function deferred() {
  let resolve = () => {};
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

describe('AccountFleet.map', () => {
  it('gives one outcome per account, in order; a refused role fails its account alone', async () => {
    const { fleet, stub } = await fleetOf(['1000000000000002']);
    const ran: string[] = [];
    const outcomes = await fleet.map(async (account) => {
      ran.push(account.accountId);
      if (account.accountId === '1000000000000004') throw new Error('the work broke');
      return `done in ${account.accountId}`;
    });
    expect(outcomes.map((outcome) => outcome.accountId)).toEqual(ACCOUNTS);
    expect(outcomes[0]).toEqual({ accountId: ACCOUNTS[0], ok: true, value: `done in ${ACCOUNTS[0]}` });
    expect(outcomes[2]).toEqual({ accountId: ACCOUNTS[2], ok: true, value: `done in ${ACCOUNTS[2]}` });
    const refused = outcomes[1];
    expect(refused?.ok === false && refused.phase).toBe('credentials');
    expect(refused?.ok === false && refused.error).toBeInstanceOf(CredentialsError);
    expect(refused?.ok === false && refused.error.code).toBe('NoPermission');
    const broke = outcomes[3];
    expect(broke?.ok === false && broke.phase).toBe('call');
    expect(broke?.ok === false && broke.error.code).toBe('AccountWorkFailed');
    expect(broke?.ok === false && (broke.error.cause as Error).message).toBe('the work broke');
    expect(ran.sort()).toEqual([ACCOUNTS[0], ACCOUNTS[2], ACCOUNTS[3]]);
    expect(stub.received.map((request) => request.params.RoleSessionName)).toEqual(
      ACCOUNTS.map(() => 'alert-handler-unit-run'),
    );
  });

  it('assumes each role once per run: a second map reuses the credentials', async () => {
    const { fleet, stub } = await fleetOf();
    await fleet.map((account) => account.accountId);
    await fleet.map((account) => account.accountId);
    expect(stub.received.map((request) => request.params.RoleArn).sort()).toEqual(
      ACCOUNTS.map((id) => `acs:ram::${id}:role/ResourceDirectoryAccountAccessRole`),
    );
  });

  it('works on at most maxAccountsInFlight accounts at once', async () => {
    const { fleet } = await fleetOf([], { maxAccountsInFlight: 2 });
    const gates = new Map(ACCOUNTS.map((id) => [id, deferred()]));
    let running = 0;
    let most = 0;
    const started: string[] = [];
    const run = fleet.map(async (account: FleetAccount) => {
      started.push(account.accountId);
      running++;
      most = Math.max(most, running);
      await gates.get(account.accountId)?.promise;
      running--;
    });
    await expect.poll(() => started.length).toBe(2);
    expect(started).toEqual(ACCOUNTS.slice(0, 2));
    gates.get(ACCOUNTS[1] as string)?.resolve();
    await expect.poll(() => started.length).toBe(3);
    for (const gate of gates.values()) gate.resolve();
    await run;
    expect(most).toBe(2);
  });

  it('skips the accounts not started when the signal aborts', async () => {
    const { fleet } = await fleetOf([], { maxAccountsInFlight: 1 });
    const controller = new AbortController();
    const outcomes = await fleet.map(
      async (account) => {
        if (account.accountId === ACCOUNTS[1]) controller.abort();
        return account.accountId;
      },
      { signal: controller.signal },
    );
    expect(outcomes.map((outcome) => (outcome.ok ? 'ok' : outcome.phase))).toEqual([
      'ok',
      'ok',
      'skipped',
      'skipped',
    ]);
    const skipped = outcomes[2];
    expect(skipped?.ok === false && skipped.error).toBeInstanceOf(AbortError);
    expect(skipped?.ok === false && skipped.error.delivery).toBe('notSent');
  });

  it('runs in the accounts asked for only, and refuses an account not in the fleet', async () => {
    const { fleet, stub } = await fleetOf();
    const outcomes = await fleet.map((account) => account.accountId, { accountIds: [ACCOUNTS[2] as string] });
    expect(outcomes).toEqual([{ accountId: ACCOUNTS[2], ok: true, value: ACCOUNTS[2] }]);
    expect(() => fleet.map((account) => account.accountId, { accountIds: ['1999999999999999'] })).toThrow(
      /not in the fleet/,
    );
    expect(stub.received).toHaveLength(1);
  });

  it('keeps an SdkError thrown by the work as it is', async () => {
    const { fleet } = await fleetOf();
    const error = new SdkError('refused', { code: 'Custom' });
    const [first] = await fleet.map(
      async () => {
        throw error;
      },
      { accountIds: [ACCOUNTS[0] as string] },
    );
    expect(first?.ok === false && first.error).toBe(error);
  });
});
