/**
 * Recommended handling of an alert, from rules kept as data: the first rule that matches wins.
 *
 * @packageDocumentation
 */
import type { Alert } from './alert.js';
import type { KnownOperationCode } from './operation-codes.js';

/**
 * A code a recommendation names: one this package knows and builds from the code alone
 * (`Operations.fromCode(code)`), or with a block's duration for `block_ip`. Not the advanced
 * whitelist, whose rules a recommendation cannot give, nor `client_problem_check`, which the API
 * cannot run.
 */
export type RecommendedOperationCode = Exclude<
  KnownOperationCode,
  'advance_mark_mis_info' | 'client_problem_check'
>;

/**
 * What a rule tests. Type and name identify the kind of alert: when `types` or `names` is given, a
 * pattern of either must match. `details` and `verdicts` narrow it further: when given, they must
 * match as well. A rule that tests nothing matches every alert. Patterns must not use the `g` or `y`
 * flag, which makes `RegExp#test` keep state between alerts.
 */
export interface RecommendationMatch {
  /** Patterns tried on the alert type, English label or Chinese label (`type` and `typeDisplay`). */
  readonly types?: readonly RegExp[];
  /** Patterns tried on the alert name, internal or displayed (`eventName` and `name`). */
  readonly names?: readonly RegExp[];
  /** Patterns tried on the labels of the alert's details; one must match, e.g. a file path. */
  readonly details?: readonly RegExp[];
  /** AI verdicts (`SupportOperateCode` of the raw event), one of which the alert must carry. */
  readonly verdicts?: readonly string[];
}

/** One recommendation rule. */
export interface RecommendationRule {
  /** Stable identifier, reported as {@link Recommendation.rule}. */
  readonly id: string;
  /** What the alert must look like. */
  readonly matches: RecommendationMatch;
  /** The operation to recommend. */
  readonly operation: RecommendedOperationCode;
  /** Why, in words for the person who confirms it. */
  readonly reason: string;
}

/** A recommended operation for an alert. */
export interface Recommendation {
  /**
   * The operation to run, e.g. `block_ip`. Build it with `Operations.fromCode`: `block_ip` with a
   * duration, every other code alone.
   */
  readonly operation: RecommendedOperationCode;
  /** Why this operation. */
  readonly reason: string;
  /** The `id` of the rule that matched, or `fallback`. */
  readonly rule: string;
}

/** The recommendation when no rule matches. */
export const FALLBACK_RECOMMENDATION: Recommendation = {
  operation: 'manual_handled',
  reason: 'No rule matched: review manually',
  rule: 'fallback',
};

/**
 * The built-in rules, in the order they are tried. They cover the alert types `DescribeSuspEvents`
 * documents (English and Chinese labels) and common internal names; types without a rule (precise
 * defense, vulnerability exploitation, ...) fall back to manual review.
 */
