/** Handling status of a risk event. */
export type RiskHandleStatus = 'UNPROCESSED' | 'PROCESSED';

/**
 * A Data Security Center audit risk event as `DescribeRiskRules` returns it in `Items[]`, with wire
 * field names. The emulator filters on `HandleStatus` and looks events up by `RiskId`; every other
 * field is served as given.
 */
export interface RiskRecord {
  /** Risk event ID, what `PreHandleAuditRisk` takes as `RiskId`. */
  readonly RiskId: number;
  /** Handling status. @defaultValue `'UNPROCESSED'` */
  readonly HandleStatus?: RiskHandleStatus;
  /** ID of the detection rule that raised the risk. */
  readonly RuleId?: number;
  /** Name of the detection rule. */
  readonly RuleName?: string;
  /** Rule category, e.g. `Database Dump Attack`. */
  readonly RuleCategoryName?: string;
  /** Numeric risk level: 3 high, 2 medium, 1 low. */
  readonly WarnLevel?: number;
  /** Risk level label, e.g. `High Risk`. */
  readonly WarnLevelName?: string;
  /** Data product of the affected asset, e.g. `RDS`, `OSS`. */
  readonly ProductCode?: string;
  /** Number of alarms. */
  readonly AlarmCount?: number;
  /** Number of affected assets. */
  readonly InstanceCount?: number;
  /** First detection, epoch milliseconds. */
  readonly FirstAlarmTime?: number;
  /** Latest detection, epoch milliseconds. */
  readonly LastAlarmTime?: number;
  /** When the risk was marked handled, epoch milliseconds; 0 if never. */
  readonly HandleMarkTime?: number;
  /** Any other field of the wire format. */
  readonly [field: string]: unknown;
}
