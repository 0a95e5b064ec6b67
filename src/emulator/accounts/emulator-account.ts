import type { ReceivedRequest } from '../request-log.js';
import type { EmulatorStateView } from '../state/state-view.js';

/**
 * One account the emulator serves: its key, its model and the requests served for it.
 *
 * @example
 * ```ts
 * const member = emulator.account('1000000000000002');
 * expect(member.state.handledCount(alertId)).toBe(1);
 * expect(emulator.state.handledCount(alertId)).toBe(0); // the management account's model is untouched
 * expect(member.count('HandleSecurityEvents')).toBe(1);
 * ```
 */
export interface EmulatorAccount {
  /** The account's ID. */
  readonly accountId: string;
  /** Its display name in the directory. */
  readonly displayName: string;
  /** Whether it is the management account (the emulator's default account). */
  readonly management: boolean;
  /** An AccessKey of the account: requests signed with it are served from its model. */
  readonly credentials: { readonly accessKeyId: string; readonly accessKeySecret: string };
  /** Its model: alert events, operations, whitelist rules, handling tasks, risks. */
  readonly state: EmulatorStateView;
  /** The requests served for it since start or the last `emulator.reset()`. */
  readonly received: readonly ReceivedRequest[];
  /** How many requests were served for it, for one action or in all. */
  count(action?: string): number;
}

/**
 * A role session the emulator's STS issued: who it is for and its temporary AccessKey ID, never its
 * secret or token.
 *
 * @example
 * ```ts
 * // The run id travels in the session name, as ActionTrail would show it.
 * expect(emulator.assumedRoles().map((session) => session.roleSessionName)).toEqual(['run-42']);
 * ```
 */
export interface EmulatorAssumedRole {
  /** The account whose role was assumed. */
  readonly accountId: string;
  /** The role's ARN as asked for, `acs:ram::<accountId>:role/<roleName>`. */
  readonly roleArn: string;
  /** The session name the caller gave (`RoleSessionName`). */
  readonly roleSessionName: string;
  /** The temporary AccessKey ID issued, `STS.` followed by letters and digits. */
  readonly accessKeyId: string;
  /** When the credentials expire, ISO 8601 UTC as STS writes it (`2026-01-15T09:00:00Z`). */
  readonly expiration: string;
}
