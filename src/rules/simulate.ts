/**
 * Simulation over history: what a rule set would have done with the alerts people handled in a period,
 * against what they did. Read-only.
 *
 * @packageDocumentation
 */
import type { Alert } from '../alerts/alert.js';
import type { AlertFilter } from '../alerts/list.js';
import { ValidationError } from '../errors.js';
import { exactNumber } from '../util/int64.js';
import { printable } from '../util/printable.js';
import {
  ConfusionTally,
  counter,
  type Disagreement,
  increment,
  plain,
  type RuleConfusion,
  type RulesVerdict,
  type SimulationTotals,
  verdictOf,
} from './confusion.js';
import type { ResponseRule, RuleEvaluation } from './evaluation.js';
import { handledAs } from './handled-as.js';

/** Where the handled alerts come from: an `AlertHandler`, or anything that lists alerts the same way. */
export interface HandledAlertSource {
  /**
   * Lists alerts; called once, with `dealt: true` and the period as `handledFrom`/`handledTo`.
   *
   * @example
   * ```ts
   * import { readFileSync } from 'node:fs';
   *
   * // Alerts exported earlier, read from a file instead of the service.
   * const stored: Alert[] = JSON.parse(readFileSync('handled.json', 'utf8')).map(toAlert);
   * const source: HandledAlertSource = {
   *   async *listAlerts() {
   *     yield* stored;
   *   },
   * };
   * ```
   */
  listAlerts(filter: AlertFilter): AsyncIterable<Alert>;
}

/** The rule set a simulation evaluates: a `ResponseRules`. */
export interface SimulatedRuleSet {
  /** Name of the rule set. */
  readonly name: string;
  /** Version of the rule set. */
  readonly version: number;
  /** The rules, in evaluation order. */
  readonly rules: readonly ResponseRule[];
  /**
   * Evaluates an alert at `now`.
   *
   * @example
   * ```ts
   * const ruleSet: SimulatedRuleSet = ResponseRules.parse(DEFAULT_RESPONSE_RULES);
   * console.log(ruleSet.evaluate(alert, { now: Date.now(), explain: false }).rule?.id);
   * ```
   */
  evaluate(alert: Alert, options?: { now?: Date | number; explain?: boolean }): RuleEvaluation;
}

/** Options of {@link simulate}. */
export interface SimulateOptions {
  /** Start of the period: alerts handled at or after it (to the second). */
  readonly from: Date | number;
  /** End of the period: alerts handled at or before it (to the second). */
  readonly to: Date | number;
  /** Stop after this many alerts. */
  readonly maxAlerts?: number;
  /**
   * Disagreements listed in {@link RuleSimulation.disagreements}; `disagreementCount` counts them all.
   * @defaultValue 50
   */
  readonly maxDisagreements?: number;
}

/** The plain data of a {@link RuleSimulation}, as `toJSON` gives it. */
export interface RuleSimulationData {
  /** The rule set: its name and version. */
  readonly ruleSet: { readonly name: string; readonly version: number };
  /** The period of handling read, as ISO text. */
  readonly period: { readonly from: string; readonly to: string };
  /** The counts over every alert. */
  readonly totals: SimulationTotals;
  /** Per enabled rule: its decisions against what people did. */
  readonly rules: readonly RuleConfusion[];
  /** Per `dryRun` rule: what it would have decided against what people did. */
  readonly dryRun: readonly RuleConfusion[];
  /** The rules' verdict × people's action: alerts of each pair. */
  readonly matrix: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** The first disagreements, `handledAt` as ISO text (absent when not told). */
  readonly disagreements: readonly (Omit<Disagreement, 'handledAt'> & { readonly handledAt?: string })[];
  /** Every disagreement, listed or not. */
  readonly disagreementCount: number;
}

const DEFAULT_MAX_DISAGREEMENTS = 50;

