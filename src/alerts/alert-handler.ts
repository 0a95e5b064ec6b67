import { SasClient } from '../clients/sas-client.js';
import { ConfirmationRequiredError, ExecutionLockedError, ValidationError } from '../errors.js';
import type { AlertChange } from '../feed/change.js';
import { watchAlerts } from '../feed/watch.js';
import type { WatchOptions } from '../feed/watch-options.js';
import type { PagedAsyncIterableIterator } from '../paging.js';
import { loggingRejected } from '../paging-log.js';
import { CLIENT_OPTION_RULES } from '../transport/client-config.js';
import { type Log, resolveLog } from '../transport/logger.js';
import type { CallOptions, ClientOptions } from '../transport/options.js';
import { checkOptions, type OptionRules } from '../util/check-options.js';
import type { Alert } from './alert.js';
import { type AlertOperations, getAlertOperations } from './alert-operations.js';
import type { AuditEvent } from './audit.js';
import { type HandlerAuditEvent, logFailedPoll, logHandlerEvent, logResume } from './audit-log.js';
import {
  EXECUTE_OPTION_RULES,
  type ExecuteOptions,
  type ExecuteProgress,
  executePlan,
  RESUME_OPTION_RULES,
  type ResumeOptions,
  resumeExecution,
} from './execute.js';
import { unfinishedExecutions } from './execution-journal.js';
import { type AlertFilter, type AlertPage, listAlerts } from './list.js';
import { isDestructive } from './operation-codes.js';
import type { Operation } from './operations.js';
import {
  buildPlan,
  type HandleRequest,
  normalizeAlertId,
  PLAN_OPTION_RULES,
  type Plan,
  type PlanOptions,
} from './plan.js';
import { executablePlan, isPlanDestructive } from './plan-format.js';
import { POLL_OPTION_RULES, type TaskResult, type WaitForTaskOptions, waitForTask } from './poller.js';
import { RECHECK_OPTION_RULES, type RecheckOptions, recheckReport } from './recheck.js';
import { type Recommendation, recommend } from './recommend.js';
import { HandlingReport } from './report.js';
import type { SasCalls } from './sas-calls.js';

/** Options of {@link AlertHandler}: a client's options plus how to handle alerts. */
export interface AlertHandlerOptions extends ClientOptions {
  /**
   * Called after every request attempt and every plan, executed batch and execution, for audit logs and
   * metrics. Request events carry ids, status, timings and sizes; the response body only with
   * `auditResponseBodies: true`. Exceptions it throws are ignored.
   *
   * @example
   * ```ts
   * const alerts = new AlertHandler({
   *   regionId: 'cn-shanghai',
   *   onAudit: (event) => {
   *     if (event.kind === 'batch') console.log(event.operation, event.alertIds.length, event.counts);
   *   },
   * });
   * ```
   */
  onAudit?(event: AuditEvent): void;
  /** Use this client instead of creating one from the options. */
  client?: SasClient;
  /**
   * Language of names and labels in answers.
   * @defaultValue 'zh' (the service's default)
   */
  lang?: 'zh' | 'en';
  /**
   * Alerts per `HandleSecurityEvents` call, 1 to 100.
   * @defaultValue 20
   */
  batchSize?: number;
  /**
   * Operation queries in flight at once while planning (the client's adaptive rate decides how fast
   * they start).
   * @defaultValue 16
   */
  concurrency?: number;
  /** How to wait for handling tasks (defaults: 2 s interval, 5 attempts, 10 s budget). */
  poll?: Omit<WaitForTaskOptions, 'signal' | 'onProgress'>;
}

/** Options of {@link AlertHandler.handle}. */
export interface HandleOptions extends Omit<ExecuteOptions, 'poll'> {
  /**
   * Required for destructive operations: confirms that they may run without a reviewed plan. The
   * operation's code decides what is destructive (`isDestructive`; a code this package does not know
   * counts as destructive), never its `destructive` field.
   */
  confirm?: boolean;
}

const HANDLER_OPTION_RULES: OptionRules = {
  ...CLIENT_OPTION_RULES,
  client: { kind: 'any' },
  lang: { kind: 'oneOf', values: ['zh', 'en'] },
  batchSize: PLAN_OPTION_RULES.batchSize,
  concurrency: PLAN_OPTION_RULES.concurrency,
  poll: { kind: 'object', rules: POLL_OPTION_RULES },
};

