/**
 * The handler's command line (`alicloud-alert-handler`) against the emulator over HTTP, as an operator
 * uses it: in this process through `main`, and once as a process of its own stopped by SIGTERM.
 * Credentials come from the default chain, i.e. the AccessKey variables set to the emulator's test key.
 */
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { EMULATOR_TEST_KEY, type Emulator, sampleAlerts, sampleHistory } from '../../src/emulator/index.js';
import { handleCalls } from '../support/emulator-requests.js';
import { cleanEnv, emulatorWith } from '../support/run-example.js';
import { storeDirectory } from '../support/store-directory.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const SECRET = 'cli-approval-key-0123456789abcdef';
const READ_ONLY = [
  'DescribeSuspEvents',
  'DescribeSecurityEventOperations',
  'DescribeSecurityEventOperationStatus',
];

/** Two `Unusual Logon` alerts the rules block (destructive), then four they close by hand. */
const RULES = {
  name: 'cli-playbook',
  version: 1,
  rules: [
    {
      id: 'block-logons',
      order: 1,
      match: { type: { equals: 'Unusual Logon' } },
      action: { handle: { operation: 'block_ip', input: { duration: '1d' } } },
    },
    { id: 'close-rest', order: 2, match: { all: [] }, action: { handle: { operation: 'manual_handled' } } },
  ],
};

let folder: string;
let emulator: Emulator;
let ids: string[];

beforeEach(async () => {
  vi.stubEnv('ALIBABA_CLOUD_ACCESS_KEY_ID', EMULATOR_TEST_KEY.accessKeyId);
  vi.stubEnv('ALIBABA_CLOUD_ACCESS_KEY_SECRET', EMULATOR_TEST_KEY.accessKeySecret);
  folder = await storeDirectory();
  await writeFile(join(folder, 'rules.json'), JSON.stringify(RULES));
  const records = sampleAlerts(6, 'cli').map((record, index) => ({
    ...record,
    Id: 9_800_000 + index,
    SecurityEventIds: String(9_800_000 + index),
    Uuid: `cli-host-${index}`,
    AlarmEventType: index < 2 ? 'Unusual Logon' : 'Webshell',
    EventStatus: 1,
    Dealed: 'N',
  }));
  ids = records.map((record) => String(record.Id));
  const offered = [{ code: 'block_ip' }, { code: 'manual_handled' }];
  emulator = await emulatorWith({
    alerts: records,
    taskPolls: 0,
    operations: Object.fromEntries(ids.map((id) => [id, offered])),
  });
  return () => vi.unstubAllEnvs();
});

/** Runs the command line in this process, in the folder, against the emulator; no secret may show. */
async function cli(args: readonly string[], env: NodeJS.ProcessEnv = {}) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: { ALERT_HANDLER_ENDPOINT: emulator.url, ...env },
    signal: new AbortController().signal,
  });
  for (const secret of [EMULATOR_TEST_KEY.accessKeySecret, SECRET])
    expect(stdout + stderr).not.toContain(secret);
  return { code, stdout, stderr };
}

const at = (name: string) => join(folder, name);
const respond = (...args: string[]) =>
  cli(['respond', '--rules', at('rules.json'), '--journal', at('journal'), ...args]);

describe('alicloud-alert-handler respond', () => {
  it('with --dry-run plans and sends no state-changing request', async () => {
    const { code, stdout } = await respond('--dry-run', '--max-destructive', '5', '--json');

    expect(code).toBe(0);
    const run = JSON.parse(stdout);
    expect(run).toMatchObject({
      dryRun: true,
      ruleSet: { name: 'cli-playbook', version: 1 },
      decisions: { requested: 6 },
      batches: [
        { operation: 'block_ip', destructive: true, alertIds: ids.slice(0, 2) },
        { operation: 'manual_handled', destructive: false, alertIds: ids.slice(2) },
      ],
    });
    expect(run.report).toBeUndefined();
    expect(emulator.received.filter((request) => !READ_ONLY.includes(request.action))).toEqual([]);
  });

  it('handles the non-destructive decisions; a second run sends nothing more', async () => {
    const first = await respond();

    expect(first.code).toBe(0);
    expect(first.stdout).toContain(
      `Guard maxDestructivePerRun left out 2 alerts (at most 0 destructive handlings per run): ${ids[0]}, ${ids[1]}`,
    );
    expect(first.stdout).toContain('Total: 4 items, Success 4, Failed 0, Timed out 0, Skipped 0');
    expect(handleCalls(emulator)).toEqual([{ code: 'manual_handled', ids: ids.slice(2) }]);

    const second = await respond();
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('Nothing to send.');
    expect(handleCalls(emulator)).toHaveLength(1);
  });

  it('never approves: with --max-destructive the destructive batch ends skipped, approval required', async () => {
    const { code, stdout } = await respond('--max-destructive', '2', '--json');

    expect(code).toBe(0);
    const { report } = JSON.parse(stdout);
    expect(report.counts).toMatchObject({ succeeded: 4, skipped: 2 });
    expect(report.outcomes.filter((outcome: { status: string }) => outcome.status === 'skipped')).toEqual([
      expect.objectContaining({
        alertId: ids[0],
        reason: expect.stringMatching(/^approval required: No approval/),
      }),
      expect.objectContaining({
        alertId: ids[1],
        reason: expect.stringMatching(/^approval required: No approval/),
      }),
    ]);
    expect(handleCalls(emulator).map((call) => call.code)).toEqual(['manual_handled']);
  });
});

