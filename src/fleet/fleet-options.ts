/**
 * The options of {@link AccountFleet.open}: which accounts, how to act in them, and the limits; all
 * checked before anything is sent.
 *
 * @packageDocumentation
 */
import type { AuditEvent } from '../alerts/audit.js';
import { PLAN_OPTION_RULES } from '../alerts/plan.js';
import { POLL_OPTION_RULES, type WaitForTaskOptions } from '../alerts/poller.js';
import { ValidationError } from '../errors.js';
import type { AccountDiscovery } from '../permissions.js';
import type { Product } from '../transport/action-descriptor.js';
import { CLIENT_OPTION_RULES } from '../transport/client-config.js';
import type { ClientOptions, CredentialInput, RequestAuditEvent } from '../transport/options.js';
import { checkOptions, type OptionRules } from '../util/check-options.js';

/** An account of a fleet given by the caller: its ID, and a name to show. */
export interface FleetAccountInput {
  /** The account's ID (digits), e.g. `1234567890123456`. */
  readonly accountId: string;
  /** A name to show in reports. */
  readonly displayName?: string;
}

/**
 * How a fleet acts in its member accounts:
 * - `assumeRole`: with credentials of each account, from STS `AssumeRole` into a RAM role there
 *   (`roleName`); everything the alert workflow does works;
 * - `delegatedAdministrator`: with the fleet's one identity (the management account, or Security
 *   Center's delegated administrator), naming the account on the calls that take one
 *   (`ResourceDirectoryAccountId`). Listing only: handling needs the member's credentials, because
 *   `DescribeSecurityEventOperations` and `DescribeSecurityEventOperationStatus` take no account
 *   parameter; it is refused with a {@link DelegatedAdministratorError}, nothing sent.
 */
export type FleetAccess = 'assumeRole' | 'delegatedAdministrator';

/** An audit event of a fleet: a handler's or a client's, with the account it concerns. */
export type FleetAuditEvent = (AuditEvent | RequestAuditEvent<Product>) & {
  /**
   * The member account the event concerns (its `AssumeRole` call included); absent for the management
   * side's own calls (discovery).
   */
  readonly accountId?: string;
};

/**
 * Options of {@link AccountFleet.open}: the accounts, how to reach them, the limits, and what every
 * account's client and handler share (`regionId` or `endpoint`, `protocol`, `timeoutMs`, `retry`,
 * `logger`, ...).
 */
