/**
 * A change as the sinks send it: the JSON record of webhooks and server-sent events, and the one-line
 * summary people read in chat messages.
 *
 * @packageDocumentation
 */
import type { Alert } from '../alerts/alert.js';
import { printable } from '../util/printable.js';
import type { AlertChange, AlertChangeKind } from './change.js';

/** An {@link Alert} as JSON carries it: its times as ISO 8601 text, absent when unknown. */
export type AlertRecord = Omit<Alert, 'firstSeen' | 'lastSeen'> & {
  readonly firstSeen?: string;
  readonly lastSeen?: string;
};

/**
 * One change as webhooks and server-sent events send it (JSON).
 *
 * @example
 * ```ts
 * // In a receiver: the body of a webhook request, once its signature is verified.
 * function onWebhook(body: string): void {
 *   const payload = JSON.parse(body) as WebhookPayload;
 *   for (const record of payload.changes) console.log(record.kind, record.alert.id, record.summary);
 * }
 * ```
 */
export interface AlertChangeRecord {
  /** The change's id ({@link AlertChange.id}), the same in every delivery of the change. */
  readonly id: string;
  /** What happened to the alert. */
  readonly kind: AlertChangeKind;
  /** One line for people: kind, level, name, asset and alert id. */
  readonly summary: string;
  /** The alert as last read, every field of {@link Alert} (`raw` included). */
  readonly alert: AlertRecord;
}

/** The longest a field of a summary line gets; longer text is cut and ends with `…`. */
const MAX_FIELD = 100;

/** The JSON record of `change`. */
export function changeRecord(change: AlertChange): AlertChangeRecord {
  const { firstSeen, lastSeen, ...alert } = change.alert;
  return {
    id: change.id,
    kind: change.kind,
    summary: changeSummary(change),
    alert: { ...alert, firstSeen: isoTime(firstSeen), lastSeen: isoTime(lastSeen) },
  };
}

function isoTime(date: Date | undefined): string | undefined {
  return date === undefined || Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/**
 * One printable line: `new · serious · Unusual logon · web-01 (198.51.100.7) · alert 7009607`. Text
 * from the service is made printable (no line breaks or control characters) and cut to 100 characters.
 */
export function changeSummary(change: AlertChange): string {
  const { alert } = change;
  const host = alert.instanceName || alert.instanceId || alert.uuid;
  const ip = alert.internetIp || alert.intranetIp;
  const asset = host && ip ? `${field(host)} (${field(ip)})` : field(host || ip || 'unknown asset');
  return [
    change.kind,
    field(alert.level || 'unknown level'),
    field(alert.name || alert.eventName || 'unnamed alert'),
    asset,
    `alert ${field(alert.id)}`,
  ].join(' · ');
}

function field(text: string): string {
  const shown = printable(text);
  return shown.length > MAX_FIELD ? `${shown.slice(0, MAX_FIELD - 1)}…` : shown;
}
