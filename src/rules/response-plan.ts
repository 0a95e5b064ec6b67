/**
 * Response plans: a rule set's decisions for a set of alerts, the guards that left some out, and the
 * `Plan` of the handlings that remain, sealed together by one digest.
 *
 * @packageDocumentation
 */
import type { Alert } from '../alerts/alert.js';
import type { AlertHandler } from '../alerts/alert-handler.js';
import type { AlertFilter } from '../alerts/list.js';
import { isKnownOperationCode, type OperationCode } from '../alerts/operation-codes.js';
import {
  type BlockIpOptions,
  type KillAndQuarantineOptions,
  type Operation,
  Operations,
  type WhitelistOptions,
} from '../alerts/operations.js';
import type { HandleRequest, PlanOptions } from '../alerts/plan.js';
import { digestOf, isPlainObject } from '../alerts/plan-digest.js';
import { type Plan, parsePlan, sealPlan } from '../alerts/plan-format.js';
import { remarkStamp } from '../alerts/remark.js';
import { ValidationError, type ValidationIssue } from '../errors.js';
import { checkOptions, type OptionRules } from '../util/check-options.js';
import type { ResolvedAction } from './actions.js';
import type { ResponseRule, RuleEvaluation, RuleOutcome } from './evaluation.js';
import {
  applyGuards,
  GUARD_OPTION_RULES,
  type GuardOptions,
  type GuardSettings,
  guardSettings,
  type TrippedGuard,
} from './guards.js';

/** Format version of a {@link ResponsePlan}. */
export const RESPONSE_PLAN_FORMAT_VERSION = 1;

/**
 * What became of an alert in a response plan:
 * - `requested`: a rule decided to handle it, and it was passed to `plan()` (which may still skip it:
 *   see the inner plan's `skipped`);
 * - `ruleSkip`: the deciding rule's action is `skip`;
 * - `noDecision`: no enabled rule matched: decide by hand;
 * - `dryRun`: no enabled rule matched, but a `dryRun` rule did: what it would have done is in `reason`;
 * - `guarded`: a rule decided to handle it, and a guard left it out ({@link ResponsePlan.guardsTripped}).
 */
export type DecisionStatus = 'requested' | 'ruleSkip' | 'noDecision' | 'dryRun' | 'guarded';

/** One alert's decision in a {@link ResponsePlan}. */
export interface ResponseDecision {
  /** The alert. */
  readonly alertId: string;
  /** What became of it. */
  readonly status: DecisionStatus;
  /** The deciding rule (for `dryRun`, the rule that would have decided); absent for `noDecision`. */
  readonly ruleId?: string;
  /** The operation the rule decided (or would have, for `dryRun`), when it handles. */
  readonly operation?: OperationCode;
  /** Why: the rule's reason, or why nothing is done. */
  readonly reason: string;
  /** The rules that were evaluated and what became of each (`notReached` ones left out). */
  readonly trace: readonly { readonly ruleId: string; readonly outcome: RuleOutcome }[];
}

/**
 * A rule set's response to a set of alerts: plain data (store it with `JSON.stringify`, read it back
 * with {@link parseResponsePlan}). `plan` is what {@link executeResponsePlan} sends.
 */
export interface ResponsePlan {
  /** Format version ({@link RESPONSE_PLAN_FORMAT_VERSION}). */
  readonly version: typeof RESPONSE_PLAN_FORMAT_VERSION;
  /** The rule set that decided. */
  readonly ruleSet: { readonly name: string; readonly version: number };
  /** The time the alerts were evaluated at (ISO 8601). */
  readonly evaluatedAt: string;
  /** The guards as applied, defaults filled in. */
  readonly guards: GuardSettings;
  /** One decision per alert, in the order given. */
  readonly decisions: readonly ResponseDecision[];
  /** The guards that left alerts out. */
  readonly guardsTripped: readonly TrippedGuard[];
  /** The handlings: a `Plan` as `AlertHandler.plan` made it (with no batch when nothing is to be handled). */
  readonly plan: Plan;
  /**
   * SHA-256 (hex) over the canonical JSON of every other field, the inner plan by its own digest: any
   * change to a decision, a guard, the rule set's name or version, or the plan shows as a mismatch. It
   * proves integrity, not authorship; an approval ({@link approve}) binds to it.
   */
  readonly digest: string;
}

