import type { SuspEventRecord } from '../susp-event.js';

/**
 * An alert that arrives while the emulator runs: `state.arrivals` holds them. Until the emulator's
 * clock (the `now` option) reaches `at`, the alert does not exist: no listing serves it and the
 * handling actions answer `SecurityEventNotExists`. From then on it is served first, before the alerts
 * given at start, the newest arrival first.
 *
 * @example
 * ```ts
 * let clock = Date.UTC(2026, 0, 15);
 * const emulator = await startEmulator({
 *   now: () => clock,
 *   timestampToleranceMs: Number.POSITIVE_INFINITY, // requests are signed at the real time
 *   state: { alerts: sampleAlerts(5), arrivals: [{ at: clock + 60_000, alert: { Id: 8_000_001, Level: 'serious', EventStatus: 1 } }] },
 * });
 * clock += 60_000; // the next listing serves alert 8000001 first
 * ```
 */
export interface EmulatorArrival {
  /** When it arrives, epoch milliseconds on the emulator's clock. */
  readonly at: number;
  /** The alert, with wire field names; its `Id` must be unique among every alert of the emulator. */
  readonly alert: SuspEventRecord;
}
