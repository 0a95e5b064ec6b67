/**
 * The response runner: the service loop that lists new alerts, plans with a rule set under its guards,
 * and executes the plan with the journal, one run at a time.
 *
 * @packageDocumentation
 */
import type { Alert } from '../alerts/alert.js';
import type { AlertHandler } from '../alerts/alert-handler.js';
import { EXECUTE_OPTION_RULES, type ExecuteOptions } from '../alerts/execute.js';
import type { AlertFilter } from '../alerts/list.js';
import type { PlanOptions } from '../alerts/plan.js';
import type { HandlingReport } from '../alerts/report.js';
import { AbortError, ValidationError } from '../errors.js';
import type { Store } from '../stores/store.js';
import { checkOptions, type OptionRules } from '../util/check-options.js';
import { exactNumber } from '../util/int64.js';
import { type Approval, executeResponsePlan } from './approval.js';
import { GUARD_OPTION_RULES, type GuardOptions, type HandlingRecord } from './guards.js';
import type { DecidingRules, ResponsePlan } from './response-plan.js';
import type { ResponseRules } from './response-rules.js';

/** Options of a {@link ResponseRunner}: the rules and guards, where the journal is, and how to run. */
export interface ResponseRunnerOptions extends Omit<GuardOptions, 'history'> {
  /** The rule set that decides. */
  readonly rules: ResponseRules;
  /**
   * The execution journal ({@link fileJournal}, or any store): every run's execution is written to it
   * before anything is sent, and an execution a crash interrupted is finished from it (its in-doubt
   * batches reconciled, never resent) before the next run plans.
   */
  readonly journal: Store;
  /**
   * The alerts each run considers.
   * @defaultValue `{ dealt: false }`: every alert still to be handled
   */
  readonly filter?: Omit<AlertFilter, 'dealt'>;
  /**
   * Plan only: each run lists, evaluates and plans, and sends nothing (no handling, no resume).
   * @defaultValue false
   */
  readonly dryRun?: boolean;
  /**
   * Asked for an approval when a run's plan holds destructive batches; without one (or with one that
   * does not verify) they are not sent and their alerts end `skipped` with `approval required`.
   */
  readonly approve?: (rplan: ResponsePlan) => Approval | undefined | Promise<Approval | undefined>;
  /** The HMAC key approvals are verified with (see {@link verifyApproval}). Never printed. */
  readonly secret?: string | Uint8Array;
  /** Refuse an approval given by its own requester (see {@link verifyApproval}). */
  readonly requireDistinctApprover?: boolean;
  /**
   * The time between the end of a run and the start of the next, in {@link ResponseRunner.run}.
   * @defaultValue 60 000 ms
   */
  readonly intervalMs?: number;
  /** How to plan (`batchSize`, `concurrency`, `ttlMs`). */
  readonly planOptions?: Omit<PlanOptions, 'remark' | 'signal'>;
  /** How to execute (`concurrency`, `poll`, `onProgress`, `leaseTtlMs`…). */
  readonly executeOptions?: Omit<ExecuteOptions, 'journal' | 'signal' | 'beforeSend'>;
  /** Called with each finished run, in {@link ResponseRunner.run}. Exceptions it throws are ignored. */
  readonly onRun?: (run: ResponseRun) => void;
  /**
   * Called with the error of a run that failed, in {@link ResponseRunner.run}, which then goes on with
   * the next run. Without it, the error ends `run()`: let a supervisor restart the service, which then
   * finishes any interrupted execution from the journal.
   */
  readonly onError?: (error: unknown) => void;
}

/** What one run of a {@link ResponseRunner} did. */
export interface ResponseRun {
  /** When the run started (ISO 8601). */
  readonly startedAt: string;
  /** Whether it was a dry run: nothing was sent. */
  readonly dryRun: boolean;
  /** Executions a crash had interrupted, finished from the journal before planning (never resent). */
  readonly resumed: readonly HandlingReport[];
  /** The run's response plan: decisions, guards tripped, the inner plan. */
  readonly rplan: ResponsePlan;
  /** The execution's report; absent in a dry run and when the plan had nothing to send. */
  readonly report?: HandlingReport;
}

/** The default of {@link ResponseRunnerOptions.intervalMs}. */
export const DEFAULT_RUNNER_INTERVAL_MS = 60_000;

/** The reason given to unsent batches of an interrupted execution: the next plan decides their alerts. */
const INTERRUPTED =
  'The execution was interrupted before this batch was sent; the next run decides the alert again with fresh state and guards.';

