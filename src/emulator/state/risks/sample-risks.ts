import { seededRandom } from '../../random.js';
import type { RiskRecord } from './risk-record.js';

interface RiskTemplate {
  readonly ruleId: number;
  readonly ruleName: string;
  readonly categoryId: number;
  readonly category: string;
  readonly productCode: string;
}

const TEMPLATES: readonly [RiskTemplate, ...RiskTemplate[]] = [
  {
    ruleId: 9_953_728,
    ruleName: 'mysqldump export',
    categoryId: 11,
    category: 'Database Dump Attack',
    productCode: 'RDS',
  },
  {
    ruleId: 9_953_731,
    ruleName: 'Bulk download of sensitive objects',
    categoryId: 12,
    category: 'Data Exfiltration',
    productCode: 'OSS',
  },
  {
    ruleId: 9_953_744,
    ruleName: 'SQL injection attempt',
    categoryId: 13,
    category: 'SQL Injection',
    productCode: 'RDS',
  },
  {
    ruleId: 9_953_752,
    ruleName: 'Access from an unusual location',
    categoryId: 14,
    category: 'Abnormal Access',
    productCode: 'PolarDB',
  },
  {
    ruleId: 9_953_767,
    ruleName: 'Mass deletion of tables',
    categoryId: 15,
    category: 'Data Destruction',
    productCode: 'MaxCompute',
  },
];

const LEVELS: readonly [number, string][] = [
  [3, 'High Risk'],
  [2, 'Medium Risk'],
  [1, 'Low Risk'],
];

const NEWEST = Date.UTC(2026, 0, 15, 8, 0, 0);
const FIRST_ID = 75_110_100;

/**
 * Realistic Data Security Center risk events for demos and tests, the same for the same `count` and
 * `seed`: database dumps, bulk downloads, SQL injection and more on RDS, OSS, PolarDB and MaxCompute,
 * at three levels, all `UNPROCESSED`, newest first.
 *
 * @example
 * ```ts
 * const emulator = await startEmulator({ state: { risks: sampleRisks(25, 'demo') } });
 * ```
 */
export function sampleRisks(count: number, seed: string | number = 'risks'): RiskRecord[] {
  const random = seededRandom(seed);
  const pick = (size: number): number => Math.floor(random() * size);
  let lastTime = NEWEST;
  return Array.from({ length: count }, (_, index) => {
    const template = TEMPLATES[pick(TEMPLATES.length)] ?? TEMPLATES[0];
    const [warnLevel, warnLevelName] = LEVELS[pick(LEVELS.length)] ?? [3, 'High Risk'];
    lastTime -= 60_000 + pick(7_200_000);
    const alarms = 1 + pick(40);
    const instances = 1 + pick(4);
    const clientIps = 1 + pick(5);
    const userNames = 1 + pick(5);
    return {
      RiskId: FIRST_ID + count - index,
      RuleId: template.ruleId,
      RuleName: template.ruleName,
      RuleCategoryId: template.categoryId,
      RuleCategoryName: template.category,
      WarnLevel: warnLevel,
      WarnLevelName: warnLevelName,
      ProductCode: template.productCode,
      AlarmCount: alarms,
      TotalAlarmCount: alarms,
      InstanceCount: instances,
      TotalInstanceCount: instances,
      ClientIpCount: clientIps,
      TotalClientIpCount: clientIps,
      UserNameCount: userNames,
      TotalUserNameCount: userNames,
      FirstAlarmTime: lastTime - pick(14 * 86_400_000),
      LastAlarmTime: lastTime,
      HandleStatus: 'UNPROCESSED',
      HandleMarkTime: 0,
      AlarmSource: 'DSC',
      AlertFrequency: '1/day',
      SupportAi: false,
    };
  });
}
