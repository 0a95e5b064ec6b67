/**
 * Typed, safe handling of Alibaba Cloud Security Center (Sas) alerts and Data Security Center (Sddp)
 * risk events.
 *
 * @packageDocumentation
 */
export * from './alerts/alert.js';
export { AlertHandler, type AlertHandlerOptions, type HandleOptions } from './alerts/alert-handler.js';
export type { AlertOperation, AlertOperations, WhitelistField } from './alerts/alert-operations.js';
export type { BatchAuditEvent, ExecutionAuditEvent, PlanAuditEvent } from './alerts/audit.js';
export type { ExecuteOptions, ExecuteProgress } from './alerts/execute.js';
export type { AlertFilter, AlertPage } from './alerts/list.js';
export * from './alerts/operation-codes.js';
export * from './alerts/operations.js';
export {
  formatPlan,
  type HandleRequest,
  type Plan,
  type PlannedBatch,
  type PlannedOperation,
  type PlanOptions,
  type SkippedAlert,
} from './alerts/plan.js';
export type {
  TaskEventResult,
  TaskOutcome,
  TaskProgress,
  TaskResult,
  WaitForTaskOptions,
} from './alerts/poller.js';
export * from './alerts/recommend.js';
export {
  type AlertOutcome,
  HandlingReport,
  type OutcomeCounts,
  type OutcomeStatus,
} from './alerts/report.js';
export * from './alerts/whitelist.js';
export { SasClient } from './clients/sas-client.js';
export { SddpClient } from './clients/sddp-client.js';
export * from './errors.js';
export * from './generated/index.js';
export type { Page, PagedAsyncIterableIterator } from './paging.js';
export * from './permissions.js';
export type { Risk, RiskStatus } from './risks/risk.js';
export {
  type HandledRisk,
  MAX_HANDLE_DETAIL_LENGTH,
  type RiskFilter,
  RiskHandler,
  type RiskHandlerOptions,
  type RiskPage,
} from './risks/risk-handler.js';
export type { ActionDescriptor, Product } from './transport/action-descriptor.js';
export type {
  AccessKeyCredential,
  AuditEvent,
  CallOptions,
  ClientOptions,
  CredentialInput,
  CredentialModel,
  CredentialProvider,
  RequestAuditEvent,
  RetryOptions,
} from './transport/options.js';
export type { CheckResult, Issue, IssuePath } from './validation/checks.js';
export { SDK_VERSION } from './version.js';