const HANDLE_OPTION_RULES: OptionRules = {
  signal: EXECUTE_OPTION_RULES.signal,
  onProgress: EXECUTE_OPTION_RULES.onProgress,
  concurrency: EXECUTE_OPTION_RULES.concurrency,
  overlapPolling: EXECUTE_OPTION_RULES.overlapPolling,
  reconcileGraceMs: EXECUTE_OPTION_RULES.reconcileGraceMs,
  journal: EXECUTE_OPTION_RULES.journal,
  leaseTtlMs: EXECUTE_OPTION_RULES.leaseTtlMs,
  confirm: { kind: 'boolean' },
};

/**
 * The alert-handling workflow of Security Center as a library: list alerts, recommend an action, query
 * what each alert allows, plan (with whitelist rules merged and batches of at most 20), execute with a
 * bounded wait for each task, and report every alert's outcome.
 *
 * Destructive operations never run by accident: {@link AlertHandler.plan} shows what would be done and
 * {@link AlertHandler.execute} does it; the one-call {@link AlertHandler.handle} refuses them without
 * `confirm: true`.
 *
 * @example
 * ```ts
 * import { AlertHandler, formatPlan, Operations } from 'alicloud-alert-handler';
 *
 * const alerts = new AlertHandler({ regionId: 'cn-shanghai' });
 * const requests = [];
 * for await (const alert of alerts.listAlerts({ levels: ['serious'], dealt: false })) {
 *   const { operation: code } = alerts.recommend(alert);
 *   const operation =
 *     code === 'block_ip' ? Operations.fromCode(code, { duration: '7d' }) : Operations.fromCode(code);
 *   requests.push({ alertId: alert.id, operation });
 * }
 * const plan = await alerts.plan(requests);
 * console.log(formatPlan(plan)); // review, then:
 * const report = await alerts.execute(plan);
 * console.log(report.summary());
 * ```
 */
export class AlertHandler {
  readonly #client: SasClient;
  /** The seam to the service: every workflow step calls through it, never back into this facade. */
  readonly #calls: SasCalls;
  readonly #lang: 'zh' | 'en' | undefined;
  readonly #planDefaults: Pick<PlanOptions, 'batchSize' | 'concurrency'>;
  readonly #poll: Omit<WaitForTaskOptions, 'signal' | 'onProgress'> | undefined;
  readonly #onAudit: ((event: AuditEvent) => void) | undefined;
  readonly #log: Log;

  /**
   * @throws {@link ValidationError} when an option is invalid or no endpoint resolves
   */
  constructor(options: AlertHandlerOptions = {}) {
    checkOptions(options, HANDLER_OPTION_RULES, 'AlertHandler');
    const { client, lang, batchSize, concurrency, poll, ...clientOptions } = options;
    this.#client = client ?? new SasClient(clientOptions);
    this.#calls = this.#client;
    this.#onAudit = clientOptions.onAudit;
    this.#log = resolveLog(clientOptions);
    this.#lang = lang;
    this.#planDefaults = { batchSize, concurrency };
    this.#poll = poll;
  }

  /** The low-level client this handler calls. */
  get client(): SasClient {
    return this.#client;
  }