const RUNNER_OPTION_RULES = {
  ...GUARD_OPTION_RULES,
  rules: { kind: 'any' },
  journal: EXECUTE_OPTION_RULES.journal,
  filter: { kind: 'any' },
  dryRun: { kind: 'boolean' },
  approve: { kind: 'function' },
  secret: { kind: 'any' },
  requireDistinctApprover: { kind: 'boolean' },
  intervalMs: { kind: 'duration', min: 1000 },
  planOptions: { kind: 'any' },
  executeOptions: { kind: 'any' },
  onRun: { kind: 'function' },
  onError: { kind: 'function' },
} as const satisfies OptionRules;

/**
 * Runs a rule set against the alerts of an account, unattended: each run
 * 1. finishes any execution a crash interrupted, from the journal: in-doubt batches are reconciled,
 *    never resent; batches never sent are not sent (their alerts are decided again by this run);
 * 2. lists the alerts still to be handled (`filter`), and reads the handlings of the `cooldownMs`
 *    before now for the cooldown guard;
 * 3. plans with the rules under the guards (see {@link ResponseRules.plan});
 * 4. unless `dryRun`, asks `approve` for an approval when the plan holds destructive batches, and
 *    executes it with {@link executeResponsePlan} and the journal: guards re-checked before every
 *    batch, destructive batches sent only with a valid approval.
 *
 * An alert handled by a run is no longer pending when the next run lists it; one being handled by
 * another process sharing the journal is claimed there and skipped here. See docs/response-rules.md.
 *
 * @example
 * ```ts
 * const runner = new ResponseRunner(alerts, {
 *   rules: ResponseRules.parse(DEFAULT_RESPONSE_RULES),
 *   journal: fileJournal('.alert-handler/journal'),
 *   maxAlertsPerRun: 50,
 *   onRun: (run) => console.log(run.startedAt, run.report?.summary() ?? 'nothing sent'),
 * });
 * await runner.run({ signal: AbortSignal.timeout(3_600_000) });
 * ```
 */
export class ResponseRunner {
  readonly #alerts: AlertHandler;
  readonly #options: ResponseRunnerOptions;

  /**
   * @throws {@link ValidationError} when an option is not valid
   */
  constructor(alerts: AlertHandler, options: ResponseRunnerOptions) {
    checkOptions(options, RUNNER_OPTION_RULES, 'ResponseRunner');
    if (
      options.rules === undefined ||
      typeof (options.rules as Partial<DecidingRules>).evaluate !== 'function'
    ) {
      throw new ValidationError('ResponseRunner: `rules` must be a rule set from ResponseRules.parse(…).', {
        field: 'rules',
      });
    }
    if (options.journal === undefined) {
      throw new ValidationError(
        'ResponseRunner: `journal` is required (e.g. fileJournal(…)): it is what keeps a crash or a second process from handling an alert twice.',
        { field: 'journal' },
      );
    }
    this.#alerts = alerts;
    this.#options = options;
  }

