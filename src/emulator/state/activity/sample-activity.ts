import { seededRandom } from '../../random.js';
import type { EmulatorArrival } from '../arrivals/arrival.js';
import { periodBounds, type SamplePeriod, timesWithin } from '../sample-period.js';
import type { SuspEventRecord } from '../susp-event.js';
import type { EmulatorActivity } from './activity.js';

/**
 * Options of {@link sampleActivity}: the period, the alerts it happens to, and who changes statuses.
 *
 * @example
 * ```ts
 * const options: SampleActivityOptions = {
 *   from: Date.UTC(2026, 0, 15),
 *   to: Date.UTC(2026, 0, 15, 1),
 *   alerts: sampleAlerts(20),
 *   operators: ['night-shift'],
 * };
 * const activity = sampleActivity(50, 'demo', options);
 * ```
 */
export interface SampleActivityOptions extends SamplePeriod {
  /** Alerts that exist from the start: those of `state.alerts`, or of `state.history`. */
  readonly alerts?: readonly SuspEventRecord[];
  /** Alerts that arrive: each is drawn only once it has arrived. */
  readonly arrivals?: readonly EmulatorArrival[];
  /** Who sets statuses, drawn evenly. @defaultValue `['alice', 'bob', 'carol', 'dave']` */
  readonly operators?: readonly string[];
}

const DEFAULT_OPERATORS = ['alice', 'bob', 'carol', 'dave'] as const;
/** Out of 1, how many changes are alerts firing again; the rest are statuses set in the console. */
const REFIRE_SHARE = 0.6;
/** What people set in the console: ignored, handled, false positive, pending again. */
const STATUSES = [2, 32, 32, 8, 1] as const;

/**
 * Alerts firing again and statuses set in the console over a period, for `state.activity`, the same
 * for the same `count`, `seed`, period and alerts: at times spread evenly over the period, each names
 * an alert that exists by then, drawn evenly; 60 % are refires, the others status changes by one of
 * the operators (ignored, handled twice as often, false positive, or pending again). A time at which
 * no alert exists yet (before the first arrival, with no `alerts`) draws nothing, so there may be
 * fewer than `count`.
 *
 * @param count - How many changes at most.
 * @param seed - Decides the times, alerts, kinds, statuses and operators. @defaultValue `'activity'`
 * @throws RangeError when the period ends before it starts
 *
 * @example
 * ```ts
 * let clock = Date.UTC(2026, 0, 15);
 * const alerts = sampleAlerts(20, 'demo');
 * const period = { from: clock, to: clock + 3_600_000 };
 * const arrivals = sampleArrivals(10, 'demo', period);
 * const activity = sampleActivity(30, 'demo', { ...period, alerts, arrivals });
 * const emulator = await startEmulator({
 *   now: () => clock,
 *   timestampToleranceMs: Number.POSITIVE_INFINITY,
 *   state: { alerts, arrivals, activity },
 * });
 * // A console polling DescribeSuspEvents sees alerts arrive, fire again and change status as the clock runs.
 * ```
 */
export function sampleActivity(
  count: number,
  seed: string | number = 'activity',
  options: SampleActivityOptions,
): EmulatorActivity[] {
  const { from, to } = periodBounds(options, 'sampleActivity');
  const operators = options.operators ?? DEFAULT_OPERATORS;
  const random = seededRandom(`${seed}:activity`);
  const draw = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)] as T;
  const present = (options.alerts ?? []).map((alert) => alert.Id);
  const arrivals = [...(options.arrivals ?? [])].sort((a, b) => a.at - b.at);
  let arrived = 0;
  return timesWithin(count, from, to, random).flatMap((at): EmulatorActivity[] => {
    for (let next = arrivals[arrived]; next !== undefined && next.at <= at; next = arrivals[++arrived]) {
      present.push(next.alert.Id);
    }
    if (present.length === 0) return [];
    const alertId = draw(present);
    if (random() < REFIRE_SHARE) return [{ kind: 'refire', at, alertId }];
    return [{ kind: 'status', at, alertId, status: draw(STATUSES), operator: draw(operators) }];
  });
}