describe('a reviewed plan: respond --plan-out, approve, execute --approval', () => {
  it('sends the destructive batch once approved with the secret', async () => {
    const planned = await respond('--max-destructive', '2', '--plan-out', at('plan.json'));
    expect(planned.stdout).toContain(`Response plan written to ${at('plan.json')}`);

    const approved = await cli(
      ['approve', at('plan.json'), '--approver', 'alice', '--requester', 'night-shift', '--expires', '1h'],
      { ALERT_HANDLER_APPROVAL_SECRET: SECRET },
    );
    expect(approved.code).toBe(0);
    // The approver reads what they sign, on stderr; the approval alone goes to stdout.
    expect(approved.stderr).toContain(
      `Batch 1: Block IP [block_ip] (destructive: needs an approval), 2 alerts: ${ids[0]}, ${ids[1]}`,
    );
    const approval = JSON.parse(approved.stdout);
    expect(approval).toMatchObject({ approver: 'alice', requester: 'night-shift', binding: 'hmac-sha256' });
    await writeFile(at('approval.json'), approved.stdout);

    const executed = await cli(
      ['execute', at('plan.json'), '--approval', at('approval.json'), '--journal', at('journal')],
      {
        ALERT_HANDLER_APPROVAL_SECRET: SECRET,
      },
    );
    expect(executed.code).toBe(0);
    expect(executed.stdout).toContain(`[Alert ${ids[0]}] Block IP - Success`);
    // The alerts respond closed are re-read as handled, and not sent again.
    expect(handleCalls(emulator)).toEqual([
      { code: 'manual_handled', ids: ids.slice(2) },
      { code: 'block_ip', ids: ids.slice(0, 2) },
    ]);
  });

  it('refuses a plan changed after approval, and another plan under that approval: exit 1, nothing sent', async () => {
    await respond('--dry-run', '--max-destructive', '2', '--plan-out', at('plan.json'));
    const approved = await cli(
      ['approve', at('plan.json'), '--approver', 'alice', '--expires', '1h', '--out', at('approval.json')],
      {
        ALERT_HANDLER_APPROVAL_SECRET: SECRET,
      },
    );
    expect(approved.code).toBe(0);
    expect(approved.stdout).toBe('');
    expect(await readFile(at('approval.json'), 'utf8')).not.toContain(SECRET);

    const plan = JSON.parse(await readFile(at('plan.json'), 'utf8'));
    plan.plan.batches[0].alertIds.push(ids[2]);
    await writeFile(at('edited.json'), JSON.stringify(plan));
    const edited = await cli(['execute', at('edited.json'), '--approval', at('approval.json')], {
      ALERT_HANDLER_APPROVAL_SECRET: SECRET,
    });
    expect(edited.code).toBe(1);
    expect(edited.stderr).toMatch(/^alicloud-alert-handler execute: The response plan is not valid/);
    expect(edited.stderr).toContain(
      '  plan.digest: does not match the plan: the plan was changed after it was made',
    );

    // A plan made again (a new evaluation time, hence a new digest) is not the one approved.
    await respond('--dry-run', '--max-destructive', '2', '--plan-out', at('again.json'));
    const other = await cli(['execute', at('again.json'), '--approval', at('approval.json')], {
      ALERT_HANDLER_APPROVAL_SECRET: SECRET,
    });
    expect(other.code).toBe(1);
    expect(other.stderr).toContain('the approval is refused (digestMismatch)');
    expect(other.stderr).toContain('Nothing was sent.');
    expect(emulator.count('HandleSecurityEvents')).toBe(0);
  });
});

