/**
 * A local emulator of the Alibaba Cloud Security Center (Sas 2018-12-03) and Data Security Center
 * (Sddp 2019-01-03) APIs, for tests and demos: a real HTTP server on 127.0.0.1 that verifies request
 * signatures, answers with the services' error codes, replays cassettes, runs handlers, serves and
 * changes a model of each account of a resource directory (alert events, operations, whitelist rules, handling tasks, risk
 * events, a handled history, alerts that arrive over time, fire again and change status), injects faults (throttling, server errors, resets, hangs, broken bodies, stuck tasks), serves
 * the response variants a tolerant reader must survive (nulls, numbers as strings and the reverse,
 * boolean forms, int64 beyond 2^53, no `RequestId`, errors inside a `200`, oversized and deeply nested
 * bodies, listings that page badly) and counts what it received.
 *
 * @example
 * ```ts
 * import { apiError, startEmulator } from 'alicloud-alert-handler/emulator';
 *
 * const emulator = await startEmulator({
 *   handlers: { HandleSecurityEvents: () => apiError(400, 'Throttling.User', 'Request was denied due to user flow control.') },
 * });
 * ```
 *
 * @packageDocumentation
 */

export {
  DEFAULT_EMULATOR_ACCOUNT_ID,
  DEFAULT_MEMBER_ROLE_NAME,
  type EmulatorAccountOptions,
  type EmulatorAccountStatus,
  type EmulatorRoleOptions,
  type EmulatorRoleRefusal,
} from './accounts/account-options.js';
export type { EmulatorAccount, EmulatorAssumedRole } from './accounts/emulator-account.js';
export {
  type Cassette,
  CassetteError,
  type CassetteInteraction,
  CassetteInteractionSchema,
  type CassetteRequest,
  CassetteRequestSchema,
  type CassetteResponse,
  CassetteResponseSchema,
  CassetteSchema,
  parseCassette,
  readCassette,
} from './cassette.js';
export { type Emulator, startEmulator } from './emulator.js';
export { apiError } from './errors.js';
export type { EmulatorFaults } from './faults/emulator-faults.js';
export type { FaultCounts } from './faults/fault-counts.js';
export {
  APPLYING_FAULTS,
  BIG_INT64,
  DEFAULT_ERROR_CODE,
  DEFAULT_NESTING_DEPTH,
  DEFAULT_OVERSIZED_BYTES,
  FAULT_KINDS,
  type FaultKind,
  RESPONSE_VARIANTS,
} from './faults/fault-kind.js';
export type {
  FaultAction,
  FaultOptions,
  FaultRule,
  FaultRuleBase,
  QueueFault,
  RateFault,
} from './faults/fault-rule.js';
export type {
  EmulatorBodyStream,
  EmulatorHandler,
  EmulatorHandlers,
  EmulatorProduct,
  EmulatorReply,
  EmulatorRequest,
  SignatureVersion,
} from './http/handler.js';
export type { EmulatorOptions } from './options.js';
export {
  CassetteRecorder,
  type RecordableAuditEvent,
  type RecordedAttempt,
} from './recording/cassette-recorder.js';
export { PLACEHOLDER_ACCOUNT_ID, type RedactOptions, redactCassette } from './recording/redact-cassette.js';
export type { PendingInteraction } from './replay.js';
export type { ReceivedRequest } from './request-log.js';
export { BUILTIN_SCENARIOS, DEFAULT_SCENARIO } from './scenario/builtin-scenarios.js';
export { loadScenario, parseScenario } from './scenario/parse-scenario.js';
export { ScenarioError } from './scenario/scenario-error.js';
export { scenarioToOptions } from './scenario/scenario-options.js';
export { type Scenario, ScenarioSchema } from './scenario/scenario-schema.js';
export type { EmulatorKey } from './signing/verify.js';
export type {
  EmulatorActivity,
  EmulatorRefire,
  EmulatorStatusChange,
  EmulatorStatusOptions,
} from './state/activity/activity.js';
export { type SampleActivityOptions, sampleActivity } from './state/activity/sample-activity.js';
export type { EmulatorArrival } from './state/arrivals/arrival.js';
export { sampleArrivals } from './state/arrivals/sample-arrivals.js';
export { describeSuspEvents } from './state/describe-susp-events.js';
export type { HandleLogEntry } from './state/handling/handle-log.js';
export type { EventResult, TaskStatus, TaskView } from './state/handling/task-store.js';
export type { EmulatorWhitelistRule } from './state/handling/whitelist-store.js';
export type { EmulatorHistoryEntry, EmulatorPastHandling } from './state/history/past-handling.js';
export { type SampleHistoryOptions, sampleHistory } from './state/history/sample-history.js';
export { DEFAULT_OPERATIONS_BY_ALERT_TYPE } from './state/operations/catalog.js';
export {
  type EmulatorWhitelistField,
  WHITELIST_FIELDS_BY_ALERT_TYPE,
} from './state/operations/mark-fields.js';
export type { EmulatorAlertOperation } from './state/operations/operation-table.js';
export type { EmulatorPaging } from './state/paging.js';
export type { RiskHandleStatus, RiskRecord } from './state/risks/risk-record.js';
export type { RiskHandling, StoredRisk } from './state/risks/risk-store.js';
export { sampleRisks } from './state/risks/sample-risks.js';
export { type SampleAlertsOptions, sampleAlerts } from './state/sample-alerts.js';
export type { SamplePeriod } from './state/sample-period.js';
export { formatServiceTime, SERVICE_TIME_OFFSET } from './state/service-time.js';
export type { EmulatorHost, EmulatorStateOptions, NeverFinish } from './state/state-options.js';
export type { EmulatorStateView } from './state/state-view.js';
export type { SuspEventLevel, SuspEventRecord } from './state/susp-event.js';
export { EMULATOR_TEST_KEY } from './test-key.js';
export type { ScenarioIssue } from './zod-issues.js';
