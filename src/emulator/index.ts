/**
 * A local emulator of the Alibaba Cloud Security Center (Sas 2018-12-03) and Data Security Center
 * (Sddp 2019-01-03) APIs, for tests and demos: a real HTTP server on 127.0.0.1 that verifies request
 * signatures, answers with the services' error codes, replays cassettes, runs handlers and serves alert
 * events, and counts what it received.
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
export { startEmulator } from './emulator.js';
export { apiError } from './errors.js';
export { CassetteRecorder } from './recording/cassette-recorder.js';
export { PLACEHOLDER_ACCOUNT_ID, type RedactOptions, redactCassette } from './recording/redact-cassette.js';
export { describeSuspEvents } from './state/describe-susp-events.js';
export { sampleAlerts } from './state/sample-alerts.js';
export type { SuspEventLevel, SuspEventRecord } from './state/susp-event.js';
export type {
  Emulator,
  EmulatorHandler,
  EmulatorHandlers,
  EmulatorKey,
  EmulatorOptions,
  EmulatorProduct,
  EmulatorReply,
  EmulatorRequest,
  PendingInteraction,
  ReceivedRequest,
  SignatureVersion,
} from './types.js';
