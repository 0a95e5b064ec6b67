import { type EmulatorOptions, stateOptionsOf } from '../options.js';
import { defaultKey, type EmulatorKey, type KeyLookup, type VerifiedKey } from '../signing/verify.js';
import { createEmulatorState, type EmulatorState } from '../state/emulator-state.js';
import {
  DEFAULT_EMULATOR_ACCOUNT_ID,
  DEFAULT_MEMBER_ROLE_NAME,
  type EmulatorAccountOptions,
  type EmulatorAccountStatus,
  type EmulatorRoleRefusal,
} from './account-options.js';
import { IssuedSessions } from './issued-sessions.js';

const ACCOUNT_ID = /^\d{1,32}$/;
const DEFAULT_MAX_SESSION_SECONDS = 3600;
const LONGEST_MAX_SESSION_SECONDS = 43_200;

/** A member's role, its defaults filled in. */
export interface AccountRole {
  readonly name: string;
  /** The refusal every `AssumeRole` of it gets, if any. */
  readonly refusal?: EmulatorRoleRefusal;
  readonly maxSessionDurationSeconds: number;
}

/** One account of the directory, as the emulator serves it. */
export interface AccountModel {
  readonly accountId: string;
  readonly displayName: string;
  readonly management: boolean;
  readonly status: EmulatorAccountStatus;
  /** Its AccessKey. */
  readonly key: EmulatorKey;
  /** Its model and the handlers that serve it. */
  readonly state: EmulatorState;
  /** Its role, for members; the management account has none to assume. */
  readonly role?: AccountRole;
}

/**
 * The accounts of the emulated resource directory: the management account (the emulator's default
 * one, with the default key and the extra `keys`), the members, and the role sessions issued for them.
 * Each account has its own model, seeded from the emulator's seed and its ID (the management account's
 * with the seed alone, as when it was the only one).
 */
export class AccountDirectory {
  readonly management: AccountModel;
  readonly members: readonly AccountModel[];
  readonly sessions: IssuedSessions;
  readonly #byId = new Map<string, AccountModel>();
  /** Account of each long-term AccessKey, by its ID. */
  readonly #byKey = new Map<string, { readonly key: EmulatorKey; readonly account: AccountModel }>();

  /**
   * @throws TypeError when an account ID is not digits or is given twice, two accounts share an
   *   AccessKey ID, or alerts are given both as `alerts` and as `state.alerts`
   * @throws RangeError when a role's `maxSessionDurationSeconds` is not from 3600 to 43200, and as
   *   `createEmulatorState` does for an account's state
   */
  constructor(options: EmulatorOptions, seed: string, now: () => number) {
    const accountId = options.accountId ?? DEFAULT_EMULATOR_ACCOUNT_ID;
    this.management = {
      accountId: checkedId(accountId, 'accountId'),
      displayName: 'management',
      management: true,
      status: 'CreateSuccess',
      key: defaultKey(options.accessKeyId, options.accessKeySecret),
      state: createEmulatorState(stateOptionsOf(options), seed, now),
    };
    this.sessions = new IssuedSessions(seed);
    this.#add(this.management, [this.management.key, ...(options.keys ?? [])]);
    this.members = (options.accounts ?? []).map((member, index) => {
      const model = memberModel(member, `accounts[${index}]`, seed, now);
      this.#add(model, [model.key]);
      return model;
    });
  }

  /** Every account, the management account first. */
  all(): readonly AccountModel[] {
    return [this.management, ...this.members];
  }

  /** The account with this ID, if the directory has it. */
  get(accountId: string): AccountModel | undefined {
    return this.#byId.get(accountId);
  }

  /** The account an AccessKey ID acts in: a long-term key's, or an issued session's (expired or not). */
  accountOfKey(accessKeyId: string): AccountModel | undefined {
    const session = this.sessions.get(accessKeyId);
    return session === undefined ? this.#byKey.get(accessKeyId)?.account : this.get(session.accountId);
  }

  /** Whether an AccessKey ID is temporary credentials the emulator's STS issued. */
  isSession(accessKeyId: string): boolean {
    return this.sessions.get(accessKeyId) !== undefined;
  }

  /** The keys requests are verified against: every account's, and the sessions issued, with their expiry. */
  readonly keys: KeyLookup = {
    get: (accessKeyId): VerifiedKey | undefined => {
      const session = this.sessions.get(accessKeyId);
      if (session !== undefined) return { ...session.key, expiresAt: session.expiresAt };
      return this.#byKey.get(accessKeyId)?.key;
    },
  };

  #add(account: AccountModel, keys: readonly EmulatorKey[]): void {
    if (this.#byId.has(account.accountId)) {
      throw new TypeError(`Account ${account.accountId} is given twice.`);
    }
    this.#byId.set(account.accountId, account);
    for (const key of keys) {
      const owner = this.#byKey.get(key.accessKeyId)?.account;
      if (owner !== undefined && owner !== account) {
        throw new TypeError(
          `AccessKey ID ${key.accessKeyId} is given to two accounts, ${owner.accountId} and ${account.accountId}.`,
        );
      }
      this.#byKey.set(key.accessKeyId, { key, account });
    }
  }
}

function memberModel(
  options: EmulatorAccountOptions,
  path: string,
  seed: string,
  now: () => number,
): AccountModel {
  const accountId = checkedId(options.accountId, `${path}.accountId`);
  const role = options.role ?? {};
  const maxSessionDurationSeconds = role.maxSessionDurationSeconds ?? DEFAULT_MAX_SESSION_SECONDS;
  if (
    !Number.isInteger(maxSessionDurationSeconds) ||
    maxSessionDurationSeconds < DEFAULT_MAX_SESSION_SECONDS ||
    maxSessionDurationSeconds > LONGEST_MAX_SESSION_SECONDS
  ) {
    throw new RangeError(
      `${path}.role.maxSessionDurationSeconds must be an integer from 3600 to 43200, got ${maxSessionDurationSeconds}.`,
    );
  }
  const refusal = role.refuse === true ? { code: 'NoPermission' } : role.refuse || undefined;
  return {
    accountId,
    displayName: options.displayName ?? `member-${accountId}`,
    management: false,
    status: options.status ?? 'CreateSuccess',
    key: defaultKey(options.accessKeyId, options.accessKeySecret),
    state: createEmulatorState(stateOptionsOf(options), `${seed}:account:${accountId}`, now),
    role: {
      name: role.name ?? DEFAULT_MEMBER_ROLE_NAME,
      ...(refusal !== undefined && { refusal }),
      maxSessionDurationSeconds,
    },
  };
}

function checkedId(accountId: unknown, path: string): string {
  if (typeof accountId !== 'string' || !ACCOUNT_ID.test(accountId)) {
    throw new TypeError(
      `${path} must be an account ID of digits, e.g. '1000000000000002'; got ${JSON.stringify(accountId)}.`,
    );
  }
  return accountId;
}
