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

/** Sample alerts of each type the tests handle (two unusual logons). */
export const LOGON = firstOf('Unusual Logon');
export const LOGON_2 = firstOf('Unusual Logon', 1);
export const WEBSHELL = firstOf('Webshell');
export const MALWARE = firstOf('Malicious process');
export const SHELL = firstOf('Suspicious process');
