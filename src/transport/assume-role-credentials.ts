/**
 * Credentials of a RAM role, assumed through STS `AssumeRole` with other credentials: cached, and renewed
 * a margin before they expire, by one STS call however many requests wait for them.
 *
 * @packageDocumentation
 */
import { ApiError, CredentialsError, SdkError, ValidationError } from '../errors.js';
import {
  AssumeRoleAction,
  type AssumeRoleRequest,
  type AssumeRoleResponse,
  endpoints,
} from '../generated/index.js';
import { checkOptions, type OptionRules } from '../util/check-options.js';
import { CLIENT_OPTION_RULES } from './client-config.js';
import type { ClientOptions, CredentialModel, CredentialProvider } from './options.js';
import { Transport } from './transport.js';

/** Options of {@link AssumeRoleCredentials}: the role, the session, and how STS is called. */
export interface AssumeRoleCredentialsOptions extends Omit<ClientOptions<'Sts'>, 'auditResponseBodies'> {
  /**
   * The role to assume: `acs:ram::<accountId>:role/<roleName>`, e.g.
   * `acs:ram::1234567890123456:role/ResourceDirectoryAccountAccessRole`. Its account ID is the account
   * the credentials act in.
   */
  roleArn: string;
  /**
   * Names the session, e.g. after the run it serves: 2 to 64 letters, digits and `.`, `@`, `-`, `_`. It
   * shows in ActionTrail and in the role session's ARN.
   */
  roleSessionName: string;
  /**
   * Lifetime of each set of credentials, in seconds: from 900 up to the role's maximum session duration
   * (3600 unless raised, at most 43200).
   * @defaultValue 3600
   */
  durationSeconds?: number;
  /** The role's external ID, when its trust policy requires one: 2 to 1224 characters. */
  externalId?: string;
  /**
   * A policy document (JSON text, at most 2048 bytes) that narrows the credentials to what both it and
   * the role allow.
   */
  policy?: string;
  /**
   * How long before they expire the credentials are renewed. Until they expire, a renewal that fails
   * leaves the current ones in use and is tried again on the next request.
   * @defaultValue 300000 (5 minutes); less than the lifetime
   */
  refreshBeforeExpiryMs?: number;
}

const ROLE_ARN = /^acs:ram::(\d+):role\/([\w.-]{1,64})$/;
const SESSION_NAME = /^[\w.@-]{2,64}$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;
const MIN_DURATION_SECONDS = 900;
const MAX_DURATION_SECONDS = 43_200;
const DEFAULT_DURATION_SECONDS = 3600;
const DEFAULT_REFRESH_BEFORE_EXPIRY_MS = 5 * 60_000;

const OPTION_RULES: OptionRules = {
  ...Object.fromEntries(
    Object.entries(CLIENT_OPTION_RULES).filter(([name]) => name !== 'auditResponseBodies'),
  ),
  roleArn: { kind: 'string' },
  roleSessionName: { kind: 'string' },
  durationSeconds: { kind: 'integer', min: MIN_DURATION_SECONDS, max: MAX_DURATION_SECONDS },
  externalId: { kind: 'string' },
  policy: { kind: 'string' },
  refreshBeforeExpiryMs: { kind: 'duration', min: 0 },
};

/** Credentials handed out, and when they stop working (epoch milliseconds). */
interface Held {
  readonly model: CredentialModel;
  readonly expiresAt: number;
}

/**
 * Credentials of a RAM role, to give any client or handler as its `credential`: the role is assumed
 * with STS `AssumeRole`, signed with the `credential` given here (the default chain when omitted; a RAM
 * user or role, never an account's root identity), and the temporary credentials are cached and renewed
 * `refreshBeforeExpiryMs` before they expire. Requests that need them while a renewal is under way wait
 * for that one STS call.
 *
 * A role that cannot be assumed fails the request with a {@link CredentialsError} that names the role
 * and its account, and carries STS's code (`NoPermission`, `EntityNotExist.Role`, ...) and RequestId.
 * The temporary AccessKey secret and security token never appear in errors, logs or audit events.
 * Without `regionId` or `endpoint`, STS is called at its central host `sts.aliyuncs.com`.
 *
 * @example
 * ```ts
 * import { AlertHandler, AssumeRoleCredentials } from 'alicloud-alert-handler';
 *
 * // Act in member account 1234567890123456 through the role Resource Directory creates in it.
 * const credential = new AssumeRoleCredentials({
 *   roleArn: 'acs:ram::1234567890123456:role/ResourceDirectoryAccountAccessRole',
 *   roleSessionName: 'alert-handler-run-42',
 * });
 * const alerts = new AlertHandler({ regionId: 'cn-shanghai', credential });
 * ```
 */
