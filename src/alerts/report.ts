import type { SdkError } from '../errors.js';
import { printable } from '../util/printable.js';
import type { HandlingBaseline } from './handling-baseline.js';
import { type OperationCode, operationDisplayName } from './operation-codes.js';

/** How handling one alert ended. */
export type OutcomeStatus = 'succeeded' | 'failed' | 'timedOut' | 'unknown' | 'skipped';

/** The outcome of one alert of a plan. */
export interface AlertOutcome {
  /** The alert. */
  readonly alertId: string;
  /** The operation applied or intended. */
  readonly operation: OperationCode;
  /** How it ended. */
  readonly status: OutcomeStatus;
  /** The handling task, once one was started. */
  readonly taskId?: number;
  /** Result or error code: `kill_and_quara.AgentOffline`, `NoPermission`, `SecurityEventNotExists`, … */
  readonly errorCode?: string;
  /** The typed error of a failure (`AgentOfflineError`, `ProcessNotExistError`, `NoPermissionError`, …). */
  readonly error?: SdkError;
  /** Why it was skipped or timed out, and what to do next. */
  readonly reason?: string;
}

/** Counts of a {@link HandlingReport}. */
export interface OutcomeCounts {
  /** Alerts in the report. */
  readonly total: number;
  /** Alerts handled successfully. */
  readonly succeeded: number;
  /** Alerts whose handling failed. */
  readonly failed: number;
  /** Alerts whose result is unknown because the wait ended first. */
  readonly timedOut: number;
  /** Alerts whose handling call failed in a way that may or may not have applied it. */
  readonly unknown: number;
  /** Alerts not handled, with a reason. */
  readonly skipped: number;
}

/**
 * The baselines of the alerts a report's handling calls were sent for: what each showed before its call,
 * so that a recheck accepts only a newer handling as proof. Kept beside the report, not in its data.
 */
const BASELINES = new WeakMap<HandlingReport, ReadonlyMap<string, HandlingBaseline>>();

/**
 * What the alerts of `report` showed before their handling calls, by alert ID; empty for a report not
 * made by an execution.
 *
 * @example
 * ```ts
 * const before = baselinesOf(report).get('7009607')?.operateTime;
 * ```
 */
export function baselinesOf(report: HandlingReport): ReadonlyMap<string, HandlingBaseline> {
  return BASELINES.get(report) ?? new Map();
}

/**
 * The result of executing a plan: exactly one {@link AlertOutcome} per alert of the plan.
 *
 * @example
 * ```ts
 * const report = await alerts.execute(plan);
 * console.log(report.summary());
 * for (const outcome of report.failed) console.error(outcome.alertId, outcome.errorCode, outcome.error?.message);
 * ```
 */
export class HandlingReport {
  /** Every alert's outcome, in plan order (batches first, then skipped alerts). */
  readonly outcomes: readonly AlertOutcome[];
  /** Whether execution was aborted through its signal. */
  readonly aborted: boolean;
  /**
   * The execution's id (`exec-20261201-081010-3fa9c2d1`): in its audit events, and its stream's name in
   * the journal, for {@link AlertHandler.resume}.
   */
  readonly executionId: string | undefined;

  /**
   * @param options - `baselines`: what the alerts showed before their handling calls, for
   * `AlertHandler.recheck`; given by executions.
   */
  constructor(
    outcomes: readonly AlertOutcome[],
    options: {
      aborted?: boolean | undefined;
      executionId?: string | undefined;
      baselines?: ReadonlyMap<string, HandlingBaseline> | undefined;
    } = {},
  ) {
    this.outcomes = outcomes;
    this.aborted = options.aborted ?? false;
    this.executionId = options.executionId;
    if (options.baselines !== undefined) BASELINES.set(this, options.baselines);
  }

  /** Alerts handled successfully. */
  get succeeded(): readonly AlertOutcome[] {
    return this.#with('succeeded');
  }

  /** Alerts whose handling failed, each with its code and typed error. */
  get failed(): readonly AlertOutcome[] {
    return this.#with('failed');
  }

  /** Alerts whose result is unknown because the wait ended first: check them before handling again. */
  get timedOut(): readonly AlertOutcome[] {
    return this.#with('timedOut');
  }

  /** Alerts whose handling call failed after it may have been applied: check them before handling again. */
  get unknown(): readonly AlertOutcome[] {
    return this.#with('unknown');
  }

