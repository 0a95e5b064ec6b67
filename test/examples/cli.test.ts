import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../examples/cli.js';
import { handlerOptions } from '../../examples/connection.js';
import { EMULATOR_TEST_KEY, type Emulator, type EmulatorWhitelistRule } from '../../src/emulator/index.js';
import { handleCalls } from '../support/emulator-requests.js';
import { emulatorWith, exampleEnv, runExample, SAMPLE, sample } from '../support/run-example.js';

const DAY_MS = 24 * 60 * 60 * 1000;
// One alert of each kind, newest first: kill_and_quara, quara, block_ip and manual_handled recommended.
const ALERTS = [7009645, 7009644, 7009640, 7009637].map(sample);
const EXISTING: EmulatorWhitelistRule = {
  uuid: 'ALL',
  field: 'loginUser',
  operate: 'strEqual',
  fieldValue: 'deploy',
};

/** Runs the dialogue in this process with the answers queued on its input, as when they are piped. */
async function converse(emulator: Emulator, answers: readonly string[]) {
  const input = new PassThrough();
  const output = new PassThrough();
  let transcript = '';
  output.setEncoding('utf8').on('data', (chunk: string) => (transcript += chunk));
  input.end(answers.map((answer) => `${answer}\n`).join(''));
  const code = await runCli({ input, output, options: handlerOptions(exampleEnv(emulator)) });
  expect(transcript).not.toContain(EMULATOR_TEST_KEY.accessKeySecret);
  expect(transcript).not.toContain('\x1b['); // no colour on a stream that is not a terminal
  return { code, transcript };
}

