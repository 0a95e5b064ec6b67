/** What every alert type offers at least: whitelisting, ignoring and marking as handled. */
const COMMON = ['advance_mark_mis_info', 'ignore', 'manual_handled'] as const;

/**
 * The operations `DescribeSecurityEventOperations` offers by default, by alert type
 * (`AlarmEventType`), in the order it lists them. A type not listed offers the common three:
 * `advance_mark_mis_info`, `ignore`, `manual_handled`.
 *
 * @example
 * ```ts
 * DEFAULT_OPERATIONS_BY_ALERT_TYPE['Unusual Logon']; // ['block_ip', 'advance_mark_mis_info', 'ignore', 'manual_handled']
 * ```
 */
export const DEFAULT_OPERATIONS_BY_ALERT_TYPE: Readonly<Record<string, readonly string[]>> = {
  'Unusual Logon': ['block_ip', ...COMMON],
  Webshell: ['quara', ...COMMON],
  'Malicious process': [
    'kill_and_quara',
    'virus_quara',
    ...COMMON,
    'defense_mark_mis_info',
    'client_problem_check',
  ],
  'Suspicious process': ['kill_process', ...COMMON, 'client_problem_check'],
  'Suspicious network connection': ['block_ip', ...COMMON],
  'Suspicious account': [...COMMON],
  'Sensitive file tampering': [...COMMON],
};

/** The operations an alert type offers by default (see {@link DEFAULT_OPERATIONS_BY_ALERT_TYPE}). */
export function defaultOperationCodes(alertType: string | undefined): readonly string[] {
  return (alertType === undefined ? undefined : DEFAULT_OPERATIONS_BY_ALERT_TYPE[alertType]) ?? COMMON;
}

const BLOCK_DURATION_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * The pre-filled `OperationParams` of an operation, as a JSON string: `block_ip` blocks for 7 days
 * from `now`, `kill_and_quara` kills and quarantines by MD5 and path, the quarantine operations
 * quarantine by MD5 and path, others take `{}`.
 */
export function defaultOperationParams(code: string, now: number): string {
  switch (code) {
    case 'block_ip':
      return JSON.stringify({ expireTime: now + BLOCK_DURATION_MS });
    case 'kill_and_quara':
      return JSON.stringify({ subOperation: 'killAndQuaraFileByMd5andPath' });
    case 'virus_quara':
    case 'virus_quara_bin':
      return JSON.stringify({ subOperation: 'quaraFileByMd5andPath' });
    default:
      return '{}';
  }
}