export const RECOMMENDATION_RULES: readonly RecommendationRule[] = [
  {
    id: 'ai-false-positive',
    matches: { verdicts: ['AI.false_positive'] },
    operation: 'ignore',
    reason:
      "Security Center's AI analysis rates this alert a suspected false positive: confirm it, then ignore it",
  },
  {
    id: 'unusual-login',
    matches: {
      types: [/unusual log(?:in|on)/i, /异常登录/],
      names: [/^login_/i, /brute[ _-]?force/i, /unusual log(?:in|on)/i, /暴力破解/, /异常登录/, /异地登录/],
    },
    operation: 'block_ip',
    reason: 'Unusual login behavior detected',
  },
  {
    id: 'webshell',
    matches: {
      types: [/webshell/i, /网站后门/, /持久化后门/],
      names: [/webshell/i, /网站后门/],
    },
    operation: 'quara',
    reason: 'Webshell file detected: quarantine it',
  },
  {
    id: 'malicious-file',
    matches: {
      names: [/malicious[ _-]?file/i, /virus[ _-]?file/i, /恶意文件/, /病毒文件/],
    },
    operation: 'virus_quara',
    reason: 'Malicious file detected (not running): quarantine it',
  },
  {
    id: 'malicious-process',
    matches: {
      types: [/malicious process/i, /恶意进程/, /malicious script/i, /恶意脚本/],
      names: [
        /malicious[ _-]?process/i,
        /(?:^|[^a-z])min(?:ing|er)(?:[^a-z]|$)/i,
        /crypto[ _-]?min/i,
        /trojan/i,
        /virus/i,
        /挖矿/,
        /木马/,
        /病毒/,
        /恶意进程/,
      ],
    },
    operation: 'kill_and_quara',
    reason: 'Malicious process detected (mining, trojan or virus): kill it and quarantine its file',
  },
  {
    id: 'suspicious-process-with-file',
    matches: {
      types: [/suspicious process/i, /进程异常行为/],
      names: [/reverse[ _-]?shell/i, /反弹\s*shell/i],
      details: [/\bfile\b/i, /md5/i, /文件/],
    },
    operation: 'kill_and_quara',
    reason: 'Suspicious process started from a file on disk: kill it and quarantine the file',
  },
  {
    id: 'suspicious-process',
    matches: {
      types: [/suspicious process/i, /进程异常行为/],
      names: [/reverse[ _-]?shell/i, /反弹\s*shell/i],
    },
    operation: 'kill_process',
    reason: 'Suspicious process behavior (such as a reverse shell): kill the process',
  },
  {
    id: 'suspicious-network',
    matches: {
      types: [/suspicious network/i, /异常网络连接/, /malicious network/i, /恶意网络行为/],
      names: [/port[ _-]?scan/i, /端口扫描/],
    },
    operation: 'block_ip',
    reason: 'Suspicious network connection: block the remote IP',
  },
  {
    id: 'suspicious-account',
    matches: {
      types: [/suspicious account/i, /异常账号/],
      names: [/account/i, /账号/],
    },
    operation: 'manual_handled',
    reason: 'Suspicious account: verify the account manually, then mark the alert handled',
  },
  {
    id: 'sensitive-file-tampering',
    matches: {
      types: [/sensitive file tamper/i, /敏感文件篡改/],
      names: [/tamper/i, /篡改/],
    },
    operation: 'manual_handled',
    reason: 'Sensitive file changed: verify the change manually, then mark the alert handled',
  },
];

/**
 * Recommends an operation for an alert: the first rule that matches, else
 * {@link FALLBACK_RECOMMENDATION}. Only a recommendation: confirm it, and check the alert offers the
 * operation (`UserCanOperate`) before running it.
 *
 * @param alert - The alert to handle.
 * @param rules - The rules to try, in order; {@link RECOMMENDATION_RULES} when omitted.
 *
 * @example
 * ```ts
 * const rec = recommend(alert);
 * console.log(`${alert.name}: ${operationDisplayName(rec.operation)} (${rec.reason})`);
 * const operation =
 *   rec.operation === 'block_ip'
 *     ? Operations.fromCode(rec.operation, { duration: '1d' })
 *     : Operations.fromCode(rec.operation);
 * ```
 */
export function recommend(
  alert: Alert,
  rules: readonly RecommendationRule[] = RECOMMENDATION_RULES,
): Recommendation {
  const rule = rules.find((candidate) => matches(alert, candidate.matches));
  return rule === undefined
    ? FALLBACK_RECOMMENDATION
    : { operation: rule.operation, reason: rule.reason, rule: rule.id };
}

function matches(alert: Alert, match: RecommendationMatch): boolean {
  const { types = [], names = [], details, verdicts } = match;
  const detailNames = alert.details.map((detail) => detail.name);
  const kind =
    types.length + names.length === 0 ||
    any(types, [alert.type, alert.typeDisplay]) ||
    any(names, [alert.eventName, alert.name]);
  const detail = details === undefined || any(details, detailNames);
  const verdict = verdicts === undefined || verdicts.includes(alert.raw.SupportOperateCode ?? '');
  return kind && detail && verdict;
}

function any(patterns: readonly RegExp[], texts: readonly (string | undefined)[]): boolean {
  return patterns.some((pattern) => texts.some((text) => text !== undefined && pattern.test(text)));
}
