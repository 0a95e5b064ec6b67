/**
 * Fleet plans: one plan per account (an alert plan, or a response plan), sealed by a digest, stored as
 * JSON and checked when read back, as `parsePlan` checks a plan.
 *
 * @packageDocumentation
 */
import { digestOf, isPlainObject } from '../alerts/plan-digest.js';
import { type Plan, parsePlan } from '../alerts/plan-format.js';
import { ValidationError, type ValidationIssue } from '../errors.js';
import { parseResponsePlan, type ResponsePlan } from '../rules/response-plan.js';
import { isAccountId } from './fleet-options.js';
import type { FleetPhase } from './outcome.js';

/** Format version of {@link FleetPlan} and {@link FleetResponsePlan}. */
export const FLEET_PLAN_FORMAT_VERSION = 1;

/** One account's part of a fleet plan. */
export interface FleetPlanAccount<P> {
  /** The account. */
  readonly accountId: string;
  /** Its plan: what would be sent there. */
  readonly plan: P;
}

/** An account the fleet could not plan for, and why (its error's code and message). */
export interface FleetPlanFailure {
  /** The account. */
  readonly accountId: string;
  /** Where it stopped: `credentials` (its role could not be assumed) or `call`. */
  readonly phase: FleetPhase;
  /** The error's code, e.g. `NoPermission`. */
  readonly code: string;
  /** The error's message. */
  readonly message: string;
}

/**
 * What fleet plans of both kinds share: {@link FleetPlan} (`kind: 'plan'`, a `Plan` per account) and
 * {@link FleetResponsePlan} (`kind: 'responsePlan'`, a `ResponsePlan` per account).
 */
export interface FleetPlanBase<K extends string, P> {
  /** Format version ({@link FLEET_PLAN_FORMAT_VERSION}). */
  readonly version: typeof FLEET_PLAN_FORMAT_VERSION;
  /** What the accounts' plans are. */
  readonly kind: K;
  /** The fleet's run (`AccountFleetOptions.runId`). */
  readonly runId: string;
  /** When the plan was made (ISO 8601). */
  readonly createdAt: string;
  /** Whether any account's plan has a destructive batch. */
  readonly destructive: boolean;
  /** One plan per account planned for, in the fleet's account order. */
  readonly accounts: readonly FleetPlanAccount<P>[];
  /** The accounts that could not be planned for: nothing will be sent there. */
  readonly failed: readonly FleetPlanFailure[];
  /**
   * SHA-256 (hex) of every other field as canonical JSON (the accounts' plans with their own digests):
   * any change shows as a mismatch. It proves integrity, not authorship.
   */
  readonly digest: string;
}

/**
 * A plan per account, made by {@link AccountFleet.plan}: plain data (store it with `JSON.stringify`,
 * read it back with {@link parseFleetPlan}), carried out by {@link AccountFleet.execute}.
 */
export type FleetPlan = FleetPlanBase<'plan', Plan>;

/**
 * A response plan per account, made by {@link AccountFleet.planResponse}: plain data (read it back with
 * {@link parseFleetResponsePlan}), carried out by {@link AccountFleet.executeResponse}. Each account's
 * response plan is approved on its own (`approve`), bound to its digest.
 */
export type FleetResponsePlan = FleetPlanBase<'responsePlan', ResponsePlan>;

/** Seals a fleet plan's content with its digest. */
export function sealFleetPlan<K extends 'plan' | 'responsePlan', P>(
  content: Omit<FleetPlanBase<K, P>, 'digest' | 'version'>,
): FleetPlanBase<K, P> {
  const unsealed = { version: FLEET_PLAN_FORMAT_VERSION as typeof FLEET_PLAN_FORMAT_VERSION, ...content };
  return { ...unsealed, digest: digestOf(unsealed) as string };
}

/**
 * Reads a stored fleet plan (its JSON text, or the value `JSON.parse` gave) and checks it: the format
 * version and kind; account IDs of digits, each once; every account's plan as {@link parsePlan} checks
 * it; and the digest, which any change breaks.
 *
 * @returns a copy of the plan, once it passed every check
 * @throws {@link ValidationError} listing every problem in `issues`, each with its path, e.g.
 * `accounts[2].plan.batches[0].alertIds[1]`
 *
 * @example
 * ```ts
 * await writeFile('fleet-plan.json', JSON.stringify(await fleet.plan(fleetRequests)));
 * // later, maybe elsewhere:
 * const stored = parseFleetPlan(await readFile('fleet-plan.json', 'utf8'));
 * const report = await fleet.execute(stored, { allowedAccounts: ['1234567890123456'] });
 * ```
 */
