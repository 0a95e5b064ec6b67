import type { EmulatorActivity } from './activity/activity.js';
import type { EmulatorArrival } from './arrivals/arrival.js';
import type { EmulatorWhitelistRule } from './handling/whitelist-store.js';
import type { EmulatorPastHandling } from './history/past-handling.js';
import type { EmulatorAlertOperation } from './operations/operation-table.js';
import type { EmulatorPaging } from './paging.js';
import type { RiskRecord } from './risks/risk-record.js';
import type { SuspEventRecord } from './susp-event.js';

/** A host whose Security Center agent is not in its default state (online). */
export interface EmulatorHost {
  /** The host's UUID, as in `SuspEventRecord.Uuid`. */
  readonly uuid: string;
  /**
   * Whether its agent is online. Operations that run on the host (`block_ip`, `kill_and_quara`,
   * `quara`, ...) fail on an offline host with `<operation>.AgentOffline`.
   * @defaultValue `true`
   */
  readonly online?: boolean;
}

/** Handling results that never come: the events stay `Processing` however often the task is queried. */
export interface NeverFinish {
  /** Alert events (by `Id`) whose handling never finishes. */
  readonly alertIds?: readonly number[];
  /** Operation codes whose handling never finishes, for every event. */
  readonly operations?: readonly string[];
}

/**
 * The emulator's model of an account, in the manner of moto or LocalStack: alert events, what can be
 * done with them, whitelist rules, handling tasks and Data Security Center risks. Requests no cassette
 * or handler claims are answered from it, and change it.
 *
 * The four Security Center actions are served when `alerts`, `history` or `arrivals` are given, the
 * two Data Security Center actions when `risks` are given.
 *
 * @example
 * ```ts
 * const alerts = sampleAlerts(10, 'demo');
 * const emulator = await startEmulator({
 *   seed: 'demo',
 *   state: {
 *     alerts,
 *     hosts: [{ uuid: String(alerts[0]?.Uuid), online: false }],
 *     goneProcesses: [Number(alerts[1]?.Id)],
 *     deniedOperations: ['block_ip'],
 *     taskPolls: 2,
 *     risks: sampleRisks(25, 'demo'),
 *   },
 * });
 * ```
 */
export interface EmulatorStateOptions {
  /** Alert events, served by `DescribeSuspEvents` and handled by `HandleSecurityEvents`. */
  readonly alerts?: readonly SuspEventRecord[];
  /**
   * Alerts handled in the past, each with its handling (operation, operator, time, status, remark):
   * served after `alerts`, to `Dealed=Y` listings and their `OperateTimeStart`/`OperateTimeEnd`
   * filters, and read back through `emulator.state.history()`. `sampleHistory` makes a realistic one.
   *
   * @example
   * ```ts
   * const history = sampleHistory(200, 'demo', { from: Date.UTC(2025, 11, 31, 16), to: Date.UTC(2026, 0, 14, 16) });
   * const emulator = await startEmulator({ state: { alerts: sampleAlerts(10), history } });
   * ```
   */
  readonly history?: readonly EmulatorPastHandling[];
  /**
   * Alerts that arrive later, on the emulator's clock (the `now` option): each exists from its `at`
   * on, served before `alerts`, the newest arrival first. `sampleArrivals` makes some.
   */
  readonly arrivals?: readonly EmulatorArrival[];
  /**
   * What happens to alerts over time besides the API's requests, on the emulator's clock: alerts that
   * fire again, status changes made in the console. Each change takes effect once the clock reaches
   * its `at`, in order of time. `sampleActivity` makes some.
   */
  readonly activity?: readonly EmulatorActivity[];
  /** Hosts whose agent is offline; every other host is online. */
  readonly hosts?: readonly EmulatorHost[];
  /**
   * Alert events (by `Id`) whose process no longer exists: `kill_and_quara`, `kill_process` and
   * `kill_container_process` fail on them with `<operation>.ProcessNotExist`.
   */
  readonly goneProcesses?: readonly number[];
  /**
   * The operations of particular alert events, by `Id`, instead of those their type offers by default
   * (see `DEFAULT_OPERATIONS_BY_ALERT_TYPE`).
   *
   * @example
   * ```ts
   * const emulator = await startEmulator({
   *   state: { operations: { 7009607: [{ code: 'block_ip', userCanOperate: false }, { code: 'ignore' }] } },
   * });
   * ```
   */
  readonly operations?: Readonly<Record<string, readonly EmulatorAlertOperation[]>>;
  /**
   * Operation codes the edition does not allow: offered with `UserCanOperate: false` to every event,
   * and refused by `HandleSecurityEvents` with `400 NoPermission`.
   */
  readonly deniedOperations?: readonly string[];
  /** Whitelist rules in place at start, by alert type (`AlarmEventType`). */
  readonly whitelistRules?: Readonly<Record<string, readonly EmulatorWhitelistRule[]>>;
  /**
   * How many status queries of a task are answered `Processing` before its final status;
   * `Number.POSITIVE_INFINITY` for tasks that never finish.
   * @defaultValue `1`
   */
  readonly taskPolls?: number;
  /** Events or operations whose handling never finishes. */
  readonly neverFinish?: NeverFinish;
  /** Data Security Center risk events, served by `DescribeRiskRules` and handled by `PreHandleAuditRisk`. */
  readonly risks?: readonly RiskRecord[];
  /**
   * Shape of `DescribeRiskRules` answers: `flat` is `{ RequestId, TotalCount, PageSize, CurrentPage, Items }`,
   * `wrapped` is `{ code: 200, data: { TotalCount, PageSize, CurrentPage, Items }, requestId, success: true }`.
   * Both appear in Alibaba's own documents.
   * @defaultValue `'flat'`
   */
  readonly riskResponseShape?: 'flat' | 'wrapped';
  /**
   * How `DescribeSuspEvents` and `DescribeRiskRules` page, for servers that page badly: a lying or
   * missing `TotalCount`, pages that repeat or never run out past the end, a capped `PageSize`.
   *
   * @example
   * ```ts
   * // Always-full pages and no TotalCount: a walk that trusts either never ends.
   * const emulator = await startEmulator({
   *   state: { alerts: sampleAlerts(45), paging: { totalCount: 'omit', beyondEnd: 'cycle' } },
   * });
   * ```
   * @defaultValue as the services page (see {@link EmulatorPaging})
   */
  readonly paging?: EmulatorPaging;
}
