import type { FaultKind } from './fault-kind.js';

/** What a fault rule applies to: an action the emulator serves, or `'*'` for every one. */
export type FaultAction =
  | 'DescribeSuspEvents'
  | 'DescribeSecurityEventOperations'
  | 'HandleSecurityEvents'
  | 'DescribeSecurityEventOperationStatus'
  | 'DescribeRiskRules'
  | 'PreHandleAuditRisk'
  | 'DescribeMonitorAccounts'
  | 'ListAccountsInResourceDirectory'
  | 'AssumeRole'
  | 'ListAccounts'
  | '*';

/** Fields every fault rule has. */
export interface FaultRuleBase {
  /** The action whose requests the rule faults, or `'*'` for requests of any action. */
  readonly action: FaultAction;
  /**
   * Only requests served for this account (see `ReceivedRequest.accountId`), e.g. to throttle one member
   * account while the others answer as usual.
   * @defaultValue requests of every account
   *
   * @example
   * ```ts
   * emulator.faults.inject({ action: '*', accountId: '1000000000000002', rate: 1, kinds: ['throttle'] });
   * ```
   */
  readonly accountId?: string;
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
  /**
   * What the response variants `nulls`, `numericStrings`, `numbersForStrings`, `booleanStrings`,
   * `booleanNumbers` and `bigInt64` change: paths into the answer's body, names joined by `.`, `[]` for
   * every item of a list and `[n]` for item `n` (from 0): `TotalCount`, `SuspEvents[].InternetIp`,
   * `SuspEvents[3]` (everything in the fourth event), `SecurityEventOperationsResponse[].MarkField[].Uuid`,
   * `data.Items[].RiskId` (a wrapped `DescribeRiskRules` answer). A path that holds an object or a list
   * changes everything in it (`nulls` sets it to `null` as a whole). Paths the body does not reach
   * change nothing.
   * @defaultValue the whole body but its `RequestId`; for `bigInt64`, `SuspEvents[].SourceAliUid`
   *
   * @example
   * ```ts
   * // One event of the page has no public IP: "InternetIp":null, the other events as usual.
   * const oneNull: QueueFault = { action: 'DescribeSuspEvents', queue: ['nulls'], fields: ['SuspEvents[1].InternetIp'] };
   * ```
   */
  readonly fields?: readonly string[];
  /**
   * The `Code` of `errorIn200`, `successFalse` and `wrappedSuccessFalse` answers, e.g. `InternalError`.
   * @defaultValue `'Throttling.User'`
   */
  readonly code?: string;
  /**
   * How many bytes an `oversized` or `oversizedChunked` answer has at least.
   * @defaultValue 52428800 (50 MiB)
   */
  readonly sizeBytes?: number;
  /**
   * How many arrays deep a `deepNesting` answer nests.
   * @defaultValue 100000
   */
  readonly depth?: number;
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
 *     { action: 'DescribeSuspEvents', rate: 0.1, kinds: ['nulls', 'numericStrings'], fields: ['SuspEvents[0]'] },
 *   ],
 * });
 * ```
 */
export type FaultOptions = readonly FaultRule[];
