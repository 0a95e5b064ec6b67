/**
 * {@link AccountFleet}: the alert workflow across the member accounts of an organization.
 *
 * @packageDocumentation
 */
import { randomBytes } from 'node:crypto';
import type { Alert } from '../alerts/alert.js';
import { AlertHandler } from '../alerts/alert-handler.js';
import { EXECUTE_OPTION_RULES, type ExecuteOptions } from '../alerts/execute.js';
import type { AlertFilter } from '../alerts/list.js';
import type { Operation } from '../alerts/operations.js';
import { type HandleRequest, PLAN_OPTION_RULES, type PlanOptions } from '../alerts/plan.js';
import { isPlanDestructive } from '../alerts/plan-format.js';
import type { HandlingReport } from '../alerts/report.js';
import { ResourceDirectoryClient } from '../clients/resource-directory-client.js';
import { SasClient } from '../clients/sas-client.js';
import { ValidationError } from '../errors.js';
import { endpoints } from '../generated/index.js';
import type { Approval, ExecuteResponsePlanOptions } from '../rules/approval.js';
import { executeResponsePlan } from '../rules/approval.js';
import type { ResponsePlan, ResponsePlanOptions } from '../rules/response-plan.js';
import type { ResponseRules } from '../rules/response-rules.js';
import type { Product } from '../transport/action-descriptor.js';
import { AssumeRoleCredentials } from '../transport/assume-role-credentials.js';
import type { ClientOptions, RequestAuditEvent } from '../transport/options.js';
import { checkOptions, type OptionRules } from '../util/check-options.js';
import { AccountSasClient, DelegatedAlertHandler, DelegatedSasClient } from './account-client.js';
import { accountJournal } from './account-journal.js';
import { discoverAccounts } from './discovery.js';
import { AccountNotAllowedError, DelegatedAdministratorError } from './fleet-errors.js';
import {
  type AccountFleetOptions,
  checkFleetOptions,
  DEFAULT_FLEET_ROLE_NAME,
  DEFAULT_MAX_ACCOUNTS_IN_FLIGHT,
  DEFAULT_MAX_CONCURRENT_REQUESTS_PER_ACCOUNT,
  type FleetAccess,
  type FleetAuditEvent,
  isAccountId,
} from './fleet-options.js';
import {
  type FleetPlan,
  type FleetPlanAccount,
  type FleetPlanFailure,
  type FleetResponsePlan,
  parseFleetPlan,
  parseFleetResponsePlan,
  sealFleetPlan,
} from './fleet-plan.js';
import { FleetReport } from './fleet-report.js';
import { mergedListing } from './merged-listing.js';
import type { FleetOutcome } from './outcome.js';
import { type RunnableAccount, runAccounts } from './run-accounts.js';

/** One member account of a fleet, as {@link AccountFleet.map} hands it to its function. */
export interface FleetAccount {
  /** The account's ID. */
  readonly accountId: string;
  /** Its name, from discovery or the list given. */
  readonly displayName: string | undefined;
  /**
   * The alert workflow in this account: a handler signed with the account's own credentials (its
   * assumed role), with the fleet's per-account limits. With `access: 'delegatedAdministrator'` it
   * lists the account's alerts and refuses everything else with a {@link DelegatedAdministratorError}.
   */
  readonly alerts: AlertHandler;
  /** The account's role credentials (`access: 'assumeRole'`), e.g. for a `RiskHandler` of the account. */
  readonly credential: AssumeRoleCredentials | undefined;
}

/** An alert of a fleet-wide listing: the alert, and the account it belongs to. */
export interface FleetAlert extends Alert {
  /** The account the alert belongs to. */
  readonly accountId: string;
}

/** A request of {@link AccountFleet.plan}: what to do with one alert of one account. */
export interface FleetHandleRequest extends HandleRequest {
  /** The account the alert belongs to. */
  readonly accountId: string;
}

