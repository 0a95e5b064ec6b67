import type { FaultKind } from './fault-kind.js';

/** What a fault rule applies to: an action the emulator serves, or `'*'` for every one. */
export type FaultAction =
  | 'DescribeSuspEvents'
  | 'DescribeSecurityEventOperations'
  | 'HandleSecurityEvents'
  | 'DescribeSecurityEventOperationStatus'
  | 'DescribeRiskRules'
  | 'PreHandleAuditRisk'
  | '*';

/** Fields every fault rule has. */
export interface FaultRuleBase {
  /** The action whose requests the rule faults, or `'*'` for requests of any action. */
  readonly action: FaultAction;
  /**
   * How late a `latency` fault of this rule answers, or an `applyLate` fault applies, in milliseconds.
   * @defaultValue `200`
   */
  readonly latencyMs?: number;
  /**
   * Only requests that carry this parameter (a list's items count: `SecurityEventIds` matches
   * `SecurityEventIds.1`), e.g. `TaskId` for the status queries of a task, not those by alert IDs.
   * @defaultValue every request of the action
   */
  readonly withParam?: string;
  /**
   * How many requests the rule matches and lets through before it starts to fault, e.g. `1` to spare the
   * re-read made right before a handling call and fault the reads after it.
   * @defaultValue 0
   */
  readonly after?: number;
}

/**
 * Faults at random: each matching request is faulted with probability `rate`, the kind drawn
 * uniformly from `kinds`. The draws follow the emulator's `seed`, so the same seed faults the same
 * matching requests (the first, the fifth, ...) on every run.
 *
 * @example
 * ```ts
 * const flaky: RateFault = { action: '*', rate: 0.2, kinds: ['throttle', 'internalError', 'resetBeforeApply'] };
 * ```
 */
export interface RateFault extends FaultRuleBase {
  /** Probability that a matching request is faulted, from `0` to `1`. */
  readonly rate: number;
  /** The kinds to draw from, at least one. */
  readonly kinds: readonly FaultKind[];
}

/**
 * Faults in a set order: the next matching requests get these faults, one each, then none.
 *
 * @example
 * ```ts
 * // The first two handling requests fail, the third goes through.
 * const twice: QueueFault = { action: 'HandleSecurityEvents', queue: ['throttle', 'resetAfterApply'] };
 * ```
 */
export interface QueueFault extends FaultRuleBase {
  /** The faults of the next matching requests, in order, at least one. */
  readonly queue: readonly FaultKind[];
}

/** One fault rule: by rate ({@link RateFault}) or by queue ({@link QueueFault}). */
export type FaultRule = RateFault | QueueFault;

/**
 * The faults the emulator injects into requests that passed the signature check and name an action
 * it serves, as a list of rules (see `FAULT_KINDS` for what each kind does). A request matched by a
 * queue with faults left gets the first of them; otherwise the first rate rule whose draw strikes
 * decides. Every rate rule draws on every request it matches, so each rule's faults depend only on
 * the seed and the requests it matches.
 *
 * @example
 * ```ts
 * const emulator = await startEmulator({
 *   alerts: sampleAlerts(10),
 *   seed: 'flaky',
 *   faults: [
 *     { action: 'HandleSecurityEvents', queue: ['resetAfterApply'] },
 *     { action: 'DescribeSuspEvents', rate: 0.1, kinds: ['throttle', 'latency'], latencyMs: 500 },
 *   ],
 * });
 * ```
 */
export type FaultOptions = readonly FaultRule[];