/**
 * What a rule set would have done with the alerts people handled in a period, against what they did.
 * Each alert is evaluated as it was before it was handled (status `pending`), at the time people
 * handled it (`OperateTime`; else its last detection; else the end of the period), so that `expiresAt`
 * and `withinLastMs` mean what they meant then.
 *
 * @example
 * ```ts
 * const simulation = await simulate(ResponseRules.parse(DEFAULT_RESPONSE_RULES), alerts, {
 *   from: new Date('2026-01-01T00:00:00+08:00'),
 *   to: new Date('2026-01-15T00:00:00+08:00'),
 * });
 * for (const row of simulation.rules) console.log(row.ruleId, row.agreed, row.disagreed);
 * ```
 */
export class RuleSimulation {
  /** The rule set: its name and version. */
  readonly ruleSet: { readonly name: string; readonly version: number };
  /** The period of handling read. */
  readonly period: { readonly from: Date; readonly to: Date };
  /** The counts over every alert. */
  readonly totals: SimulationTotals;
  /** Per enabled rule (in evaluation order): what it decided against what people did. */
  readonly rules: readonly RuleConfusion[];
  /**
   * Per `dryRun` rule: what it would have decided, had it been enabled (its matches before any enabled
   * rule matched), against what people did. Not counted in {@link RuleSimulation.totals}.
   */
  readonly dryRun: readonly RuleConfusion[];
  /**
   * What the rules decided (an operation, `skip`, `none`) × what people did (an operation, `unknown`,
   * `none`): the number of alerts of each pair.
   */
  readonly matrix: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** The first disagreements (decisions of enabled rules that differ from people's), in reading order. */
  readonly disagreements: readonly Disagreement[];
  /** Every disagreement: `disagreed` plus `skippedButHandled`. */
  readonly disagreementCount: number;

  /** @internal */
  constructor(data: Omit<RuleSimulation, 'toJSON' | 'format'>) {
    this.ruleSet = data.ruleSet;
    this.period = data.period;
    this.totals = data.totals;
    this.rules = data.rules;
    this.dryRun = data.dryRun;
    this.matrix = data.matrix;
    this.disagreements = data.disagreements;
    this.disagreementCount = data.disagreementCount;
  }

  /**
   * Plain data, times as ISO text. `JSON.stringify` calls it.
   *
   * @example
   * ```ts
   * import { writeFileSync } from 'node:fs';
   *
   * writeFileSync('simulation.json', JSON.stringify(simulation, null, 2));
   * ```
   */
  toJSON(): RuleSimulationData {
    return {
      ruleSet: this.ruleSet,
      period: { from: this.period.from.toISOString(), to: this.period.to.toISOString() },
      totals: this.totals,
      rules: this.rules,
      dryRun: this.dryRun,
      matrix: this.matrix,
      disagreements: this.disagreements.map(({ handledAt, ...rest }) =>
        handledAt === undefined ? rest : { ...rest, handledAt: handledAt.toISOString() },
      ),
      disagreementCount: this.disagreementCount,
    };
  }

  /**
   * A text report: totals, the table per rule, the matrix and the disagreements; service text escaped.
   *
   * @example
   * ```ts
   * console.log(simulation.format());
   * ```
   */
  format(): string {
    const { totals } = this;
    const compared = totals.agreed + totals.disagreed + totals.skippedButHandled;
    const lines = [
      `Rule set ${quoted(this.ruleSet.name)} v${this.ruleSet.version} over alerts handled ` +
        `${this.period.from.toISOString()} .. ${this.period.to.toISOString()}: ${totals.alerts} alerts`,
      `decided ${totals.decided}, agreed ${totals.agreed}${percent(totals.agreed, compared)}, disagreed ` +
        `${totals.disagreed}, skipped but handled ${totals.skippedButHandled}, undetermined ` +
        `${totals.undetermined}, no rule ${totals.undecided}`,
      '',
      ...ruleTable('rule', this.rules),
    ];
    if (this.dryRun.length > 0) lines.push('', ...ruleTable('dryRun rule (would have)', this.dryRun));
    lines.push('', ...matrixTable(this.matrix));
    if (this.disagreementCount > 0) {
      const shown = this.disagreements.length;
      lines.push(
        '',
        shown < this.disagreementCount
          ? `Disagreements (first ${shown} of ${this.disagreementCount}):`
          : `Disagreements (${shown}):`,
      );
      for (const entry of this.disagreements) {
        lines.push(
          `  alert ${printable(entry.alertId)} ${quoted(entry.alertName)}: rule ${printable(entry.ruleId)} ` +
            `${entry.ruleDid === 'skip' ? 'skips' : `would ${printable(entry.ruleDid)}`}, people did ` +
            printable(entry.peopleDid),
        );
      }
    }
    return lines.join('\n');
  }
}

/**
 * Simulates a rule set over the alerts people handled in `[from, to]`: reads them (`DescribeSuspEvents`
 * with `Dealed=Y`, `OperateTimeStart`, `OperateTimeEnd`; nothing else is sent, nothing changes),
 * evaluates each as it was before it was handled, at its handling time, and compares the decision with
 * what people did ({@link handledAs}). `rules.simulate(alerts, options)` does the same.
 *
 * @throws {@link ValidationError} `from`, `to`, `maxAlerts` or `maxDisagreements` when invalid (before
 * any request).
 * @throws what the listing throws (`PagingError`, `ApiError`, ...).
 *
 * @example
 * ```ts
 * const rules = ResponseRules.parse(DEFAULT_RESPONSE_RULES);
 * const simulation = await simulate(rules, alerts, {
 *   from: new Date('2026-01-01T00:00:00+08:00'),
 *   to: new Date('2026-01-15T00:00:00+08:00'),
 * });
 * console.log(simulation.format());
 * ```
 */
export async function simulate(
  rules: SimulatedRuleSet,
  alerts: HandledAlertSource,
  options: SimulateOptions,
): Promise<RuleSimulation> {
  const from = toDate(options?.from, 'from');
  const to = toDate(options?.to, 'to');
  if (from > to) throw new ValidationError('`from` must not be after `to`.', { field: 'from' });
  const maxAlerts = count(options.maxAlerts, 'maxAlerts', 1);
  const maxDisagreements =
    count(options.maxDisagreements, 'maxDisagreements', 0) ?? DEFAULT_MAX_DISAGREEMENTS;

  const enabled = new ConfusionTally(rules.rules.filter((rule) => rule.status === 'enabled'));
  const dryRun = new ConfusionTally(rules.rules.filter((rule) => rule.status === 'dryRun'));
  const matrix: Record<string, Record<string, number>> = counterOfCounters();
  const totals = {
    alerts: 0,
    decided: 0,
    agreed: 0,
    disagreed: 0,
    skippedButHandled: 0,
    undetermined: 0,
    undecided: 0,
  };
  const disagreements: Disagreement[] = [];
  let disagreementCount = 0;

  const listing = alerts.listAlerts({
    dealt: true,
    handledFrom: from,
    handledTo: to,
    pageSize: 100,
    ...(maxAlerts !== undefined && { maxItems: maxAlerts }),
  });
  for await (const alert of listing) {
    totals.alerts += 1;
    const handledAt = handlingTime(alert);
    const peopleDid = handledAs(alert);
    const evaluation = rules.evaluate(beforeHandling(alert), {
      now: handledAt ?? alert.lastSeen ?? to,
      explain: false,
    });
    const ruleDid: RulesVerdict = verdictOf(evaluation.action);
    const row = matrix[ruleDid] ?? counter();
    matrix[ruleDid] = row;
    increment(row, peopleDid);
    for (const match of evaluation.dryRunMatches) {
      if (match.decisive) dryRun.add(match.rule.id, verdictOf(match.action), peopleDid);
    }
    if (evaluation.rule === undefined) {
      totals.undecided += 1;
      continue;
    }
    totals.decided += 1;
    const comparison = enabled.add(evaluation.rule.id, ruleDid, peopleDid);
    totals[comparison] += 1;
    if (comparison === 'disagreed' || comparison === 'skippedButHandled') {
      disagreementCount += 1;
      if (disagreements.length < maxDisagreements) {
        disagreements.push({
          alertId: alert.id,
          alertName: alert.name,
          ruleId: evaluation.rule.id,
          ruleDid,
          peopleDid,
          handledAt,
        });
      }
    }
  }
  return new RuleSimulation({
    ruleSet: { name: rules.name, version: rules.version },
    period: { from, to },
    totals,
    rules: enabled.result(),
    dryRun: dryRun.result(),
    matrix: Object.fromEntries(Object.entries(matrix).map(([ruleDid, row]) => [ruleDid, plain(row)])),
    disagreements,
    disagreementCount,
  });
}

/** The alert as it was before people handled it: pending. */
function beforeHandling(alert: Alert): Alert {
  return { ...alert, status: 'pending', statusCode: 1 };
}

/** When people handled the alert (`OperateTime`, epoch ms; 0 counts as missing). */
function handlingTime(alert: Alert): Date | undefined {
  const ms = exactNumber(alert.raw.OperateTime);
  return ms === undefined || ms <= 0 ? undefined : new Date(ms);
}

function counterOfCounters(): Record<string, Record<string, number>> {
  return Object.create(null) as Record<string, Record<string, number>>;
}

function toDate(value: Date | number | undefined, field: string): Date {
  const date = value instanceof Date ? value : typeof value === 'number' ? new Date(value) : undefined;
  if (date === undefined || Number.isNaN(date.getTime())) {
    throw new ValidationError(`\`${field}\` must be a valid Date or epoch milliseconds.`, { field });
  }
  return date;
}

function count(value: number | undefined, field: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isSafeInteger(value) || value < min) {
    throw new ValidationError(`\`${field}\` must be an integer of at least ${min}.`, { field });
  }
  return value;
}