export function parseFleetPlan(input: unknown): FleetPlan {
  return parseFleet(input, 'plan', parsePlan) as FleetPlan;
}

/**
 * Reads a stored fleet response plan and checks it as {@link parseFleetPlan} does, every account's
 * response plan as {@link parseResponsePlan} checks it.
 *
 * @throws {@link ValidationError} listing every problem in `issues`
 *
 * @example
 * ```ts
 * const stored = parseFleetResponsePlan(await readFile('fleet-response.json', 'utf8'));
 * const approvals = stored.accounts.map(({ plan }) => approve(plan, { approver: 'alice', expiresAt }));
 * ```
 */
export function parseFleetResponsePlan(input: unknown): FleetResponsePlan {
  return parseFleet(input, 'responsePlan', parseResponsePlan) as FleetResponsePlan;
}

const FIELDS = ['version', 'kind', 'runId', 'createdAt', 'destructive', 'accounts', 'failed', 'digest'];

function parseFleet(input: unknown, kind: string, parseInner: (value: unknown) => unknown): unknown {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (error) {
      throw invalid([{ path: '', message: `is not JSON (${(error as Error).message})` }], error);
    }
  }
  const issues: ValidationIssue[] = [];
  const issue = (path: string, message: string) => issues.push({ path, message });
  if (!isPlainObject(value)) throw invalid([{ path: '', message: 'must be an object' }]);
  for (const key of Object.keys(value))
    if (!FIELDS.includes(key)) issue(key, 'is not a field of a fleet plan');
  if (value.version !== FLEET_PLAN_FORMAT_VERSION) issue('version', `must be ${FLEET_PLAN_FORMAT_VERSION}`);
  if (value.kind !== kind) issue('kind', `must be '${kind}'`);
  if (typeof value.runId !== 'string' || value.runId === '') issue('runId', 'must be a string');
  if (typeof value.createdAt !== 'string' || Number.isNaN(Date.parse(value.createdAt))) {
    issue('createdAt', 'must be an ISO 8601 time');
  }
  const seen = new Set<string>();
  const account = (path: string, id: unknown) => {
    if (!isAccountId(id)) issue(`${path}.accountId`, 'must be an account ID (digits)');
    else if (seen.has(id)) issue(`${path}.accountId`, `names account ${id} a second time`);
    else seen.add(id);
  };
  const accounts = Array.isArray(value.accounts) ? value.accounts : [];
  if (!Array.isArray(value.accounts)) issue('accounts', 'must be an array');
  let destructive = false;
  accounts.forEach((entry: unknown, index) => {
    const path = `accounts[${index}]`;
    if (!isPlainObject(entry) || Object.keys(entry).some((key) => key !== 'accountId' && key !== 'plan')) {
      issue(path, 'must be { accountId, plan }');
      return;
    }
    account(path, entry.accountId);
    try {
      const inner = parseInner(entry.plan) as Plan | ResponsePlan;
      destructive ||= 'destructive' in inner ? inner.destructive : inner.plan.destructive;
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const found = error.issues.length > 0 ? error.issues : [{ path: '', message: error.message }];
      for (const each of found) {
        issue(`${path}.plan${each.path ? `.${each.path}` : ''}`, each.message);
      }
    }
  });
  if (!Array.isArray(value.failed)) issue('failed', 'must be an array');
  (Array.isArray(value.failed) ? value.failed : []).forEach((entry: unknown, index) => {
    const path = `failed[${index}]`;
    const fields = ['accountId', 'phase', 'code', 'message'];
    if (
      !isPlainObject(entry) ||
      Object.keys(entry).some((key) => !fields.includes(key)) ||
      !['skipped', 'credentials', 'call'].includes(entry.phase as string) ||
      typeof entry.code !== 'string' ||
      typeof entry.message !== 'string'
    ) {
      issue(path, 'must be { accountId, phase, code, message }');
      return;
    }
    account(path, entry.accountId);
  });
  if (value.destructive !== destructive)
    issue('destructive', `must be ${destructive}, as the accounts' plans are`);
  const { digest, ...content } = value;
  if (issues.length === 0 && digest !== digestOf(content)) {
    issue('digest', 'does not match the content: the plan was changed after it was made');
  }
  if (issues.length > 0) throw invalid(issues);
  return structuredClone(value);
}

function invalid(issues: readonly ValidationIssue[], cause?: unknown): ValidationError {
  const first = issues[0] as ValidationIssue;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problems, in issues)` : '';
  return new ValidationError(
    `The fleet plan is not valid: \`${first.path || 'plan'}\` ${first.message}${more}. Nothing was sent: ` +
      'make a new plan and review it.',
    { issues, ...(cause !== undefined && { cause }) },
  );
}