/** Options of {@link ResponseRules.plan}: the guards, and how to plan. */
export interface ResponsePlanOptions extends GuardOptions {
  /**
   * The time to evaluate at (rule expiry, relative times, cooldowns).
   * @defaultValue the current time
   */
  readonly now?: Date | number;
  /** Options of `AlertHandler.plan` (`batchSize`, `concurrency`, `signal`, `ttlMs`); remarks are the rules' stamps. */
  readonly planOptions?: Omit<PlanOptions, 'remark'>;
}

const PLAN_OPTIONS_RULES = {
  ...GUARD_OPTION_RULES,
  now: { kind: 'any' },
  planOptions: { kind: 'any' },
} as const satisfies OptionRules;

/** What {@link planResponse} needs of a rule set. */
export interface DecidingRules {
  readonly name: string;
  readonly version: number;
  readonly rules: readonly ResponseRule[];
  evaluate(alert: Alert, options: { now: number }): RuleEvaluation;
}

interface Candidate {
  readonly alert: Alert;
  readonly code: OperationCode;
  readonly operation: Operation;
  readonly remark: string;
}

/**
 * The response plan of a rule set for alerts (see {@link ResponseRules.plan}): each alert evaluated at
 * `now`, the guards applied to those a rule decided to handle, and `alerts.plan` called on the rest,
 * each request with its rule's {@link remarkStamp}.
 *
 * @throws {@link ValidationError} on bad options, or when the rule set's name or a deciding rule's id
 * cannot be written in a remark stamp (rename it: a letter or digit, then letters, digits, `.`, `_`,
 * `-`, 64 at most)
 */
export async function planResponse(
  rules: DecidingRules,
  alerts: AlertHandler,
  alertsOrFilter: readonly Alert[] | AlertFilter,
  options: ResponsePlanOptions = {},
): Promise<ResponsePlan> {
  checkOptions(options, PLAN_OPTIONS_RULES, 'ResponseRules.plan');
  const guards = guardSettings(options, 'ResponseRules.plan');
  const nowMs = toEpochMs(options.now);
  stampFor(rules, undefined);
  const listed = Array.isArray(alertsOrFilter)
    ? alertsOrFilter
    : await collect(alerts.listAlerts(alertsOrFilter as AlertFilter));
  const seen = new Set<string>();
  const unique = (listed as readonly Alert[]).filter((alert) => !seen.has(alert.id) && seen.add(alert.id));

  const decisions = new Map<string, ResponseDecision>();
  const candidates: Candidate[] = [];
  for (const alert of unique) {
    const evaluation = rules.evaluate(alert, { now: nowMs });
    const trace = evaluation.trace
      .filter((entry) => entry.outcome !== 'notReached')
      .map((entry) => ({ ruleId: entry.rule.id, outcome: entry.outcome }));
    const { rule, action } = evaluation;
    if (rule === undefined || action === undefined) {
      const dry = evaluation.dryRunMatches.find((match) => match.decisive);
      decisions.set(
        alert.id,
        dry === undefined
          ? {
              alertId: alert.id,
              status: 'noDecision',
              reason: 'No enabled rule matched: decide by hand.',
              trace,
            }
          : {
              alertId: alert.id,
              status: 'dryRun',
              ruleId: dry.rule.id,
              ...('handle' in dry.action && { operation: dry.action.handle.operation }),
              reason: `Rule ${dry.rule.id} is in dryRun: it would have ${describeAction(dry.action)}.`,
              trace,
            },
      );
      continue;
    }
    if ('skip' in action) {
      decisions.set(alert.id, {
        alertId: alert.id,
        status: 'ruleSkip',
        ruleId: rule.id,
        reason: action.skip.reason,
        trace,
      });
      continue;
    }
    const { operation: code, reason } = action.handle;
    decisions.set(alert.id, {
      alertId: alert.id,
      status: 'requested',
      ruleId: rule.id,
      operation: code,
      reason,
      trace,
    });
    candidates.push({ alert, code, operation: operationOf(action.handle), remark: stampFor(rules, rule.id) });
  }

  const { kept, tripped } = applyGuards(candidates, guards, options.history, nowMs);
  for (const entry of tripped) {
    for (const alertId of entry.alertIds) {
      const decision = decisions.get(alertId) as ResponseDecision;
      decisions.set(alertId, {
        ...decision,
        status: 'guarded',
        reason: `${decision.reason} (left out: ${entry.detail})`,
      });
    }
  }
  const requests: HandleRequest[] = kept.map(({ alert, operation, remark }) => ({
    alertId: alert.id,
    operation,
    remark,
  }));
  const plan =
    requests.length === 0
      ? sealPlan({ createdAt: new Date().toISOString(), batches: [], skipped: [] })
      : await alerts.plan(requests, options.planOptions ?? {});
  return sealResponsePlan({
    version: RESPONSE_PLAN_FORMAT_VERSION,
    ruleSet: { name: rules.name, version: rules.version },
    evaluatedAt: new Date(nowMs).toISOString(),
    guards,
    decisions: unique.map((alert) => decisions.get(alert.id) as ResponseDecision),
    guardsTripped: tripped,
    plan,
  });
}

