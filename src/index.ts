/**
 * Typed, safe handling of Alibaba Cloud Security Center (Sas) alerts and Data Security Center (Sddp)
 * risk events.
 *
 * Every export is listed here by name: what is not listed is internal and may change without notice.
 *
 * @packageDocumentation
 */

// The alert workflow.
export {
  ALERT_STATUS_CODES,
  type Alert,
  type AlertDetail,
  type AlertLevel,
  type AlertStatus,
  type KnownAlertStatus,
  toAlert,
} from './alerts/alert.js';
export { AlertHandler, type AlertHandlerOptions, type HandleOptions } from './alerts/alert-handler.js';
export type { AlertOperation, AlertOperations } from './alerts/alert-operations.js';
export type { AuditEvent, BatchAuditEvent, ExecutionAuditEvent, PlanAuditEvent } from './alerts/audit.js';
export type {
  BatchToSend,
  ExecuteOptions,
  ExecuteProgress,
  HeldBackAlert,
  ResumeOptions,
} from './alerts/execute.js';
export type { HandlingBaseline } from './alerts/handling-baseline.js';
export type { AlertFilter, AlertPage } from './alerts/list.js';
export {
  DESTRUCTIVE_OPERATIONS,
  isDestructive,
  isKnownOperationCode,
  type KnownOperationCode,
  OPERATION_DISPLAY_NAMES,
  type OperationCode,
  operationDisplayName,
  UNSUPPORTED_OPERATIONS,
} from './alerts/operation-codes.js';
export {
  BLOCK_DURATIONS_MS,
  type BlockDuration,
  type BlockIpOptions,
  type KillAndQuarantineOptions,
  type Operation,
  type OperationInput,
  type OperationInputArgs,
  type OperationInputs,
  Operations,
  type WhitelistOptions,
} from './alerts/operations.js';
export {
  formatPlan,
  type HandleRequest,
  type Plan,
  type PlannedBatch,
  type PlannedOperation,
  type PlanOptions,
  type SkippedAlert,
} from './alerts/plan.js';
export { PlanExpiredError } from './alerts/plan-expired-error.js';
export {
  PLAN_FORMAT_VERSION,
  parsePlan,
} from './alerts/plan-format.js';
export type {
  TaskEventResult,
  TaskOutcome,
  TaskProgress,
  TaskResult,
  WaitForTaskOptions,
} from './alerts/poller.js';
export type { RecheckOptions } from './alerts/recheck.js';
export {
  FALLBACK_RECOMMENDATION,
  RECOMMENDATION_RULES,
  type Recommendation,
  type RecommendationMatch,
  type RecommendationRule,
  type RecommendedOperationCode,
  recommend,
} from './alerts/recommend.js';
export {
  MAX_REMARK_LENGTH,
  parseRemarkStamp,
  REMARK_EXECUTION_ID,
  type RemarkStamp,
  remarkStamp,
} from './alerts/remark.js';
export {
  type AlertOutcome,
  HandlingReport,
  type OutcomeCounts,
  type OutcomeStatus,
} from './alerts/report.js';
export { paramsAtSendTime } from './alerts/send-time-params.js';
export {
  mergeWhitelistRules,
  ruleFromMarkField,
  validateWhitelistRules,
  WHITELIST_OPERATORS,
  type WhitelistField,
  type WhitelistOperator,
  type WhitelistRule,
  type WhitelistRuleInput,
  type WhitelistScope,
} from './alerts/whitelist.js';
// The low-level clients and their wire types.
export { ResourceDirectoryClient } from './clients/resource-directory-client.js';
export { SasClient } from './clients/sas-client.js';
export { SddpClient } from './clients/sddp-client.js';
export { StsClient } from './clients/sts-client.js';
// Errors.
export {
  AbortError,
  AgentOfflineError,
  ApiError,
  type ApiErrorOptions,
  AuthenticationError,
  ConfirmationRequiredError,
  type CredentialSourceTried,
  CredentialsError,
  type Delivery,
  ExecutionInterruptedError,
  ExecutionLockedError,
  ExecutionNotFoundError,
  HandlingError,
  type HandlingErrorOptions,
  InvalidParameterError,
  InvalidResponseError,
  isSdkError,
  JournalUnavailableError,
  NetworkError,
  NoPermissionError,
  OperationNotSupportedError,
  OperationTaskNotExistsError,
  PagingError,
  type PagingErrorCode,
  type PagingErrorOptions,
  ProcessNotExistError,
  ResponseTooLargeError,
  SdkError,
  type SdkErrorOptions,
  SecurityEventNotExistsError,
  ServerError,
  ThrottlingError,
  TimeoutError,
  ValidationError,
  type ValidationIssue,
} from './errors.js';
// The live alert feed: its changes, a watch that reads them, their delivery to sinks, server-sent events.
export type { AlertChange, AlertChangeKind } from './feed/change.js';
export { FINAL_ALERT_STATUSES } from './feed/change-detection.js';
export type { AlertChangeRecord, AlertRecord } from './feed/change-record.js';
export { type DeliverOptions, deliver } from './feed/deliver.js';
export type { DeliverySummary, SinkCounts } from './feed/delivery-summary.js';
export type { DeadLetter, Sink, SinkContext, SinkResult } from './feed/sink.js';
export { DeliveryError, type DeliveryStage, SinkError, type SinkErrorCode } from './feed/sink-errors.js';
export type { DingTalkSinkOptions } from './feed/sinks/dingtalk.js';
export type { SinkOptions } from './feed/sinks/http-sink.js';
export { type BuiltInSinks, sinks } from './feed/sinks/index.js';
export type { LarkSinkOptions } from './feed/sinks/lark.js';
export type { SlackSinkOptions } from './feed/sinks/slack.js';
export {
  verifyWebhookSignature,
  type WebhookPayload,
  type WebhookSignatureCheck,
  type WebhookSinkOptions,
} from './feed/sinks/webhook.js';
export {
  type AlertEventStream,
  type AlertEventStreamOptions,
  createAlertEventStream,
} from './feed/sse.js';
export type { CheckpointStore, WatchFilter, WatchOptions } from './feed/watch-options.js';
// Many accounts: the alert workflow across the member accounts of an organization.
export {
  AccountFleet,
  type FleetAccount,
  type FleetAlert,
  type FleetExecuteOptions,
  type FleetExecuteResponseOptions,
  type FleetGuardOptions,
  type FleetHandleRequest,
  type FleetListOptions,
  type FleetMapOptions,
  type FleetPlanOptions,
} from './fleet/account-fleet.js';
export {
  AccountNotAllowedError,
  DelegatedAdministratorError,
  FleetListingError,
} from './fleet/fleet-errors.js';
export type {
  AccountFleetOptions,
  FleetAccess,
  FleetAccountInput,
  FleetAuditEvent,
} from './fleet/fleet-options.js';
export {
  FLEET_PLAN_FORMAT_VERSION,
  type FleetPlan,
  type FleetPlanAccount,
  type FleetPlanBase,
  type FleetPlanFailure,
  type FleetResponsePlan,
  parseFleetPlan,
  parseFleetResponsePlan,
} from './fleet/fleet-plan.js';
export { type FleetCounts, FleetReport } from './fleet/fleet-report.js';
export type { FleetOutcome, FleetPhase } from './fleet/outcome.js';
export type {
  ActionName,
  AssumedRoleUser,
  AssumeRoleRequest,
  AssumeRoleResponse,
  DescribeMonitorAccountsRequest,
  DescribeMonitorAccountsResponse,
  DescribeRiskRulesRequest,
  DescribeRiskRulesResponse,
  DescribeSecurityEventOperationStatusRequest,
  DescribeSecurityEventOperationStatusResponse,
  DescribeSecurityEventOperationsRequest,
  DescribeSecurityEventOperationsResponse,
  DescribeSuspEventsRequest,
  DescribeSuspEventsResponse,
  HandleContentValue,
  HandleInfo,
  HandleSecurityEventsRequest,
  HandleSecurityEventsResponse,
  HandleSecurityEventsResult,
  ListAccountsInResourceDirectoryRequest,
  ListAccountsInResourceDirectoryResponse,
  ListAccountsRequest,
  ListAccountsResponse,
  MappingMarkField,
  MarkField,
  MarkFieldSource,
  MarkMissRule,
  MonitorAccountInfo,
  OperationParamsValue,
  PreHandleAuditRiskRequest,
  PreHandleAuditRiskResponse,
  ResourceDirectoryAccount,
  ResourceDirectoryAccountList,
  ResourceDirectoryAccountTags,
  ResourceDirectoryTag,
  ResourceDirectoryTagFilter,
  RiskEvent,
  SasDirectoryAccount,
  SecurityEventOperation,
  SecurityEventOperationStatus,
  SecurityEventOperationStatusResult,
  StsCredentials,
  SuspEvent,
  SuspEventDetail,
  SuspEventNote,
  SuspEventTacticItem,
} from './generated/index.js';
export type { Page, PagedAsyncIterableIterator, PageSettings, RejectedContext } from './paging.js';
// Least privilege.
export {
  type AccountDiscovery,
  HANDLING_POLICY,
  type ManagementPolicyOptions,
  managementPolicy,
  type PermissionMethod,
  type PermissionTarget,
  type RamPolicy,
  READ_ONLY_POLICY,
  requiredPermissions,
} from './permissions.js';
// Data Security Center risk events.
export type { Risk, RiskStatus } from './risks/risk.js';
export {
  type HandledRisk,
  MAX_HANDLE_DETAIL_LENGTH,
  type RiskFilter,
  RiskHandler,
  type RiskHandlerOptions,
  type RiskPage,
} from './risks/risk-handler.js';
// Response rules (playbooks): rule sets as data, evaluated with a trace.
export type { ResolvedAction } from './rules/actions.js';
// Response plans: guards, digests and approvals.
export {
  APPROVAL_FORMAT_VERSION,
  type Approval,
  type ApprovalRefusal,
  type ApprovalVerification,
  type ApproveOptions,
  approve,
  type ExecuteResponsePlanOptions,
  executeResponsePlan,
  type VerifyApprovalOptions,
  verifyApproval,
} from './rules/approval.js';
export type { ConditionTrace } from './rules/conditions.js';
// Response rules simulated over the alerts people handled: a confusion table per rule, read-only.
export type {
  Comparison,
  Disagreement,
  RuleConfusion,
  RulesVerdict,
  SimulationTotals,
} from './rules/confusion.js';
export { DEFAULT_RESPONSE_RULES } from './rules/default-rules.js';
export type {
  DryRunMatch,
  ResponseRule,
  RuleEvaluation,
  RuleMatch,
  RuleOutcome,
  RuleTrace,
} from './rules/evaluation.js';
export {
  breakerTripped,
  type CircuitBreakerOptions,
  DEFAULT_MAX_ALERTS_PER_RUN,
  type GuardName,
  type GuardOptions,
  type GuardSettings,
  type HandlingRecord,
  type TrippedGuard,
} from './rules/guards.js';
export { handledAs, type PeopleAction } from './rules/handled-as.js';
export {
  type DecisionStatus,
  parseResponsePlan,
  RESPONSE_PLAN_FORMAT_VERSION,
  type ResponseDecision,
  type ResponsePlan,
  type ResponsePlanOptions,
} from './rules/response-plan.js';
export { type EvaluateOptions, MAX_RULE_SET_DEPTH, ResponseRules } from './rules/response-rules.js';
export {
  ADDRESS_FIELDS,
  type AddressField,
  type AddressTest,
  ALERT_LEVEL_RANKS,
  type AlertValueReference,
  type Condition,
  type DetailTest,
  type HandleSpec,
  type LevelTest,
  type OneOrMore,
  type RankedAlertLevel,
  type ResponseRuleInput,
  type ResponseRuleSetInput,
  RULE_STATUSES,
  type RuleAction,
  type RuleStatus,
  TEXT_FIELDS,
  type TextField,
  type TextTest,
  TIME_FIELDS,
  type TimeField,
  type TimeTest,
  type WhitelistRuleTemplate,
} from './rules/rule-set.js';
export {
  DEFAULT_RUNNER_INTERVAL_MS,
  handlingHistory,
  type ResponseRun,
  ResponseRunner,
  type ResponseRunnerOptions,
} from './rules/runner.js';
export { APPROVAL_REQUIRED } from './rules/send-guards.js';
export {
  type HandledAlertSource,
  RuleSimulation,
  type RuleSimulationData,
  type SimulatedRuleSet,
  type SimulateOptions,
  simulate,
} from './rules/simulate.js';
// Storage: the execution journal, leases and checkpoints.
export { type FileJournalOptions, fileJournal } from './stores/file-store.js';
export type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from './stores/postgres-driver.js';
export {
  migratePostgresStore,
  type PostgresStore,
  type PostgresStoreHealth,
  type PostgresStoreLogger,
  type PostgresStoreOptions,
  postgresStore,
} from './stores/postgres-store.js';
export type {
  FencedWriteOptions,
  JsonObject,
  JsonValue,
  Lease,
  Store,
  StoredRecord,
} from './stores/store.js';
export { LeaseLostError, StoreCorruptError, StoreUnavailableError } from './stores/store-errors.js';
export type { Product } from './transport/action-descriptor.js';
export {
  AssumeRoleCredentials,
  type AssumeRoleCredentialsOptions,
} from './transport/assume-role-credentials.js';
export type { Logger, LogLevel } from './transport/logger.js';
export type {
  AccessKeyCredential,
  CallOptions,
  ClientOptions,
  CredentialInput,
  CredentialModel,
  CredentialProvider,
  HttpAgentOptions,
  RequestAuditEvent,
  RetryOptions,
} from './transport/options.js';
export type { RejectedItem } from './validation/rejected.js';
export { SDK_VERSION } from './version.js';
// Workers: a queue of executions and fleet response plans in a store, shared by any number of worker processes.
export type { ApprovalChecks, WorkerExecuteOptions } from './workers/job.js';
export {
  readSubmission,
  type Submission,
  type SubmissionStatus,
  type SubmitExecutionOptions,
  type SubmitFleetResponseOptions,
  submitExecution,
  submitFleetResponse,
  type WaitForSubmissionOptions,
  waitForSubmission,
} from './workers/submit.js';
export { startWorker, type Worker, type WorkerOptions } from './workers/worker.js';
export type { WorkerStats } from './workers/worker-stats.js';
