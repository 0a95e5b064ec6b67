/**
 * Least privilege: the RAM actions each method, action or plan needs, and the two RAM policies that
 * cover reading and handling. Every RAM action comes from the action descriptors (`ramAction`).
 *
 * @packageDocumentation
 */
import type { Plan } from './alerts/plan.js';
import { ValidationError } from './errors.js';
import { type ActionName, actions } from './generated/index.js';

const { DescribeSuspEvents, DescribeSecurityEventOperations, DescribeSecurityEventOperationStatus } = actions;
const { HandleSecurityEvents, DescribeRiskRules, PreHandleAuditRisk } = actions;
const { DescribeMonitorAccounts, ListAccountsInResourceDirectory, AssumeRole, ListAccounts } = actions;

/** Handling alerts and risk events in one account: the actions the two policies are made of. */
const HANDLING_ACTIONS = [
  DescribeSuspEvents,
  DescribeSecurityEventOperations,
  HandleSecurityEvents,
  DescribeSecurityEventOperationStatus,
  DescribeRiskRules,
  PreHandleAuditRisk,
];
/** What executing a plan's batches calls: the handling call, its status, and the alerts to reconcile. */
const EXECUTE = [HandleSecurityEvents, DescribeSecurityEventOperationStatus, DescribeSuspEvents];
/** What a whitelist batch adds: re-reading the rules it replaces, right before it is sent. */
const EXECUTE_WHITELIST = [...EXECUTE, DescribeSecurityEventOperations];

/** What a fleet method needs in each member account to plan there: its alerts, and their operations. */
const FLEET_PLAN = [AssumeRole, DescribeSuspEvents, DescribeSecurityEventOperations];
/** What a fleet method needs to execute in each member account. */
const FLEET_EXECUTE = [AssumeRole, ...EXECUTE_WHITELIST];

/**
 * A public method of {@link SasClient}, {@link SddpClient}, {@link StsClient},
 * {@link ResourceDirectoryClient}, {@link AssumeRoleCredentials}, {@link AlertHandler},
 * {@link RiskHandler} or {@link AccountFleet}, e.g. `AlertHandler.plan`. A fleet method's actions are of
 * both sides: `sts:AssumeRole` for the management identity, the others for the role in each member
 * account (a fleet opened with `accounts: 'discover'` also needs its discovery call: see
 * {@link managementPolicy}).
 */
export type PermissionMethod =
  | 'SasClient.describeSuspEvents'
  | 'SasClient.describeSecurityEventOperations'
  | 'SasClient.handleSecurityEvents'
  | 'SasClient.describeSecurityEventOperationStatus'
  | 'SasClient.describeMonitorAccounts'
  | 'SasClient.listAccountsInResourceDirectory'
  | 'SddpClient.describeRiskRules'
  | 'SddpClient.preHandleAuditRisk'
  | 'StsClient.assumeRole'
  | 'ResourceDirectoryClient.listAccounts'
  | 'AssumeRoleCredentials.getCredential'
  | 'AlertHandler.listAlerts'
  | 'AlertHandler.recommend'
  | 'AlertHandler.getOperations'
  | 'AlertHandler.plan'
  | 'AlertHandler.execute'
  | 'AlertHandler.handle'
  | 'AlertHandler.waitForTask'
  | 'AlertHandler.recheck'
  | 'AlertHandler.resume'
  | 'AlertHandler.watch'
  | 'RiskHandler.listRisks'
  | 'RiskHandler.handleRisk'
  | 'AccountFleet.map'
  | 'AccountFleet.listAlerts'
  | 'AccountFleet.plan'
  | 'AccountFleet.execute'
  | 'AccountFleet.planResponse'
  | 'AccountFleet.executeResponse';

