/**
 * Blast-radius guards of a response plan: which of the alerts its rules decided to handle are left
 * out (protected assets, cooldowns, caps), and the circuit breaker that tells when an execution's
 * failures should stop it.
 *
 * @packageDocumentation
 */
import type { Alert } from '../alerts/alert.js';
import { isDestructive, type OperationCode } from '../alerts/operation-codes.js';
import type { OutcomeStatus } from '../alerts/report.js';
import { ValidationError } from '../errors.js';
import { checkOptions, type OptionRules } from '../util/check-options.js';
import { describeValue } from '../util/describe-value.js';
import { type CidrBlock, inCidr, parseAddress, parseCidr } from './cidr.js';

/** A handling of an alert type, for cooldowns: when an alert of `type` was last handled. */
export interface HandlingRecord {
  /** The alert type (`Alert.type`). */
  readonly type: string;
  /** When it was handled: a `Date` or epoch milliseconds. */
  readonly at: Date | number;
}

/** When the circuit breaker trips (see {@link breakerTripped}). */
export interface CircuitBreakerOptions {
  /**
   * Finished batches needed before the breaker may trip: a first failure alone does not stop a run.
   * @defaultValue 2
   */
  readonly minBatches?: number;
  /**
   * The share of alerts (0 to 1) whose handling `failed` or ended `unknown` in the finished batches above
   * which the breaker trips.
   * @defaultValue 0.5
   */
  readonly maxFailureShare?: number;
}

/**
 * Blast-radius guards of {@link ResponseRules.plan}: limits on what one run may touch, applied to the
 * alerts the rules decided to handle, in this order: `protectedAssets`, `cooldownMs`, `maxPerHost`,
 * `maxDestructivePerRun`, `maxAlertsPerRun`; alerts are taken in the order given, so the same input
 * always keeps the same alerts.
 */
export interface GuardOptions {
  /**
   * The most alerts one plan may handle; the alerts after it are left out.
   * @defaultValue 100
   */
  readonly maxAlertsPerRun?: number;
  /**
   * The most alerts one plan may handle with a destructive operation (`isDestructive` of its code:
   * blocks, kills, quarantines, whitelists, codes this package does not know). Destructive automation is
   * opt-in: raise it to let rules block or kill.
   * @defaultValue 0
   */
  readonly maxDestructivePerRun?: number;
  /**
   * The most alerts one plan may handle on one asset (its `uuid`, else its `instanceId`; an alert with
   * neither is not counted).
   * @defaultValue no limit
   */
  readonly maxPerHost?: number;
  /**
   * Assets never touched: server UUIDs and instance IDs (matched exactly against `uuid` and
   * `instanceId`), and IP addresses or CIDR blocks (matched against `internetIp` and `intranetIp`).
   */
  readonly protectedAssets?: readonly string[];
  /**
   * How long after a handling of an alert type (in `history`) alerts of that type are left alone, in
   * milliseconds.
   * @defaultValue no cooldown
   */
  readonly cooldownMs?: number;
  /**
   * Past handlings, for `cooldownMs`: the caller supplies them (e.g. from its own records or from the
   * alerts it listed as handled); nothing is read from the service or the journal.
   */
  readonly history?: readonly HandlingRecord[];
  /**
   * The circuit breaker, recorded in the response plan; {@link breakerTripped} evaluates it on
   * execution results, and {@link executeResponsePlan} stops sending batches once it trips.
   */
  readonly circuitBreaker?: CircuitBreakerOptions;
}

/** The name of a guard, as {@link TrippedGuard.guard} reports it. */
export type GuardName =
  | 'protectedAssets'
  | 'cooldownMs'
  | 'maxPerHost'
  | 'maxDestructivePerRun'
  | 'maxAlertsPerRun';

/** A guard that left alerts out of a plan. */
export interface TrippedGuard {
  /** The guard. */
  readonly guard: GuardName;
  /** The alerts it left out, in the order given. */
  readonly alertIds: readonly string[];
  /** What it checked, e.g. `at most 100 alerts per run`. */
  readonly detail: string;
}

/** The guards as a response plan records them: every limit with its default filled in. */
export interface GuardSettings {
  readonly maxAlertsPerRun: number;
  readonly maxDestructivePerRun: number;
  readonly maxPerHost?: number;
  readonly protectedAssets: readonly string[];
  readonly cooldownMs?: number;
  readonly circuitBreaker: { readonly minBatches: number; readonly maxFailureShare: number };
}

/** The default of {@link GuardOptions.maxAlertsPerRun}. */
export const DEFAULT_MAX_ALERTS_PER_RUN = 100;