  /** Alerts not handled, each with a reason. */
  get skipped(): readonly AlertOutcome[] {
    return this.#with('skipped');
  }

  /** How many alerts ended each way. */
  get counts(): OutcomeCounts {
    return {
      total: this.outcomes.length,
      succeeded: this.succeeded.length,
      failed: this.failed.length,
      timedOut: this.timedOut.length,
      unknown: this.unknown.length,
      skipped: this.skipped.length,
    };
  }

  /**
   * The results summary as text:
   *
   * ```text
   * ========== Handling Results Summary ==========
   *
   * ✅ Successfully Handled: 3 items
   *   [Alert 7009607] Block IP - Success
   *
   * ❌ Handling Failed: 1 item
   *   [Alert 7008557] Kill and Quarantine - Failed (AgentOffline)
   *
   * Total: 4 items, Success 3, Failed 1, Timed out 0, Skipped 0
   * ```
   *
   * @example
   * ```ts
   * const report = await alerts.handle(['7009586', '7009587'], Operations.ignore());
   * console.log(report.summary());
   * ```
   */
  summary(): string {
    const sections: [string, OutcomeStatus, (outcome: AlertOutcome) => string][] = [
      ['✅ Successfully Handled', 'succeeded', () => 'Success'],
      ['❌ Handling Failed', 'failed', (outcome) => `Failed (${printable(failureLabel(outcome))})`],
      [
        '⏱ Timed Out',
        'timedOut',
        (outcome) => `Timed out (${printable(outcome.reason ?? 'result unknown')})`,
      ],
      ['❓ Unknown', 'unknown', (outcome) => `Unknown (${printable(outcome.reason ?? 'check the alert')})`],
      ['⏭ Skipped', 'skipped', (outcome) => `Skipped (${printable(outcome.reason ?? 'not handled')})`],
    ];
    const lines = ['========== Handling Results Summary =========='];
    for (const [title, status, describe] of sections) {
      const outcomes = this.#with(status);
      if (outcomes.length === 0) continue;
      lines.push('', `${title}: ${items(outcomes.length)}`);
      for (const outcome of outcomes) {
        lines.push(
          `  [Alert ${printable(outcome.alertId)}] ${printable(operationDisplayName(outcome.operation))} - ${describe(outcome)}`,
        );
      }
    }
    const { total, succeeded, failed, timedOut, unknown, skipped } = this.counts;
    lines.push(
      '',
      `Total: ${items(total)}, Success ${succeeded}, Failed ${failed}, Timed out ${timedOut}, Skipped ${skipped}` +
        (unknown > 0 ? `, Unknown ${unknown}` : '') +
        (this.aborted ? ' (aborted)' : ''),
    );
    return lines.join('\n');
  }

  /**
   * A plain object for machines: counts and every outcome, errors as `{ name, code, message, … }`.
   *
   * @example
   * ```ts
   * const report = await alerts.execute(plan);
   * await writeFile('handling-report.json', JSON.stringify(report, null, 2)); // calls toJSON()
   * if (report.toJSON().counts.failed > 0) process.exitCode = 1;
   * ```
   */
  toJSON(): {
    executionId?: string;
    counts: OutcomeCounts;
    aborted: boolean;
    outcomes: Record<string, unknown>[];
  } {
    return {
      ...(this.executionId !== undefined && { executionId: this.executionId }),
      counts: this.counts,
      aborted: this.aborted,
      outcomes: this.outcomes.map(({ error, ...outcome }) => ({
        ...outcome,
        ...(error && { error: error.toJSON() }),
      })),
    };
  }

  #with(status: OutcomeStatus): AlertOutcome[] {
    return this.outcomes.filter((outcome) => outcome.status === status);
  }
}

function items(count: number): string {
  return `${count} item${count === 1 ? '' : 's'}`;
}

/** `kill_and_quara.AgentOffline` → `AgentOffline`, plus the hint a vanished process calls for. */
function failureLabel(outcome: AlertOutcome): string {
  const code = outcome.errorCode ?? outcome.error?.code ?? 'unknown error';
  const dot = code.indexOf('.');
  const result = dot > 0 && code.slice(0, dot) === outcome.operation ? code.slice(dot + 1) : code;
  return result === 'ProcessNotExist'
    ? `${result}: quarantine the file with virus_quara_bin instead`
    : result;
}
