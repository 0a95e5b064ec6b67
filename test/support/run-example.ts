/**
 * Runs an example as its users do, as a child process (`node --import tsx examples/<name>.ts ...`),
 * connected to an emulator the way the docs say: `ALERT_HANDLER_ENDPOINT` set to the URL the emulator
 * prints, and no AccessKey in the environment, so that the example signs with the emulator's documented
 * test key.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, expect } from 'vitest';
import {
  EMULATOR_TEST_KEY,
  type Emulator,
  type EmulatorStateOptions,
  type SuspEventRecord,
  sampleAlerts,
  startEmulator,
} from '../../src/emulator/index.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** What a run printed and how it ended. */
export interface ExampleRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const running: Emulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((emulator) => emulator.close()));
});

/** Starts an emulator serving `state` with the documented test key, closed after the test. */
export async function emulatorWith(state: EmulatorStateOptions): Promise<Emulator> {
  const emulator = await startEmulator({ seed: 1, state, ...EMULATOR_TEST_KEY });
  running.push(emulator);
  return emulator;
}

/** The 45 sample alerts every example test starts from, by ID. */
export const SAMPLE = sampleAlerts(45);

/** The sample alert with this ID. */
export function sample(id: number): SuspEventRecord {
  const record = SAMPLE.find((candidate) => candidate.Id === id);
  if (record === undefined) throw new Error(`no sample alert ${id}`);
  return record;
}

/**
 * This process's environment without a word of Alibaba Cloud or of the examples' settings (no
 * AccessKey, no region, no `ALERT_HANDLER_*`), plus `variables`.
 */
export function cleanEnv(variables: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(ALIBABA_CLOUD_|ALICLOUD_|ALERT_HANDLER_)/i.test(name)),
  );
  return { ...env, ...variables };
}

/**
 * The environment that points the examples at `emulator` (started with {@link emulatorWith}): its URL
 * and nothing else but a short task poll.
 */
export function exampleEnv(emulator: Emulator): NodeJS.ProcessEnv {
  return cleanEnv({ ALERT_HANDLER_ENDPOINT: emulator.url, ALERT_HANDLER_POLL_MS: '10' });
}

/**
 * Runs `examples/<name>.ts` with `args` (and `input` on stdin) against `emulator`, and checks that
 * nothing it printed shows the AccessKey secret.
 */
export function runExample(
  emulator: Emulator,
  name: string,
  args: readonly string[] = [],
  input = '',
): Promise<ExampleRun> {
  return runExampleIn(exampleEnv(emulator), name, args, input);
}

/**
 * Runs `examples/<name>.ts` with `args` (and `input` on stdin) in the environment `env`, and checks
 * that nothing it printed shows the test key's secret.
 */
export async function runExampleIn(
  env: NodeJS.ProcessEnv,
  name: string,
  args: readonly string[] = [],
  input = '',
): Promise<ExampleRun> {
  const child = spawn(process.execPath, ['--import', 'tsx', `examples/${name}.ts`, ...args], {
    cwd: root,
    env,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdin.end(input);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  expect(stdout + stderr).not.toContain(EMULATOR_TEST_KEY.accessKeySecret);
  return { code, stdout, stderr };
}
