import type { SuspEventRecord } from '../susp-event.js';

/** A `MappingMarkFields[]` entry: one field of a precise-defense whitelist rule to fill in. */
export interface MappingMarkFieldBody {
  readonly Name: string;
  readonly ShowName: string;
  readonly Value: string;
  readonly ShowValue: string;
  readonly FillType: 'CUSTOM' | 'SYSTEM';
  readonly Required: boolean;
  readonly MinLength: number;
  readonly MaxLength: number;
  readonly Description: string;
}

/**
 * The fields `defense_mark_mis_info` (precise-defense whitelist: keep defending, stop alerting) asks for
 * on an event: the ID of the process the defense stopped, fixed by the system, and its path, which the
 * user may widen; the values come from the event (`Details` labelled `Process path`, a process ID
 * derived from its `Id`).
 */
export function mappingMarkFields(alert: SuspEventRecord): MappingMarkFieldBody[] {
  const pid = String(1_000 + (alert.Id % 30_000));
  const path = processPath(alert);
  return [
    {
      Name: 'pid',
      ShowName: 'Process ID',
      Value: pid,
      ShowValue: pid,
      FillType: 'SYSTEM',
      Required: true,
      MinLength: 1,
      MaxLength: 32,
      Description: 'ID of the process the defense stopped',
    },
    {
      Name: 'processPath',
      ShowName: 'Process path',
      Value: path,
      ShowValue: path,
      FillType: 'CUSTOM',
      Required: false,
      MinLength: 1,
      MaxLength: 2048,
      Description: 'Path of the process to keep defending without an alert',
    },
  ];
}

function processPath(alert: SuspEventRecord): string {
  const details = Array.isArray(alert.Details) ? (alert.Details as readonly unknown[]) : [];
  for (const detail of details) {
    if (typeof detail !== 'object' || detail === null) continue;
    const { NameDisplay: name, Value: value } = detail as Record<string, unknown>;
    if (name === 'Process path' && typeof value === 'string') return value;
  }
  return '';
}