const MAX_COUNT = 1_000_000;

const BREAKER_RULES = {
  minBatches: { kind: 'integer', min: 1, max: MAX_COUNT },
  maxFailureShare: { kind: 'any' },
} as const satisfies OptionRules;

/** Rules of {@link GuardOptions}. */
export const GUARD_OPTION_RULES = {
  maxAlertsPerRun: { kind: 'integer', min: 0, max: MAX_COUNT },
  maxDestructivePerRun: { kind: 'integer', min: 0, max: MAX_COUNT },
  maxPerHost: { kind: 'integer', min: 1, max: MAX_COUNT },
  protectedAssets: { kind: 'strings' },
  cooldownMs: { kind: 'integer', min: 1, max: Number.MAX_SAFE_INTEGER },
  history: { kind: 'any' },
  circuitBreaker: { kind: 'object', rules: BREAKER_RULES },
} as const satisfies OptionRules;

/**
 * The guards' settings, defaults filled in, checked.
 *
 * @throws {@link ValidationError} naming the option that is out of range
 */
export function guardSettings(options: GuardOptions, where: string): GuardSettings {
  const picked = Object.fromEntries(
    Object.keys(GUARD_OPTION_RULES).map((key) => [key, (options as Record<string, unknown>)[key]]),
  );
  checkOptions(picked, GUARD_OPTION_RULES, where);
  const share = options.circuitBreaker?.maxFailureShare ?? 0.5;
  if (typeof share !== 'number' || !(share >= 0 && share <= 1)) {
    throw new ValidationError(
      `${where}: \`circuitBreaker.maxFailureShare\` must be a number from 0 to 1, got ${describeValue(share)}.`,
      { field: 'circuitBreaker.maxFailureShare' },
    );
  }
  const protectedAssets = options.protectedAssets ?? [];
  protectedAssets.forEach((asset, index) => {
    if (asset.trim() === '') {
      throw new ValidationError(`${where}: \`protectedAssets[${index}]\` must not be empty.`, {
        field: `protectedAssets[${index}]`,
      });
    }
  });
  return {
    maxAlertsPerRun: options.maxAlertsPerRun ?? DEFAULT_MAX_ALERTS_PER_RUN,
    maxDestructivePerRun: options.maxDestructivePerRun ?? 0,
    ...(options.maxPerHost !== undefined && { maxPerHost: options.maxPerHost }),
    protectedAssets: protectedAssets.map((asset) => asset.trim()),
    ...(options.cooldownMs !== undefined && { cooldownMs: options.cooldownMs }),
    circuitBreaker: { minBatches: options.circuitBreaker?.minBatches ?? 2, maxFailureShare: share },
  };
}

/** An alert a rule decided to handle, with the operation's code. */
export interface GuardCandidate {
  readonly alert: Alert;
  readonly code: OperationCode;
}

/** What {@link applyGuards} keeps and what it left out. */
export interface GuardResult<T extends GuardCandidate> {
  readonly kept: readonly T[];
  readonly tripped: readonly TrippedGuard[];
}

/**
 * Applies the guards to the alerts rules decided to handle, in order (protected assets, cooldown, per
 * host, destructive cap, total cap), each on what the ones before it kept, alerts in the order given.
 * Pure: the same candidates, settings, history and `nowMs` keep the same alerts.
 *
 * @throws {@link ValidationError} `history` when it is not a list of `{ type, at }`
 */
