/**
 * The default response rule set: `recommend()`'s rules (`RECOMMENDATION_RULES`, then its fallback) as
 * data. A test holds the two to the same operation, rule and reason for every alert it tries.
 *
 * @packageDocumentation
 */
import type { ResponseRuleSetInput } from './rule-set.js';

const LOGIN_TYPES = ['unusual log(?:in|on)', '异常登录'];
const LOGIN_NAMES = [
  '^login_',
  'brute[ _-]?force',
  'unusual log(?:in|on)',
  '暴力破解',
  '异常登录',
  '异地登录',
];
const WEBSHELL_TYPES = ['webshell', '网站后门', '持久化后门'];
const WEBSHELL_NAMES = ['webshell', '网站后门'];
const MALICIOUS_FILE_NAMES = ['malicious[ _-]?file', 'virus[ _-]?file', '恶意文件', '病毒文件'];
const MALICIOUS_PROCESS_TYPES = ['malicious process', '恶意进程', 'malicious script', '恶意脚本'];
const MALICIOUS_PROCESS_NAMES = [
  'malicious[ _-]?process',
  // Not a letter of a-z, either case, without Unicode folding (with it, "ſ" would count as "s").
  '(?:^|(?-i:[^a-zA-Z]))min(?:ing|er)(?:(?-i:[^a-zA-Z])|$)',
  'crypto[ _-]?min',
  'trojan',
  'virus',
  '挖矿',
  '木马',
  '病毒',
  '恶意进程',
];
const SUSPICIOUS_PROCESS_TYPES = ['suspicious process', '进程异常行为'];
const SUSPICIOUS_PROCESS_NAMES = ['reverse[ _-]?shell', '反弹\\s*shell'];
const FILE_DETAILS = ['\\bfile\\b', 'md5', '文件'];
const NETWORK_TYPES = ['suspicious network', '异常网络连接', 'malicious network', '恶意网络行为'];
const NETWORK_NAMES = ['port[ _-]?scan', '端口扫描'];
const ACCOUNT_TYPES = ['suspicious account', '异常账号'];
const ACCOUNT_NAMES = ['account', '账号'];
const TAMPERING_TYPES = ['sensitive file tamper', '敏感文件篡改'];
const TAMPERING_NAMES = ['tamper', '篡改'];

/** The alert's type (either label) or name (either form) matches one of the patterns, ignoring case. */
function kind(types: readonly string[], names: readonly string[]) {
  const type = { regex: types, ignoreCase: true };
  const name = { regex: names, ignoreCase: true };
  return {
    any: [...(types.length === 0 ? [] : [{ type }, { typeDisplay: type }]), { eventName: name }, { name }],
  };
}

/**
 * `recommend()` as a rule set: the rules of `RECOMMENDATION_RULES` in their order (`order` 10, 20, …,
 * all terminal), then `fallback` (order 1000, every alert) that marks the alert for manual review.
 * Parse it with `ResponseRules.parse`, or copy it as the start of a rule set of your own:
 * `JSON.stringify(DEFAULT_RESPONSE_RULES, null, 2)`.
 *
 * @example
 * ```ts
 * const rules = ResponseRules.parse(DEFAULT_RESPONSE_RULES);
 * rules.evaluate(alert).rule?.id; // e.g. 'unusual-login', as recommend(alert).rule
 * ```
 */
export const DEFAULT_RESPONSE_RULES: ResponseRuleSetInput = {
  name: 'default',
  version: 1,
  rules: [
    {
      id: 'ai-false-positive',
      order: 10,
      match: { verdict: { equals: 'AI.false_positive' } },
      action: {
        handle: {
          operation: 'ignore',
          reason:
            "Security Center's AI analysis rates this alert a suspected false positive: confirm it, then ignore it",
        },
      },
    },
    {
      id: 'unusual-login',
      order: 20,
      match: kind(LOGIN_TYPES, LOGIN_NAMES),
      action: {
        handle: {
          operation: 'block_ip',
          input: { duration: '7d' },
          reason: 'Unusual login behavior detected',
        },
      },
    },
    {
      id: 'webshell',
      order: 30,
      match: kind(WEBSHELL_TYPES, WEBSHELL_NAMES),
      action: { handle: { operation: 'quara', reason: 'Webshell file detected: quarantine it' } },
    },
    {
      id: 'malicious-file',
      order: 40,
      match: kind([], MALICIOUS_FILE_NAMES),
      action: {
        handle: { operation: 'virus_quara', reason: 'Malicious file detected (not running): quarantine it' },
      },
    },
    {
      id: 'malicious-process',
      order: 50,
      match: kind(MALICIOUS_PROCESS_TYPES, MALICIOUS_PROCESS_NAMES),
      action: {
        handle: {
          operation: 'kill_and_quara',
          reason: 'Malicious process detected (mining, trojan or virus): kill it and quarantine its file',
        },
      },
    },
    {
      id: 'suspicious-process-with-file',
      order: 60,
      match: {
        all: [
          kind(SUSPICIOUS_PROCESS_TYPES, SUSPICIOUS_PROCESS_NAMES),
          { detail: { name: { regex: FILE_DETAILS, ignoreCase: true } } },
        ],
      },
      action: {
        handle: {
          operation: 'kill_and_quara',
          reason: 'Suspicious process started from a file on disk: kill it and quarantine the file',
        },
      },
    },
    {
      id: 'suspicious-process',
      order: 70,
      match: kind(SUSPICIOUS_PROCESS_TYPES, SUSPICIOUS_PROCESS_NAMES),
      action: {
        handle: {
          operation: 'kill_process',
          reason: 'Suspicious process behavior (such as a reverse shell): kill the process',
        },
      },
    },
    {
      id: 'suspicious-network',
      order: 80,
      match: kind(NETWORK_TYPES, NETWORK_NAMES),
      action: {
        handle: {
          operation: 'block_ip',
          input: { duration: '7d' },
          reason: 'Suspicious network connection: block the remote IP',
        },
      },
    },
    {
      id: 'suspicious-account',
      order: 90,
      match: kind(ACCOUNT_TYPES, ACCOUNT_NAMES),
      action: {
        handle: {
          operation: 'manual_handled',
          reason: 'Suspicious account: verify the account manually, then mark the alert handled',
        },
      },
    },
    {
      id: 'sensitive-file-tampering',
      order: 100,
      match: kind(TAMPERING_TYPES, TAMPERING_NAMES),
      action: {
        handle: {
          operation: 'manual_handled',
          reason: 'Sensitive file changed: verify the change manually, then mark the alert handled',
        },
      },
    },
    {
      id: 'fallback',
      order: 1000,
      description: 'Every alert no earlier rule decided',
      match: { all: [] },
      action: { handle: { operation: 'manual_handled', reason: 'No rule matched: review manually' } },
    },
  ],
};