describe('rules', () => {
  it('check prints the rules by status, or each problem with its path (exit 1)', async () => {
    const valid = await cli(['rules', 'check', at('rules.json')]);
    expect(valid).toMatchObject({
      code: 0,
      stdout: `${at('rules.json')}: valid rule set cli-playbook@1, 2 rules (2 enabled, 0 dryRun, 0 disabled)\n`,
    });

    const broken = {
      ...RULES,
      rules: [{ ...RULES.rules[0], match: { type: { equals: 'x', prefix: 'y' } } }, { id: 'x' }],
    };
    await writeFile(at('broken.json'), JSON.stringify(broken));
    const invalid = await cli(['rules', 'check', at('broken.json')]);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain(`${at('broken.json')} is not a valid rule set (`);
    expect(invalid.stderr).toContain('  rules[0].match.type: a text test takes exactly one of');
    expect(invalid.stderr).toContain('  rules[1].order: ');
  });

  it('check reads YAML rule files', async () => {
    await writeFile(
      at('rules.yaml'),
      'name: cli-yaml\nversion: 2\nrules:\n  - id: close\n    order: 1\n    status: dryRun\n    match: { all: [] }\n    action: { handle: { operation: manual_handled } }\n',
    );
    const { code, stdout } = await cli(['rules', 'check', at('rules.yaml')]);
    expect(code).toBe(0);
    expect(stdout).toContain('valid rule set cli-yaml@2, 1 rule (0 enabled, 1 dryRun, 0 disabled)');
  });

  it('simulate prints the comparison with what people did, read-only', async () => {
    const from = new Date('2026-01-01T00:00:00+08:00');
    const to = new Date('2026-01-08T00:00:00+08:00');
    emulator = await emulatorWith({ history: sampleHistory(20, 'cli', { from, to }) });
    const { code, stdout } = await cli([
      'rules',
      'simulate',
      at('rules.json'),
      '--from',
      from.toISOString(),
      '--to',
      to.toISOString(),
    ]);

    expect(code).toBe(0);
    expect(stdout).toContain('cli-playbook');
    expect(stdout).toMatch(/20 alerts/);
    expect(emulator.count('HandleSecurityEvents')).toBe(0);
  });
});

describe('a bad command line exits with 2 and says why', () => {
  it.each([
    [['respond'], '--rules <file> is required'],
    [['respond', '--rules', 'r.json', '--interval', '5s'], '--interval needs --loop'],
    [
      ['respond', '--rules', 'r.json', '--loop', '--interval', '500ms'],
      '--interval must be at least 1s, not 500ms',
    ],
    [
      ['respond', '--rules', 'r.json', '--max-alerts', '1.5'],
      '--max-alerts must be a whole number from 0 to 1000000, not 1.5',
    ],
    [
      ['respond', '--rules', 'r.json', '--cooldown', '1 hour'],
      '--cooldown must be a whole number with a unit',
    ],
    [['approve', 'plan.json', '--approver', 'alice'], '--expires is required'],
    [
      ['approve', 'plan.json', '--approver', 'alice', '--expires', 'tomorrow'],
      '--expires must be a duration (4h) or an ISO 8601 time',
    ],
    [['execute'], 'missing argument'],
    [['execute', 'a.json', 'b.json'], 'unexpected argument b.json'],
    [
      ['rules', 'simulate', 'r.json', '--from', 'yesterday', '--to', '2026-01-01'],
      '--from must be an ISO 8601 time',
    ],
    [['rules', 'lint'], 'unknown rules command lint'],
    [['handle'], 'unknown command handle'],
  ])('%j', async (args, message) => {
    const { code, stdout, stderr } = await cli(args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(message);
    expect(stderr).toContain('Usage: alicloud-alert-handler');
  });

  it('approve needs the secret, or --unsigned', async () => {
    const { code, stderr } = await cli(['approve', 'plan.json', '--approver', 'alice', '--expires', '1h']);
    expect(code).toBe(1);
    expect(stderr).toContain('ALERT_HANDLER_APPROVAL_SECRET is not set');
  });
});

describe('as a process', () => {
  it('respond --loop prints a JSON line per run and stops on SIGTERM with exit code 0', async () => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'src/cli/main.ts',
        'respond',
        '--rules',
        at('rules.json'),
        '--journal',
        at('journal'),
        '--loop',
        '--interval',
        '1s',
        '--json',
      ],
      {
        cwd: root,
        env: cleanEnv({
          ALERT_HANDLER_ENDPOINT: emulator.url,
          ALIBABA_CLOUD_ACCESS_KEY_ID: EMULATOR_TEST_KEY.accessKeyId,
          ALIBABA_CLOUD_ACCESS_KEY_SECRET: EMULATOR_TEST_KEY.accessKeySecret,
          ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true',
        }),
      },
    );
    let stdout = '';
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exit = new Promise<number | null>((resolve) => child.on('close', resolve));
    await new Promise<void>((resolve) => {
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
        if (stdout.split('\n').length > 2) resolve(); // two runs
      });
    });
    child.kill('SIGTERM');

    expect(await exit).toBe(0);
    expect(stderr).toBe('');
    expect(stdout + stderr).not.toContain(EMULATOR_TEST_KEY.accessKeySecret);
    const runs = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(runs[0].report.counts).toMatchObject({ succeeded: 4 });
    expect(runs[1].batches).toEqual([]);
    expect(handleCalls(emulator)).toHaveLength(1);
  });
});