/** A response plan's content with its digest. */
export function sealResponsePlan(content: Omit<ResponsePlan, 'digest'>): ResponsePlan {
  return { ...content, digest: responsePlanDigest(content) };
}

/** The digest of a response plan's content (see {@link ResponsePlan.digest}). */
export function responsePlanDigest(content: Omit<ResponsePlan, 'digest'>): string {
  const { plan, ...rest } = content;
  const digest = digestOf({ ...rest, planDigest: plan.digest });
  if (digest === undefined) {
    throw new ValidationError('The response plan holds values that are not JSON data.', {
      field: 'responsePlan',
    });
  }
  return digest;
}

const KEYS = ['version', 'ruleSet', 'evaluatedAt', 'guards', 'decisions', 'guardsTripped', 'plan', 'digest'];

/**
 * Reads a stored response plan (its JSON text, or the value `JSON.parse` gave) and checks it: the inner
 * plan as `parsePlan` does; every alert of the inner plan requested by a decision with the same
 * operation; and the digest, which any change breaks.
 *
 * @returns a copy of the response plan, once it passed every check
 * @throws {@link ValidationError} listing the problems in `issues`
 *
 * @example
 * ```ts
 * await writeFile('response-plan.json', JSON.stringify(rplan));
 * const stored = parseResponsePlan(await readFile('response-plan.json', 'utf8'));
 * ```
 */
export function parseResponsePlan(input: unknown): ResponsePlan {
  const value = typeof input === 'string' ? parseJson(input) : input;
  const issues: ValidationIssue[] = [];
  if (!isPlainObject(value)) {
    issues.push({ path: '', message: 'must be a response plan object' });
  } else {
    for (const key of Object.keys(value)) {
      if (!KEYS.includes(key)) issues.push({ path: key, message: 'is not a field of a response plan' });
    }
    if (value.version !== RESPONSE_PLAN_FORMAT_VERSION) {
      issues.push({ path: 'version', message: `must be ${RESPONSE_PLAN_FORMAT_VERSION}` });
    }
    const plan = innerPlan(value.plan, issues);
    const decisions = decisionsOf(value.decisions, issues);
    if (plan !== undefined && decisions !== undefined) checkPlanAgainstDecisions(plan, decisions, issues);
    if (issues.length === 0) {
      const { digest, ...content } = value as unknown as ResponsePlan;
      const expected = digestOf({ ...content, plan: undefined, planDigest: content.plan.digest });
      if (typeof digest !== 'string' || digest !== expected) {
        issues.push({ path: 'digest', message: 'does not match the content: the response plan was changed' });
      }
    }
  }
  const first = issues[0];
  if (first !== undefined) {
    throw new ValidationError(
      `The response plan is not valid: \`${first.path || 'responsePlan'}\` ${first.message}. Nothing was sent: make a new one with rules.plan() and review it.`,
      { issues },
    );
  }
  return structuredClone(value) as unknown as ResponsePlan;
}

function innerPlan(value: unknown, issues: ValidationIssue[]): Plan | undefined {
  try {
    return parsePlan(value);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    for (const issue of error.issues)
      issues.push({ path: `plan${issue.path ? `.${issue.path}` : ''}`, message: issue.message });
    return undefined;
  }
}

