import { seededRandom } from '../../random.js';
import { sampleAlerts } from '../sample-alerts.js';
import { periodBounds, retimed, type SamplePeriod, timesWithin } from '../sample-period.js';
import type { SuspEventRecord } from '../susp-event.js';
import { handledAlert } from './handled-alert.js';
import type { EmulatorPastHandling } from './past-handling.js';

/** Options of {@link sampleHistory}: the period, and who handled the alerts. */
export interface SampleHistoryOptions extends SamplePeriod {
  /** The operators, drawn evenly. @defaultValue `['alice', 'bob', 'carol', 'dave']` */
  readonly operators?: readonly string[];
}

const FIRST_ID = 6_000_000;
const DEFAULT_OPERATORS = ['alice', 'bob', 'carol', 'dave'] as const;
const MINUTE = 60_000;
/** People handle an alert 5 minutes to 4 hours after its last detection. */
const DELAY_MIN = 5 * MINUTE;
const DELAY_SPREAD = 235 * MINUTE;
/** One handling in this many carries a remark. */
const REMARK_EVERY = 3;
/** The corporate address range logons come from (a documentation range). */
const CORPORATE_PREFIX = '192.0.2.';

/** An operation and how likely it is, out of 1. */
type Choice = readonly [operationCode: string, weight: number];

/** What people do with each alert name; `login_common_location` depends on where the logon came from. */
const CHOICES: Readonly<Record<string, readonly Choice[]>> = {
  login_brute_force_success: [['block_ip', 1]],
  webshell_php: [['quara', 1]],
  malicious_process_miner: [
    ['kill_and_quara', 0.7],
    ['virus_quara', 0.3],
  ],
  reverse_shell: [['kill_process', 1]],
  suspicious_download: [
    ['kill_process', 0.6],
    ['manual_handled', 0.4],
  ],
  outbound_port_scan: [
    ['block_ip', 0.5],
    ['manual_handled', 0.5],
  ],
  new_privileged_account: [
    ['manual_handled', 0.7],
    ['ignore', 0.3],
  ],
  crontab_modified: [
    ['ignore', 0.5],
    ['advance_mark_mis_info', 0.5],
  ],
};
const LOGON_FROM_CORPORATE: readonly Choice[] = [
  ['advance_mark_mis_info', 0.6],
  ['ignore', 0.4],
];
const LOGON_FROM_OUTSIDE: readonly Choice[] = [['block_ip', 1]];
/** Unusual logons from the corporate range, out of 1. */
const CORPORATE_SHARE = 0.6;

const REMARKS: Readonly<Record<string, string>> = {
  block_ip: 'Source IP blocked for 7 days',
  quara: 'Webshell quarantined, upload folder checked',
  kill_and_quara: 'Miner killed and quarantined',
  virus_quara: 'Miner binary quarantined',
  kill_process: 'Process killed',
  manual_handled: 'Checked with the owner of the host',
  ignore: 'Expected activity',
  advance_mark_mis_info: 'Corporate range, whitelisted',
};

/**
 * A handled past for a simulation to compare with, the same for the same `count`, `seed` and period:
 * alerts like those of `sampleAlerts`, last detected at times spread evenly over the period, each
 * handled 5 minutes to 4 hours later (never after the period's end) by one of the operators, with a
 * remark one time in three, newest first. The operations follow what people do with each kind of alert:
 *
 * - brute-force logons → `block_ip`; webshells → `quara`; reverse shells → `kill_process`;
 * - mining programs → `kill_and_quara` (70 %) or `virus_quara`;
 * - logons from an unusual location → from the corporate range `192.0.2.0/24` (60 % of them, their
 *   `Login source IP` detail) `advance_mark_mis_info` (60 %) or `ignore`, from elsewhere `block_ip`;
 * - suspicious downloads → `kill_process` (60 %) or `manual_handled`; outbound port scans → `block_ip`
 *   or `manual_handled` (50 % each); new privileged accounts → `manual_handled` (70 %) or `ignore`;
 *   scheduled-task changes → `ignore` or `advance_mark_mis_info` (50 % each).
 *
 * Every operation is one the alert's type offers, and the status follows it (`2` ignored, `8`
 * whitelisted, `32` handled). IDs run from 6000001 up, apart from those of `sampleAlerts` and
 * `sampleArrivals`.
 *
 * @param count - How many handled alerts.
 * @param seed - Decides the alerts, times, operations, operators and remarks. @defaultValue `'history'`
 * @throws RangeError when the period ends before it starts
 *
 * @example
 * ```ts
 * const history = sampleHistory(200, 'demo', { from: Date.UTC(2025, 11, 31, 16), to: Date.UTC(2026, 0, 14, 16) });
 * const emulator = await startEmulator({ alerts: sampleAlerts(10), state: { history } });
 * const blocked = history.filter((entry) => entry.operationCode === 'block_ip').length;
 * ```
 */
export function sampleHistory(
  count: number,
  seed: string | number = 'history',
  options: SampleHistoryOptions,
): EmulatorPastHandling[] {
  const { from, to } = periodBounds(options, 'sampleHistory');
  const operators = options.operators ?? DEFAULT_OPERATORS;
  const random = seededRandom(`${seed}:history`);
  const times = timesWithin(count, from, to, random).reverse();
  return sampleAlerts(count, seed).map((sample, index) => {
    const lastTime = times[index] ?? to;
    const base = retimed(sample, FIRST_ID + count - index, lastTime);
    const { alert, choices } =
      base.AlarmEventName === 'login_common_location'
        ? unusualLogon(base, random)
        : { alert: base, choices: CHOICES[String(base.AlarmEventName)] ?? [['manual_handled', 1] as const] };
    const operationCode = choose(choices, random());
    const operateTime = Math.min(to, lastTime + DELAY_MIN + Math.floor(random() * DELAY_SPREAD));
    const operator = operators[Math.floor(random() * operators.length)] ?? 'alice';
    const remarked = Math.floor(random() * REMARK_EVERY) === 0;
    const handling: EmulatorPastHandling = {
      alert,
      operationCode,
      operator,
      operateTime,
      ...(remarked && { remark: REMARKS[operationCode] ?? 'Handled' }),
    };
    const handled = handledAlert(handling);
    return { ...handling, alert: handled.alert, eventStatus: handled.entry.eventStatus };
  });
}

/** An unusual logon from the corporate range or from elsewhere, and what people do with it. */
function unusualLogon(
  alert: SuspEventRecord,
  random: () => number,
): { alert: SuspEventRecord; choices: readonly Choice[] } {
  const corporate = random() < CORPORATE_SHARE;
  const host = Math.floor(random() * 254) + 1;
  const source = corporate ? `${CORPORATE_PREFIX}${host}` : `198.51.100.${host}`;
  const details = (alert.Details as readonly Record<string, unknown>[] | undefined) ?? [];
  return {
    alert: {
      ...alert,
      Details: details.map((item) =>
        item.NameDisplay === 'Login source IP' ? { ...item, Value: source, ValueDisplay: source } : item,
      ),
    },
    choices: corporate ? LOGON_FROM_CORPORATE : LOGON_FROM_OUTSIDE,
  };
}

/** The operation `draw` (in `[0, 1)`) falls on. */
function choose(choices: readonly Choice[], draw: number): string {
  let rest = draw;
  for (const [operationCode, weight] of choices) {
    if (rest < weight) return operationCode;
    rest -= weight;
  }
  return choices.at(-1)?.[0] ?? 'manual_handled';
}
