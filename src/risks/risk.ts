import { InvalidResponseError } from '../errors.js';
import type { RiskEvent } from '../generated/index.js';
import { exactNumber } from '../util/int64.js';

/** Handling status of a Data Security Center risk event. */
export type RiskStatus = 'unprocessed' | 'processed' | 'unknown';

/** A Data Security Center audit risk event, in camelCase, with the wire record kept as `raw`. */
export interface Risk {
  /** Risk event ID (`RiskId`): what {@link RiskHandler.handleRisk} takes. */
  readonly id: string;
  /** Name of the detection rule that raised it. */
  readonly ruleName: string | undefined;
  /** Rule category, e.g. `Database Dump Attack`. */
  readonly category: string | undefined;
  /** Risk level label, e.g. `High Risk`. */
  readonly level: string | undefined;
  /** Numeric risk level (`WarnLevel`). */
  readonly levelCode: number | undefined;
  /** Data product of the affected assets, e.g. `RDS`. */
  readonly product: string | undefined;
  /** Number of alarms. */
  readonly alarmCount: number | undefined;
  /** Number of affected assets. */
  readonly assetCount: number | undefined;
  /** First detection. */
  readonly firstSeen: Date | undefined;
  /** Latest detection. */
  readonly lastSeen: Date | undefined;
  /** Handling status. */
  readonly status: RiskStatus;
  /** The record as the service sent it. */
  readonly raw: RiskEvent;
}

/**
 * The camelCase view of a risk event.
 *
 * @throws {@link InvalidResponseError} when the record has no `RiskId`
 */
export function toRisk(event: RiskEvent): Risk {
  if (event.RiskId === undefined) {
    throw new InvalidResponseError('A risk event has no RiskId, so it cannot be handled.', {
      code: 'InvalidResponse',
      action: 'DescribeRiskRules',
      issues: [{ path: 'RiskId', message: 'missing' }],
    });
  }
  return {
    id: String(event.RiskId),
    ruleName: event.RuleName,
    category: event.RuleCategoryName,
    level: event.WarnLevelName,
    levelCode: event.WarnLevel,
    product: event.ProductCode,
    alarmCount: event.AlarmCount,
    assetCount: event.InstanceCount,
    firstSeen: epoch(exactNumber(event.FirstAlarmTime)),
    lastSeen: epoch(exactNumber(event.LastAlarmTime)),
    status:
      event.HandleStatus === 'UNPROCESSED'
        ? 'unprocessed'
        : event.HandleStatus === 'PROCESSED'
          ? 'processed'
          : 'unknown',
    raw: event,
  };
}

function epoch(value: number | undefined): Date | undefined {
  return value === undefined || value <= 0 ? undefined : new Date(value);
}