/** Options of {@link AccountFleet.map}. */
export interface FleetMapOptions {
  /** Accounts not started when it aborts end `skipped`, with an `AbortError`; those running see it. */
  readonly signal?: AbortSignal;
  /**
   * Runs in these accounts of the fleet only (in the fleet's order).
   * @defaultValue every account
   */
  readonly accountIds?: readonly string[];
}

/** Options of {@link AccountFleet.listAlerts}. */
export interface FleetListOptions {
  /** Stops every account's listing; the stream then throws an `AbortError`. */
  readonly signal?: AbortSignal;
}

/** Options of {@link AccountFleet.plan}: those of `AlertHandler.plan`, for every account. */
export type FleetPlanOptions = PlanOptions;

/** What the fleet-wide executions share: nothing is sent to an account outside `allowedAccounts`. */
export interface FleetGuardOptions {
  /**
   * The accounts the execution may act in. An account of the plan outside it gets a `skipped` outcome
   * with an {@link AccountNotAllowedError}: nothing is sent to it, not even a request for its
   * credentials.
   */
  readonly allowedAccounts: readonly string[];
}

/**
 * Options of {@link AccountFleet.execute}: those of `AlertHandler.execute` for every account, and the
 * accounts allowed. A `journal` is shared by the accounts, each in its own part of it (its names
 * prefixed with `a<accountId>.`), so that the same alert ID in two accounts never meets.
 */
export interface FleetExecuteOptions extends ExecuteOptions, FleetGuardOptions {}

/**
 * Options of {@link AccountFleet.executeResponse}: those of `executeResponsePlan` for every account,
 * the accounts allowed, and the approvals: each account's destructive batches are sent only with an
 * approval of that account's response plan (matched by its digest).
 */
export interface FleetExecuteResponseOptions
  extends Omit<ExecuteResponsePlanOptions, 'approval'>,
    FleetGuardOptions {
  /** Approvals of the accounts' response plans (`approve(accountPlan, ...)`), in any order. */
  readonly approvals?: readonly Approval[];
}

const MAP_OPTION_RULES: OptionRules = { signal: { kind: 'signal' }, accountIds: { kind: 'strings' } };
const FLEET_EXECUTE_OPTION_RULES: OptionRules = {
  ...EXECUTE_OPTION_RULES,
  allowedAccounts: { kind: 'strings' },
};
const FLEET_EXECUTE_RESPONSE_OPTION_RULES: OptionRules = {
  ...FLEET_EXECUTE_OPTION_RULES,
  approvals: { kind: 'any' },
  secret: { kind: 'any' },
  now: { kind: 'any' },
  requireDistinctApprover: { kind: 'boolean' },
};

/** An account of the fleet with what the runner needs: its credentials step. */
interface Member extends RunnableAccount {
  readonly account: FleetAccount;
}

/**
 * The alert workflow across the member accounts of an organization: the accounts found with Resource
 * Directory (or Security Center's multi-account calls) or given, each with its own credentials (a RAM
 * role assumed with STS, cached and renewed) and its own limits, and every fleet-wide call answered with
 * one outcome per account, so that one account's failure or throttling never stops or slows the others.
 *
 * Limits: `maxAccountsInFlight` accounts are worked on at once (8 by default); each account's client
 * has its own `maxConcurrentRequestsPerAccount` (16) and its own adaptive rate, capped by
 * `maxRequestsPerSecondPerAccount`, and, when `maxRequestsPerSecond` bounds the fleet, by its share of
 * it (`maxRequestsPerSecond / maxAccountsInFlight`). See docs/accounts.md.
 *
 * @example
 * ```ts
 * import { AccountFleet, Operations } from 'alicloud-alert-handler';
 *
 * const fleet = await AccountFleet.open({ regionId: 'cn-shanghai', accounts: 'discover' });
 * const outcomes = await fleet.map(async (account) => {
 *   const ids: string[] = [];
 *   for await (const alert of account.alerts.listAlerts({ dealt: false, levels: ['serious'] })) ids.push(alert.id);
 *   return account.alerts.plan(ids.map((alertId) => ({ alertId, operation: Operations.markHandled() })));
 * });
 * for (const outcome of outcomes) {
 *   if (outcome.ok) console.log(outcome.accountId, outcome.value.batches.length, 'batches');
 *   else console.error(outcome.accountId, outcome.phase, outcome.error.message);
 * }
 * ```
 */
