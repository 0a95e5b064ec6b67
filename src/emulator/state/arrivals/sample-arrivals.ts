import { seededRandom } from '../../random.js';
import { sampleAlerts } from '../sample-alerts.js';
import { periodBounds, retimed, type SamplePeriod, timesWithin } from '../sample-period.js';
import type { EmulatorArrival } from './arrival.js';

const FIRST_ID = 8_000_000;

/**
 * Alerts that arrive over a period, the same for the same `count`, `seed` and period: pending alerts
 * like those of `sampleAlerts`, each last detected when it arrives, in order of arrival, with IDs of
 * their own (from 8000001 up, in order of arrival) that no sample of `sampleAlerts` or `sampleHistory`
 * uses.
 *
 * @param count - How many alerts arrive.
 * @param seed - Decides the alerts and their times. @defaultValue `'arrivals'`
 * @param period - When they arrive, on the emulator's clock.
 * @throws RangeError when the period ends before it starts
 *
 * @example
 * ```ts
 * let clock = Date.UTC(2026, 0, 15);
 * const arrivals = sampleArrivals(3, 'demo', { from: clock + 60_000, to: clock + 600_000 });
 * const emulator = await startEmulator({
 *   now: () => clock,
 *   timestampToleranceMs: Number.POSITIVE_INFINITY,
 *   state: { alerts: sampleAlerts(5), arrivals },
 * });
 * clock = arrivals[0]?.at ?? clock; // the first one is now listed, before the five
 * ```
 */
export function sampleArrivals(
  count: number,
  seed: string | number = 'arrivals',
  period: SamplePeriod,
): EmulatorArrival[] {
  const { from, to } = periodBounds(period, 'sampleArrivals');
  const times = timesWithin(count, from, to, seededRandom(`${seed}:arrivals`));
  return sampleAlerts(count, seed).map((alert, index) => {
    const at = times[index] ?? from;
    return { at, alert: retimed(alert, FIRST_ID + index + 1, at) };
  });
}
