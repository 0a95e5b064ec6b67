/**
 * Runs work in every account of a fleet, a bounded number of accounts at a time, each to its own
 * outcome: one account's failure never stops the others.
 *
 * @packageDocumentation
 */
import { SdkError } from '../errors.js';
import { mapWithConcurrency } from '../util/concurrency.js';
import { abortError } from '../util/deadline.js';
import type { FleetOutcome } from './outcome.js';

/** An account as the runner sees it: its ID, and how to get its credentials before the work. */
export interface RunnableAccount {
  readonly accountId: string;
  /** Obtains the account's credentials (assumes its role); rejects when they cannot be had. */
  ready(signal: AbortSignal | undefined): Promise<void>;
}

/** How {@link runAccounts} runs. */
export interface RunAccountsOptions<A> {
  /** Accounts worked on at once. */
  readonly limit: number;
  /** Accounts not started when it aborts end `skipped` with an {@link AbortError}. */
  readonly signal?: AbortSignal | undefined;
  /** An error for an account the run must leave alone (nothing is done for it), or `undefined`. */
  readonly refuse?: ((account: A) => SdkError | undefined) | undefined;
}

/**
 * Runs `work` in each account, `limit` accounts at a time, and returns one outcome per account in the
 * accounts' order: `credentials` when its credentials could not be obtained (`work` did not run),
 * `call` when `work` failed, `skipped` when it was refused or the run aborted before its turn.
 */
export function runAccounts<A extends RunnableAccount, T>(
  accounts: readonly A[],
  options: RunAccountsOptions<A>,
  work: (account: A) => Promise<T>,
): Promise<FleetOutcome<T>[]> {
  const { signal, refuse } = options;
  return mapWithConcurrency(accounts, options.limit, async (account): Promise<FleetOutcome<T>> => {
    const { accountId } = account;
    const refusal = refuse?.(account);
    if (refusal !== undefined) return { accountId, ok: false, error: refusal, phase: 'skipped' };
    if (signal?.aborted) {
      return {
        accountId,
        ok: false,
        error: abortError(`Account ${accountId}`, signal, 'notSent'),
        phase: 'skipped',
      };
    }
    try {
      await account.ready(signal);
    } catch (error) {
      return { accountId, ok: false, error: asSdkError(accountId, error), phase: 'credentials' };
    }
    try {
      return { accountId, ok: true, value: await work(account) };
    } catch (error) {
      return { accountId, ok: false, error: asSdkError(accountId, error), phase: 'call' };
    }
  });
}

/** The error as an {@link SdkError}: itself, or wrapped (code `AccountWorkFailed`) as the cause. */
function asSdkError(accountId: string, error: unknown): SdkError {
  if (error instanceof SdkError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new SdkError(`Account ${accountId}: ${message}`, { code: 'AccountWorkFailed', cause: error });
}