export class AccountFleet {
  /** The fleet's run: in every role session name, plan and report. */
  readonly runId: string;
  /** How the fleet acts in its accounts. */
  readonly access: FleetAccess;
  /** The member accounts, in order. */
  readonly accounts: readonly FleetAccount[];
  readonly #members: readonly Member[];
  readonly #byId: ReadonlyMap<string, Member>;
  readonly #maxAccountsInFlight: number;

  private constructor(
    runId: string,
    access: FleetAccess,
    members: readonly Member[],
    maxAccountsInFlight: number,
  ) {
    this.runId = runId;
    this.access = access;
    this.#members = members;
    this.accounts = Object.freeze(members.map((member) => member.account));
    this.#byId = new Map(members.map((member) => [member.account.accountId, member]));
    this.#maxAccountsInFlight = maxAccountsInFlight;
  }

  /**
   * Opens a fleet: checks every option (before anything is sent), lists the accounts when
   * `accounts: 'discover'` (every page), leaves out `exclude`, and prepares each account's handler and
   * credentials. No role is assumed yet: each account's is, once, when it is first worked on.
   *
   * @throws {@link ValidationError} when an option is invalid (the field is named), before any request
   * @throws whatever the discovery call throws (e.g. {@link NoPermissionError})
   *
   * @example
   * ```ts
   * const fleet = await AccountFleet.open({
   *   regionId: 'cn-shanghai',
   *   accounts: 'discover',
   *   exclude: ['1234567890123459'], // a sandbox
   *   roleName: 'AlertHandlerRole',
   *   maxAccountsInFlight: 10,
   *   maxRequestsPerSecond: 200,
   * });
   * console.log(fleet.runId, fleet.accounts.map((account) => account.accountId));
   * ```
   */
  static async open(options: AccountFleetOptions): Promise<AccountFleet> {
    const given = checkFleetOptions(options);
    const {
      credential,
      accounts: _accounts,
      exclude = [],
      discovery = 'ListAccounts',
      access = 'assumeRole',
      roleName = DEFAULT_FLEET_ROLE_NAME,
      runId = newRunId(Date.now()),
      durationSeconds,
      externalId,
      maxAccountsInFlight = DEFAULT_MAX_ACCOUNTS_IN_FLIGHT,
      maxRequestsPerSecond,
      maxConcurrentRequestsPerAccount = DEFAULT_MAX_CONCURRENT_REQUESTS_PER_ACCOUNT,
      maxRequestsPerSecondPerAccount,
      lang,
      batchSize,
      concurrency,
      poll,
      onAudit,
      ...shared
    } = options;
    const audit = (accountId: string | undefined) =>
      onAudit === undefined
        ? undefined
        : (event: FleetAuditEvent) => {
            try {
              onAudit({ ...event, ...(accountId !== undefined && { accountId }) });
            } catch {
              // An audit hook must not break the work it observes.
            }
          };
    const managementAudit = audit(undefined);
    const management = { ...shared, ...(credential !== undefined && { credential }) };
    // Built first: it checks the shared client options (and the Security Center endpoint) before any request.
    const sas = new SasClient({ ...management, ...(managementAudit && { onAudit: managementAudit }) });
    const share = maxRequestsPerSecond === undefined ? undefined : maxRequestsPerSecond / maxAccountsInFlight;
    const perAccountRate = minimum(maxRequestsPerSecondPerAccount, share);
    const found =
      given ??
      (await discoverAccounts(
        discovery,
        {
          sas: () => sas,
          directory: () =>
            new ResourceDirectoryClient({
              ...management,
              ...directoryRegion(shared),
              ...(managementAudit && { onAudit: managementAudit }),
            }),
        },
        undefined,
      ));
    const excluded = new Set(exclude);
    const members = found
      .filter((account) => !excluded.has(account.accountId))
      .map((account): Member => {
        const accountAudit = audit(account.accountId);
        const clientOptions: ClientOptions = {
          ...shared,
          maxConcurrentRequests: maxConcurrentRequestsPerAccount,
          ...(perAccountRate !== undefined && { maxRequestsPerSecond: perAccountRate }),
          ...(accountAudit && { onAudit: accountAudit }),
        };
        const role =
          access === 'assumeRole'
            ? new AssumeRoleCredentials({
                ...stsOptions(shared),
                ...(credential !== undefined && { credential }),
                ...(accountAudit && {
                  onAudit: accountAudit as (event: RequestAuditEvent<'Sts'>) => void,
                }),
                roleArn: `acs:ram::${account.accountId}:role/${roleName}`,
                roleSessionName: `alert-handler-${runId}`,
                ...(durationSeconds !== undefined && { durationSeconds }),
                ...(externalId !== undefined && { externalId }),
              })
            : undefined;
        const client =
          role === undefined
            ? new DelegatedSasClient(account.accountId, {
                ...clientOptions,
                ...(credential !== undefined && { credential }),
              })
            : new AccountSasClient(account.accountId, { ...clientOptions, credential: role });
        const handlerOptions = {
          client,
          ...(lang !== undefined && { lang }),
          ...(batchSize !== undefined && { batchSize }),
          ...(concurrency !== undefined && { concurrency }),
          ...(poll !== undefined && { poll }),
          ...(accountAudit && { onAudit: accountAudit }),
          ...(shared.logger !== undefined && { logger: shared.logger }),
          ...(shared.logLevel !== undefined && { logLevel: shared.logLevel }),
        };
        const alerts =
          role === undefined
            ? new DelegatedAlertHandler(account.accountId, handlerOptions)
            : new AlertHandler(handlerOptions);
        return {
          accountId: account.accountId,
          account: Object.freeze({
            accountId: account.accountId,
            displayName: account.displayName,
            alerts,
            credential: role,
          }),
          ready: async () => {
            await role?.getCredential();
          },
        };
      });
    return new AccountFleet(runId, access, members, maxAccountsInFlight);
  }