  /**
   * One run: resume, list, plan, and (unless `dryRun`) execute.
   *
   * @throws whatever listing, planning or executing throws; nothing of a failed plan was sent
   *
   * @example
   * ```ts
   * const rules = ResponseRules.parse(DEFAULT_RESPONSE_RULES);
   * const runner = new ResponseRunner(alerts, { rules, journal: fileJournal('.alert-handler/journal'), dryRun: true });
   * const run = await runner.runOnce();
   * for (const decision of run.rplan.decisions) console.log(decision.alertId, decision.status, decision.reason);
   * ```
   */
  async runOnce(options: { readonly signal?: AbortSignal } = {}): Promise<ResponseRun> {
    const { signal } = options;
    const settings = this.#options;
    const startedAt = Date.now();
    const dryRun = settings.dryRun === true;
    const resumed = dryRun
      ? []
      : await this.#alerts.resume({
          journal: settings.journal,
          ...(signal !== undefined && { signal }),
          beforeSend: ({ alerts }) => alerts.map(({ id }) => ({ alertId: id, reason: INTERRUPTED })),
        });
    const { rules, filter, planOptions, cooldownMs } = settings;
    const history =
      cooldownMs === undefined
        ? []
        : await handlingHistory(this.#alerts, { since: new Date(startedAt - cooldownMs) });
    const rplan = await rules.plan(
      this.#alerts,
      { ...filter, dealt: false },
      {
        ...guardOptionsOf(settings),
        ...(cooldownMs !== undefined && { cooldownMs }),
        history,
        now: startedAt,
        planOptions: { ...planOptions, ...(signal !== undefined && { signal }) },
      },
    );
    const base = { startedAt: new Date(startedAt).toISOString(), dryRun, resumed, rplan };
    if (dryRun || rplan.plan.batches.length === 0) return base;
    const approval =
      settings.approve !== undefined && rplan.plan.batches.some((batch) => batch.operation.destructive)
        ? await settings.approve(rplan)
        : undefined;
    const report = await executeResponsePlan(this.#alerts, rplan, {
      ...settings.executeOptions,
      journal: settings.journal,
      ...(signal !== undefined && { signal }),
      ...(approval !== undefined && { approval }),
      ...(settings.secret !== undefined && { secret: settings.secret }),
      ...(settings.requireDistinctApprover !== undefined && {
        requireDistinctApprover: settings.requireDistinctApprover,
      }),
    });
    return { ...base, report };
  }

  /**
   * Runs until `signal` aborts: a run, then `intervalMs` of rest, then the next. Each finished run goes
   * to `onRun`; a failed run goes to `onError` (or ends the loop with its error when there is none).
   * An abort during a run lets it end as an aborted execution (batches not yet sent are skipped).
   *
   * @example
   * ```ts
   * const rules = ResponseRules.parse(DEFAULT_RESPONSE_RULES);
   * const runner = new ResponseRunner(alerts, { rules, journal: fileJournal('.alert-handler/journal') });
   * const stop = new AbortController();
   * process.once('SIGTERM', () => stop.abort());
   * await runner.run({ signal: stop.signal });
   * ```
   */
  async run(options: { readonly signal: AbortSignal }): Promise<void> {
    const { signal } = options;
    const intervalMs = this.#options.intervalMs ?? DEFAULT_RUNNER_INTERVAL_MS;
    while (!signal.aborted) {
      try {
        const run = await this.runOnce({ signal });
        try {
          this.#options.onRun?.(run);
        } catch {
          // A reporting callback must not stop the loop it reports on.
        }
      } catch (error) {
        if (signal.aborted && error instanceof AbortError) return;
        if (this.#options.onError === undefined) throw error;
        this.#options.onError(error);
      }
      await pause(intervalMs, signal);
    }
  }
}

/**
 * The handlings of alerts in a period, for the cooldown guard: each alert people or runs handled from
 * `since` (to `until`), as `{ type, at }` with `at` the time it was handled (`OperateTime`). Alerts
 * with no type are left out. Read-only: lists with `dealt: true` and `handledFrom`/`handledTo`.
 *
 * @example
 * ```ts
 * const rules = ResponseRules.parse(DEFAULT_RESPONSE_RULES);
 * const history = await handlingHistory(alerts, { since: new Date(Date.now() - 3_600_000) });
 * const rplan = await rules.plan(alerts, { dealt: false }, { cooldownMs: 3_600_000, history });
 * ```
 */
export async function handlingHistory(
  alerts: Pick<AlertHandler, 'listAlerts'>,
  period: { readonly since: Date; readonly until?: Date },
): Promise<HandlingRecord[]> {
  const history: HandlingRecord[] = [];
  const filter: AlertFilter = {
    dealt: true,
    handledFrom: period.since,
    ...(period.until !== undefined && { handledTo: period.until }),
  };
  for await (const alert of alerts.listAlerts(filter) as AsyncIterable<Alert>) {
    const at = exactNumber(alert.raw.OperateTime);
    if (alert.type !== undefined && at !== undefined && at > 0) history.push({ type: alert.type, at });
  }
  return history;
}

function guardOptionsOf(options: Omit<GuardOptions, 'history' | 'cooldownMs'>): GuardOptions {
  const { maxAlertsPerRun, maxDestructivePerRun, maxPerHost, protectedAssets, circuitBreaker } = options;
  return {
    ...(maxAlertsPerRun !== undefined && { maxAlertsPerRun }),
    ...(maxDestructivePerRun !== undefined && { maxDestructivePerRun }),
    ...(maxPerHost !== undefined && { maxPerHost }),
    ...(protectedAssets !== undefined && { protectedAssets }),
    ...(circuitBreaker !== undefined && { circuitBreaker }),
  };
}

/** Waits `ms`, or less when `signal` aborts. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
