import type { HandleLogEntry } from './handling/handle-log.js';
import type { TaskView } from './handling/task-store.js';
import type { WhitelistRule } from './handling/whitelist-store.js';
import type { RiskRecord } from './risks/risk-record.js';
import type { StoredRisk } from './risks/risk-store.js';
import type { SuspEventRecord } from './susp-event.js';

/**
 * What a test can read of the emulator's model (see `EmulatorStateOptions`). Every call returns a
 * copy taken at that moment.
 *
 * @example
 * ```ts
 * const before = emulator.state.whitelistRules('Unusual Logon');
 * // ... HandleSecurityEvents with advance_mark_mis_info ...
 * expect(emulator.state.whitelistRules('Unusual Logon')).toEqual([...before, newRule]);
 * expect(emulator.state.handledCount(7009607)).toBe(1);
 * expect(emulator.state.alert(7009607)?.EventStatus).toBe(8);
 * ```
 */
export interface EmulatorStateView {
  /** The alert event with this ID, current values. */
  alert(id: number | string): SuspEventRecord | undefined;
  /** Every alert event, current values, in the order given. */
  alerts(): readonly SuspEventRecord[];
  /** The whitelist rules in place for an alert type (`AlarmEventType`). */
  whitelistRules(alertType: string): readonly WhitelistRule[];
  /**
   * Every rule set the alert type has had, oldest first: the one in place at start, then one per
   * `advance_mark_mis_info` request that carried a `MarkMissParam`.
   */
  whitelistHistory(alertType: string): readonly (readonly WhitelistRule[])[];
  /** How many accepted `HandleSecurityEvents` requests named the alert event. */
  handledCount(alertId: number | string): number;
  /** Every accepted `HandleSecurityEvents` request, in arrival order. */
  handleLog(): readonly HandleLogEntry[];
  /** Every handling task, oldest first. */
  tasks(): readonly TaskView[];
  /** The risk event with this ID and the handlings it received. */
  risk(id: number | string): StoredRisk | undefined;
  /** Every risk event, current values, in the order given. */
  risks(): readonly RiskRecord[];
}
