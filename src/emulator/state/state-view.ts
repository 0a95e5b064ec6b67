import type { EmulatorStatusOptions } from './activity/activity.js';
import type { HandleLogEntry } from './handling/handle-log.js';
import type { TaskView } from './handling/task-store.js';
import type { EmulatorWhitelistRule } from './handling/whitelist-store.js';
import type { EmulatorHistoryEntry } from './history/past-handling.js';
import type { RiskRecord } from './risks/risk-record.js';
import type { StoredRisk } from './risks/risk-store.js';
import type { SuspEventRecord } from './susp-event.js';

/**
 * What a test can read of the emulator's model (see `EmulatorStateOptions`), and the changes made
 * outside the API: an alert that fires again, a status set in the console. Every call returns a copy
 * taken at that moment.
 *
 * @example
 * ```ts
 * const before = emulator.state.whitelistRules('Unusual Logon');
 * // ... HandleSecurityEvents with advance_mark_mis_info ...
 * const newRule = { uuid: 'ALL', field: 'loginSourceIp', operate: 'strEqual', fieldValue: '198.51.100.23' };
 * expect(emulator.state.whitelistRules('Unusual Logon')).toEqual([...before, newRule]);
 * expect(emulator.state.handledCount(7009607)).toBe(1);
 * expect(emulator.state.alert(7009607)?.EventStatus).toBe(8);
 * ```
 */
