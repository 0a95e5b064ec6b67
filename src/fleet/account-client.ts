/**
 * The Security Center client and handler of one account of a fleet: its alerts are claimed apart from
 * other accounts' in this process, and, for a delegated administrator, listing names the member account
 * while every handling step is refused before anything is sent.
 *
 * @packageDocumentation
 */
import { AlertHandler } from '../alerts/alert-handler.js';
import { SasClient } from '../clients/sas-client.js';
import type {
  DescribeSecurityEventOperationStatusRequest,
  DescribeSecurityEventOperationStatusResponse,
  DescribeSecurityEventOperationsRequest,
  DescribeSecurityEventOperationsResponse,
  DescribeSuspEventsRequest,
  DescribeSuspEventsResponse,
  HandleSecurityEventsRequest,
  HandleSecurityEventsResponse,
} from '../generated/index.js';
import type { CallOptions, ClientOptions } from '../transport/options.js';
import { DelegatedAdministratorError } from './fleet-errors.js';

/** A {@link SasClient} acting in one account with that account's own credentials. */
export class AccountSasClient extends SasClient {
  /** The account: executions claim its alerts apart from other accounts' in this process. */
  readonly claimScope: string;

  constructor(accountId: string, options: ClientOptions) {
    super(options);
    this.claimScope = accountId;
  }
}

/**
 * A {@link SasClient} of a delegated administrator (or the management account) for one member account:
 * `describeSuspEvents` carries `ResourceDirectoryAccountId`; the calls that take no account parameter,
 * and so would act in the administrator's own account, are refused with a
 * {@link DelegatedAdministratorError}, nothing sent.
 */
export class DelegatedSasClient extends AccountSasClient {
  override describeSuspEvents(
    request: DescribeSuspEventsRequest = {},
    options?: CallOptions,
  ): Promise<DescribeSuspEventsResponse> {
    return super.describeSuspEvents({ ...request, ResourceDirectoryAccountId: this.claimScope }, options);
  }

  override describeSecurityEventOperations(
    _request: DescribeSecurityEventOperationsRequest,
  ): Promise<DescribeSecurityEventOperationsResponse> {
    return this.#refuse('DescribeSecurityEventOperations');
  }

  override handleSecurityEvents(
    _request: HandleSecurityEventsRequest,
  ): Promise<HandleSecurityEventsResponse> {
    return this.#refuse('HandleSecurityEvents');
  }

  override describeSecurityEventOperationStatus(
    _request: DescribeSecurityEventOperationStatusRequest,
  ): Promise<DescribeSecurityEventOperationStatusResponse> {
    return this.#refuse('DescribeSecurityEventOperationStatus');
  }

  #refuse(action: string): Promise<never> {
    return Promise.reject(
      new DelegatedAdministratorError(`${action} for account ${this.claimScope}`, { action }),
    );
  }
}

/**
 * The {@link AlertHandler} of a member account for a delegated administrator: it lists the account's
 * alerts; every step of handling (querying operations, planning, executing, following tasks) throws a
 * {@link DelegatedAdministratorError} at once, nothing sent.
 */
export class DelegatedAlertHandler extends AlertHandler {
  readonly #accountId: string;

  constructor(accountId: string, options: ConstructorParameters<typeof AlertHandler>[0]) {
    super(options);
    this.#accountId = accountId;
  }

  override getOperations(): Promise<never> {
    return this.#refuse('Querying the operations of an alert');
  }

  override plan(): Promise<never> {
    return this.#refuse('Planning handling');
  }

  override execute(): Promise<never> {
    return this.#refuse('Executing a plan');
  }

  override handle(): Promise<never> {
    return this.#refuse('Handling alerts');
  }

  override resume(): Promise<never> {
    return this.#refuse('Resuming an execution');
  }

  override recheck(): Promise<never> {
    return this.#refuse('Rechecking a report');
  }

  override waitForTask(): Promise<never> {
    return this.#refuse('Following a handling task');
  }

  #refuse(what: string): Promise<never> {
    return Promise.reject(new DelegatedAdministratorError(`${what} in account ${this.#accountId}`));
  }
}
