import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BUILTIN_SCENARIOS,
  DEFAULT_SCENARIO,
  loadScenario,
  parseScenario,
  type Scenario,
  ScenarioError,
  sampleAlerts,
  sampleRisks,
  scenarioToOptions,
} from '../../src/emulator/index.js';

const SCENARIOS_DIR = fileURLToPath(new URL('../../scenarios/', import.meta.url));
const FILE = 'scenarios/bad.json';

/** Two alerts written out: an Unusual Logon on host h-1 and a Webshell on host h-2. */
const RECORDS = [
  { Id: 11, Level: 'serious', EventStatus: 1, AlarmEventType: 'Unusual Logon', Uuid: 'h-1' },
  { Id: 12, Level: 'remind', EventStatus: 1, AlarmEventType: 'Webshell', Uuid: 'h-2' },
];
const RULE = { uuid: 'ALL', field: 'loginSourceIp', operate: 'strEqual', fieldValue: '192.0.2.10' };

/** The message of the ScenarioError `parseScenario` throws for `scenario`, named as {@link FILE}. */
function problems(scenario: unknown): string {
  try {
    parseScenario(typeof scenario === 'string' ? scenario : JSON.stringify(scenario), FILE);
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioError);
    return (error as ScenarioError).message;
  }
  throw new Error('the scenario was accepted');
}

describe('scenario files', () => {
  it('parses every file in scenarios/', async () => {
    const files = (await readdir(SCENARIOS_DIR)).filter((file) => file.endsWith('.json'));
    expect(files).toEqual(expect.arrayContaining(['default.json', 'minimal.json']));
    for (const file of files) await expect(loadScenario(join(SCENARIOS_DIR, file))).resolves.toBeDefined();
  });

  it('has each built-in scenario as the file of its name', async () => {
    for (const [name, scenario] of Object.entries(BUILTIN_SCENARIOS)) {
      expect(await loadScenario(join(SCENARIOS_DIR, `${name}.json`))).toEqual(scenario);
    }
    expect(DEFAULT_SCENARIO).toBe(BUILTIN_SCENARIOS.default);
  });

  it('turns the minimal scenario into emulator options: its records, offline host, risks and seed', () => {
    const options = scenarioToOptions(BUILTIN_SCENARIOS.minimal);
    expect(options.seed).toBe('minimal');
    expect(options.state.alerts?.map((alert) => alert.Id)).toEqual([9000003, 9000002, 9000001]);
    expect(options.state.hosts).toEqual([{ uuid: '0f6c2a10-0000-4000-a000-000000000010', online: false }]);
    expect(options.state.risks?.map((risk) => risk.RiskId)).toEqual([75110002, 75110001]);
    expect(Object.keys(options.state).sort()).toEqual(['alerts', 'hosts', 'risks']);
  });
});

describe('scenarioToOptions', () => {
  it('generates samples with the scenario seed unless they name their own', () => {
    const seeded = scenarioToOptions(
      parseScenario({ seed: 'x', alerts: { sample: 4 }, risks: { sample: 3 } }),
    );
    expect(seeded.state.alerts).toEqual(sampleAlerts(4, 'x'));
    expect(seeded.state.risks).toEqual(sampleRisks(3, 'x'));

    const own = scenarioToOptions(parseScenario({ seed: 'x', alerts: { sample: 4, seed: 7 } }));
    expect(own.state.alerts).toEqual(sampleAlerts(4, 7));
    expect(own.state.risks).toBeUndefined();
  });

  it('takes the hosts of offlineAlerts offline and writes operation codes as { code }', () => {
    const scenario: Scenario = parseScenario({
      alerts: [...RECORDS, { Id: 13, Level: 'remind', EventStatus: 1, Uuid: 'h-3' }],
      hosts: [{ uuid: 'h-1', online: false }],
      offlineAlerts: [11, 12],
      operations: { 12: ['quara', { code: 'ignore', userCanOperate: false }] },
      deniedOperations: ['block_ip'],
      goneProcesses: [13],
      whitelistRules: { 'Unusual Logon': [RULE] },
      taskPolls: 0,
      neverFinish: { operations: ['quara'] },
      riskResponseShape: 'wrapped',
    });
    const { state } = scenarioToOptions(scenario);
    expect(state.hosts).toEqual([
      { uuid: 'h-1', online: false },
      { uuid: 'h-2', online: false },
    ]);
    expect(state.operations).toEqual({ 12: [{ code: 'quara' }, { code: 'ignore', userCanOperate: false }] });
    expect(state).toMatchObject({
      deniedOperations: ['block_ip'],
      goneProcesses: [13],
      whitelistRules: { 'Unusual Logon': [RULE] },
      taskPolls: 0,
      neverFinish: { operations: ['quara'] },
      riskResponseShape: 'wrapped',
    });
  });
});