  /**
   * Runs `fn` in every account (or those of `accountIds`), `maxAccountsInFlight` at a time, and returns
   * one outcome per account in the fleet's order. Before `fn` runs in an account, its credentials are
   * obtained (its role assumed): when that fails, the outcome is `{ ok: false, phase: 'credentials' }`
   * and `fn` does not run there; when `fn` throws, `{ ok: false, phase: 'call' }`. Never throws for an
   * account's failure.
   *
   * @throws {@link ValidationError} when an option is invalid or `accountIds` names an account not in
   * the fleet
   *
   * @example
   * ```ts
   * const outcomes = await fleet.map(async (account) => {
   *   let open = 0;
   *   for await (const _ of account.alerts.listAlerts({ dealt: false })) open++;
   *   return open;
   * });
   * for (const outcome of outcomes) console.log(outcome.accountId, outcome.ok ? outcome.value : outcome.error.code);
   * ```
   */
  map<T>(
    fn: (account: FleetAccount) => Promise<T> | T,
    options: FleetMapOptions = {},
  ): Promise<FleetOutcome<T>[]> {
    checkOptions(options, MAP_OPTION_RULES, 'AccountFleet.map');
    if (typeof fn !== 'function') {
      throw new ValidationError('AccountFleet.map: `fn` must be a function of the account.', { field: 'fn' });
    }
    const members = this.#select(options.accountIds, 'accountIds');
    return runAccounts(
      members,
      { limit: this.#maxAccountsInFlight, signal: options.signal },
      async (member) => fn(member.account),
    );
  }

  /**
   * Every alert matching `filter` in every account, as one stream, each alert tagged with its
   * `accountId`: the accounts are listed at once (`maxAccountsInFlight` at a time), their alerts
   * interleaved as they come, each account's in its own order. An account that fails (its role, a
   * refused call) does not end the stream: the other accounts' alerts all come, then the stream throws
   * a {@link FleetListingError} whose `outcomes` say, per account, how many alerts came or what failed.
   *
   * @throws {@link ValidationError} when the filter is invalid (at the first `next()`, before any request)
   * @throws {@link FleetListingError} at the end, when some accounts failed
   * @throws {@link AbortError} when `signal` aborts
   *
   * @example
   * ```ts
   * try {
   *   for await (const alert of fleet.listAlerts({ dealt: false, levels: ['serious'] })) {
   *     console.log(alert.accountId, alert.id, alert.name);
   *   }
   * } catch (error) {
   *   if (!(error instanceof FleetListingError)) throw error;
   *   for (const failed of error.failed) console.error(`${failed.accountId}: ${failed.error.message}`);
   * }
   * ```
   */
  listAlerts(filter: AlertFilter = {}, options: FleetListOptions = {}): AsyncIterableIterator<FleetAlert> {
    checkOptions(options, { signal: { kind: 'signal' } }, 'AccountFleet.listAlerts');
    return mergedListing(this.#members, this.#maxAccountsInFlight, options.signal, (member, signal) =>
      tagged(member.account, filter, signal),
    );
  }

  /**
   * Plans the handling of alerts in their accounts: each account's requests with that account's
   * `alerts.plan` (its operations queried there), the accounts at once. Given a `filter` and a
   * `choose` function instead of requests, each account lists its alerts and plans what `choose`
   * returns for each (`undefined` leaves an alert out). An account that cannot be planned for is listed
   * in `failed`; nothing is sent anywhere.
   *
   * @throws {@link ValidationError} when a request or option is invalid, or names an account not in the
   * fleet, before any request
   * @throws {@link DelegatedAdministratorError} with `access: 'delegatedAdministrator'`, before any request
   *
   * @example
   * ```ts
   * const plan = await fleet.plan([
   *   { accountId: '1234567890123456', alertId: '7009607', operation: Operations.markHandled() },
   *   { accountId: '1234567890123457', alertId: '7009586', operation: Operations.ignore() },
   * ]);
   * const everywhere = await fleet.plan({ dealt: false, levels: ['remind'] }, () => Operations.ignore());
   * console.log(everywhere.accounts.map(({ accountId, plan }) => `${accountId}: ${plan.batches.length}`));
   * ```
   */
  plan(requests: readonly FleetHandleRequest[], options?: FleetPlanOptions): Promise<FleetPlan>;
  /**
   * Plans, in every account, what `choose` returns for each alert that `filter` lists there.
   *
   * @example
   * ```ts
   * const plan = await fleet.plan({ dealt: false }, (alert) =>
   *   alert.level === 'remind' ? Operations.ignore() : undefined,
   * );
   * ```
   */
  plan(
    filter: AlertFilter,
    choose: (alert: FleetAlert) => Operation | undefined,
    options?: FleetPlanOptions,
  ): Promise<FleetPlan>;
  async plan(
    first: readonly FleetHandleRequest[] | AlertFilter,
    second?: FleetPlanOptions | ((alert: FleetAlert) => Operation | undefined),
    third?: FleetPlanOptions,
  ): Promise<FleetPlan> {
    const byRequests = Array.isArray(first);
    const options = ((byRequests ? second : third) ?? {}) as FleetPlanOptions;
    checkOptions(options, PLAN_OPTION_RULES, 'AccountFleet.plan');
    this.#refuseHandling('Planning handling');
    let members: readonly Member[];
    let work: (member: Member) => Promise<ResponsePlan['plan']>;
    if (byRequests) {
      const grouped = this.#groupRequests(first as readonly FleetHandleRequest[]);
      members = this.#members.filter((member) => grouped.has(member.accountId));
      work = (member) => member.account.alerts.plan(grouped.get(member.accountId) ?? [], options);
    } else {
      const choose = second;
      if (typeof choose !== 'function') {
        throw new ValidationError(
          'AccountFleet.plan: with a filter, `choose` must be a function of the alert.',
          {
            field: 'choose',
          },
        );
      }
      members = this.#members;
      work = async (member) => {
        const requests: HandleRequest[] = [];
        for await (const alert of tagged(member.account, first as AlertFilter, options.signal)) {
          const operation = choose(alert);
          if (operation !== undefined) requests.push({ alertId: alert.id, operation });
        }
        return member.account.alerts.plan(requests, options);
      };
    }
    const outcomes = await runAccounts(
      members,
      { limit: this.#maxAccountsInFlight, signal: options.signal },
      work,
    );
    const { accounts, failed } = split(outcomes);
    return sealFleetPlan({
      kind: 'plan',
      runId: this.runId,
      createdAt: new Date().toISOString(),
      destructive: accounts.some(({ plan }) => isPlanDestructive(plan)),
      accounts,
      failed,
    }) as FleetPlan;
  }

  /**
   * Executes a fleet plan: each account's plan with that account's `alerts.execute`, through the same
   * exactly-once path (with a `journal`: write-ahead records, claims and reconciliation, in the
   * account's own part of the journal), the accounts at once. Only accounts in `allowedAccounts` are
   * acted in: the others get a `skipped` outcome with an {@link AccountNotAllowedError}, nothing sent
   * to them. The plan is checked first, as {@link parseFleetPlan} does; nothing is sent when it fails.
   *
   * @throws {@link ValidationError} when an option or the plan is invalid, or the plan names an account
   * not in the fleet
   * @throws {@link DelegatedAdministratorError} with `access: 'delegatedAdministrator'`, before any request
   *
   * @example
   * ```ts
   * const report = await fleet.execute(fleetPlan, {
   *   allowedAccounts: ['1234567890123456', '1234567890123457'],
   *   journal: fileJournal('.alert-handler/journal'),
   * });
   * console.log(report.summary());
   * ```
   */
  async execute(plan: FleetPlan, options: FleetExecuteOptions): Promise<FleetReport> {
    checkOptions(options, FLEET_EXECUTE_OPTION_RULES, 'AccountFleet.execute');
    const allowed = allowedSet(options);
    const checked = parseFleetPlan(plan);
    this.#refuseHandling('Executing a plan');
    const { allowedAccounts: _allowed, journal, ...executeOptions } = options;
    return this.#run(checked.accounts, allowed, executeOptions.signal, (member, accountPlan) =>
      member.account.alerts.execute(accountPlan, {
        ...executeOptions,
        ...(journal !== undefined && { journal: accountJournal(journal, member.accountId) }),
      }),
    );
  }

  /**
   * Response rules across the fleet: each account's alerts (those `alertsOrFilter` lists there, or the
   * alerts given for it) evaluated by `rules.plan` with that account's handler, the guards applied per
   * account (`maxAlertsPerRun` is per account), the accounts at once. Sends nothing.
   *
   * @throws {@link ValidationError} when an option is invalid, before any request
   * @throws {@link DelegatedAdministratorError} with `access: 'delegatedAdministrator'`, before any request
   *
   * @example
   * ```ts
   * const rules = ResponseRules.parse(await readFile('rules.json', 'utf8'));
   * const fleetResponsePlan = await fleet.planResponse(rules, { dealt: false }, { maxAlertsPerRun: 50 });
   * const approvals = fleetResponsePlan.accounts.map(({ plan }) => approve(plan, { approver: 'alice', expiresAt }));
   * const report = await fleet.executeResponse(fleetResponsePlan, { allowedAccounts, approvals, journal });
   * ```
   */
  async planResponse(
    rules: ResponseRules,
    alertsOrFilter: readonly FleetAlert[] | AlertFilter,
    options: ResponsePlanOptions = {},
  ): Promise<FleetResponsePlan> {
    this.#refuseHandling('Planning a response');
    if (typeof (rules as Partial<ResponseRules> | null)?.plan !== 'function') {
      throw new ValidationError(
        'AccountFleet.planResponse: `rules` must be ResponseRules (ResponseRules.parse(…)).',
        {
          field: 'rules',
        },
      );
    }
    let members: readonly Member[] = this.#members;
    let inputOf: (member: Member) => readonly Alert[] | AlertFilter = () => alertsOrFilter as AlertFilter;
    if (Array.isArray(alertsOrFilter)) {
      const grouped = this.#groupRequests(alertsOrFilter as readonly FleetAlert[], 'alerts');
      members = this.#members.filter((member) => grouped.has(member.accountId));
      inputOf = (member) => grouped.get(member.accountId) ?? [];
    }
    const outcomes = await runAccounts(
      members,
      { limit: this.#maxAccountsInFlight, signal: options.planOptions?.signal },
      (member) => rules.plan(member.account.alerts, inputOf(member), options),
    );
    const { accounts, failed } = split(outcomes);
    return sealFleetPlan({
      kind: 'responsePlan',
      runId: this.runId,
      createdAt: new Date().toISOString(),
      destructive: accounts.some(({ plan }) => isPlanDestructive(plan.plan)),
      accounts,
      failed,
    }) as FleetResponsePlan;
  }

  /**
   * Executes a fleet response plan: each account's response plan with `executeResponsePlan` (its guards
   * checked again before each batch, its destructive batches sent only with a valid approval of that
   * account's plan among `approvals`), in the accounts of `allowedAccounts` only, as
   * {@link AccountFleet.execute} does.
   *
   * @throws {@link ValidationError} when an option or the plan is invalid
   * @throws {@link DelegatedAdministratorError} with `access: 'delegatedAdministrator'`, before any request
   *
   * @example
   * ```ts
   * const report = await fleet.executeResponse(fleetResponsePlan, { allowedAccounts, approvals, secret: process.env.APPROVAL_KEY });
   * console.log(report.summary());
   * ```
   */
  async executeResponse(plan: FleetResponsePlan, options: FleetExecuteResponseOptions): Promise<FleetReport> {
    checkOptions(options, FLEET_EXECUTE_RESPONSE_OPTION_RULES, 'AccountFleet.executeResponse');
    const allowed = allowedSet(options);
    const checked = parseFleetResponsePlan(plan);
    this.#refuseHandling('Executing a response plan');
    const { allowedAccounts: _allowed, approvals = [], journal, ...executeOptions } = options;
    if (!Array.isArray(approvals)) {
      throw new ValidationError('AccountFleet.executeResponse: `approvals` must be an array of approvals.', {
        field: 'approvals',
      });
    }
    return this.#run(checked.accounts, allowed, executeOptions.signal, (member, accountPlan) => {
      const approval = approvals.find((each) => each?.digest === accountPlan.digest);
      return executeResponsePlan(member.account.alerts, accountPlan, {
        ...executeOptions,
        ...(approval !== undefined && { approval }),
        ...(journal !== undefined && { journal: accountJournal(journal, member.accountId) }),
      });
    });
  }