function quoted(text: string): string {
  return `"${printable(text)}"`;
}

function percent(part: number, whole: number): string {
  return whole === 0 ? '' : ` (${((100 * part) / whole).toFixed(1)}%)`;
}

function ruleTable(title: string, confusions: readonly RuleConfusion[]): string[] {
  const rows = confusions.map((entry) => [
    printable(entry.ruleId),
    String(entry.decided),
    String(entry.agreed),
    String(entry.disagreed),
    String(entry.skippedButHandled),
    String(entry.undetermined),
    Object.entries(entry.peopleDidInstead)
      .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
      .map(([code, n]) => `${printable(code)} ${n}`)
      .join(', '),
  ]);
  return table(
    [title, 'decided', 'agreed', 'disagreed', 'skipped-handled', 'undetermined', 'people did instead'],
    rows,
    [6],
  );
}

function matrixTable(matrix: Readonly<Record<string, Readonly<Record<string, number>>>>): string[] {
  const ruleCodes = Object.keys(matrix).sort(byCode);
  const peopleCodes = [...new Set(ruleCodes.flatMap((code) => Object.keys(matrix[code] ?? {})))].sort(byCode);
  const rows = ruleCodes.map((code) => [
    printable(code),
    ...peopleCodes.map((people) => String(matrix[code]?.[people] ?? 0)),
  ]);
  return table(['rules \\ people', ...peopleCodes.map(printable)], rows);
}

/** Operations by name, then `skip`, `unknown`, `none`. */
function byCode(a: string, b: string): number {
  const rank = (code: string) => ['skip', 'unknown', 'none'].indexOf(code);
  return rank(a) - rank(b) || a.localeCompare(b);
}

/** Columns padded to their widest cell; the first and the `textColumns` left-aligned, the others right. */
function table(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  textColumns: readonly number[] = [],
): string[] {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[], isHeader: boolean) =>
    cells
      .map((cell, column) => {
        const width = widths[column] ?? 0;
        return column === 0 || isHeader || textColumns.includes(column)
          ? cell.padEnd(width)
          : cell.padStart(width);
      })
      .join('  ')
      .trimEnd();
  return [line(header, true), ...rows.map((row) => line(row, false))];
}