/** The actions each public method of the clients and handlers calls. */
const METHOD_ACTIONS: Readonly<Record<PermissionMethod, readonly { readonly ramAction: string }[]>> = {
  'SasClient.describeSuspEvents': [DescribeSuspEvents],
  'SasClient.describeSecurityEventOperations': [DescribeSecurityEventOperations],
  'SasClient.handleSecurityEvents': [HandleSecurityEvents],
  'SasClient.describeSecurityEventOperationStatus': [DescribeSecurityEventOperationStatus],
  'SasClient.describeMonitorAccounts': [DescribeMonitorAccounts],
  'SasClient.listAccountsInResourceDirectory': [ListAccountsInResourceDirectory],
  'SddpClient.describeRiskRules': [DescribeRiskRules],
  'SddpClient.preHandleAuditRisk': [PreHandleAuditRisk],
  'StsClient.assumeRole': [AssumeRole],
  'ResourceDirectoryClient.listAccounts': [ListAccounts],
  'AssumeRoleCredentials.getCredential': [AssumeRole],
  'AlertHandler.listAlerts': [DescribeSuspEvents],
  'AlertHandler.recommend': [],
  'AlertHandler.getOperations': [DescribeSecurityEventOperations],
  'AlertHandler.plan': [DescribeSecurityEventOperations],
  'AlertHandler.execute': EXECUTE_WHITELIST,
  'AlertHandler.handle': [DescribeSecurityEventOperations, ...EXECUTE],
  'AlertHandler.waitForTask': [DescribeSecurityEventOperationStatus],
  'AlertHandler.recheck': [DescribeSecurityEventOperationStatus],
  'AlertHandler.resume': EXECUTE_WHITELIST,
  'AlertHandler.watch': [DescribeSuspEvents],
  'RiskHandler.listRisks': [DescribeRiskRules],
  'RiskHandler.handleRisk': [PreHandleAuditRisk],
  // What the fleet itself sends; `map` runs the caller's function, whose methods add their own.
  'AccountFleet.map': [AssumeRole],
  'AccountFleet.listAlerts': [AssumeRole, DescribeSuspEvents],
  'AccountFleet.plan': FLEET_PLAN,
  'AccountFleet.execute': FLEET_EXECUTE,
  'AccountFleet.planResponse': FLEET_PLAN,
  'AccountFleet.executeResponse': FLEET_EXECUTE,
};

/** What {@link requiredPermissions} takes: a method, an action name, or a plan to execute. */
export type PermissionTarget = PermissionMethod | ActionName | Plan;

/** A RAM policy document, as the RAM console and `CreatePolicy` take it. */
export interface RamPolicy {
  /** Policy language version, always `1`. */
  readonly Version: '1';
  /** Statements allowing the listed actions on the listed resources. */
  readonly Statement: readonly {
    /** Always `Allow`. */
    readonly Effect: 'Allow';
    /** RAM actions, sorted, e.g. `yundun-sas:DescribeSuspEvents`. */
    readonly Action: readonly string[];
    /**
     * `*` for actions that take no resource-level restriction (all the Security Center and Data Security
     * Center ones); the ARNs of the roles that may be assumed for `sts:AssumeRole`.
     */
    readonly Resource: '*' | readonly string[];
  }[];
}

/**
 * The RAM actions, sorted, that a method, an action or the execution of a plan needs. A plan with
 * batches needs `HandleSecurityEvents` and `DescribeSecurityEventOperationStatus` (to wait for its tasks)
 * and `DescribeSuspEvents` (to check alerts whose handling answer was lost); a plan without batches
 * needs nothing.
 *
 * @throws {@link ValidationError} `target` when it is not a known method, action or plan
 *
 * @example
 * ```ts
 * requiredPermissions('AlertHandler.listAlerts'); // ['yundun-sas:DescribeSuspEvents']
 * requiredPermissions('PreHandleAuditRisk'); // ['yundun-sddp:PreHandleAuditRisk']
 * const plan = await alerts.plan([{ alertId: '7009607', operation: Operations.ignore() }]);
 * requiredPermissions(plan);
 * // ['yundun-sas:DescribeSecurityEventOperationStatus', 'yundun-sas:DescribeSuspEvents', 'yundun-sas:HandleSecurityEvents']
 * ```
 */
export function requiredPermissions(target: PermissionTarget): string[] {
  if (typeof target === 'string') {
    if (Object.hasOwn(METHOD_ACTIONS, target)) return ramActions(METHOD_ACTIONS[target as PermissionMethod]);
    if (Object.hasOwn(actions, target)) return ramActions([actions[target as ActionName]]);
  } else if (Array.isArray((target as Partial<Plan> | null)?.batches)) {
    const { batches } = target as Plan;
    if (batches.length === 0) return [];
    const whitelists = batches.some((batch) => batch?.operation?.markMissParam !== undefined);
    return ramActions(whitelists ? EXECUTE_WHITELIST : EXECUTE);
  }
  const given =
    typeof target === 'string' ? JSON.stringify(target) : target === null ? 'null' : typeof target;
  throw new ValidationError(
    `Unknown target ${given}: give a method such as 'AlertHandler.plan' ` +
      `(one of ${Object.keys(METHOD_ACTIONS).join(', ')}), an action such as 'HandleSecurityEvents', or a plan.`,
    { field: 'target' },
  );
}

/**
 * A RAM policy for reading only: listing alerts and risk events, querying operations and task status,
 * and planning (a plan changes nothing). It allows every action of alert and risk handling that changes
 * no state.
 *
 * @example
 * ```ts
 * console.log(JSON.stringify(READ_ONLY_POLICY, null, 2)); // paste into the RAM console
 * ```
 */
export const READ_ONLY_POLICY: RamPolicy = policy(HANDLING_ACTIONS.filter((action) => !action.mutating));

