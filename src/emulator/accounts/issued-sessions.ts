import { createHash, randomBytes } from 'node:crypto';
import type { EmulatorKey } from '../signing/verify.js';
import type { EmulatorAssumedRole } from './emulator-account.js';

/** Temporary credentials the emulator's STS issued, with the account they act in and their expiry. */
export interface IssuedSession {
  readonly accountId: string;
  /** AccessKey ID, secret and the token every request signed with them must carry. */
  readonly key: EmulatorKey & { readonly securityToken: string };
  /** Epoch milliseconds from which they are refused with `InvalidSecurityToken.Expired`. */
  readonly expiresAt: number;
  /** What tests read of it. */
  readonly record: EmulatorAssumedRole;
}

/** What a new session is issued for. */
export interface SessionRequest {
  readonly accountId: string;
  readonly roleArn: string;
  readonly roleSessionName: string;
  readonly durationSeconds: number;
  /** The emulator's clock, epoch milliseconds. */
  readonly now: number;
}

/**
 * The role sessions issued so far. AccessKey IDs follow the emulator's seed (`STS.` and 24 characters
 * drawn from it and the session's number); secrets and tokens are random.
 */
export class IssuedSessions {
  readonly #seed: string;
  readonly #byKey = new Map<string, IssuedSession>();

  constructor(seed: string) {
    this.#seed = seed;
  }

  /** Issues credentials for a role session and keeps them. */
  issue(request: SessionRequest): IssuedSession {
    const digest = createHash('sha256')
      .update(`${this.#seed}:sts:${this.#byKey.size + 1}`)
      .digest('base64url');
    const accessKeyId = `STS.${digest.replace(/[-_]/g, '').slice(0, 24)}`;
    const expiresAt = Math.floor(request.now / 1000) * 1000 + request.durationSeconds * 1000;
    const session: IssuedSession = {
      accountId: request.accountId,
      key: {
        accessKeyId,
        accessKeySecret: randomBytes(30).toString('base64url'),
        securityToken: `CAIS${randomBytes(96).toString('base64')}`,
      },
      expiresAt,
      record: {
        accountId: request.accountId,
        roleArn: request.roleArn,
        roleSessionName: request.roleSessionName,
        accessKeyId,
        expiration: new Date(expiresAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      },
    };
    this.#byKey.set(accessKeyId, session);
    return session;
  }

  /** The session of a temporary AccessKey ID, expired or not. */
  get(accessKeyId: string): IssuedSession | undefined {
    return this.#byKey.get(accessKeyId);
  }

  /** Every session issued, in order. */
  list(): EmulatorAssumedRole[] {
    return [...this.#byKey.values()].map((session) => session.record);
  }
}