export interface AccountFleetOptions
  extends Omit<ClientOptions, 'credential' | 'onAudit' | 'maxConcurrentRequests' | 'maxRequestsPerSecond'> {
  /**
   * The management side's credentials: a RAM user or role of the management account (or of Security
   * Center's delegated administrator) that lists the accounts and assumes the role in each.
   * @defaultValue the default credential chain
   */
  credential?: CredentialInput;
  /**
   * The member accounts: `'discover'` lists them with `discovery`; or a list of account IDs (or
   * `{ accountId, displayName }`), used as given, in that order.
   */
  accounts: 'discover' | readonly (string | FleetAccountInput)[];
  /** Account IDs left out, of the list or of what discovery finds. */
  exclude?: readonly string[];
  /**
   * The call that lists the accounts with `accounts: 'discover'`: Resource Directory's `ListAccounts`
   * (every page), or Security Center's `ListAccountsInResourceDirectory` or `DescribeMonitorAccounts`.
   * Resource Directory answers at `resourcedirectory.aliyuncs.com` for a `cn-` region and at
   * `resourcedirectory-intl.aliyuncs.com` otherwise (or at `endpoint`).
   * @defaultValue 'ListAccounts'
   */
  discovery?: AccountDiscovery;
  /**
   * How the fleet acts in each account (see {@link FleetAccess}).
   * @defaultValue 'assumeRole'
   */
  access?: FleetAccess;
  /**
   * The RAM role assumed in each account, with `access: 'assumeRole'`.
   * @defaultValue 'ResourceDirectoryAccountAccessRole'
   */
  roleName?: string;
  /**
   * Names this run in every role session (`alert-handler-<runId>`, in ActionTrail) and in the fleet's
   * plans and reports: 1 to 48 letters, digits and `.`, `@`, `-`, `_`.
   * @defaultValue `run-<yyyymmdd>-<hhmmss>-<8 hex digits>`, made when the fleet opens
   */
  runId?: string;
  /**
   * Lifetime of each account's role credentials, in seconds (see `AssumeRoleCredentialsOptions`).
   * @defaultValue 3600
   */
  durationSeconds?: number;
  /** The roles' external ID, when their trust policy requires one. */
  externalId?: string;
  /**
   * Accounts worked on at once by {@link AccountFleet.map} and the fleet-wide workflow.
   * @defaultValue 8
   */
  maxAccountsInFlight?: number;
  /**
   * Requests per second of the whole fleet. It is shared out evenly among the `maxAccountsInFlight`
   * places, each account's client capped at its share, so that no account ever waits for another's
   * requests (nor for its throttling).
   * @defaultValue none: each account's own rate decides
   */
  maxRequestsPerSecond?: number;
  /**
   * Requests of one account in flight at once (its client's `maxConcurrentRequests`).
   * @defaultValue 16
   */
  maxConcurrentRequestsPerAccount?: number;
  /**
   * Highest request rate of one account (its client's `maxRequestsPerSecond`). Each account's client
   * adapts its own rate to its own throttling; one account's throttling never lowers another's.
   * @defaultValue none: each account's adaptive rate (from 20 requests/s)
   */
  maxRequestsPerSecondPerAccount?: number;
  /** Language of names and labels in answers (each account's `AlertHandler`). */
  lang?: 'zh' | 'en';
  /** Alerts per `HandleSecurityEvents` call (each account's `AlertHandler`). */
  batchSize?: number;
  /** Operation queries in flight at once while planning, per account (each account's `AlertHandler`). */
  concurrency?: number;
  /** How to wait for handling tasks (each account's `AlertHandler`). */
  poll?: Omit<WaitForTaskOptions, 'signal' | 'onProgress'>;
  /**
   * Called after every request attempt (management side, STS, and each account's Security Center
   * calls) and every plan, batch and execution, with the account it concerns. Exceptions it throws
   * are ignored.
   *
   * @example
   * ```ts
   * const fleet = await AccountFleet.open({
   *   regionId: 'cn-shanghai',
   *   accounts: 'discover',
   *   onAudit: (event) => {
   *     if (event.kind === 'request') console.log(event.accountId ?? 'management', event.action, event.outcome);
   *   },
   * });
   * ```
   */
  onAudit?(event: FleetAuditEvent): void;
}

/** {@link AccountFleetOptions.maxAccountsInFlight} when not given. */
export const DEFAULT_MAX_ACCOUNTS_IN_FLIGHT = 8;
/** {@link AccountFleetOptions.maxConcurrentRequestsPerAccount} when not given. */
export const DEFAULT_MAX_CONCURRENT_REQUESTS_PER_ACCOUNT = 16;
/** {@link AccountFleetOptions.roleName} when not given. */
export const DEFAULT_FLEET_ROLE_NAME = 'ResourceDirectoryAccountAccessRole';

const { maxConcurrentRequests, maxRequestsPerSecond, credential, onAudit, ...clientRules } =
  CLIENT_OPTION_RULES;

const FLEET_OPTION_RULES: OptionRules = {
  ...clientRules,
  credential: { kind: 'any' },
  onAudit: { kind: 'function' },
  accounts: { kind: 'any' },
  exclude: { kind: 'strings' },
  discovery: {
    kind: 'oneOf',
    values: ['ListAccounts', 'ListAccountsInResourceDirectory', 'DescribeMonitorAccounts'],
  },
  access: { kind: 'oneOf', values: ['assumeRole', 'delegatedAdministrator'] },
  roleName: { kind: 'string' },
  runId: { kind: 'string' },
  durationSeconds: { kind: 'integer', min: 900, max: 43_200 },
  externalId: { kind: 'string' },
  maxAccountsInFlight: { kind: 'integer', min: 1, max: 256 },
  maxRequestsPerSecond: maxRequestsPerSecond as NonNullable<typeof maxRequestsPerSecond>,
  maxConcurrentRequestsPerAccount: maxConcurrentRequests as NonNullable<typeof maxConcurrentRequests>,
  maxRequestsPerSecondPerAccount: maxRequestsPerSecond as NonNullable<typeof maxRequestsPerSecond>,
  lang: { kind: 'oneOf', values: ['zh', 'en'] },
  batchSize: PLAN_OPTION_RULES.batchSize,
  concurrency: PLAN_OPTION_RULES.concurrency,
  poll: { kind: 'object', rules: POLL_OPTION_RULES },
};

