/**
 * The emulator's STS `AssumeRole` handler on parameters the SDK's own checks never let through, and the
 * products the emulator's types accept.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { AccountDirectory } from '../../src/emulator/accounts/account-directory.js';
import { assumeRole } from '../../src/emulator/accounts/assume-role.js';
import type { EmulatorProduct, EmulatorReply, RecordedAttempt } from '../../src/emulator/index.js';
import type { Product } from '../../src/index.js';

const MEMBER = '1000000000000002';
const ARN = `acs:ram::${MEMBER}:role/ResourceDirectoryAccountAccessRole`;

function assume(params: Record<string, string>): EmulatorReply {
  const directory = new AccountDirectory({ accounts: [{ accountId: MEMBER }] }, 'unit', () => 0);
  const handler = assumeRole(directory, () => 0);
  const reply = handler({
    product: 'Sts',
    version: '2015-04-01',
    action: 'AssumeRole',
    params,
    accessKeyId: directory.management.key.accessKeyId,
    signatureVersion: 'v3',
  });
  return reply as EmulatorReply;
}

describe('AssumeRole of the emulator', () => {
  it.each([
    [{ RoleSessionName: 'run-1' }, 'MissingRoleArn'],
    [{ RoleArn: ARN }, 'MissingRoleSessionName'],
    [{ RoleArn: ARN, RoleSessionName: 'x' }, 'InvalidParameter.RoleSessionName'],
    [{ RoleArn: ARN, RoleSessionName: 'run 1' }, 'InvalidParameter.RoleSessionName'],
    [{ RoleArn: ARN, RoleSessionName: 'run-1', DurationSeconds: 'soon' }, 'InvalidParameter.DurationSeconds'],
    [{ RoleArn: ARN, RoleSessionName: 'run-1', ExternalId: 'x' }, 'InvalidParameter.ExternalId'],
    [{ RoleArn: ARN, RoleSessionName: 'run-1', Policy: '{' }, 'InvalidParameter.PolicyGrammar'],
    [
      { RoleArn: ARN, RoleSessionName: 'run-1', Policy: `{"Statement":"${'x'.repeat(2048)}"}` },
      'InvalidParameter.PolicySize',
    ],
  ])('refuses %o with %s', (params, code) => {
    expect(assume(params)).toMatchObject({ status: 400, body: { Code: code } });
  });

  it('issues credentials expiring after the lifetime asked, to the second', () => {
    const reply = assume({ RoleArn: ARN, RoleSessionName: 'run-1', DurationSeconds: '1200' });

    expect(reply).toMatchObject({
      status: 200,
      body: { Credentials: { Expiration: '1970-01-01T00:20:00Z' } },
    });
  });
});

describe('products', () => {
  it("accepts every product of the SDK in recorded attempts and the emulator's requests", () => {
    expectTypeOf<Product>().toExtend<EmulatorProduct>();
    expectTypeOf<Product>().toExtend<RecordedAttempt['product']>();
  });
});