describe('parseScenario errors name the file and the JSON path', () => {
  const alerts = RECORDS;

  it.each([
    [
      'text that is not JSON',
      '{ "alerts": { "sample": 3 },\n  "seed": 1,\n}',
      /^scenarios\/bad\.json: not JSON: .*line 3,? column 1/,
    ],
    [
      'a value that is not an object',
      [],
      'scenarios/bad.json: Invalid input: expected object, received array',
    ],
    [
      'no alerts',
      {},
      'scenarios/bad.json: alerts: expected { "sample": <count> } or an array of alert records',
    ],
    [
      'alerts of neither form',
      { alerts: 5 },
      'alerts: expected { "sample": <count> } or an array of alert records',
    ],
    ['a negative sample', { alerts: { sample: -1 } }, 'alerts.sample: Too small: expected number to be >=0'],
    [
      'a bad level',
      { alerts: [alerts[0], { ...alerts[1], Level: 'high' }] },
      'alerts[1].Level: Invalid option',
    ],
    [
      'an unknown status',
      { alerts: [{ ...alerts[0], EventStatus: 3 }] },
      'alerts[0].EventStatus: Invalid option',
    ],
    [
      'a wrong type',
      { alerts, hosts: [{ uuid: 'h-1', online: 'no' }] },
      'hosts[0].online: Invalid input: expected boolean, received string',
    ],
    ['an unknown field', { alerts, hots: [] }, 'scenarios/bad.json: hots: unknown field'],
    [
      'an unknown nested field',
      { alerts, neverFinish: { alertId: [11] } },
      'neverFinish.alertId: unknown field',
    ],
    [
      'an unknown operation code',
      { alerts, deniedOperations: ['blok_ip'] },
      'deniedOperations[0]: unknown operation code "blok_ip"',
    ],
    [
      'a bad operation entry',
      { alerts, operations: { 11: [5] } },
      'operations["11"][0]: expected an operation code or',
    ],
    [
      'a bad operation object',
      { alerts, operations: { 11: [{ code: 'ignore', userCanOperate: 1 }] } },
      'operations["11"][0].userCanOperate: Invalid input: expected boolean',
    ],
    [
      'an incomplete whitelist rule',
      { alerts, whitelistRules: { 'Unusual Logon': [{ ...RULE, fieldValue: undefined }] } },
      'whitelistRules["Unusual Logon"][0].fieldValue: Invalid input: expected string, received undefined',
    ],
    [
      'a fractional taskPolls',
      { alerts, taskPolls: 1.5 },
      'taskPolls: Invalid input: expected int, received number',
    ],
    [
      'an unknown response shape',
      { alerts, riskResponseShape: 'nested' },
      'riskResponseShape: Invalid option: expected one of "flat"|"wrapped"',
    ],
    [
      'a bad risk record',
      { alerts, risks: [{ RiskId: 'one' }] },
      'risks[0].RiskId: Invalid input: expected number, received string',
    ],
  ])('%s', (_, scenario, expected) => {
    const message = problems(scenario);
    if (typeof expected === 'string') expect(message).toContain(expected);
    else expect(message).toMatch(expected);
    for (const line of message.split('\n')) expect(line).toMatch(/^scenarios\/bad\.json: /);
  });

  it.each([
    [
      'a duplicate alert Id',
      { alerts: [...alerts, { ...alerts[0] }] },
      'alerts[2].Id: duplicate alert Id 11, also at alerts[0].Id',
    ],
    [
      'a duplicate RiskId',
      { alerts, risks: [{ RiskId: 5 }, { RiskId: 5 }] },
      'risks[1].RiskId: duplicate RiskId 5, also at risks[0].RiskId',
    ],
    [
      'a host listed twice',
      {
        alerts,
        hosts: [
          { uuid: 'h-1', online: false },
          { uuid: 'h-1', online: true },
        ],
      },
      'hosts[1].uuid: duplicate host h-1, also at hosts[0].uuid',
    ],
    [
      'a host no alert is on',
      { alerts, hosts: [{ uuid: 'h-9', online: false }] },
      'hosts[0].uuid: no alert is on host h-9',
    ],
    ['an unknown offline alert', { alerts, offlineAlerts: [11, 99] }, 'offlineAlerts[1]: no alert has Id 99'],
    [
      'an offline alert without a host',
      { alerts: [{ Id: 1, Level: 'remind', EventStatus: 1 }], offlineAlerts: [1] },
      'offlineAlerts[0]: alert 1 has no Uuid, so no host to take offline',
    ],
    [
      'an offline alert on a host declared online',
      { alerts, hosts: [{ uuid: 'h-1', online: true }], offlineAlerts: [11] },
      'offlineAlerts[0]: the host of alert 11 is declared online at hosts[0]',
    ],
    ['an unknown vanished process', { alerts, goneProcesses: [98] }, 'goneProcesses[0]: no alert has Id 98'],
    [
      'an unknown never-finishing alert',
      { alerts, neverFinish: { alertIds: [97] } },
      'neverFinish.alertIds[0]: no alert has Id 97',
    ],
    [
      'operations of an unknown alert',
      { alerts, operations: { 96: ['ignore'] } },
      'operations["96"]: no alert has Id 96',
    ],
    [
      'whitelist rules of a type no alert has',
      { alerts, whitelistRules: { Webshel: [] } },
      'whitelistRules.Webshel: no alert has the type "Webshel"',
    ],
    [
      'a whitelist field the type lacks',
      { alerts, whitelistRules: { 'Unusual Logon': [{ ...RULE, field: 'ip' }] } },
      'whitelistRules["Unusual Logon"][0].field: Unusual Logon alerts offer no field "ip", only loginSourceIp, loginUser',
    ],
    [
      'a whitelist operator the field lacks',
      { alerts, whitelistRules: { 'Unusual Logon': [{ ...RULE, operate: 'regex' }] } },
      'whitelistRules["Unusual Logon"][0].operate: loginSourceIp takes no "regex", only strEqual, strNotEqual, inIpSegment',
    ],
  ])('%s', (_, scenario, expected) => {
    expect(problems(scenario)).toBe(`${FILE}: ${expected}`);
  });

  it('reports every problem, one line each, and keeps them as issues', () => {
    let caught: ScenarioError | undefined;
    try {
      parseScenario({ alerts, hosts: [{ uuid: 'h-1', online: 'no' }], taskPolls: -1, extra: true }, FILE);
    } catch (error) {
      caught = error as ScenarioError;
    }
    expect(caught?.source).toBe(FILE);
    expect(caught?.issues.map((issue) => issue.path)).toEqual(['hosts[0].online', 'taskPolls', 'extra']);
    expect(caught?.message.split('\n')).toHaveLength(3);
  });

  it('accepts alert records with any further wire field, served as given', () => {
    const scenario = parseScenario({ alerts: [{ ...alerts[0], Details: [{ NameDisplay: 'Login user' }] }] });
    expect(scenarioToOptions(scenario).state.alerts?.[0]?.Details).toEqual([{ NameDisplay: 'Login user' }]);
  });
});

describe('loadScenario', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'scenario-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('names the file in every line of an invalid scenario', async () => {
    const file = join(dir, 'night-shift.json');
    await writeFile(
      file,
      JSON.stringify({ alerts: { sample: 3 }, hosts: [{ uuid: 'x', online: 1 }], seed: [] }),
    );
    await expect(loadScenario(file)).rejects.toThrow(
      `${file}: seed: expected a string or a number\n${file}: hosts[0].online: Invalid input: expected boolean, received number`,
    );
  });

  it('names a file it cannot read', async () => {
    const file = join(dir, 'missing.json');
    await expect(loadScenario(file)).rejects.toThrow(new RegExp(`^${file}: cannot read it \\(ENOENT`));
  });
});