  /**
   * Every alert matching `filter`, across pages (one page in memory at a time); `.byPage()` walks pages.
   *
   * @throws {@link ValidationError} when the filter is invalid (at once, before any request)
   *
   * @example
   * ```ts
   * for await (const alert of alerts.listAlerts({ levels: ['serious', 'suspicious'], dealt: false })) {
   *   console.log(alert.id, alert.level, alert.name, alert.internetIp);
   * }
   * ```
   */
  listAlerts(
    filter: AlertFilter = {},
    options: CallOptions = {},
  ): PagedAsyncIterableIterator<Alert, AlertPage> {
    const onRejected = loggingRejected(this.#log, 'alert', filter?.onRejected);
    return listAlerts(this.#calls, { lang: this.#lang, ...filter, onRejected }, options);
  }

  /**
   * A live feed of alert changes: `new` alerts, `updated` ones (fired again, or changed status) and
   * `resolved` ones (reached one of the {@link FINAL_ALERT_STATUSES}). Every `intervalMs` it reads the
   * alerts last detected, and those handled, since the previous poll minus `overlapMs`, and yields what
   * changed, in the order it happened; a transient failure is retried at the next poll. Delivery is at
   * least once: with a `checkpoint`, `change.commit()` stores that this change and every one before it
   * are dealt with, and a feed started again with the same checkpoint resumes after the last commit,
   * delivering again only what was not committed. The iteration runs until `signal` aborts or the loop
   * breaks. See docs/feed.md.
   *
   * @throws {@link ValidationError} when an option is invalid (at once, before any request)
   * @throws {@link PagingError} `PageLimitReached` (from the iterator) when a listing of one poll needs
   * more than `maxPagesPerPoll` pages, and the last error of `maxFailedPolls` failed polls in a row
   * (a failure before the first poll succeeded is thrown at once)
   *
   * @example
   * ```ts
   * const controller = new AbortController();
   * process.once('SIGTERM', () => controller.abort());
   * for await (const change of alerts.watch({ checkpoint: 'feed-cn-shanghai', signal: controller.signal })) {
   *   console.log(change.kind, change.alert.id, change.alert.status);
   *   await change.commit();
   * }
   * ```
   */
  watch(options: WatchOptions = {}): AsyncIterableIterator<AlertChange> {
    return watchAlerts((filter, callOptions) => this.listAlerts(filter, callOptions), options, {
      onFailedPoll: (error, failedPolls) => logFailedPoll(this.#log, error, failedPolls),
    });
  }

  /**
   * The recommended operation for an alert, with the reason, from the rules in `RECOMMENDATION_RULES`.
   *
   * @example
   * ```ts
   * const { operation, reason } = alerts.recommend(alert); // e.g. 'block_ip', 'Unusual login behavior detected'
   * ```
   */
  recommend(alert: Alert): Recommendation {
    return recommend(alert);
  }

  /**
   * What one alert allows: its operations (with `userCanOperate`), its existing whitelist rules and the
   * fields it can be whitelisted on. Queries that alert only.
   *
   * @throws {@link SecurityEventNotExistsError} when the alert does not exist
   *
   * @example
   * ```ts
   * const ops = await alerts.getOperations('7009607');
   * console.log(ops.operations.filter((op) => op.userCanOperate).map((op) => op.code));
   * ```
   */
  getOperations(alertId: string | number, options: CallOptions = {}): Promise<AlertOperations> {
    return getAlertOperations(this.#calls, normalizeAlertId(alertId, 'alertId'), this.#lang, options);
  }

  /**
   * Plans the handling of alerts: queries each alert's operations, skips (with a reason) the ones that
   * cannot run, merges whitelist rules with the existing ones and groups the rest into batches. Sends no
   * handling request.
   *
   * @throws {@link ValidationError} on bad input, before any handling
   *
   * @example
   * ```ts
   * const plan = await alerts.plan([
   *   { alertId: '7009607', operation: Operations.blockIp({ duration: '7d' }) },
   *   { alertId: '7009586', operation: Operations.whitelist({ rules: [{ field: 'loginSourceIp', operate: 'strEqual', value: '198.51.100.23' }], scope: 'ALL' }) },
   * ]);
   * console.log(formatPlan(plan));
   * ```
   */
  async plan(requests: readonly HandleRequest[], options: PlanOptions = {}): Promise<Plan> {
    const started = performance.now();
    const plan = await buildPlan(this.#calls, requests, { ...this.#planDefaults, ...options }, this.#lang);
    this.#audit({
      kind: 'plan',
      batches: plan.batches.map(({ operation, alertIds, remark }) => ({
        operation: operation.code,
        params: operation.params,
        ...(operation.markMissParam !== undefined && { markMissParam: operation.markMissParam }),
        ...(remark !== undefined && { remark }),
        destructive: isDestructive(operation.code),
        alertIds,
      })),
      skipped: plan.skipped.map(({ alertId, operation, reason }) => ({ alertId, operation, reason })),
      destructive: isPlanDestructive(plan),
      durationMs: performance.now() - started,
    });
    return plan;
  }

  /**
   * Executes a plan: one `HandleSecurityEvents` per batch, then a bounded wait for its task. Every alert
   * of the plan gets exactly one outcome in the report; a failed batch does not stop the others.
   *
   * The plan is checked first, as {@link parsePlan} does, whether it was just made or read back from
   * storage, and refused once expired; nothing is sent then.
   *
   * @throws {@link ValidationError} when an option or the plan is not valid
   * @throws {@link PlanExpiredError} when the plan's `expiresAt` has passed
   *
   * @example
   * ```ts
   * const report = await alerts.execute(plan, { signal, onProgress: (p) => console.log(`${p.completedAlerts}/${p.totalAlerts}`) });
   * console.log(report.summary());
   * ```
   */
  async execute(plan: Plan, options: ExecuteOptions = {}): Promise<HandlingReport> {
    const started = performance.now();
    // Checked as the caller gave them: merging the handler's poll defaults below would hide a bad `poll`.
    checkOptions(options, EXECUTE_OPTION_RULES, 'execute');
    // Checked here too, so that the audit events describe the checked copy, not an object the caller
    // may still change while the plan runs.
    const checked = executablePlan(plan, Date.now());
    const report = await executePlan(this.#calls, checked, this.#auditing(options), this.#lang);
    this.#auditExecution(report, checked, started);
    return report;
  }

  /**
   * Finishes an execution interrupted by a crash, a kill or a lost lease, from its journal: batches with
   * outcomes keep them, batches whose handling call may have been sent are reconciled (their task waited
   * for when the journal has it, the alerts' state read otherwise; never resent), and batches never
   * started are run as {@link AlertHandler.execute} runs them. The report covers the whole execution.
   * Given no id, it finishes every execution of the journal that has not ended and that no other runner
   * holds, oldest first, and returns their reports.
   *
   * @throws {@link ExecutionNotFoundError} when the journal holds no execution with that id
   * @throws {@link ExecutionLockedError} when another runner holds the execution (wait for its lease to
   * expire if that runner has stopped)
   *
   * @example
   * ```ts
   * const journal = fileJournal('.alert-handler/journal');
   * const report = await alerts.resume('exec-20261201-081010-3fa9c2d1', { journal });
   * for (const each of await alerts.resume({ journal })) console.log(each.executionId, each.summary());
   * ```
   */
  async resume(executionId: string, options: ResumeOptions): Promise<HandlingReport>;
  /**
   * Finishes every execution of the journal that has not ended and that no other runner holds, oldest
   * first, as {@link AlertHandler.resume} finishes one, and returns their reports.
   *
   * @example
   * ```ts
   * const reports = await alerts.resume({ journal: fileJournal('.alert-handler/journal') });
   * ```
   */
  async resume(options: ResumeOptions): Promise<HandlingReport[]>;
  async resume(
    first: string | ResumeOptions,
    second?: ResumeOptions,
  ): Promise<HandlingReport | HandlingReport[]> {
    const options = typeof first === 'string' ? second : first;
    checkOptions(options, RESUME_OPTION_RULES, 'resume');
    if (options?.journal === undefined) {
      throw new ValidationError(
        'resume: `journal` is required: the store the execution was run with, e.g. fileJournal(…). Nothing was sent.',
        { field: 'journal' },
      );
    }
    const given = options;
    if (typeof first === 'string') return this.#resumeOne(first, given);
    const reports: HandlingReport[] = [];
    for (const executionId of await unfinishedExecutions(given.journal)) {
      if (given.signal?.aborted) break;
      try {
        reports.push(await this.#resumeOne(executionId, given));
      } catch (error) {
        // Another runner holds it: it is being finished there.
        if (!(error instanceof ExecutionLockedError)) throw error;
      }
    }
    return reports;
  }

  async #resumeOne(executionId: string, options: ResumeOptions): Promise<HandlingReport> {
    const started = performance.now();
    logResume(this.#log, executionId);
    const { report, plan } = await resumeExecution(
      this.#calls,
      executionId,
      this.#auditing(options),
      this.#lang,
    );
    this.#auditExecution(report, plan, started);
    return report;
  }

  /** The options of an execution, with the handler's poll defaults and a batch audit on each finish. */
  #auditing<T extends ExecuteOptions>(options: T): T {
    return {
      ...options,
      poll: { ...this.#poll, ...options.poll },
      onProgress: (progress: ExecuteProgress) => {
        if (progress.phase === 'finished') this.#auditBatch(progress);
        options.onProgress?.(progress);
      },
    };
  }

  #auditExecution(report: HandlingReport, plan: Plan, started: number): void {
    this.#audit({
      kind: 'execute',
      executionId: report.executionId as string,
      counts: report.counts,
      aborted: report.aborted,
      destructive: isPlanDestructive(plan),
      durationMs: performance.now() - started,
    });
  }

  /**
   * Plans and executes one operation on some alerts in one call. Destructive operations need
   * `confirm: true`; otherwise it throws {@link ConfirmationRequiredError} before sending anything.
   * The operation's code decides what is destructive ({@link isDestructive}, where a code this package
   * does not know counts as destructive), never the operation's `destructive` field.
   *
   * @throws {@link ConfirmationRequiredError} for a destructive operation without `confirm: true`
   *
   * @example
   * ```ts
   * const report = await alerts.handle(['7009586'], Operations.ignore());
   * const blocked = await alerts.handle(['7009607'], Operations.blockIp({ duration: '1d' }), { confirm: true });
   * ```
   */
  async handle(
    alertIds: readonly (string | number)[],
    operation: Operation,
    options: HandleOptions = {},
  ): Promise<HandlingReport> {
    checkOptions(options, HANDLE_OPTION_RULES, 'handle');
    const { confirm, ...executeOptions } = options;
    // The code decides, through the one table; the operation's own `destructive` flag is not trusted.
    if (confirm !== true && typeof operation?.code === 'string' && isDestructive(operation.code)) {
      throw new ConfirmationRequiredError(
        `${operation.description} is destructive: pass { confirm: true } to handle(), or review it with plan() and execute().`,
        { operation: operation.code },
      );
    }
    const plan = await this.plan(
      alertIds.map((alertId) => ({ alertId, operation })),
      { signal: executeOptions.signal },
    );
    return this.execute(plan, executeOptions);
  }

  /**
   * Finishes what a run left open: re-reads every `timedOut` and `unknown` alert of a report and returns
   * an updated report (same alerts, same order, same `aborted`). Sends no handling call, only status
   * queries. An alert with a `taskId` takes its result from that task, waited for within the poll
   * budget; one without is read by alert ID and settled only by a final status of the same operation
   * (`Success` → `succeeded`, `Failed` → `failed` with its typed error; a `Processing` handling is
   * followed for the budget). Anything else stays `timedOut` or `unknown`, its reason saying when it
   * was rechecked. A failed read leaves its alerts as they were, the reason naming the error.
   *
   * @throws {@link ValidationError} when an option or the report is not valid, before any request
   * @throws {@link AbortError} when `signal` aborts
   * @throws {@link NoPermissionError}, {@link AuthenticationError} or {@link CredentialsError} when the
   * status query is refused for the caller
   *
   * @example
   * ```ts
   * const fresh = await alerts.recheck(report, { signal, poll: { intervalMs: 2000, maxWaitMs: 30_000 } });
   * console.log(fresh.summary());
   * if (fresh.counts.timedOut + fresh.counts.unknown > 0) console.warn('still open: recheck later');
   * ```
   */
  async recheck(report: HandlingReport, options: RecheckOptions = {}): Promise<HandlingReport> {
    checkOptions(options, RECHECK_OPTION_RULES, 'recheck');
    return recheckReport(this.#calls, report, { ...options, poll: { ...this.#poll, ...options.poll } });
  }

  /**
   * Waits for a handling task with the bounded poller (defaults: 2 s interval, 5 attempts, 10 s budget).
   *
   * @example
   * ```ts
   * const result = await alerts.waitForTask(15411, ['7009607'], { intervalMs: 2000, maxAttempts: 5, maxWaitMs: 10000 });
   * console.log(result.taskStatus, result.events);
   * ```
   */
  waitForTask(
    taskId: number,
    alertIds: readonly string[],
    options: WaitForTaskOptions = {},
  ): Promise<TaskResult> {
    return waitForTask(this.#calls, taskId, alertIds, { ...this.#poll, ...options });
  }

  #auditBatch(progress: ExecuteProgress): void {
    const { operation } = progress;
    // What was sent: relative values resolved, and a whitelist's rules re-read right before sending.
    const markMissParam = progress.markMissParam ?? operation.markMissParam;
    this.#audit({
      kind: 'batch',
      executionId: progress.executionId,
      operation: operation.code,
      params: progress.params ?? operation.params,
      ...(markMissParam !== undefined && { markMissParam }),
      ...(progress.remark !== undefined && { remark: progress.remark }),
      destructive: isDestructive(operation.code),
      alertIds: progress.alertIds,
      ...(progress.taskId !== undefined && { taskId: progress.taskId }),
      counts: new HandlingReport(progress.outcomes ?? []).counts,
    });
  }

  #audit(event: HandlerAuditEvent): void {
    logHandlerEvent(this.#log, event);
    try {
      this.#onAudit?.(event);
    } catch {
      // An audit hook must not break the work it observes.
    }
  }
}
