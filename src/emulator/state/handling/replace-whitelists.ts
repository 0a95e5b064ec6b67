import type { SuspEventRecord } from '../susp-event.js';
import type { EmulatorWhitelistRule, WhitelistStore } from './whitelist-store.js';

/**
 * Replaces, wholesale, the whitelist rules of every alert type among `alerts` by `rules`, as
 * `advance_mark_mis_info` does. A rule scoped `part` is bound to each host of that type's events
 * (their `Uuid`); `ALL` and host UUIDs are kept as they are.
 */
export function replaceWhitelists(
  store: WhitelistStore,
  alerts: readonly SuspEventRecord[],
  rules: readonly EmulatorWhitelistRule[],
): void {
  const types = [...new Set(alerts.map((alert) => alert.AlarmEventType ?? ''))];
  for (const alertType of types) {
    const hosts = [
      ...new Set(
        alerts
          .filter((alert) => (alert.AlarmEventType ?? '') === alertType)
          .flatMap((alert) => (alert.Uuid === undefined ? [] : [alert.Uuid])),
      ),
    ];
    store.replace(
      alertType,
      rules.flatMap((rule) =>
        rule.uuid === 'part' && hosts.length > 0 ? hosts.map((uuid) => ({ ...rule, uuid })) : [rule],
      ),
    );
  }
}