function decisionsOf(
  value: unknown,
  issues: ValidationIssue[],
): Map<string, Record<string, unknown>> | undefined {
  if (!Array.isArray(value)) {
    issues.push({ path: 'decisions', message: 'must be a list' });
    return undefined;
  }
  const byId = new Map<string, Record<string, unknown>>();
  value.forEach((decision: unknown, index) => {
    if (!isPlainObject(decision) || typeof decision.alertId !== 'string') {
      issues.push({ path: `decisions[${index}]`, message: 'must be a decision with an alertId' });
    } else if (byId.has(decision.alertId)) {
      issues.push({ path: `decisions[${index}].alertId`, message: 'repeats an alert' });
    } else {
      byId.set(decision.alertId, decision);
    }
  });
  return byId;
}

/** Every alert of the plan is one a decision requested, with the operation it decided. */
function checkPlanAgainstDecisions(
  plan: Plan,
  decisions: ReadonlyMap<string, Record<string, unknown>>,
  issues: ValidationIssue[],
): void {
  const planned = [
    ...plan.batches.flatMap((batch, index) =>
      batch.alertIds.map((alertId, position) => ({
        alertId,
        code: batch.operation.code,
        path: `plan.batches[${index}].alertIds[${position}]`,
      })),
    ),
    ...plan.skipped.map((skipped, index) => ({
      alertId: skipped.alertId,
      code: skipped.operation,
      path: `plan.skipped[${index}]`,
    })),
  ];
  for (const { alertId, code, path } of planned) {
    const decision = decisions.get(alertId);
    if (decision?.status !== 'requested' || decision.operation !== code) {
      issues.push({
        path,
        message: `alert ${alertId} is not requested by a decision with operation ${code}`,
      });
    }
  }
}

/** The operation a `handle` action builds, its code narrowed to the input it takes. */
function operationOf(handle: Extract<ResolvedAction, { handle: unknown }>['handle']): Operation {
  const { operation: code, input } = handle;
  if (!isKnownOperationCode(code)) {
    throw new ValidationError(`Operation ${code} is not one a rule can decide.`, { field: 'operation' });
  }
  switch (code) {
    case 'block_ip':
      return Operations.fromCode(code, input as BlockIpOptions);
    case 'kill_and_quara':
      return Operations.fromCode(code, input as KillAndQuarantineOptions | undefined);
    case 'advance_mark_mis_info':
      return Operations.fromCode(code, input as WhitelistOptions);
    default:
      return Operations.fromCode(code);
  }
}

/**
 * The remark stamp of a rule of the set (of the set alone when `ruleId` is `undefined`, to check its
 * name before anything is listed).
 */
function stampFor(rules: DecidingRules, ruleId: string | undefined): string {
  try {
    return remarkStamp({ ruleSet: rules.name, version: rules.version, ruleId: ruleId ?? 'check' });
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const field = error.issues[0]?.path === 'ruleId' ? `rules[${ruleId}].id` : 'ruleSet.name';
    throw new ValidationError(
      `ResponseRules.plan: the ${field === 'ruleSet.name' ? `rule set's name ${JSON.stringify(rules.name)}` : `rule id ${JSON.stringify(ruleId)}`} cannot be written in a handling's remark stamp (a letter or digit, then letters, digits, ".", "_" and "-", 64 at most): rename it. Nothing was sent.`,
      { field },
    );
  }
}

function describeAction(action: ResolvedAction): string {
  return 'handle' in action
    ? `handled it with ${action.handle.operation}`
    : `skipped it (${action.skip.reason})`;
}

async function collect(iterable: AsyncIterable<Alert>): Promise<Alert[]> {
  const items: Alert[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

function toEpochMs(now: Date | number | undefined): number {
  const ms = now === undefined ? Date.now() : now instanceof Date ? now.getTime() : now;
  if (typeof ms !== 'number' || !Number.isFinite(ms)) {
    throw new ValidationError('ResponseRules.plan: `now` must be a valid Date or epoch milliseconds.', {
      field: 'now',
    });
  }
  return ms;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ValidationError(
      `The response plan is not JSON (${(error as Error).message}). Nothing was sent.`,
      {
        issues: [{ path: '', message: 'is not JSON' }],
        cause: error,
      },
    );
  }
}
