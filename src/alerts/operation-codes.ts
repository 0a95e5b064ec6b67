/**
 * Handling operation codes of Security Center alerts: which exist, which change state on hosts,
 * which the API cannot run, and how to name them for people.
 *
 * @packageDocumentation
 */
import { describeValue } from '../util/describe-value.js';

/**
 * Display name of every known operation code, in English. The keys are the codes the service and
 * Alibaba's alert-handling workflow document (the API's own spelling is kept: `cancle_manual`).
 */
export const OPERATION_DISPLAY_NAMES = {
  block_ip: 'Block IP',
  kill_and_quara: 'Kill and Quarantine',
  virus_quara: 'Quarantine File',
  virus_quara_bin: 'Quarantine Binary',
  quara: 'Quarantine',
  kill_process: 'Kill Process',
  ignore: 'Ignore',
  manual_handled: 'Mark as Handled',
  mark_mis_info: 'Mark as False Positive',
  advance_mark_mis_info: 'Advanced Whitelist',
  cleanup: 'Deep Virus Cleanup',
  disable_malicious_defense: 'Disable Malicious Behavior Defense',
  client_problem_check: 'Agent Troubleshooting',
  defense_mark_mis_info: 'Precise Defense Whitelist',
  rm_defense_mark_mis_info: 'Remove Precise Defense Whitelist',
  rm_mark_mis_info: 'Remove from Whitelist',
  cancle_manual: 'Undo Mark as Handled',
  kill_virus: 'Kill Virus',
  stop_container: 'Stop Container',
  kill_container_process: 'Kill Container Process',
} as const satisfies Record<string, string>;

/** An operation code this package knows (see {@link OPERATION_DISPLAY_NAMES}). */
export type KnownOperationCode = keyof typeof OPERATION_DISPLAY_NAMES;

/**
 * Code of a handling operation, as `DescribeSecurityEventOperations` reports it and
 * `HandleSecurityEvents` takes it. Open: the service may add codes this package does not know yet.
 */
export type OperationCode = KnownOperationCode | (string & {});

/**
 * Operations that change state on hosts or in the whitelist: they block traffic, stop processes,
 * move files, stop containers, or replace an alert type's whitelist rules. Ask for confirmation
 * before running them.
 *
 * The one table of destructiveness: `handle()`'s confirmation, the flags of plans, `formatPlan` and
 * the audit events read it through {@link isDestructive}, by the operation's code; the `destructive`
 * field an operation or a plan carries is for display and is never trusted.
 */
export const DESTRUCTIVE_OPERATIONS: ReadonlySet<OperationCode> = new Set<KnownOperationCode>([
  'block_ip',
  'kill_and_quara',
  'kill_process',
  'kill_virus',
  'kill_container_process',
  'quara',
  'virus_quara',
  'virus_quara_bin',
  'advance_mark_mis_info',
  'stop_container',
  'cleanup',
  'disable_malicious_defense',
]);

/**
 * Operations that cannot be run through the API, with what to do instead. `DescribeSecurityEventOperations`
 * may still list them.
 */
export const UNSUPPORTED_OPERATIONS: ReadonlyMap<OperationCode, string> = new Map<KnownOperationCode, string>(
  [
    [
      'client_problem_check',
      'cannot be done through the API: use the console (Security Center > Security Alerts > Details > Problem Investigation)',
    ],
  ],
);

/**
 * Whether an operation changes state on hosts or in the whitelist (see {@link DESTRUCTIVE_OPERATIONS}).
 * A code this package does not know counts as destructive: what it does cannot be told, so it is
 * confirmed like the others.
 *
 * @example
 * ```ts
 * isDestructive('block_ip'); // true
 * isDestructive('ignore'); // false
 * isDestructive('new_code'); // true: unknown codes are confirmed, to be safe
 * ```
 */
export function isDestructive(code: OperationCode): boolean {
  return !isKnownOperationCode(code) || DESTRUCTIVE_OPERATIONS.has(code);
}

/**
 * The display name of an operation code, for summaries; an unknown code is returned as it is.
 *
 * @example
 * ```ts
 * operationDisplayName('kill_and_quara'); // 'Kill and Quarantine'
 * operationDisplayName('new_code'); // 'new_code'
 * ```
 */
export function operationDisplayName(code: OperationCode): string {
  return isKnownOperationCode(code) ? OPERATION_DISPLAY_NAMES[code] : code;
}

/**
 * What a code this package does not know must look like to be sent (`Operations.unknownCode`):
 * a lowercase letter, then up to 63 lowercase letters, digits and underscores, as every code the
 * service documents is spelled.
 */
export const UNKNOWN_OPERATION_CODE_PATTERN = /^[a-z][a-z0-9_]{0,63}$/;

/**
 * What is wrong with a code given as one this package does not know, or `undefined` when nothing is:
 * it must match {@link UNKNOWN_OPERATION_CODE_PATTERN}, and not be a code this package knows (those
 * are built, and their parameters checked, by `Operations.fromCode`) nor one the API cannot run.
 *
 * @example
 * ```ts
 * unknownOperationCodeProblem('isolate_host'); // undefined
 * unknownOperationCodeProblem('block_ip'); // "'block_ip' is a code this package knows: ..."
 * ```
 */
export function unknownOperationCodeProblem(code: unknown): string | undefined {
  if (typeof code !== 'string' || !UNKNOWN_OPERATION_CODE_PATTERN.test(code)) {
    return `must be an operation code (a lowercase letter, then up to 63 lowercase letters, digits and underscores), got ${describeValue(code)}`;
  }
  const unsupported = UNSUPPORTED_OPERATIONS.get(code);
  if (unsupported !== undefined) return `${code} ${unsupported}`;
  if (isKnownOperationCode(code)) {
    return `'${code}' is a code this package knows: build it with Operations.fromCode('${code}', ...), which checks its parameters`;
  }
  return undefined;
}

/**
 * Whether a code is one this package knows.
 *
 * @example
 * ```ts
 * isKnownOperationCode('virus_quara'); // true
 * ```
 */
export function isKnownOperationCode(code: string): code is KnownOperationCode {
  return Object.hasOwn(OPERATION_DISPLAY_NAMES, code);
}