describe('examples/cli.ts', () => {
  it('handles every alert with its recommended method after "yes", then prints the summary', async () => {
    const emulator = await emulatorWith({
      alerts: ALERTS,
      hosts: [{ uuid: String(sample(7009640).Uuid), online: false }],
    });
    const before = Date.now();
    const { code, transcript } = await converse(emulator, ['', '1', '1d', 'yes']);

    expect(code).toBe(1); // the offline host's alert failed
    expect(transcript).toContain(
      'Alert List (Total 4 items):\n\n[Alert 1] ID: 7009645\n- Name: Mining program\n',
    );
    expect(transcript).toContain(
      'Please confirm how to handle these alerts:\n\n' +
        '1. ✅ Handle all using recommended methods\n2. 🔧 Custom handling method\n3. ❌ Cancel\n\n' +
        'Please select (enter number): 1\n',
    );
    expect(transcript).toContain(
      'Plan: 4 alerts in 4 batches, 0 skipped (destructive: review before executing)',
    );
    expect(transcript).toContain('Type "yes" to run these destructive operations: yes\n');
    expect(transcript).toMatch(/^Batch 4\/4: done, 4\/4 alerts$/m);
    expect(transcript).toContain('========== Handling Results Summary ==========');
    expect(transcript).toContain('[Alert 7009640] Block IP - Failed (AgentOffline)');
    expect(transcript).toContain('Total: 4 items, Success 3, Failed 1, Timed out 0, Skipped 0');

    expect(handleCalls(emulator)).toEqual([
      { code: 'kill_and_quara', ids: ['7009645'] },
      { code: 'quara', ids: ['7009644'] },
      { code: 'block_ip', ids: ['7009640'] },
      { code: 'manual_handled', ids: ['7009637'] },
    ]);
    const block = emulator.state.handleLog()[2];
    expect(block?.operationParams.expireTime).toBeGreaterThanOrEqual(before + DAY_MS);
    expect(block?.operationParams.expireTime).toBeLessThanOrEqual(Date.now() + DAY_MS);
  });

  it('custom: queries each alert, whitelists one through the dialogue and skips the others', async () => {
    const emulator = await emulatorWith({ alerts: ALERTS, whitelistRules: { 'Unusual Logon': [EXISTING] } });
    const answers = ['', '2', '', '', 'advance_mark_mis_info', '1', '1', '', 'yes'];
    const { code, transcript } = await converse(emulator, answers);

    expect(code).toBe(0);
    expect(transcript).toContain(
      '[Alert 3] 7009640 Login with unusual location\n' +
        '  1. Block IP [block_ip] (recommended)\n  2. Advanced Whitelist [advance_mark_mis_info]\n',
    );
    expect(transcript).toContain('  loginUser strEqual "deploy", scope ALL\n');
    expect(transcript).toContain('  1. Login source IP (loginSourceIp): 198.51.100.23\n');
    expect(transcript).toContain('Total: 1 item, Success 1, Failed 0, Timed out 0, Skipped 0');

    // Step 4 asked each of the 4 alerts for its own operations; the plan checked the chosen one again;
    // execute re-read its whitelist rules right before sending them.
    expect(emulator.count('DescribeSecurityEventOperations')).toBe(6);
    const added = { uuid: 'ALL', field: 'loginSourceIp', operate: 'strEqual', fieldValue: '198.51.100.23' };
    expect(emulator.state.handleLog()).toMatchObject([
      {
        operationCode: 'advance_mark_mis_info',
        securityEventIds: [7009640],
        markMissParam: [EXISTING, added],
      },
    ]);
    expect(emulator.state.whitelistRules('Unusual Logon')).toEqual([EXISTING, added]);
  });

  it('takes an alert ID at Step 0 and asks a plain confirmation for a non-destructive operation', async () => {
    const emulator = await emulatorWith({ alerts: ALERTS });
    const { code, transcript } = await converse(emulator, ['7009644', 'ignore', 'y']);

    expect(code).toBe(0);
    expect(transcript).toContain('Run this plan? (y/N): y\n');
    expect(transcript).toContain('[Alert 7009644] Ignore - Success');
    expect(handleCalls(emulator)).toEqual([{ code: 'ignore', ids: ['7009644'] }]);
    // No listing: the alert was given; its one read is the re-read right before sending.
    const reads = emulator.received.filter((request) => request.action === 'DescribeSuspEvents');
    expect(reads.map((request) => request.params.Id)).toEqual(['7009644']);
  });

  it('says so when the alert ID does not exist', async () => {
    const emulator = await emulatorWith({ alerts: ALERTS });
    const { code, transcript } = await converse(emulator, ['7000001']);

    expect(code).toBe(1);
    expect(transcript).toContain('Alert 7000001 does not exist or is not visible');
    expect(emulator.count('HandleSecurityEvents')).toBe(0);
  });

  it.each([
    ['refused', ['', '1', '', 'no']],
    ['left unanswered at the end of input', ['', '1', '']],
  ])('sends nothing when the destructive confirmation is %s', async (_, answers) => {
    const emulator = await emulatorWith({ alerts: ALERTS });
    const { code, transcript } = await converse(emulator, answers);

    expect(code).toBe(0);
    expect(transcript).toContain('Type "yes" to run these destructive operations: ');
    expect(transcript).toMatch(/Cancelled: no alert was handled\.\n$/);
    expect(emulator.count('HandleSecurityEvents')).toBe(0);
  });

  it('pages through the list and cancels at Step 3 without querying or handling any alert', async () => {
    const emulator = await emulatorWith({ alerts: SAMPLE.slice(0, 12) });
    const { code, transcript } = await converse(emulator, ['', '', '3']);

    expect(code).toBe(0);
    expect(transcript).toContain('Showing 10 of 12. Press Enter for more, or "h" to handle these: ');
    expect(transcript.match(/^\[Alert \d+\] ID: \d+$/gm)).toHaveLength(12);
    expect(transcript).toMatch(/Cancelled: no alert was handled\.\n$/);
    expect(emulator.count('DescribeSuspEvents')).toBe(2);
    expect(emulator.count('DescribeSecurityEventOperations')).toBe(0);
    expect(emulator.count('HandleSecurityEvents')).toBe(0);
  });

  it('runs as a script with its answers piped to stdin', async () => {
    const emulator = await emulatorWith({ alerts: ALERTS });
    const { code, stdout } = await runExample(emulator, 'cli', [], '7009644\nquara\nyes\n');

    expect(code).toBe(0);
    expect(stdout).toContain('[Alert 7009644] Quarantine - Success');
    expect(stdout).not.toContain('\x1b[');
    expect(handleCalls(emulator)).toEqual([{ code: 'quara', ids: ['7009644'] }]);
  });
});
