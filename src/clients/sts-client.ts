import {
  AssumeRoleAction,
  type AssumeRoleRequest,
  type AssumeRoleResponse,
  endpoints,
} from '../generated/index.js';
import type { CallOptions, ClientOptions, RequestAuditEvent } from '../transport/options.js';
import { Transport } from '../transport/transport.js';

/**
 * Low-level client for Security Token Service (product `Sts`, API 2015-04-01): temporary credentials
 * for a RAM role, such as a role in a member account of a resource directory. Without `regionId` or
 * `endpoint` it calls the central host `sts.aliyuncs.com`.
 *
 * The answer holds an AccessKey secret and a security token: audit events never carry them (with
 * `auditResponseBodies`, their values are replaced by `[redacted]`). To sign other clients' calls as a
 * role, give them an {@link AssumeRoleCredentials} instead: it assumes the role and keeps the credentials
 * fresh.
 *
 * @example
 * ```ts
 * import { StsClient } from 'alicloud-alert-handler';
 *
 * const sts = new StsClient({ regionId: 'cn-shanghai' }); // signed with the default credential chain
 * const { Credentials, AssumedRoleUser } = await sts.assumeRole({
 *   RoleArn: 'acs:ram::1234567890123456:role/ResourceDirectoryAccountAccessRole',
 *   RoleSessionName: 'alert-handler',
 * });
 * console.log(AssumedRoleUser?.Arn, Credentials?.Expiration);
 * ```
 */
export class StsClient {
  readonly #transport: Transport;

  /**
   * @throws {@link ValidationError} when `regionId` has no documented endpoint, or an option is invalid
   */
  constructor(options: ClientOptions<'Sts'> = {}) {
    const { onAudit } = options;
    const central = options.regionId === undefined && options.endpoint === undefined;
    this.#transport = new Transport('Sts', endpoints.Sts.endpointMap, {
      ...options,
      ...(central && { endpoint: endpoints.Sts.centralEndpoint }),
      ...(onAudit !== undefined && {
        onAudit: (event: RequestAuditEvent<'Sts'>) => onAudit.call(options, withoutStsSecrets(event)),
      }),
    });
  }

  /**
   * Returns temporary credentials (an STS AccessKey pair and a security token) for acting as a RAM role
   * (`AssumeRole`). The caller must be a RAM user or role (never an account's root identity) allowed
   * `sts:AssumeRole` on the role, and the role's trust policy must name it; otherwise the call fails with
   * a {@link NoPermissionError}. An unknown role fails with an {@link ApiError} of code
   * `EntityNotExist.Role`. RAM: `sts:AssumeRole`.
   *
   * @example
   * ```ts
   * const { Credentials } = await new StsClient().assumeRole({
   *   RoleArn: 'acs:ram::1234567890123456:role/ResourceDirectoryAccountAccessRole',
   *   RoleSessionName: 'run-2024-06-01',
   *   DurationSeconds: 900,
   * });
   * ```
   */
  assumeRole(request: AssumeRoleRequest, options?: CallOptions): Promise<AssumeRoleResponse> {
    return this.#transport.call(AssumeRoleAction, request, options);
  }
}

const REDACTED = '[redacted]';

/** The event with the secret and the token of an `AssumeRole` answer replaced; the answer itself untouched. */
function withoutStsSecrets(event: RequestAuditEvent<'Sts'>): RequestAuditEvent<'Sts'> {
  const response = event.response as { Credentials?: Record<string, unknown> } | undefined;
  const credentials = response?.Credentials;
  if (typeof credentials !== 'object' || credentials === null) return event;
  const hidden = { ...credentials };
  for (const key of ['AccessKeySecret', 'SecurityToken']) if (key in hidden) hidden[key] = REDACTED;
  return { ...event, response: { ...response, Credentials: hidden } };
}
