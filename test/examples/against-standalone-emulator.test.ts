/**
 * The path a new user takes: start the standalone emulator, paste the one line it prints for the
 * examples (`export ALERT_HANDLER_ENDPOINT=http://127.0.0.1:PORT`), run any example. Every example runs
 * here against one emulator serving the default scenario, with that variable alone in its environment
 * (no AccessKey, no protocol, no poll setting). Each example works on alerts of its own, so that they
 * pass in any order.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/emulator/cli.js';
import { cleanEnv, type ExampleRun, runExampleIn } from '../support/run-example.js';

const examples = fileURLToPath(new URL('../../examples/', import.meta.url));
/** Modules the examples share, and the demo, which starts an emulator of its own (test/integration/demo.test.ts). */
const NOT_RUN_HERE = ['connection', 'format', 'demo'];

/** Each example with arguments that touch no alert another one touches, and what its output shows. */
const RUNS: Record<string, { args?: string[]; input?: string; code?: number; shows: RegExp }[]> = {
  'list-alerts': [{ shows: /^Alert List \(Total \d+ items\):\n\n\[Alert 1\] ID: 70096\d\d$/m }],
  'handle-alert': [{ args: ['7009642', 'ignore'], shows: /^ {2}\[Alert 7009642\] Ignore - Success$/m }],
  'block-ip': [{ args: ['7009641', '--yes'], shows: /^ {2}\[Alert 7009641\] Block IP - Success$/m }],
  whitelist: [
    {
      args: ['7009635', 'loginSourceIp', '198.51.100.23'],
      shows:
        /"field":"loginSourceIp","operate":"strEqual","fieldValue":"198\.51\.100\.23"[\s\S]*Dry run: nothing was changed\./,
    },
  ],
  'handle-batch': [{ shows: /^Plan: \d+ alerts in \d+ batches[\s\S]*Dry run: nothing was changed\./m }],
  'sddp-risks': [
    { shows: /^Found \d+ unprocessed risk events$/m },
    { args: ['75110101', 'Confirmed: scheduled backup export.'], shows: /^✅ Risk event 75110101 handled: / },
  ],
  'audit-log': [{ shows: /^\{"time":"[^"]+","kind":"request"/ }],
  cli: [
    { input: '7009632\nmanual_handled\ny\n', shows: /^ {2}\[Alert 7009632\] Mark as Handled - Success$/m },
  ],
};

let stop: () => Promise<number>;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  let printed = '';
  const controller = new AbortController();
  const exit = main(['--port', '0'], {
    stdout: { write: (text: string) => (printed += text) },
    stderr: { write: (text: string) => (printed += text) },
    signal: controller.signal,
  });
  while (!printed.includes('Ctrl+C')) await new Promise((resolve) => setTimeout(resolve, 10));
  // The first of the lines printed for the examples, as a user pastes it.
  const line = /^export (ALERT_HANDLER_ENDPOINT)=(\S+)$/m.exec(printed);
  expect(line?.[2]).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  env = cleanEnv({ ALERT_HANDLER_ENDPOINT: line?.[2] });
  stop = () => {
    controller.abort();
    return exit;
  };
});
afterAll(() => stop());

describe('every example against the standalone emulator, with ALERT_HANDLER_ENDPOINT alone', () => {
  it('covers every example', () => {
    const names = readdirSync(examples)
      .filter((file) => file.endsWith('.ts'))
      .map((file) => file.slice(0, -3))
      .filter((name) => !NOT_RUN_HERE.includes(name));
    expect(Object.keys(RUNS).sort()).toEqual(names.sort());
  });

  it.each(Object.entries(RUNS))(
    'runs examples/%s.ts',
    async (name, runs) => {
      for (const { args = [], input = '', code = 0, shows } of runs) {
        const run: ExampleRun = await runExampleIn(env, name, args, input);
        expect({ code: run.code, stderr: run.code === code ? '' : run.stderr }).toEqual({ code, stderr: '' });
        expect(run.stdout).toMatch(shows);
      }
    },
    60_000,
  );
});