export interface EmulatorStateView {
  /**
   * The alert event with this ID, current values.
   *
   * @example
   * ```ts
   * await alerts.handle([alertId], Operations.ignore());
   * expect(emulator.state.alert(alertId)?.EventStatus).toBe(2); // ignored
   * ```
   */
  alert(id: number | string): SuspEventRecord | undefined;
  /**
   * Every alert event, current values, in the order given.
   *
   * @example
   * ```ts
   * await alerts.handle(ids, Operations.ignore());
   * const pending = emulator.state.alerts().filter((alert) => alert.EventStatus === 1);
   * expect(pending).toHaveLength(45 - ids.length);
   * ```
   */
  alerts(): readonly SuspEventRecord[];
  /**
   * The whitelist rules in place for an alert type (`AlarmEventType`).
   *
   * @example
   * ```ts
   * const whitelist = Operations.whitelist({
   *   rules: [{ field: 'loginSourceIp', operate: 'strEqual', value: '198.51.100.23' }],
   *   scope: 'ALL',
   * });
   * await alerts.handle(['7009586'], whitelist, { confirm: true });
   * expect(emulator.state.whitelistRules('Unusual Logon')).toContainEqual({
   *   uuid: 'ALL',
   *   field: 'loginSourceIp',
   *   operate: 'strEqual',
   *   fieldValue: '198.51.100.23',
   * });
   * ```
   */
  whitelistRules(alertType: string): readonly EmulatorWhitelistRule[];
  /**
   * Every rule set the alert type has had, oldest first: the one in place at start, then one per
   * `advance_mark_mis_info` request that carried a `MarkMissParam`.
   *
   * @example
   * ```ts
   * const history = emulator.state.whitelistHistory('Unusual Logon');
   * expect(history).toHaveLength(2); // the rules at start, then the set one whitelist request put in place
   * expect(history.at(-1)).toEqual(emulator.state.whitelistRules('Unusual Logon'));
   * ```
   */
  whitelistHistory(alertType: string): readonly (readonly EmulatorWhitelistRule[])[];
  /**
   * How many accepted `HandleSecurityEvents` requests named the alert event.
   *
   * @example
   * ```ts
   * await alerts.handle([alertId], Operations.blockIp({ duration: '7d' }), { confirm: true });
   * expect(emulator.state.handledCount(alertId)).toBe(1); // handled exactly once
   * ```
   */
  handledCount(alertId: number | string): number;
  /**
   * Every accepted `HandleSecurityEvents` request, in arrival order.
   *
   * @example
   * ```ts
   * const [entry] = emulator.state.handleLog();
   * expect(entry?.operationCode).toBe('block_ip');
   * expect(entry?.operationParams).toHaveProperty('expireTime');
   * ```
   */
  handleLog(): readonly HandleLogEntry[];
  /**
   * What people did: every handling of the model, oldest first as recorded: those of `state.history`,
   * then, per alert, each `HandleSecurityEvents` request whose task succeeded, when a status query
   * reported it final (with the signing AccessKey ID as its operator and its `Remark`). Failed
   * handlings leave the alert pending and are not entered.
   *
   * @example
   * ```ts
   * const blocked = emulator.state.history().filter((entry) => entry.operationCode === 'block_ip');
   * expect(blocked.map((entry) => entry.operator)).toContain('alice');
   * ```
   */
  history(): readonly EmulatorHistoryEntry[];
  /**
   * Every handling task, oldest first.
   *
   * @example
   * ```ts
   * // After kill_and_quara on an alert whose host is offline (`state.hosts: [{ uuid, online: false }]`):
   * const [task] = emulator.state.tasks();
   * expect(task?.taskStatus).toBe('Failure');
   * expect(task?.results.map((result) => result.errorCode)).toEqual(['kill_and_quara.AgentOffline']);
   * ```
   */
  tasks(): readonly TaskView[];
  /**
   * The risk event with this ID and the handlings it received.
   *
   * @example
   * ```ts
   * await risks.handleRisk(riskId, 'Confirmed as false positive');
   * expect(emulator.state.risk(riskId)?.record.HandleStatus).toBe('PROCESSED');
   * expect(emulator.state.risk(riskId)?.handlings).toHaveLength(1);
   * ```
   */
  risk(id: number | string): StoredRisk | undefined;
  /**
   * Every risk event, current values, in the order given.
   *
   * @example
   * ```ts
   * const emulator = await startEmulator({ state: { risks: sampleRisks(12) } });
   * // ... the code under test handles one risk ...
   * expect(emulator.state.risks().filter((risk) => risk.HandleStatus === 'PROCESSED')).toHaveLength(1);
   * ```
   */
  risks(): readonly RiskRecord[];
  /**
   * The alert event fires again at `at`: its last detection (`LastTimeStamp`, `LastTime`) moves
   * there. A handled alert (ignored, confirmed, handled, expired, ...) is raised again as pending; a
   * pending one, or one being handled, keeps its status; one marked as a false positive (`8`, `604`)
   * does not fire again, its whitelist holds the detection back, and nothing changes. Returns the
   * alert as it is afterwards.
   *
   * @param at - When, epoch milliseconds. @defaultValue the emulator's clock
   * @throws RangeError when no alert with this ID exists (or it has not arrived yet)
   *
   * @example
   * ```ts
   * const refired = emulator.state.refire(7009607);
   * expect(refired.EventStatus).toBe(1); // pending again, even if it was handled
   * // DescribeSuspEvents now serves it with the new LastTimeStamp, within a TimeStart window after it.
   * ```
   */
  refire(alertId: number | string, at?: number): SuspEventRecord;
  /**
   * Sets the alert event's status as a person in the console would, outside the API: `1` puts it back
   * to pending; a handled status (`2` ignored, `4` confirmed, `8` false positive, `32` handled, `64`,
   * `128`, `512`, `513`) handles it, with `OperateErrorCode` `<operation>.Success` and `OperateMsg`
   * `success`, and enters the handling in {@link EmulatorStateView.history} as the operation
   * `ignore` (for `2`), `mark_mis_info` (for `8`) or `manual_handled`, by `options.operator`. Either
   * way `OperateTime` becomes `options.at`. Returns the alert as it is afterwards.
   *
   * @throws RangeError when no alert with this ID exists (or it has not arrived yet), or `status` is
   *   neither `1` nor a handled status (`16`, being handled, is only ever set by a handling task)
   *
   * @example
   * ```ts
   * emulator.state.setStatus(7009607, 2, { operator: 'bob' }); // bob ignores it in the console
   * expect(emulator.state.history().at(-1)).toMatchObject({ alertId: 7009607, operationCode: 'ignore', operator: 'bob' });
   * ```
   */
  setStatus(alertId: number | string, status: number, options?: EmulatorStatusOptions): SuspEventRecord;
}
