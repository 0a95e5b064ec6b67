import type { EmulatorWhitelistRule } from '../handling/whitelist-store.js';
import type { SuspEventRecord } from '../susp-event.js';

const TEXT = ['strEqual', 'strNotEqual', 'contains', 'notContains', 'regex'] as const;
const IP = ['strEqual', 'strNotEqual', 'inIpSegment'] as const;
const EXACT = ['strEqual', 'strNotEqual'] as const;

/** A field whitelist rules of an alert type can test. */
export interface EmulatorWhitelistField {
  /** Wire name (`FiledName`), e.g. `loginSourceIp`. */
  readonly name: string;
  /** Display name (`FiledAliasName`). */
  readonly alias: string;
  /** Label (`Details[].NameDisplay`) of the alert detail holding the event's value. */
  readonly detail: string;
  /** Match operators allowed (`SupportedMisType`). */
  readonly operators: readonly string[];
}

const field = (
  name: string,
  alias: string,
  detail: string,
  operators: readonly string[],
): EmulatorWhitelistField => ({
  name,
  alias,
  detail,
  operators,
});

const LOGIN_IP = field('loginSourceIp', 'Login source IP', 'Login source IP', IP);
const LOGIN_USER = field('loginUser', 'Login user', 'Login user', TEXT);
const FILE_PATH = field('filePath', 'File path', 'File path', TEXT);
const MD5 = field('md5', 'File MD5', 'File MD5', EXACT);
const PROCESS_PATH = field('processPath', 'Process path', 'Process path', TEXT);
const CMDLINE = field('cmdline', 'Command line', 'Command line', TEXT);

/**
 * The fields `advance_mark_mis_info` offers (`MarkFieldsSource`), by alert type. A type not listed
 * offers none.
 */
export const WHITELIST_FIELDS_BY_ALERT_TYPE: Readonly<Record<string, readonly EmulatorWhitelistField[]>> = {
  'Unusual Logon': [LOGIN_IP, LOGIN_USER],
  Webshell: [FILE_PATH, MD5],
  'Malicious process': [PROCESS_PATH, CMDLINE, MD5],
  'Suspicious process': [CMDLINE, PROCESS_PATH],
  'Suspicious network connection': [field('dstIp', 'Destination IP', 'Target', IP)],
  'Suspicious account': [field('accountName', 'Account', 'Account', TEXT)],
  'Sensitive file tampering': [FILE_PATH],
};

/** A `MarkFieldsSource[]` entry. */
export interface MarkFieldSourceBody {
  readonly FiledName: string;
  readonly FiledAliasName: string;
  readonly MarkMisValue: string;
  readonly SupportedMisType: readonly string[];
}

/** A `MarkField[]` entry: one rule in place. */
export interface MarkFieldBody {
  readonly FiledName: string;
  readonly FiledAliasName: string;
  readonly MarkMisType: string;
  readonly MarkMisValue: string;
  readonly SupportedMisType: readonly string[];
  readonly Uuid: string;
}

function fieldsOf(alert: SuspEventRecord): readonly EmulatorWhitelistField[] {
  return (
    (alert.AlarmEventType === undefined ? undefined : WHITELIST_FIELDS_BY_ALERT_TYPE[alert.AlarmEventType]) ??
    []
  );
}

/**
 * The whitelist fields an alert event offers, each with the event's current value read from its
 * `Details`; fields the event has no value for are left out.
 */
export function markFieldsSource(alert: SuspEventRecord): MarkFieldSourceBody[] {
  const details = Array.isArray(alert.Details) ? (alert.Details as readonly unknown[]) : [];
  return fieldsOf(alert).flatMap((candidate) => {
    const value = detailValue(details, candidate.detail);
    return value === undefined
      ? []
      : [
          {
            FiledName: candidate.name,
            FiledAliasName: candidate.alias,
            MarkMisValue: value,
            SupportedMisType: candidate.operators,
          },
        ];
  });
}

/** The rules in place for an alert event's type, as `MarkField` reports them. */
export function markFields(alert: SuspEventRecord, rules: readonly EmulatorWhitelistRule[]): MarkFieldBody[] {
  const known = fieldsOf(alert);
  return rules.map((rule) => {
    const candidate = known.find((entry) => entry.name === rule.field);
    return {
      FiledName: rule.field,
      FiledAliasName: candidate?.alias ?? rule.field,
      MarkMisType: rule.operate,
      MarkMisValue: rule.fieldValue,
      SupportedMisType: candidate?.operators ?? [rule.operate],
      Uuid: rule.uuid,
    };
  });
}

function detailValue(details: readonly unknown[], label: string): string | undefined {
  for (const detail of details) {
    if (typeof detail !== 'object' || detail === null) continue;
    const { NameDisplay: name, Value: value } = detail as Record<string, unknown>;
    if (name === label && typeof value === 'string' && value !== '') return value;
  }
  return undefined;
}
