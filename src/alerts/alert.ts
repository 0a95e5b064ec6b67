/**
 * The camelCase view of one Security Center alert event (`SuspEvent`).
 *
 * @packageDocumentation
 */

import { InvalidResponseError } from '../errors.js';
import type { SuspEvent } from '../generated/index.js';
import { exactNumber } from '../util/int64.js';

/**
 * Status code (`EventStatus`) of each alert status. Also the value of the `Status` filter of
 * `DescribeSuspEvents`, as a string: `String(ALERT_STATUS_CODES.pending)`.
 */
export const ALERT_STATUS_CODES = {
  pending: 1,
  ignored: 2,
  confirmed: 4,
  falsePositive: 8,
  handling: 16,
  handled: 32,
  expired: 64,
  deleted: 128,
  autoBlocking: 512,
  autoBlocked: 513,
  systemFalsePositive: 604,
} as const;

/** A status this package can decode (see {@link ALERT_STATUS_CODES}). */
export type KnownAlertStatus = keyof typeof ALERT_STATUS_CODES;

/** Status of an alert; `unknown` for a code this package does not know (the code stays in `statusCode`). */
export type AlertStatus = KnownAlertStatus | 'unknown';

/** Severity of an alert; open, as the service may add levels. */
export type AlertLevel = 'serious' | 'suspicious' | 'remind' | (string & {});

/** One key/value detail of an alert, e.g. `{ name: 'Login source IP', value: '198.51.100.23' }`. */
export interface AlertDetail {
  /** Display label of the detail (`NameDisplay`); empty when the service gave none. */
  readonly name: string;
  /** Raw value (`Value`), else its display form (`ValueDisplay`); empty when the service gave neither. */
  readonly value: string;
}

/** An alert event, with camelCase names and decoded status and times. `raw` keeps every wire field. */
export interface Alert {
  /** Event ID (`Id`), as a string: the value the handling APIs take. */
  readonly id: string;
  /** Human-readable name: `AlarmEventNameDisplay`, else `Name`, else `AlarmEventName`, else empty. */
  readonly name: string;
  /** Internal name of the alert event (`AlarmEventName`), e.g. `login_common_location`. */
  readonly eventName: string | undefined;
  /** Alert type (`AlarmEventType`), e.g. `Unusual Logon`. */
  readonly type: string | undefined;
  /** Human-readable alert type (`AlarmEventTypeDisplay`). */
  readonly typeDisplay: string | undefined;
  /** Severity (`Level`). */
  readonly level: AlertLevel | undefined;
  /** Decoded status (`EventStatus`). */
  readonly status: AlertStatus;
  /** Status code as sent (`EventStatus`); `undefined` when the service gave none. */
  readonly statusCode: number | undefined;
  /** Public IP of the affected asset (`InternetIp`). */
  readonly internetIp: string | undefined;
  /** Private IP of the affected asset (`IntranetIp`). */
  readonly intranetIp: string | undefined;
  /** UUID of the affected server (`Uuid`). */
  readonly uuid: string | undefined;
  /** Instance ID of the affected asset (`InstanceId`). */
  readonly instanceId: string | undefined;
  /** Instance name of the affected asset (`InstanceName`). */
  readonly instanceName: string | undefined;
  /** First detection (`OccurrenceTimeStamp`, else the `OccurrenceTime` text). */
  readonly firstSeen: Date | undefined;
  /** Last detection (`LastTimeStamp`, else the `LastTime` text). */
  readonly lastSeen: Date | undefined;
  /** Last detection as the service wrote it (`LastTime`, `yyyy-MM-dd HH:mm:ss`). */
  readonly lastSeenText: string | undefined;
  /** Key/value details (`Details`). */
  readonly details: readonly AlertDetail[];
  /** The event as the service sent it. */
  readonly raw: SuspEvent;
}

const STATUS_BY_CODE: ReadonlyMap<number, KnownAlertStatus> = new Map(
  Object.entries(ALERT_STATUS_CODES).map(([status, code]) => [code, status as KnownAlertStatus]),
);

/**
 * Decodes an `EventStatus` code; `unknown` for a code this package does not know or a missing one.
 *
 * @example
 * ```ts
 * alertStatusFromCode(32); // 'handled'
 * alertStatusFromCode(9999); // 'unknown'
 * ```
 */
export function alertStatusFromCode(code: number | undefined): AlertStatus {
  return (code === undefined ? undefined : STATUS_BY_CODE.get(code)) ?? 'unknown';
}

/**
 * Builds the {@link Alert} view of an event from `DescribeSuspEvents`.
 *
 * Times come from the epoch-millisecond fields (0 counts as missing). When only the text (`yyyy-MM-dd HH:mm:ss`, no zone)
 * is present, it is read as UTC+08:00 (Beijing time); text that does not parse gives `undefined`.
 *
 * @throws {@link InvalidResponseError} when the event has no `Id`: such an event cannot be handled.
 *
 * @example
 * ```ts
 * const page = await sas.describeSuspEvents({ Dealed: 'N' });
 * const alerts = (page.SuspEvents ?? []).map(toAlert);
 * console.log(alerts[0]?.id, alerts[0]?.status, alerts[0]?.lastSeen?.toISOString());
 * ```
 */
export function toAlert(event: SuspEvent): Alert {
  if (event.Id === undefined) {
    throw new InvalidResponseError(
      'An alert event has no Id, so it cannot be handled. Report the RequestId of the listing to Alibaba Cloud support.',
      { code: 'InvalidResponse', action: 'DescribeSuspEvents', issues: [{ path: 'Id', message: 'missing' }] },
    );
  }
  return {
    id: String(event.Id),
    name: event.AlarmEventNameDisplay ?? event.Name ?? event.AlarmEventName ?? '',
    eventName: event.AlarmEventName,
    type: event.AlarmEventType,
    typeDisplay: event.AlarmEventTypeDisplay,
    level: event.Level,
    status: alertStatusFromCode(event.EventStatus),
    statusCode: event.EventStatus,
    internetIp: event.InternetIp,
    intranetIp: event.IntranetIp,
    uuid: event.Uuid,
    instanceId: event.InstanceId,
    instanceName: event.InstanceName,
    firstSeen: toDate(exactNumber(event.OccurrenceTimeStamp), event.OccurrenceTime),
    lastSeen: toDate(exactNumber(event.LastTimeStamp), event.LastTime),
    lastSeenText: event.LastTime,
    details: (event.Details ?? []).map((detail) => ({
      name: detail.NameDisplay ?? '',
      value: detail.Value ?? detail.ValueDisplay ?? '',
    })),
    raw: event,
  };
}

const SERVICE_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/;

/**
 * The time of an epoch-millisecond field (0 counts as missing), else of its `yyyy-MM-dd HH:mm:ss` text
 * read as UTC+08:00.
 */
function toDate(epochMs: number | undefined, text: string | undefined): Date | undefined {
  if (epochMs !== undefined && epochMs > 0) return new Date(epochMs);
  const match = text === undefined ? null : SERVICE_TIME.exec(text.trim());
  if (match === null) return undefined;
  const date = new Date(`${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${match[6]}+08:00`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
