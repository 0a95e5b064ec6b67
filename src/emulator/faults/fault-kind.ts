/**
 * The faults the emulator can inject, each the way a client meets it on the wire:
 *
 * - `throttle`: `400 Throttling.User`, nothing applied;
 * - `internalError`: `500 InternalError`, nothing applied;
 * - `html503`: `503` with an HTML page (`content-type: text/html`), as a gateway sends it, nothing applied;
 * - `latency`: the request is applied at once and answered as usual, `latencyMs` late;
 * - `resetBeforeApply`: the connection is destroyed, nothing applied;
 * - `resetAfterApply`: the request is applied, then the connection is destroyed without an answer, so
 *   the client cannot know whether its change was made;
 * - `hang`: no answer ever, nothing applied: the connection stays open until the client gives up or
 *   the emulator closes;
 * - `hangAfterApply`: the request is applied, then no answer ever;
 * - `applyLate`: the connection is destroyed without an answer and nothing is applied then, but the
 *   request is applied `latencyMs` later, as a service may apply a request after its caller gave up;
 * - `malformedJson`: `200` with a JSON body cut short (`{"RequestId":"…","SuspEvents":[`), nothing applied;
 * - `stuckTask` (`HandleSecurityEvents` only): applied and answered as usual, but the task it starts
 *   stays `Processing` for good.
 */
export const FAULT_KINDS = [
  'throttle',
  'internalError',
  'html503',
  'latency',
  'resetBeforeApply',
  'resetAfterApply',
  'hang',
  'hangAfterApply',
  'applyLate',
  'malformedJson',
  'stuckTask',
] as const;

/** One of {@link FAULT_KINDS}. */
export type FaultKind = (typeof FAULT_KINDS)[number];

/**
 * The faults that let the request change the model before they strike. `applyLate` is not one: it
 * changes the model after it struck.
 */
export const APPLYING_FAULTS: ReadonlySet<FaultKind> = new Set([
  'latency',
  'resetAfterApply',
  'hangAfterApply',
  'stuckTask',
]);

/** The one action `stuckTask` applies to: the one that starts tasks. */
export const STUCK_TASK_ACTION = 'HandleSecurityEvents';

/** How late a `latency` fault answers, or an `applyLate` fault applies, when its rule names no `latencyMs`. */
export const DEFAULT_LATENCY_MS = 200;