const ACCOUNT_ID = /^\d{1,20}$/;
const ROLE_NAME = /^[\w.-]{1,64}$/;
const RUN_ID = /^[\w.@-]{1,48}$/;

/** Whether a value is an account ID: 1 to 20 digits. */
export function isAccountId(value: unknown): value is string {
  return typeof value === 'string' && ACCOUNT_ID.test(value);
}

/**
 * Checks a fleet's options, every one, before anything is sent.
 *
 * @returns the accounts given (undefined for discovery), each once
 * @throws {@link ValidationError} naming the first field that is wrong
 */
export function checkFleetOptions(options: AccountFleetOptions): FleetAccountInput[] | undefined {
  checkOptions(options, FLEET_OPTION_RULES, 'AccountFleet.open');
  if (options === undefined || options === null) {
    throw new ValidationError(
      "AccountFleet.open: `accounts` is required: 'discover' or a list of account IDs.",
      {
        field: 'accounts',
      },
    );
  }
  const { accounts, exclude, access, roleName, runId, durationSeconds, externalId } = options;
  for (const [index, id] of (exclude ?? []).entries()) {
    if (!isAccountId(id)) {
      throw new ValidationError(
        `\`exclude[${index}]\` must be an account ID (digits), got ${JSON.stringify(id)}.`,
        {
          field: 'exclude',
        },
      );
    }
  }
  if (roleName !== undefined && !ROLE_NAME.test(roleName)) {
    throw new ValidationError(
      `\`roleName\` must be a RAM role name (1 to 64 letters, digits, '.', '-', '_'), got ${JSON.stringify(roleName)}.`,
      { field: 'roleName' },
    );
  }
  if (runId !== undefined && !RUN_ID.test(runId)) {
    throw new ValidationError(
      `\`runId\` must be 1 to 48 letters, digits and '.', '@', '-', '_' (it names the role sessions), got ${JSON.stringify(runId)}.`,
      { field: 'runId' },
    );
  }
  if (access === 'delegatedAdministrator') {
    const roleOption = (['roleName', 'durationSeconds', 'externalId'] as const).find(
      (name) => ({ roleName, durationSeconds, externalId })[name] !== undefined,
    );
    if (roleOption !== undefined) {
      throw new ValidationError(
        `\`${roleOption}\` is for access: 'assumeRole'; a delegated administrator assumes no role.`,
        { field: roleOption },
      );
    }
  }
  if (accounts === 'discover') return undefined;
  if (!Array.isArray(accounts) || accounts.length === 0) {
    throw new ValidationError(
      `\`accounts\` must be 'discover' or a non-empty list of account IDs, got ${JSON.stringify(accounts)}.`,
      { field: 'accounts' },
    );
  }
  const seen = new Set<string>();
  return accounts.map((given: unknown, index) => {
    const account = typeof given === 'string' ? { accountId: given } : (given as FleetAccountInput);
    const { accountId, displayName } = account ?? ({} as FleetAccountInput);
    if (!isAccountId(accountId) || (displayName !== undefined && typeof displayName !== 'string')) {
      throw new ValidationError(
        `\`accounts[${index}]\` must be an account ID (digits) or { accountId, displayName? }, got ${JSON.stringify(given)}.`,
        { field: 'accounts' },
      );
    }
    if (seen.has(accountId)) {
      throw new ValidationError(`\`accounts[${index}]\`: account ${accountId} is listed twice.`, {
        field: 'accounts',
      });
    }
    seen.add(accountId);
    return displayName === undefined ? { accountId } : { accountId, displayName };
  });
}
