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
>;
