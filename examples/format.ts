/**
 * How the examples show an alert: the layout of the Security Center console's alert list, with the
 * recommended action and its reason.
 */
import { type Alert, operationDisplayName, type Recommendation } from 'alicloud-alert-handler';

const STATUS_LABELS: Record<string, string> = {
  pending: 'Pending',
  ignored: 'Ignored',
  confirmed: 'Confirmed',
  falsePositive: 'False positive',
  handling: 'Handling',
  handled: 'Handled',
  expired: 'Expired',
};

/**
 * One alert as text, for example:
 *
 * ```text
 * [Alert 1] ID: 7009640
 * - Name: Login with unusual location
 * - Type: Unusual Logon
 * - Severity: remind
 * - Asset: 203.0.113.82 / 10.3.141.82
 * - Status: Pending
 * - Time: 2026-01-15 02:41:13
 * - Recommended Action: Block IP
 * - Reason: Unusual login behavior detected
 * ```
 */
export function formatAlert(alert: Alert, index: number, recommendation: Recommendation): string {
  return [
    `[Alert ${index}] ID: ${alert.id}`,
    `- Name: ${alert.name}`,
    `- Type: ${alert.typeDisplay ?? alert.type ?? '-'}`,
    `- Severity: ${alert.level ?? '-'}`,
    `- Asset: ${alert.internetIp ?? '-'} / ${alert.intranetIp ?? '-'}`,
    `- Status: ${STATUS_LABELS[alert.status] ?? `${alert.status} (${alert.statusCode})`}`,
    `- Time: ${alert.lastSeenText ?? alert.lastSeen?.toISOString() ?? '-'}`,
    `- Recommended Action: ${operationDisplayName(recommendation.operation)}`,
    `- Reason: ${recommendation.reason}`,
  ].join('\n');
}