  /** Runs each planned account's execution, in the plan's order, refusing those not allowed. */
  async #run<P>(
    planned: readonly FleetPlanAccount<P>[],
    allowed: ReadonlySet<string>,
    signal: AbortSignal | undefined,
    execute: (member: Member, plan: P) => Promise<HandlingReport>,
  ): Promise<FleetReport> {
    const plans = new Map(planned.map(({ accountId, plan }) => [accountId, plan]));
    const members = this.#select(
      planned.map(({ accountId }) => accountId),
      'plan.accounts',
    );
    const outcomes = await runAccounts(
      members,
      {
        limit: this.#maxAccountsInFlight,
        signal,
        refuse: (member) =>
          allowed.has(member.accountId) ? undefined : new AccountNotAllowedError(member.accountId),
      },
      (member) => execute(member, plans.get(member.accountId) as P),
    );
    const names = new Map(members.map((member) => [member.accountId, member.account.displayName]));
    return new FleetReport(this.runId, outcomes, names);
  }

  /** The members of `ids` (all when undefined), in the order given. */
  #select(ids: readonly string[] | undefined, field: string): Member[] {
    if (ids === undefined) return [...this.#members];
    return ids.map((id, index) => {
      const member = this.#byId.get(id);
      if (member === undefined) {
        throw new ValidationError(
          `\`${field}[${index}]\`: account ${JSON.stringify(id)} is not in the fleet. Nothing was sent.`,
          {
            field,
          },
        );
      }
      return member;
    });
  }

  /** Items grouped by account, each account checked to be in the fleet. */
  #groupRequests<T extends { readonly accountId: string }>(
    items: readonly T[],
    field = 'requests',
  ): Map<string, T[]> {
    const grouped = new Map<string, T[]>();
    items.forEach((item, index) => {
      const accountId = item?.accountId;
      if (!isAccountId(accountId) || !this.#byId.has(accountId)) {
        throw new ValidationError(
          `\`${field}[${index}].accountId\` must be an account of the fleet, got ${JSON.stringify(accountId)}. Nothing was sent.`,
          { field: `${field}[${index}].accountId` },
        );
      }
      const list = grouped.get(accountId) ?? [];
      list.push(item);
      grouped.set(accountId, list);
    });
    return grouped;
  }

  #refuseHandling(what: string): void {
    if (this.access === 'delegatedAdministrator')
      throw new DelegatedAdministratorError(`${what} across the fleet`);
  }
}

