import { createHash } from 'node:crypto';
import { apiError } from '../errors.js';
import type { EmulatorHandler, EmulatorReply } from '../http/handler.js';
import type { AccountDirectory, AccountModel } from './account-directory.js';
import type { EmulatorRoleRefusal } from './account-options.js';

const ROLE_ARN = /^acs:ram::(\d+):role\/([\w.-]{1,64})$/i;
const SESSION_NAME = /^[\w.@-]{2,64}$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;
const MIN_DURATION_SECONDS = 900;
const DEFAULT_DURATION_SECONDS = 3600;
const MAX_POLICY_BYTES = 2048;

/** STS's words for its refusals, by code. */
const STS_ERRORS: Readonly<Record<string, readonly [number, string]>> = {
  NoPermission: [403, 'You are not authorized to do this action. You should be authorized by RAM.'],
  'EntityNotExist.Role': [404, 'The specified Role not exists .'],
  'InvalidParameter.RoleArn': [400, 'The parameter RoleArn is wrongly formed.'],
  'InvalidParameter.RoleSessionName': [400, 'The parameter RoleSessionName is wrongly formed.'],
  'InvalidParameter.DurationSeconds': [400, 'The Min/Max value of DurationSeconds is 15min/1hr.'],
  'InvalidParameter.ExternalId': [400, 'The parameter ExternalId is wrongly formed.'],
  'InvalidParameter.PolicyGrammar': [400, 'The parameter Policy has not passed grammar check.'],
  'InvalidParameter.PolicySize': [400, 'The size of Policy must be smaller than 2048 bytes.'],
};

/**
 * STS `AssumeRole` over the directory's accounts: the management account (never a member, nor
 * temporary credentials) may assume the role of any member, named case-insensitively in
 * `acs:ram::<accountId>:role/<roleName>`, for `DurationSeconds` from 900 up to the role's maximum
 * session duration (default 3600). Parameters are checked as STS does (`MissingRoleArn`,
 * `InvalidParameter.RoleArn`, ...); an unknown account or role is `404 EntityNotExist.Role`; a role
 * configured to refuse answers its refusal. The credentials issued act in the member's account until
 * their `Expiration`, on the emulator's clock.
 */
export function assumeRole(directory: AccountDirectory, now: () => number): EmulatorHandler {
  return ({ params, accessKeyId }) => {
    const caller = directory.accountOfKey(accessKeyId);
    if (caller?.management !== true || directory.isSession(accessKeyId)) return stsError('NoPermission');
    const { RoleArn: roleArn, RoleSessionName: roleSessionName } = params;
    if (!roleArn) return missing('RoleArn');
    if (!roleSessionName) return missing('RoleSessionName');
    const arn = ROLE_ARN.exec(roleArn);
    if (arn === null) return stsError('InvalidParameter.RoleArn');
    if (!SESSION_NAME.test(roleSessionName)) return stsError('InvalidParameter.RoleSessionName');
    const invalid = invalidOptional(params);
    if (invalid !== undefined) return stsError(invalid);
    const [, accountId = '', roleName = ''] = arn;
    const account = directory.get(accountId);
    const role = account?.role;
    if (account === undefined || role === undefined || role.name.toLowerCase() !== roleName.toLowerCase()) {
      return stsError('EntityNotExist.Role');
    }
    if (role.refusal !== undefined) return refusal(role.refusal);
    const durationSeconds = Number(params.DurationSeconds || DEFAULT_DURATION_SECONDS);
    if (durationSeconds > role.maxSessionDurationSeconds) return stsError('InvalidParameter.DurationSeconds');
    const session = directory.sessions.issue({
      accountId,
      roleArn,
      roleSessionName,
      durationSeconds,
      now: now(),
    });
    const roleArnAsStored = `acs:ram::${accountId}:role/${role.name.toLowerCase()}`;
    return {
      status: 200,
      body: {
        Credentials: {
          AccessKeyId: session.key.accessKeyId,
          AccessKeySecret: session.key.accessKeySecret,
          SecurityToken: session.key.securityToken,
          Expiration: session.record.expiration,
        },
        AssumedRoleUser: {
          Arn: `${roleArnAsStored}/${roleSessionName}`,
          AssumedRoleId: `${roleId(account)}:${roleSessionName}`,
        },
      },
    };
  };
}

/** The code of the first of `DurationSeconds` (by its bounds), `ExternalId` and `Policy` that is wrong. */
function invalidOptional(params: Readonly<Record<string, string>>): string | undefined {
  const duration = params.DurationSeconds;
  if (duration && (!/^\d+$/.test(duration) || Number(duration) < MIN_DURATION_SECONDS)) {
    return 'InvalidParameter.DurationSeconds';
  }
  if (params.ExternalId !== undefined && !EXTERNAL_ID.test(params.ExternalId)) {
    return 'InvalidParameter.ExternalId';
  }
  const policy = params.Policy;
  if (policy === undefined) return undefined;
  if (Buffer.byteLength(policy) > MAX_POLICY_BYTES) return 'InvalidParameter.PolicySize';
  try {
    const parsed: unknown = JSON.parse(policy);
    return typeof parsed === 'object' && parsed !== null && 'Statement' in parsed
      ? undefined
      : 'InvalidParameter.PolicyGrammar';
  } catch {
    return 'InvalidParameter.PolicyGrammar';
  }
}

/** The role's ID: 17 digits drawn from its account and name. */
function roleId(account: AccountModel): string {
  const hex = createHash('sha256').update(`role:${account.accountId}:${account.role?.name}`).digest('hex');
  return `3${(BigInt(`0x${hex.slice(0, 16)}`) % 10n ** 16n).toString().padStart(16, '0')}`;
}

function stsError(code: string): EmulatorReply {
  const [status, message] = STS_ERRORS[code] ?? [400, code];
  return apiError(status, code, message);
}

function missing(name: string): EmulatorReply {
  return apiError(400, `Missing${name}`, `${name} is mandatory for this action.`);
}

function refusal({ code, message, status }: EmulatorRoleRefusal): EmulatorReply {
  const known = STS_ERRORS[code];
  const fallbackStatus = code.startsWith('EntityNotExist')
    ? 404
    : code.startsWith('InvalidParameter')
      ? 400
      : 403;
  return apiError(
    status ?? known?.[0] ?? fallbackStatus,
    code,
    message ?? known?.[1] ?? 'The role cannot be assumed.',
  );
}
