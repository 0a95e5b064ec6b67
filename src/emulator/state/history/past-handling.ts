import type { SuspEventRecord } from '../susp-event.js';

/**
 * An alert handled before the emulator started, and how: `state.history` holds them, to give
 * `DescribeSuspEvents` with `Dealed=Y` a past to serve (for instance to a simulation that compares what
 * rules would have done with what people did). The alert is served with `EventStatus`, `OperateTime`,
 * `OperateErrorCode` (`<operationCode>.Success`) and `OperateMsg` (`success`) set from its handling;
 * the operator and the remark, which the API does not serve, are read back through
 * `emulator.state.history()`.
 *
 * @example
 * ```ts
 * const handled: EmulatorPastHandling = {
 *   alert: { Id: 6_000_001, Level: 'serious', EventStatus: 1, AlarmEventType: 'Unusual Logon' },
 *   operationCode: 'block_ip',
 *   operator: 'alice',
 *   operateTime: Date.UTC(2026, 0, 14, 2, 30),
 *   remark: 'brute force from outside',
 * };
 * const emulator = await startEmulator({ state: { history: [handled] } });
 * ```
 */
export interface EmulatorPastHandling {
  /** The alert, with wire field names; its `Id` must be unique among every alert of the emulator. */
  readonly alert: SuspEventRecord;
  /** The operation that handled it, e.g. `block_ip`. */
  readonly operationCode: string;
  /** Who handled it: a name kept by the emulator only, the API serves none. */
  readonly operator: string;
  /** When it was handled, epoch milliseconds (the wire's `OperateTime`). */
  readonly operateTime: number;
  /**
   * The status the handling left: `2` ignored, `4` confirmed, `8` false positive, `32` handled, `64`
   * expired, `128` deleted, `512`/`513` blocked automatically; never `1` (pending) or `16` (in progress).
   * @defaultValue the operation's: `2` for `ignore`, `8` for the whitelisting ones, else `32`
   */
  readonly eventStatus?: number;
  /** The remark written with the handling (`HandleSecurityEvents`' `Remark`), if any. */
  readonly remark?: string;
}

/**
 * One handling in `emulator.state.history()`: one of `state.history`, or one alert of a
 * `HandleSecurityEvents` request whose task succeeded, recorded when its status query reported it final.
 */
export interface EmulatorHistoryEntry {
  /** The alert's `Id`. */
  readonly alertId: number;
  /** The operation, e.g. `block_ip`. */
  readonly operationCode: string;
  /** Who handled it: as given in `state.history`, else the AccessKey ID that signed the request. */
  readonly operator: string;
  /** When, epoch milliseconds: as given, else the emulator's clock when the task was reported final. */
  readonly operateTime: number;
  /** The status the handling left. */
  readonly eventStatus: number;
  /** The remark, when one was given or sent. */
  readonly remark?: string;
  /** The handling task, for handlings requested through the API. */
  readonly taskId?: number;
}

/** The handlings of the model, oldest first as recorded: those given at start, then those applied. */
export class HandlingHistory {
  readonly #entries: EmulatorHistoryEntry[];

  constructor(initial: readonly EmulatorHistoryEntry[] = []) {
    this.#entries = [...initial];
  }

  /** Appends one handling. */
  add(entry: EmulatorHistoryEntry): void {
    this.#entries.push(entry);
  }

  /** Every handling. */
  entries(): readonly EmulatorHistoryEntry[] {
    return this.#entries;
  }
}
