import type { EmulatorStateOptions } from '../state/state-options.js';
import type { SuspEventRecord } from '../state/susp-event.js';

/**
 * The account the emulator serves when no other is named: the resource directory's management account,
 * which the default test key belongs to.
 */
export const DEFAULT_EMULATOR_ACCOUNT_ID = '1000000000000001';

/** The role Resource Directory creates in every member account, trusted by the management account. */
export const DEFAULT_MEMBER_ROLE_NAME = 'ResourceDirectoryAccountAccessRole';

/**
 * A member's state in the resource directory, as `ListAccounts` reports it (`Status`). Treat it as an
 * open set: the service documents these seven.
 */
export type EmulatorAccountStatus =
  | 'CreateSuccess'
  | 'PromoteVerifying'
  | 'PromoteFailed'
  | 'PromoteExpired'
  | 'PromoteCancelled'
  | 'PromoteSuccess'
  | 'InviteSuccess';

/**
 * How STS refuses to let the role be assumed: its code, message and HTTP status.
 *
 * @example
 * ```ts
 * const gone: EmulatorRoleRefusal = { code: 'EntityNotExist.Role', status: 404 };
 * ```
 */
export interface EmulatorRoleRefusal {
  /** STS's error code, e.g. `NoPermission` or `EntityNotExist.Role`. */
  readonly code: string;
  /** @defaultValue STS's message for the code, or a generic one */
  readonly message?: string;
  /** @defaultValue `403`; `404` for `EntityNotExist.Role`, `400` for `InvalidParameter.*` */
  readonly status?: number;
}

/**
 * The RAM role of a member account that the management account assumes with STS `AssumeRole`.
 *
 * @example
 * ```ts
 * const locked: EmulatorRoleOptions = { refuse: true }; // 403 NoPermission, as a trust policy that does not name the caller
 * const custom: EmulatorRoleOptions = { name: 'AlertHandlerRole', maxSessionDurationSeconds: 43_200 };
 * ```
 */
export interface EmulatorRoleOptions {
  /**
   * The role's name, matched without regard to case as RAM does.
   * @defaultValue `'ResourceDirectoryAccountAccessRole'`
   */
  readonly name?: string;
  /**
   * Refuse every `AssumeRole` of this role: `true` answers `403 NoPermission` (the caller's policy or the
   * role's trust policy does not allow it); an object chooses the code, message and status.
   * @defaultValue `false`
   */
  readonly refuse?: boolean | EmulatorRoleRefusal;
  /**
   * The role's maximum session duration: `DurationSeconds` above it is `400
   * InvalidParameter.DurationSeconds`. From 3600 to 43200.
   * @defaultValue `3600`, RAM's default
   */
  readonly maxSessionDurationSeconds?: number;
}

/**
 * A member account of the emulated resource directory: its own model, its own AccessKey and its role.
 * Requests signed with its key, or with credentials assumed in its role, are served from its model.
 *
 * @example
 * ```ts
 * const emulator = await startEmulator({
 *   alerts: sampleAlerts(5, 'management'),
 *   accounts: [
 *     { accountId: '1000000000000002', displayName: 'prod', alerts: sampleAlerts(20, 'prod') },
 *     { accountId: '1000000000000003', displayName: 'legacy', role: { refuse: true } },
 *   ],
 * });
 * ```
 */
export interface EmulatorAccountOptions {
  /** The account's ID: digits, e.g. 16 as Alibaba Cloud's. */
  readonly accountId: string;
  /** Its display name in the directory. @defaultValue `member-<accountId>` */
  readonly displayName?: string;
  /** Its model, as the emulator's `state` option describes the management account's. */
  readonly state?: EmulatorStateOptions;
  /** Shorthand for `state: { alerts }` (give them one way only). */
  readonly alerts?: readonly SuspEventRecord[];
  /** AccessKey ID of a key of this account. @defaultValue `LTAIemulator` followed by random hex */
  readonly accessKeyId?: string;
  /** Secret of that key. @defaultValue random on every start */
  readonly accessKeySecret?: string;
  /** The role the management account assumes in it. @defaultValue `ResourceDirectoryAccountAccessRole`, assumable */
  readonly role?: EmulatorRoleOptions;
  /** Its state in the directory, as `ListAccounts` reports it. @defaultValue `'CreateSuccess'` */
  readonly status?: EmulatorAccountStatus;
}
