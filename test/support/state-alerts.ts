import { type SuspEventRecord, sampleAlerts } from '../../src/emulator/index.js';

/** The alerts the state suites start an emulator with: 45 samples, of every type. */
export const ALERTS = sampleAlerts(45, 'state');
/** One day, in milliseconds. */
export const DAY_MS = 86_400_000;

function firstOf(type: string, skip = 0): SuspEventRecord {
  const alert = ALERTS.filter((candidate) => candidate.AlarmEventType === type)[skip];
  if (alert === undefined) throw new Error(`sampleAlerts(45, 'state') has no ${type} alert #${skip}`);
  return alert;
}

/** The first unusual logon alert. */
export const LOGON = firstOf('Unusual Logon');
/** A second unusual logon alert, of the same type as {@link LOGON}. */
export const LOGON_2 = firstOf('Unusual Logon', 1);
/** A webshell alert. */
export const WEBSHELL = firstOf('Webshell');
/** A malicious process alert. */
export const MALWARE = firstOf('Malicious process');
/** A suspicious process alert. */
export const SHELL = firstOf('Suspicious process');