/**
 * A RAM policy for handling: {@link READ_ONLY_POLICY} plus the actions that change state
 * (`HandleSecurityEvents`, `PreHandleAuditRisk`). Grant it only to the principal that executes plans.
 *
 * @example
 * ```ts
 * await writeFile('handling-policy.json', JSON.stringify(HANDLING_POLICY, null, 2));
 * ```
 */
export const HANDLING_POLICY: RamPolicy = policy(HANDLING_ACTIONS);

function ramActions(descriptors: readonly { readonly ramAction: string }[]): string[] {
  return [...new Set(descriptors.map((descriptor) => descriptor.ramAction))].sort();
}

function policy(descriptors: readonly { readonly ramAction: string }[]): RamPolicy {
  return Object.freeze({ Version: '1' as const, Statement: Object.freeze([statement(descriptors, '*')]) });
}

/** A call that lists the member accounts of an organization, from the management side. */
export type AccountDiscovery = 'DescribeMonitorAccounts' | 'ListAccountsInResourceDirectory' | 'ListAccounts';

/** Options of {@link managementPolicy}. */
export interface ManagementPolicyOptions {
  /**
   * The calls that list the member accounts: give only the one used.
   * @defaultValue all three
   */
  discovery?: readonly AccountDiscovery[];
  /**
   * The role assumed in each member account.
   * @defaultValue 'ResourceDirectoryAccountAccessRole'
   */
  roleName?: string;
  /**
   * The member accounts whose role may be assumed.
   * @defaultValue every account (`*`)
   */
  accountIds?: readonly string[];
}

const DISCOVERY: Readonly<Record<AccountDiscovery, { readonly ramAction: string }>> = {
  DescribeMonitorAccounts,
  ListAccountsInResourceDirectory,
  ListAccounts,
};
const ROLE_NAME = /^[\w.-]{1,64}$/;
const ACCOUNT_ID = /^\d{1,20}$/;

/**
 * The RAM policy of the identity that handles alerts across accounts, in the management account (or
 * Security Center's delegated administrator): listing the member accounts, and assuming the role in
 * each of them (`sts:AssumeRole` on that role only). The role in each member account then needs
 * {@link READ_ONLY_POLICY} or {@link HANDLING_POLICY}, and a trust policy naming this identity's account
 * (see docs/accounts.md).
 *
 * @throws {@link ValidationError} `discovery`, `roleName` or `accountIds` when one is not a known call,
 * a RAM role name or an account ID
 *
 * @example
 * ```ts
 * const policy = managementPolicy({ discovery: ['ListAccountsInResourceDirectory'], roleName: 'AlertHandlerRole' });
 * console.log(JSON.stringify(policy, null, 2)); // paste into the RAM console of the management account
 * ```
 */
export function managementPolicy(options: ManagementPolicyOptions = {}): RamPolicy {
  const discovery: readonly unknown[] = options.discovery ?? Object.keys(DISCOVERY);
  const { roleName = 'ResourceDirectoryAccountAccessRole' } = options;
  const accountIds: readonly unknown[] = options.accountIds ?? ['*'];
  const isCall = (call: unknown): call is AccountDiscovery =>
    typeof call === 'string' && Object.hasOwn(DISCOVERY, call);
  if (!Array.isArray(discovery) || !discovery.every(isCall)) {
    throw new ValidationError(
      `\`discovery\` must list calls among ${Object.keys(DISCOVERY).join(', ')}; got ${JSON.stringify(discovery)}.`,
      { field: 'discovery' },
    );
  }
  if (typeof roleName !== 'string' || !ROLE_NAME.test(roleName)) {
    throw new ValidationError(
      `\`roleName\` must be a RAM role name (1 to 64 letters, digits, '.', '-'); got ${JSON.stringify(roleName)}.`,
      { field: 'roleName' },
    );
  }
  const isAccount = (id: unknown): id is string =>
    typeof id === 'string' && (ACCOUNT_ID.test(id) || (id === '*' && options.accountIds === undefined));
  if (!Array.isArray(accountIds) || !accountIds.every(isAccount)) {
    throw new ValidationError(`\`accountIds\` must list account IDs; got ${JSON.stringify(accountIds)}.`, {
      field: 'accountIds',
    });
  }
  const listing = discovery.map((call) => DISCOVERY[call]);
  const roles = [...new Set(accountIds.map((id) => `acs:ram:*:${id}:role/${roleName}`))];
  const statements = [
    ...(listing.length === 0 ? [] : [statement(listing, '*')]),
    statement([AssumeRole], Object.freeze(roles)),
  ];
  return Object.freeze({ Version: '1' as const, Statement: Object.freeze(statements) });
}

function statement(
  descriptors: readonly { readonly ramAction: string }[],
  resource: '*' | readonly string[],
): RamPolicy['Statement'][number] {
  return Object.freeze({
    Effect: 'Allow' as const,
    Action: Object.freeze(ramActions(descriptors)),
    Resource: resource,
  });
}
