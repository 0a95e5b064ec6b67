/**
 * An alert event fires again: its last detection moves to `at` (`LastTimeStamp`, and `LastTime` as
 * text). A pending alert stays pending, one being handled stays so; a handled one (ignored,
 * confirmed, handled, expired, ...) is raised again as pending, as the service raises a threat that
 * recurs after it was dealt with. An alert marked as a false positive (`8`, or `604` by the system)
 * does not fire again: its whitelist holds the detection back, and nothing changes.
 *
 * @example
 * ```ts
 * const refire: EmulatorRefire = { kind: 'refire', at: Date.UTC(2026, 0, 15, 2), alertId: 8_000_001 };
 * ```
 */
export interface EmulatorRefire {
  readonly kind: 'refire';
  /** When it fires again, epoch milliseconds on the emulator's clock. */
  readonly at: number;
  /** The alert event's `Id`. */
  readonly alertId: number;
}

/**
 * Someone sets an alert event's status in the console, outside the API: see
 * {@link EmulatorStateView.setStatus}.
 *
 * @example
 * ```ts
 * const ignored: EmulatorStatusChange = { kind: 'status', at: Date.UTC(2026, 0, 15, 3), alertId: 8_000_001, status: 2, operator: 'bob' };
 * ```
 */
export interface EmulatorStatusChange extends EmulatorStatusOptions {
  readonly kind: 'status';
  /** When, epoch milliseconds on the emulator's clock. */
  readonly at: number;
  /** The alert event's `Id`. */
  readonly alertId: number;
  /** The status set: `1` (pending again) or a handled one (`2`, `4`, `8`, `32`, `64`, `128`, `512`, `513`). */
  readonly status: number;
}

/**
 * What happens to alert events over time, besides the API's requests: `state.activity` holds it, and
 * `sampleActivity` makes some. Each change takes effect once the emulator's clock reaches its `at`,
 * in order of time, before the next request or state read is served.
 *
 * @example
 * ```ts
 * let clock = Date.UTC(2026, 0, 15);
 * const alerts = sampleAlerts(5);
 * const emulator = await startEmulator({
 *   now: () => clock,
 *   timestampToleranceMs: Number.POSITIVE_INFINITY,
 *   state: {
 *     alerts,
 *     activity: [
 *       { kind: 'refire', at: clock + 60_000, alertId: alerts[0]?.Id ?? 0 },
 *       { kind: 'status', at: clock + 120_000, alertId: alerts[1]?.Id ?? 0, status: 2, operator: 'bob' },
 *     ],
 *   },
 * });
 * clock += 60_000; // the first alert is now last detected a minute later
 * ```
 */
export type EmulatorActivity = EmulatorRefire | EmulatorStatusChange;

/**
 * Who sets a status from the console, and when.
 *
 * @example
 * ```ts
 * const options: EmulatorStatusOptions = { operator: 'bob', at: Date.UTC(2026, 0, 15, 3) };
 * emulator.state.setStatus(7009607, 32, options);
 * ```
 */
export interface EmulatorStatusOptions {
  /** Who: a name kept in `emulator.state.history()`, the API serves none. @defaultValue `'console'` */
  readonly operator?: string;
  /** When, epoch milliseconds. @defaultValue the emulator's clock */
  readonly at?: number;
}
