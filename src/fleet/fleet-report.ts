/**
 * The result of a fleet-wide execution, grouped by account.
 *
 * @packageDocumentation
 */
import type { HandlingReport, OutcomeCounts } from '../alerts/report.js';
import type { FleetOutcome } from './outcome.js';

/** How many accounts ended each way, and how many alerts, over the accounts that ran. */
export interface FleetCounts {
  /** Accounts: in all, those whose execution ran (`ok`), and those that failed or were skipped. */
  readonly accounts: { readonly total: number; readonly ok: number; readonly failed: number };
  /** Alerts of the accounts whose execution ran, summed over them. */
  readonly alerts: OutcomeCounts;
}

const ALERT_STATUSES = ['succeeded', 'failed', 'timedOut', 'unknown', 'skipped'] as const;

/**
 * One outcome per account of a fleet-wide execution: the account's {@link HandlingReport} (every alert
 * of its plan with exactly one outcome, and its `executionId`), or the error that kept it from running
 * and where (`skipped`, `credentials`, `call`).
 *
 * @example
 * ```ts
 * const report = await fleet.execute(fleetPlan, { allowedAccounts, journal });
 * console.log(report.summary());
 * for (const outcome of report.accounts) {
 *   if (outcome.ok) console.log(outcome.accountId, outcome.value.executionId, outcome.value.counts);
 *   else console.error(outcome.accountId, outcome.phase, outcome.error.code);
 * }
 * ```
 */
export class FleetReport {
  /** The fleet's run. */
  readonly runId: string;
  /** One outcome per account of the plan, in its order. */
  readonly accounts: readonly FleetOutcome<HandlingReport>[];
  readonly #names: ReadonlyMap<string, string | undefined>;

  /** @param names - Account ID → display name, for the summary. */
  constructor(
    runId: string,
    accounts: readonly FleetOutcome<HandlingReport>[],
    names: ReadonlyMap<string, string | undefined> = new Map(),
  ) {
    this.runId = runId;
    this.accounts = accounts;
    this.#names = names;
  }

  /** The accounts that did not run, each with its error and phase. */
  get failedAccounts(): readonly Extract<FleetOutcome<HandlingReport>, { ok: false }>[] {
    return this.accounts.filter((outcome) => !outcome.ok);
  }

  /** Accounts and alerts, counted. */
  get counts(): FleetCounts {
    const alerts = { total: 0, succeeded: 0, failed: 0, timedOut: 0, unknown: 0, skipped: 0 };
    let ok = 0;
    for (const outcome of this.accounts) {
      if (!outcome.ok) continue;
      ok++;
      const counts = outcome.value.counts;
      alerts.total += counts.total;
      for (const status of ALERT_STATUSES) alerts[status] += counts[status];
    }
    return { accounts: { total: this.accounts.length, ok, failed: this.accounts.length - ok }, alerts };
  }

  /**
   * The results as text: the totals, then one line per account (its alerts' counts and execution id,
   * or what kept it from running).
   *
   * @example
   * ```ts
   * console.log(report.summary());
   * // run run-20260601-101010-3fa9c2d1: 3 accounts (2 ran, 1 failed); 12 alerts: 11 succeeded, 1 failed, ...
   * // 1234567890123456 (Production): 7 alerts: 7 succeeded [exec-20260601-101011-0c1d2e3f]
   * ```
   */
  summary(): string {
    const { accounts, alerts } = this.counts;
    const lines = [
      `run ${this.runId}: ${accounts.total} accounts (${accounts.ok} ran, ${accounts.failed} failed); ` +
        `${alerts.total} alerts: ${ALERT_STATUSES.map((status) => `${alerts[status]} ${status}`).join(', ')}`,
    ];
    for (const outcome of this.accounts) {
      const name = this.#names.get(outcome.accountId);
      const account = name === undefined ? outcome.accountId : `${outcome.accountId} (${name})`;
      if (outcome.ok) {
        const counts = outcome.value.counts;
        const statuses = ALERT_STATUSES.filter((status) => counts[status] > 0)
          .map((status) => `${counts[status]} ${status}`)
          .join(', ');
        const id = outcome.value.executionId === undefined ? '' : ` [${outcome.value.executionId}]`;
        lines.push(`${account}: ${counts.total} alerts${statuses ? `: ${statuses}` : ''}${id}`);
      } else {
        const how = outcome.phase === 'skipped' ? 'skipped' : `failed (${outcome.phase})`;
        lines.push(
          `${account}: ${how}: ${outcome.error.name} ${outcome.error.code}: ${outcome.error.message}`,
        );
      }
    }
    return lines.join('\n');
  }
}
