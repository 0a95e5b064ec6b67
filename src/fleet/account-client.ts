/**
 * The Security Center client of one account of a fleet: its alerts are claimed apart from other
 * accounts' in this process, and, for a delegated administrator, listing names the member account
 * while every handling call is refused before it is sent.
 *
 * @packageDocumentation
 */
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
