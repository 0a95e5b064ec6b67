/**
 * Runs an example as its users do, as a child process (`node --import tsx examples/<name>.ts ...`),
 * connected to an emulator through the environment variables `examples/connection.ts` reads.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, expect } from 'vitest';
import {
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

/** Starts an emulator serving `state`, closed after the test. */
export async function emulatorWith(state: EmulatorStateOptions): Promise<Emulator> {
  const emulator = await startEmulator({ seed: 1, state });
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

/** The environment that points the examples at `emulator`, with a short task poll. */
export function exampleEnv(emulator: Emulator): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ALERT_HANDLER_ENDPOINT: emulator.endpoint,
    ALERT_HANDLER_PROTOCOL: 'http',
    ALERT_HANDLER_POLL_MS: '10',
    ALIBABA_CLOUD_ACCESS_KEY_ID: emulator.credentials.accessKeyId,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: emulator.credentials.accessKeySecret,
    ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true',
  };
}

/**
 * Runs `examples/<name>.ts` with `args` (and `input` on stdin) against `emulator`, and checks that
 * nothing it printed shows the AccessKey secret.
 */
export async function runExample(
  emulator: Emulator,
  name: string,
  args: readonly string[] = [],
  input = '',
): Promise<ExampleRun> {
  const child = spawn(process.execPath, ['--import', 'tsx', `examples/${name}.ts`, ...args], {
    cwd: root,
    env: exampleEnv(emulator),
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
  expect(stdout + stderr).not.toContain(emulator.credentials.accessKeySecret);
  return { code, stdout, stderr };
}
