/**
 * The emulator's answers carry every response field of the four Security Center actions of the alert
 * workflow, as the spec
 * lists them (nested fields included, `[]` for the items of a list): the list is read from
 * `spec/sas/*.json`, never kept by hand, and the answers are read raw, as the emulator sent them, over
 * HTTP. A tolerant reader can then be tried on every field (a `null`, a string for a number, ...) with
 * the sample data alone.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type Emulator, sampleAlerts } from '../../src/emulator/index.js';
import { useEmulators } from '../support/emulators.js';
import { call, clientFor } from '../support/openapi-client.js';

const SPEC = fileURLToPath(new URL('../../spec/sas/', import.meta.url));

interface SpecField {
  readonly name: string;
  readonly properties?: readonly SpecField[];
  readonly items?: { readonly properties?: readonly SpecField[] };
}

/** Every response field of an action's spec, as a path: `SuspEvents[].Details[].Value`. */
function specPaths(fields: readonly SpecField[], prefix = ''): string[] {
  return fields.flatMap((field) => {
    const path = `${prefix}${field.name}`;
    return [
      path,
      ...specPaths(field.properties ?? [], `${path}.`),
      ...specPaths(field.items?.properties ?? [], `${path}[].`),
    ];
  });
}

/** The Security Center actions of the alert workflow, which the emulator serves. */
const WORKFLOW_ACTIONS = [
  'DescribeSecurityEventOperationStatus',
  'DescribeSecurityEventOperations',
  'DescribeSuspEvents',
  'HandleSecurityEvents',
];

/** Every Security Center action of the spec, from its files. */
const SPEC_ACTIONS = readdirSync(SPEC)
  .filter((file) => file.endsWith('.json'))
  .map(
    (file) => JSON.parse(readFileSync(`${SPEC}${file}`, 'utf8')) as { action: string; response: SpecField[] },
  );

/** The response fields of each workflow action, from the spec. */
const FIELDS: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  SPEC_ACTIONS.filter((spec) => WORKFLOW_ACTIONS.includes(spec.action)).map((spec) => [
    spec.action,
    specPaths(spec.response),
  ]),
);

/** Every field path of a JSON value, in the spec's notation; a list of scalars is one field. */
function sentPaths(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((item) => sentPaths(item, `${prefix}[]`));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, field]) => {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    const inner = Array.isArray(field) && !field.some((item) => typeof item === 'object' && item !== null);
    return [path, ...(inner ? [] : sentPaths(field, path))];
  });
}

/** The fields the emulator sent in its answers to `action`, from the raw bodies it kept. */
function sentFields(emulator: Emulator, action: string): Set<string> {
  const bodies = emulator.received
    .filter((entry) => entry.action === action && entry.status === 200)
    .map((entry) => JSON.parse(entry.responseBody ?? '{}') as unknown);
  return new Set(bodies.flatMap((body) => sentPaths(body)));
}

const start = useEmulators();

const pick = (record: object, keys: readonly string[]) =>
  Object.fromEntries(Object.entries(record).filter(([key]) => keys.includes(key)));

describe('the answers carry every response field of the spec', () => {
  it('the spec lists 109 response fields over the four Security Center actions of the workflow', () => {
    expect(SPEC_ACTIONS.map((spec) => spec.action)).toEqual(expect.arrayContaining(WORKFLOW_ACTIONS));
    expect(Object.keys(FIELDS).sort()).toEqual(WORKFLOW_ACTIONS);
    expect(Object.values(FIELDS).flat()).toHaveLength(109);
  });

  it('sample alerts, their operations and their handling: all 109 sent, and no other', async () => {
    const alerts = sampleAlerts(20);
    const malware = alerts.find((alert) => alert.AlarmEventType === 'Malicious process');
    const emulator = await start({
      recordResponseBodies: true,
      state: {
        alerts,
        // MarkField lists the rules in place: one rule, so that it has an item.
        whitelistRules: {
          'Malicious process': [
            { uuid: String(malware?.Uuid), field: 'md5', operate: 'strEqual', fieldValue: 'a7c3' },
          ],
        },
      },
    });
    const client = clientFor(emulator.endpoint, emulator.credentials);

    await call(client, 'DescribeSuspEvents', { CurrentPage: '1', PageSize: '20' });
    for (const type of new Set(alerts.map((alert) => alert.AlarmEventType))) {
      const alert = alerts.find((candidate) => candidate.AlarmEventType === type);
      await call(client, 'DescribeSecurityEventOperations', { SecurityEventId: String(alert?.Id) });
    }
    await call(client, 'HandleSecurityEvents', {
      'SecurityEventIds.1': String(malware?.Id),
      OperationCode: 'ignore',
      OperationParams: '{}',
    });
    const [task] = emulator.state.tasks();
    await call(client, 'DescribeSecurityEventOperationStatus', { TaskId: String(task?.taskId) });

    const missing: string[] = [];
    const undocumented: string[] = [];
    for (const [action, fields] of Object.entries(FIELDS)) {
      const sent = sentFields(emulator, action);
      missing.push(...fields.filter((field) => !sent.has(field)).map((field) => `${action}: ${field}`));
      undocumented.push(
        ...[...sent].filter((field) => !fields.includes(field)).map((field) => `${action}: ${field}`),
      );
    }
    expect(missing).toEqual([]);
    expect(undocumented).toEqual([]);
  });

  it('every sample alert carries every field of an event, the first page of the default sample included', async () => {
    const eventFields = (FIELDS.DescribeSuspEvents ?? [])
      .filter((field) => field.startsWith('SuspEvents[].'))
      .map((field) => field.slice('SuspEvents[].'.length))
      .filter((field) => !field.includes('.'));
    const topLevel = (alert: object) => Object.keys(alert).sort();

    for (const alert of sampleAlerts(20)) expect(topLevel(alert)).toEqual([...eventFields].sort());
    expect(eventFields).toHaveLength(57);
  });

  it("fields: 'core' gives the same events with their 28 core fields only", () => {
    const all = sampleAlerts(12, 'core');
    const core = sampleAlerts(12, 'core', { fields: 'core' });

    for (const [index, alert] of core.entries()) {
      expect(Object.keys(alert)).toHaveLength(28);
      expect(alert).toEqual(
        expect.objectContaining({ ...pick(all[index] ?? {}, Object.keys(alert)), EventNotes: [] }),
      );
    }
  });
});