export class AssumeRoleCredentials implements CredentialProvider {
  /** The role assumed. */
  readonly roleArn: string;
  /** The account the role belongs to, from `roleArn`. */
  readonly accountId: string;
  /** The session name STS records. */
  readonly roleSessionName: string;
  readonly #transport: Transport;
  readonly #request: AssumeRoleRequest;
  readonly #lifetimeMs: number;
  readonly #refreshBeforeMs: number;
  #held: Held | undefined;
  #renewal: Promise<CredentialModel> | undefined;

  /**
   * @throws {@link ValidationError} when an option is invalid (the field is named), or STS has no
   * documented endpoint in `regionId`
   */
  constructor(options: AssumeRoleCredentialsOptions) {
    checkOptions(options, OPTION_RULES, 'AssumeRoleCredentials');
    const { roleArn, roleSessionName, durationSeconds, externalId, policy, refreshBeforeExpiryMs, ...sts } =
      options ?? ({} as AssumeRoleCredentialsOptions);
    const arn = ROLE_ARN.exec(roleArn ?? '');
    if (arn === null) {
      throw new ValidationError(
        `\`roleArn\` must be a RAM role ARN such as 'acs:ram::1234567890123456:role/ResourceDirectoryAccountAccessRole'; got ${JSON.stringify(roleArn)}.`,
        { field: 'roleArn' },
      );
    }
    if (!SESSION_NAME.test(roleSessionName ?? '')) {
      throw new ValidationError(
        `\`roleSessionName\` must be 2 to 64 letters, digits and '.', '@', '-' or '_' (as STS requires); got ${JSON.stringify(roleSessionName)}.`,
        { field: 'roleSessionName' },
      );
    }
    if (externalId !== undefined && !EXTERNAL_ID.test(externalId)) {
      throw new ValidationError(
        "`externalId` must be 2 to 1224 letters, digits and '=', ',', '.', '@', ':', '/', '-' or '_'.",
        { field: 'externalId' },
      );
    }
    const seconds = durationSeconds ?? DEFAULT_DURATION_SECONDS;
    this.#lifetimeMs = seconds * 1000;
    this.#refreshBeforeMs = refreshBeforeExpiryMs ?? DEFAULT_REFRESH_BEFORE_EXPIRY_MS;
    if (this.#refreshBeforeMs >= this.#lifetimeMs) {
      throw new ValidationError(
        `\`refreshBeforeExpiryMs\` (${this.#refreshBeforeMs}) must be less than the credentials' lifetime, ${seconds} s.`,
        { field: 'refreshBeforeExpiryMs' },
      );
    }
    this.roleArn = roleArn;
    this.accountId = arn[1] as string;
    this.roleSessionName = roleSessionName;
    this.#request = {
      RoleArn: roleArn,
      RoleSessionName: roleSessionName,
      DurationSeconds: seconds,
      ...(externalId !== undefined && { ExternalId: externalId }),
      ...(policy !== undefined && { Policy: policy }),
    };
    const central = sts.regionId === undefined && sts.endpoint === undefined;
    // Never bodies on audit events: the answer holds the secret and the token.
    this.#transport = new Transport('Sts', endpoints.Sts.endpointMap, {
      ...sts,
      ...(central && { endpoint: endpoints.Sts.centralEndpoint }),
      auditResponseBodies: false,
    });
  }

  /** When the credentials held now expire, or `undefined` before the role was first assumed. */
  get expiresAt(): Date | undefined {
    return this.#held === undefined ? undefined : new Date(this.#held.expiresAt);
  }

  /**
   * Returns the role's credentials: those held, until `refreshBeforeExpiryMs` before they expire; then
   * new ones, from one STS call shared by every request that asks meanwhile.
   *
   * @throws {@link CredentialsError} when the role cannot be assumed (and no unexpired credentials are
   * held): the role in `roleArn`, STS's code in `code`
   *
   * @example
   * ```ts
   * const role = new AssumeRoleCredentials({
   *   roleArn: 'acs:ram::1234567890123456:role/ResourceDirectoryAccountAccessRole',
   *   roleSessionName: 'preflight',
   * });
   * await role.getCredential(); // fails early, with STS's reason, if the role cannot be assumed
   * console.log(`credentials for ${role.accountId} until ${role.expiresAt?.toISOString()}`);
   * ```
   */
  async getCredential(): Promise<CredentialModel> {
    const held = this.#held;
    if (held !== undefined && Date.now() < held.expiresAt - this.#refreshBeforeMs) return held.model;
    this.#renewal ??= this.#assume().finally(() => {
      this.#renewal = undefined;
    });
    try {
      return await this.#renewal;
    } catch (error) {
      // Renewed early: until they expire, the credentials held still work; the next request retries.
      const current = this.#held;
      if (current !== undefined && Date.now() < current.expiresAt) return current.model;
      throw error;
    }
  }

  async #assume(): Promise<CredentialModel> {
    const requestedAt = Date.now();
    let answer: AssumeRoleResponse;
    try {
      answer = await this.#transport.call(AssumeRoleAction, this.#request);
    } catch (error) {
      throw this.#refused(error);
    }
    const credentials = answer.Credentials;
    const { AccessKeyId, AccessKeySecret, SecurityToken } = credentials ?? {};
    if (!AccessKeyId || !AccessKeySecret || !SecurityToken) {
      throw new CredentialsError(
        `STS answered AssumeRole for ${this.roleArn} (account ${this.accountId}) without an AccessKey ID, secret and security token. Report it with the request id.`,
        {
          code: 'InvalidCredentials',
          action: 'AssumeRole',
          requestId: answer.RequestId,
          roleArn: this.roleArn,
        },
      );
    }
    this.#held = {
      model: {
        accessKeyId: AccessKeyId,
        accessKeySecret: AccessKeySecret,
        securityToken: SecurityToken,
        type: 'sts',
      },
      expiresAt: this.#expiry(requestedAt, credentials?.Expiration),
    };
    return this.#held.model;
  }

  /**
   * When credentials asked for at `requestedAt` expire: STS's `Expiration`, but never after the lifetime
   * asked for counted from the request (a clock behind STS's would read it too late), and the lifetime
   * alone when `Expiration` is unreadable or too close to be plausible (a clock ahead of STS's).
   */
  #expiry(requestedAt: number, expiration: string | undefined): number {
    const byLifetime = requestedAt + this.#lifetimeMs;
    const stated = Date.parse(expiration ?? '');
    return Number.isFinite(stated) && stated > requestedAt + this.#refreshBeforeMs
      ? Math.min(stated, byLifetime)
      : byLifetime;
  }

  /** The failure of the STS call, as the {@link CredentialsError} of the request that needed the role. */
  #refused(error: unknown): CredentialsError {
    const role = `${this.roleArn} (account ${this.accountId})`;
    const cause = error instanceof SdkError ? error : undefined;
    const common = {
      action: 'AssumeRole',
      roleArn: this.roleArn,
      // STS's own call was retried as its error allowed: the request that needed the role is not.
      retryable: false,
      cause: error,
    };
    if (error instanceof CredentialsError) {
      return new CredentialsError(
        `Could not assume role ${role}: no credentials to call STS with. ${error.message}`,
        { ...common, code: error.code, sourcesTried: error.sourcesTried },
      );
    }
    if (error instanceof ApiError) {
      return new CredentialsError(
        `Could not assume role ${role}: STS refused with ${error.code}${error.serviceMessage ? ` (${error.serviceMessage})` : ''}. ${refusalHint(error.code)}`,
        { ...common, code: error.code, requestId: error.requestId, statusCode: error.statusCode },
      );
    }
    return new CredentialsError(`Could not assume role ${role}: ${cause?.message ?? 'the STS call failed'}`, {
      ...common,
      code: cause?.code ?? 'AssumeRoleFailed',
      requestId: cause?.requestId,
      statusCode: cause?.statusCode,
    });
  }
}

/** What to do about STS's refusal, by its code. */
function refusalHint(code: string): string {
  if (code === 'NoPermission' || code.startsWith('Forbidden')) {
    return "The caller must be a RAM user or role (not the account itself) allowed sts:AssumeRole on this role, and the role's trust policy must name its account or itself (see docs/accounts.md).";
  }
  if (code === 'EntityNotExist.Role') return 'Check the account ID and the role name in `roleArn`.';
  if (code === 'InvalidParameter.DurationSeconds') {
    return "`durationSeconds` exceeds the role's maximum session duration: lower it, or raise the role's.";
  }
  if (code.startsWith('InvalidParameter')) return 'Check the option STS names.';
  return 'See the cause for details.';
}