export function applyGuards<T extends GuardCandidate>(
  candidates: readonly T[],
  settings: GuardSettings,
  history: readonly HandlingRecord[] | undefined,
  nowMs: number,
): GuardResult<T> {
  const tripped: TrippedGuard[] = [];
  const filter = (guard: GuardName, detail: string, keep: (candidate: T) => boolean, from: readonly T[]) => {
    const kept: T[] = [];
    const left: string[] = [];
    for (const candidate of from) {
      if (keep(candidate)) kept.push(candidate);
      else left.push(candidate.alert.id);
    }
    if (left.length > 0) tripped.push({ guard, alertIds: left, detail });
    return kept;
  };

  const blocks = protectedAssetBlocks(settings.protectedAssets);
  let kept = filter(
    'protectedAssets',
    'the alert is on a protected asset',
    ({ alert }) => protectedAsset(alert, blocks) === undefined,
    candidates,
  );

  const { cooldownMs } = settings;
  if (cooldownMs !== undefined) {
    const lastByType = lastHandlings(history ?? []);
    kept = filter(
      'cooldownMs',
      `an alert of its type was handled less than ${cooldownMs} ms before`,
      ({ alert }) => {
        const last = alert.type === undefined ? undefined : lastByType.get(alert.type);
        return last === undefined || nowMs - last >= cooldownMs;
      },
      kept,
    );
  }

  const { maxPerHost } = settings;
  if (maxPerHost !== undefined) {
    const perHost = new Map<string, number>();
    kept = filter(
      'maxPerHost',
      `at most ${maxPerHost} alert${maxPerHost === 1 ? '' : 's'} per asset per run`,
      ({ alert }) => {
        const host = alert.uuid ?? alert.instanceId;
        if (host === undefined) return true;
        const count = (perHost.get(host) ?? 0) + 1;
        perHost.set(host, count);
        return count <= maxPerHost;
      },
      kept,
    );
  }

  let destructive = 0;
  kept = filter(
    'maxDestructivePerRun',
    `at most ${settings.maxDestructivePerRun} destructive handling${settings.maxDestructivePerRun === 1 ? '' : 's'} per run`,
    ({ code }) => !isDestructive(code) || ++destructive <= settings.maxDestructivePerRun,
    kept,
  );

  let total = 0;
  kept = filter(
    'maxAlertsPerRun',
    `at most ${settings.maxAlertsPerRun} alert${settings.maxAlertsPerRun === 1 ? '' : 's'} per run`,
    () => ++total <= settings.maxAlertsPerRun,
    kept,
  );
  return { kept, tripped };
}

/** Protected assets, each with its CIDR block when it is an address or a range. */
export function protectedAssetBlocks(
  assets: readonly string[],
): readonly { readonly asset: string; readonly block: CidrBlock | undefined }[] {
  return assets.map((asset) => ({ asset, block: parseCidr(asset) }));
}

/** The protected asset an alert is on, if any. */
export function protectedAsset(
  alert: Alert,
  blocks: ReturnType<typeof protectedAssetBlocks>,
): string | undefined {
  const addresses = [alert.internetIp, alert.intranetIp]
    .flatMap((value) => (value === undefined ? [] : value.split(',')))
    .map((value) => parseAddress(value.trim()))
    .filter((groups) => groups !== undefined);
  for (const { asset, block } of blocks) {
    if (asset === alert.uuid || asset === alert.instanceId) return asset;
    if (block !== undefined && addresses.some((groups) => inCidr(groups, block))) return asset;
  }
  return undefined;
}

/** The last handling of each alert type, as epoch milliseconds. */
function lastHandlings(history: readonly HandlingRecord[]): Map<string, number> {
  if (!Array.isArray(history)) {
    throw new ValidationError('`history` must be a list of { type, at } handlings.', { field: 'history' });
  }
  const last = new Map<string, number>();
  history.forEach((record, index) => {
    const at = record?.at instanceof Date ? record.at.getTime() : record?.at;
    if (typeof record?.type !== 'string' || typeof at !== 'number' || !Number.isFinite(at)) {
      throw new ValidationError(
        `\`history[${index}]\` must be { type: string, at: Date or epoch milliseconds }, got ${describeValue(record)}.`,
        { field: `history[${index}]` },
      );
    }
    last.set(record.type, Math.max(last.get(record.type) ?? Number.NEGATIVE_INFINITY, at));
  });
  return last;
}

/**
 * Whether the circuit breaker trips on the outcomes of the batches finished so far: at least
 * `minBatches` batches finished, and the share of their alerts that `failed` or ended `unknown` is above
 * `maxFailureShare`. Pure; `skipped` outcomes are not counted.
 *
 * @param batches - The outcomes of each finished batch (e.g. `ExecuteProgress.outcomes` of each
 * `finished` progress).
 *
 * @example
 * ```ts
 * breakerTripped([[{ status: 'failed' }], [{ status: 'failed' }, { status: 'succeeded' }]], {
 *   minBatches: 2,
 *   maxFailureShare: 0.5,
 * }); // true: 2 of 3 alerts failed
 * ```
 */
export function breakerTripped(
  batches: readonly (readonly { readonly status: OutcomeStatus }[])[],
  config: CircuitBreakerOptions = {},
): boolean {
  const minBatches = config.minBatches ?? 2;
  const maxFailureShare = config.maxFailureShare ?? 0.5;
  if (batches.length < minBatches) return false;
  let counted = 0;
  let failed = 0;
  for (const outcome of batches.flat()) {
    if (outcome.status === 'skipped') continue;
    counted++;
    if (outcome.status === 'failed' || outcome.status === 'unknown') failed++;
  }
  return counted > 0 && failed / counted > maxFailureShare;
}