/** The account's alerts matching `filter`, each tagged with the account. */
async function* tagged(
  account: FleetAccount,
  filter: AlertFilter,
  signal: AbortSignal | undefined,
): AsyncGenerator<FleetAlert, void, undefined> {
  for await (const alert of account.alerts.listAlerts(filter, signal === undefined ? {} : { signal })) {
    yield { ...alert, accountId: account.accountId };
  }
}

/** The accounts planned for, and those that failed, as plan data. */
function split<P>(outcomes: readonly FleetOutcome<P>[]): {
  accounts: FleetPlanAccount<P>[];
  failed: FleetPlanFailure[];
} {
  const accounts: FleetPlanAccount<P>[] = [];
  const failed: FleetPlanFailure[] = [];
  for (const outcome of outcomes) {
    if (outcome.ok) accounts.push({ accountId: outcome.accountId, plan: outcome.value });
    else {
      const { accountId, phase, error } = outcome;
      failed.push({ accountId, phase, code: error.code, message: error.message });
    }
  }
  return { accounts, failed };
}

/** `allowedAccounts`, required: the accounts an execution may act in. */
function allowedSet(options: FleetGuardOptions): ReadonlySet<string> {
  const { allowedAccounts } = options ?? {};
  if (!Array.isArray(allowedAccounts) || !allowedAccounts.every(isAccountId)) {
    throw new ValidationError(
      '`allowedAccounts` is required: the account IDs the execution may act in (e.g. fleet.accounts.map((account) => account.accountId)). Nothing was sent.',
      { field: 'allowedAccounts' },
    );
  }
  return new Set(allowedAccounts);
}

