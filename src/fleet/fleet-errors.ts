/**
 * The errors of a fleet of accounts: an account outside the allowed ones, handling refused to a
 * delegated administrator, and a fleet-wide listing some accounts of which failed.
 *
 * @packageDocumentation
 */
import { type Delivery, SdkError } from '../errors.js';
import type { FleetOutcome } from './outcome.js';

/**
 * The fleet refused to act in an account outside the execution's `allowedAccounts`: nothing was sent
 * to it, not even a request for its credentials.
 *
 * @example
 * ```ts
 * const report = await fleet.execute(fleetPlan, { allowedAccounts: ['1234567890123456'] });
 * for (const outcome of report.accounts) {
 *   if (!outcome.ok && outcome.error instanceof AccountNotAllowedError) console.log('left alone:', outcome.accountId);
 * }
 * ```
 */
export class AccountNotAllowedError extends SdkError {
  override name = 'AccountNotAllowedError';
  /** Refused before any request: nothing was applied. */
  protected static override readonly defaultDelivery: Delivery = 'notSent';
  /** The account refused. */
  readonly accountId: string;

  constructor(accountId: string) {
    super(
      `Account ${accountId} is not in allowedAccounts, so nothing was sent to it. Add it to allowedAccounts to act in it.`,
      { code: 'AccountNotAllowed' },
    );
    this.accountId = accountId;
  }
}

/**
 * Handling was asked of a fleet opened with `access: 'delegatedAdministrator'`. One identity can list
 * the alerts of member accounts (`DescribeSuspEvents` takes `ResourceDirectoryAccountId`), but not
 * handle them: `DescribeSecurityEventOperations` and `DescribeSecurityEventOperationStatus` take no
 * account parameter, so an operation cannot be checked nor its task followed in another account.
 * Nothing was sent. Open the fleet with `access: 'assumeRole'` to handle alerts.
 *
 * @example
 * ```ts
 * try {
 *   await fleet.execute(fleetPlan, { allowedAccounts });
 * } catch (error) {
 *   if (error instanceof DelegatedAdministratorError) console.error(error.message); // use access: 'assumeRole'
 * }
 * ```
 */
export class DelegatedAdministratorError extends SdkError {
  override name = 'DelegatedAdministratorError';
  /** Refused before any request: nothing was applied. */
  protected static override readonly defaultDelivery: Delivery = 'notSent';

  constructor(what: string, options: { action?: string | undefined } = {}) {
    super(
      `${what} needs credentials in the member account: a delegated administrator can list its alerts, but ` +
        'DescribeSecurityEventOperations and DescribeSecurityEventOperationStatus take no account parameter, ' +
        "so handling cannot be checked nor followed from one identity. Open the fleet with access: 'assumeRole'. " +
        'Nothing was sent.',
      { code: 'HandlingNeedsMemberCredentials', action: options.action },
    );
  }
}

/**
 * A fleet-wide listing ({@link AccountFleet.listAlerts}) in which some accounts failed: the alerts of
 * the others were all yielded first; this error, thrown at the end of the stream, holds one outcome per
 * account (the number of alerts yielded, or the error and its phase).
 *
 * @example
 * ```ts
 * try {
 *   for await (const alert of fleet.listAlerts({ dealt: false })) console.log(alert.accountId, alert.id);
 * } catch (error) {
 *   if (!(error instanceof FleetListingError)) throw error;
 *   for (const failed of error.failed) console.error(failed.accountId, failed.phase, failed.error.message);
 * }
 * ```
 */
export class FleetListingError extends SdkError {
  override name = 'FleetListingError';
  /** One outcome per account, in account order: alerts yielded, or the failure. */
  readonly outcomes: readonly FleetOutcome<number>[];

  constructor(outcomes: readonly FleetOutcome<number>[]) {
    const failed = outcomes.filter((outcome) => !outcome.ok);
    const listed = failed
      .slice(0, 5)
      .map((outcome) => `${outcome.accountId} (${outcome.phase}: ${outcome.error.code})`)
      .join(', ');
    const more = failed.length > 5 ? ` and ${failed.length - 5} more` : '';
    super(
      `Listing alerts failed in ${failed.length} of ${outcomes.length} accounts: ${listed}${more}. The alerts ` +
        'of the other accounts were all listed; see outcomes for each account.',
      { code: 'FleetListingFailed' },
    );
    this.outcomes = outcomes;
  }

  /** The accounts that failed. */
  get failed(): readonly Extract<FleetOutcome<number>, { ok: false }>[] {
    return this.outcomes.filter((outcome) => !outcome.ok);
  }
}
