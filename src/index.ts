/**
 * Typed, safe handling of Alibaba Cloud Security Center (Sas) alerts and Data Security Center (Sddp)
 * risk events.
 *
 * @packageDocumentation
 */
export { SasClient } from './clients/sas-client.js';
export { SddpClient } from './clients/sddp-client.js';
export * from './errors.js';
export * from './generated/index.js';
export type { ActionDescriptor, Product } from './transport/action-descriptor.js';
export type {
  AccessKeyCredential,
  AuditEvent,
  CallOptions,
  ClientOptions,
  CredentialInput,
  CredentialModel,
  CredentialProvider,
  RetryOptions,
} from './transport/options.js';
export { SDK_VERSION } from './version.js';
