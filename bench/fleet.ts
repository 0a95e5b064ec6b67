/**
 * 8. A fleet of 50 member accounts (an emulated resource directory in its own process, every call taking
 * a fixed time): listing every account's alerts (`fleet.listAlerts`), then handling them (`fleet.plan`
 * with a filter, then `fleet.execute`), against the same work in the slowest single account alone (a
 * fleet of that account only). Accounts hold 20 to 100 alerts, so the slowest is one of the largest.
 * Ratios near 1 with all accounts in flight mean the accounts run side by side; the default limit of 8
 * accounts in flight takes about 50/8 rounds.
 */
import { AccountFleet, Operations } from '../src/index.js';
import { type BenchEmulator, startBenchEmulator } from './emulator-process.js';
import { duration, median, type Row, ratio, round } from './stats.js';

const ACCOUNTS = 50;
const LATENCY_MS = 20;
const ROUNDS = 3;
/** Alerts of member `index`: 20, 40, 60, 80 or 100. */
const alertsOf = (index: number) => 20 * (1 + (index % 5));
const accountIds = Array.from({ length: ACCOUNTS }, (_, index) => String(1_000_000_000_000_002 + index));

/** How to read this part's rows. */
export const NOTES = [
  `8: ${ACCOUNTS} emulated member accounts of 20 to 100 alerts (${ACCOUNTS * 60} in all), every call ${LATENCY_MS} ms; ` +
    'each account assumes its role once (STS AssumeRole), then lists (pages of 20) or plans and executes (mark handled).',
  `   Slowest single account = the slowest of one account of each size run alone; median of ${ROUNDS} rounds each.`,
];

interface Timing {
  listMs: number;
  handleMs: number;
  alerts: number;
}

async function run(
  emulator: BenchEmulator,
  accounts: readonly string[],
  maxAccountsInFlight: number,
): Promise<Timing> {
  const open = () =>
    AccountFleet.open({
      endpoint: emulator.endpoint,
      protocol: 'http',
      credential: emulator.credentials,
      accounts,
      maxAccountsInFlight,
      poll: { intervalMs: LATENCY_MS, maxAttempts: 10, maxWaitMs: 60_000 },
    });
  let fleet = await open();
  let started = performance.now();
  let alerts = 0;
  for await (const _ of fleet.listAlerts({ dealt: false })) alerts++;
  const listMs = performance.now() - started;
  // A new fleet, so that handling pays for its roles too, as listing did.
  fleet = await open();
  started = performance.now();
  const plan = await fleet.plan({ dealt: false }, () => Operations.markHandled());
  const report = await fleet.execute(plan, { allowedAccounts: accounts });
  const handleMs = performance.now() - started;
  if (report.counts.alerts.succeeded !== alerts) {
    throw new Error(`handled ${report.counts.alerts.succeeded} of ${alerts} alerts: ${report.summary()}`);
  }
  return { listMs, handleMs, alerts };
}

/** A fresh emulator per measurement: handling changes its alerts. */
async function measured(accounts: readonly string[], maxAccountsInFlight: number): Promise<Timing> {
  const emulator = await startBenchEmulator({
    alerts: 0,
    accounts: accountIds.map((accountId, index) => ({ accountId, alerts: alertsOf(index) })),
    faults: [{ action: '*', rate: 1, kinds: ['latency'], latencyMs: LATENCY_MS }],
  });
  try {
    return await run(emulator, accounts, maxAccountsInFlight);
  } finally {
    await emulator.close();
  }
}

export async function measureFleet(): Promise<{ rows: Row[]; result: unknown }> {
  const singles: Timing[][] = [];
  for (let size = 0; size < 5; size++) {
    const rounds: Timing[] = [];
    for (let round = 0; round < ROUNDS; round++) rounds.push(await measured([accountIds[size] as string], 1));
    singles.push(rounds);
  }
  const slowest = (key: 'listMs' | 'handleMs') =>
    Math.max(...singles.map((rounds) => median(rounds.map((timing) => timing[key]))));
  const fleets: Record<string, Timing[]> = { all: [], default: [] };
  for (let round = 0; round < ROUNDS; round++) {
    fleets.all?.push(await measured(accountIds, ACCOUNTS));
    fleets.default?.push(await measured(accountIds, 8));
  }
  const slowList = slowest('listMs');
  const slowHandle = slowest('handleMs');
  const rows: Row[] = [
    { part: '8 fleet of 50', metric: 'slowest single account: list', value: duration(slowList) },
    { part: '8 fleet of 50', metric: 'slowest single account: plan + execute', value: duration(slowHandle) },
  ];
  const result: Record<string, unknown> = {
    accounts: ACCOUNTS,
    latencyMs: LATENCY_MS,
    rounds: ROUNDS,
    slowestSingle: { listMs: round(slowList), handleMs: round(slowHandle) },
  };
  for (const [name, label] of [
    ['all', `${ACCOUNTS} in flight`],
    ['default', '8 in flight (default)'],
  ] as const) {
    const timings = fleets[name] ?? [];
    const listMs = median(timings.map((timing) => timing.listMs));
    const handleMs = median(timings.map((timing) => timing.handleMs));
    rows.push(
      {
        part: '8 fleet of 50',
        metric: `fleet, ${label}: list ${timings[0]?.alerts ?? 0} alerts`,
        value: `${duration(listMs)} (${ratio(listMs / slowList)} the slowest single account)`,
      },
      {
        part: '8 fleet of 50',
        metric: `fleet, ${label}: plan + execute`,
        value: `${duration(handleMs)} (${ratio(handleMs / slowHandle)} the slowest single account)`,
      },
    );
    result[name] = { listMs: round(listMs), handleMs: round(handleMs), alerts: timings[0]?.alerts };
  }
  return { rows, result };
}
