import type { SasClient } from '../clients/sas-client.js';

/**
 * The Security Center calls the alert workflow makes: the one seam between the workflow and the
 * client. A {@link SasClient} is one; tests and other transports can give any object with these methods.
 */
export type SasCalls = Pick<
  SasClient,
  | 'describeSuspEvents'
  | 'describeSecurityEventOperations'
  | 'handleSecurityEvents'
  | 'describeSecurityEventOperationStatus'
> & {
  /**
   * The account the calls act in, when one process handles alerts of several accounts (whose alert IDs
   * may meet): executions claim an alert in this process per scope. Without it, claims are process-wide.
   */
  readonly claimScope?: string;
};
