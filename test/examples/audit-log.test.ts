import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EMULATOR_TEST_KEY } from '../../src/emulator/index.js';
import { ALERT_STATUS_CODES, type AuditEvent } from '../../src/index.js';
import { handleCalls } from '../support/emulator-requests.js';
import { emulatorWith, runExample, SAMPLE } from '../support/run-example.js';

type Line = AuditEvent & { time: string };

const directories: string[] = [];
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

function tempFile(): string {
  const directory = mkdtempSync(join(tmpdir(), 'audit-log-'));
  directories.push(directory);
  return join(directory, 'audit.jsonl');
}

function parseLines(text: string): Line[] {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as Line);
}

describe('examples/audit-log.ts', () => {
  it('writes one JSON line per request, the plan, the batch and the execution, without the secret', async () => {
    const emulator = await emulatorWith({ alerts: SAMPLE });
    const file = tempFile();
    const { code, stdout } = await runExample(emulator, 'audit-log', [file]);

    expect(code).toBe(0);
    expect(stdout).toContain('[Alert 7009645] Ignore - Success');
    expect(stdout).toContain(`Audit trail appended to ${file}.`);
    expect(handleCalls(emulator)).toEqual([{ code: 'ignore', ids: ['7009645'] }]);
    expect(emulator.state.alert(7009645)?.EventStatus).toBe(ALERT_STATUS_CODES.ignored);

    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain(EMULATOR_TEST_KEY.accessKeySecret);
    const lines = parseLines(text);
    expect(lines.every((line) => !Number.isNaN(Date.parse(line.time)))).toBe(true);

    const requests = lines.filter((line) => line.kind === 'request');
    expect(requests.map((line) => line.action)).toEqual(emulator.received.map((request) => request.action));
    expect(requests.every((line) => line.attempt === 1 && line.delayMs === 0)).toBe(true);
    // The one request that did not succeed: the re-read right before sending asks for the handling
    // status of an alert never handled, which the service answers with OperationTaskNotExists.
    expect(
      requests
        .filter((line) => line.outcome !== 'success')
        .map((line) => [line.action, line.error?.code, line.willRetry]),
    ).toEqual([['DescribeSecurityEventOperationStatus', 'OperationTaskNotExists', false]]);

    const plans = lines.filter((line) => line.kind === 'plan');
    const batches = lines.filter((line) => line.kind === 'batch');
    const executions = lines.filter((line) => line.kind === 'execute');
    expect([plans.length, batches.length, executions.length]).toEqual([1, 1, 1]);
    expect(plans[0]?.batches).toEqual([
      { operation: 'ignore', params: '{}', destructive: false, alertIds: ['7009645'] },
    ]);
    expect(batches[0]).toMatchObject({ operation: 'ignore', destructive: false, alertIds: ['7009645'] });
    expect(batches[0]).toHaveProperty('taskId');
    expect(executions[0]).toMatchObject({ destructive: false, aborted: false, counts: { succeeded: 1 } });
    // In the order things happened: the plan after its queries, the batch before the execution ends.
    expect(lines.map((line) => line.kind).filter((kind) => kind !== 'request')).toEqual([
      'plan',
      'batch',
      'execute',
    ]);
  });

  it('writes the trail to stdout, and its messages to stderr, when no file is given', async () => {
    const emulator = await emulatorWith({ alerts: SAMPLE });
    const { code, stdout, stderr } = await runExample(emulator, 'audit-log');

    expect(code).toBe(0);
    const kinds = parseLines(stdout).map((line) => line.kind);
    expect(kinds.filter((kind) => kind !== 'request')).toEqual(['plan', 'batch', 'execute']);
    expect(stderr).toContain('[Alert 7009645] Ignore - Success');
  });

  it('says so, and handles nothing, when no alert is pending', async () => {
    const emulator = await emulatorWith({ alerts: [] });
    const file = tempFile();
    const { code, stdout } = await runExample(emulator, 'audit-log', [file]);

    expect(code).toBe(0);
    expect(stdout).toContain('No pending alerts: nothing to handle.');
    expect(parseLines(readFileSync(file, 'utf8')).map((line) => line.kind)).toEqual(['request']);
    expect(handleCalls(emulator)).toEqual([]);
  });
});