/** A new run id: `run-`, the UTC date and time, and 8 random hex digits. */
function newRunId(nowMs: number): string {
  const stamp = new Date(nowMs).toISOString().replace(/[-:]/g, '').slice(0, 15).replace('T', '-');
  return `run-${stamp}-${randomBytes(4).toString('hex')}`;
}

function minimum(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined ? a : Math.min(a, b);
}

/** Where Resource Directory answers for the fleet's options: its site for the region, or `endpoint`. */
function directoryRegion(options: Pick<ClientOptions<Product>, 'regionId' | 'endpoint'>): {
  regionId?: string;
} {
  const { regionId, endpoint } = options;
  if (endpoint !== undefined || regionId === undefined) return {};
  if (Object.hasOwn(endpoints.ResourceDirectoryMaster.endpointMap, regionId)) return { regionId };
  return { regionId: regionId.startsWith('cn-') ? 'cn-shanghai' : 'ap-southeast-1' };
}

/** Where STS answers: `endpoint`, the region's host when STS has one, else its central host. */
function stsOptions(options: ClientOptions<Product>): ClientOptions<'Sts'> {
  const { regionId, onAudit: _onAudit, auditResponseBodies: _bodies, ...rest } = options;
  const regional = regionId !== undefined && Object.hasOwn(endpoints.Sts.endpointMap, regionId);
  return { ...rest, ...(regional && { regionId }) };
}
