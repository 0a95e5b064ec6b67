/**
 * What became of one account in a fleet-wide run.
 *
 * @packageDocumentation
 */
import type { SdkError } from '../errors.js';

/**
 * Where an account's run stopped:
 * - `skipped`: the fleet did not start it: the account is outside `allowedAccounts`, or the run was
 *   aborted before its turn; nothing was sent for it;
 * - `credentials`: its credentials could not be obtained (the role could not be assumed), before the
 *   work ran;
 * - `call`: the work itself failed.
 */
export type FleetPhase = 'skipped' | 'credentials' | 'call';

/**
 * One account's outcome: its value, or its error and where it stopped. Errors are the SDK's typed
 * errors (an error of the caller's own code is wrapped in an `SdkError` of code `AccountWorkFailed`,
 * as its `cause`).
 *
 * @example
 * ```ts
 * const outcomes = await fleet.map((account) => account.alerts.getOperations('7009607'));
 * for (const outcome of outcomes) {
 *   if (outcome.ok) console.log(outcome.accountId, outcome.value.operations.length);
 *   else console.error(outcome.accountId, outcome.phase, outcome.error.code);
 * }
 * ```
 */
export type FleetOutcome<T> =
  | { readonly accountId: string; readonly ok: true; readonly value: T }
  | { readonly accountId: string; readonly ok: false; readonly error: SdkError; readonly phase: FleetPhase };
