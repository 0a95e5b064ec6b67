import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { type CliIo, main, USAGE } from '../../src/emulator/cli.js';
import { EMULATOR_TEST_KEY, startEmulator } from '../../src/emulator/index.js';
import { AlertHandler, SasClient } from '../../src/index.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = join(ROOT, 'src/emulator/cli.ts');

interface Printed {
  readonly endpoint: string;
  readonly url: string;
  readonly protocol: 'http';
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
}

/** A stream stand-in that keeps what is written and tells when it contains something. */
function output() {
  let text = '';
  const waiting: (() => void)[] = [];
  return {
    write(chunk: string) {
      text += chunk;
      for (const wake of waiting.splice(0)) wake();
      return true;
    },
    get text() {
      return text;
    },
    async until(part: string): Promise<string> {
      while (!text.includes(part)) await new Promise<void>((resolve) => waiting.push(resolve));
      return text;
    },
  };
}

const running: { stop(): void; exit: Promise<number> }[] = [];
afterEach(async () => {
  for (const run of running.splice(0)) {
    run.stop();
    await run.exit;
  }
});

/** Runs `main` in-process; `stop()` aborts its signal, as SIGINT does for the program. */
function run(argv: string[]) {
  const stdout = output();
  const stderr = output();
  const controller = new AbortController();
  const io: CliIo = { stdout, stderr, signal: controller.signal };
  const started = { stdout, stderr, exit: main(argv, io), stop: () => controller.abort() };
  running.push(started);
  return started;
}

async function firstLine(started: ReturnType<typeof run>): Promise<Printed> {
  const text = await started.stdout.until('\n');
  return JSON.parse(text.slice(0, text.indexOf('\n'))) as Printed;
}

function sas(printed: Printed): SasClient {
  const { endpoint, protocol, accessKeyId, accessKeySecret } = printed;
  return new SasClient({ endpoint, protocol, credential: { accessKeyId, accessKeySecret } });
}

describe('alicloud-alert-emulator in-process', () => {
  it('prints one JSON line with --json, serves the default scenario and stops cleanly on abort', async () => {
    const started = run(['--port', '0', '--json']);
    const printed = await firstLine(started);
    expect(Object.keys(printed)).toEqual(['endpoint', 'url', 'protocol', 'accessKeyId', 'accessKeySecret']);
    expect(printed.endpoint).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(printed.url).toBe(`http://${printed.endpoint}`);
    expect(printed.protocol).toBe('http');
    // The documented test key, the same on every start.
    expect(printed).toMatchObject(EMULATOR_TEST_KEY);
    expect(EMULATOR_TEST_KEY).toEqual({
      accessKeyId: 'LTAIemulatorTestKey',
      accessKeySecret: 'emulator-test-secret',
    });

    const page = await sas(printed).describeSuspEvents({ CurrentPage: '1', PageSize: '20', Dealed: 'N' });
    expect(page.TotalCount).toBe(45);

    started.stop();
    expect(await started.exit).toBe(0);
    expect(started.stdout.text.split('\n')).toEqual([expect.any(String), '']);
    expect(started.stderr.text).toBe('');
    await expect(fetch(printed.url)).rejects.toThrow();
  });

  it('prints the endpoint, the test key, the environment lines and a snippet that work as pasted', async () => {
    const started = run(['--port', '0', '--scenario', 'minimal']);
    const text = await started.stdout.until('Ctrl+C');
    const url = /Endpoint +(\S+)/.exec(text)?.[1] ?? '';
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(text).toContain(`listening on ${url}\n`);
    expect(text).toMatch(/AccessKey ID +LTAIemulatorTestKey\n/);
    expect(text).toMatch(/AccessKey secret +emulator-test-secret\n/);
    expect(text).toContain("the emulator's documented test key: it opens a local emulator and nothing else");
    expect(text).toContain('with the test key, the examples need only the first line');
    expect(text).toContain('minimal: 3 alerts (2 serious, 1 suspicious), 1 offline host, 2 risks');
    expect(text).toContain(
      `export ALERT_HANDLER_ENDPOINT=${url}\n` +
        'export ALIBABA_CLOUD_ACCESS_KEY_ID=LTAIemulatorTestKey\n' +
        'export ALIBABA_CLOUD_ACCESS_KEY_SECRET=emulator-test-secret\n',
    );
    expect(text).toContain(
      `$env:ALERT_HANDLER_ENDPOINT = '${url}'\n` +
        "$env:ALIBABA_CLOUD_ACCESS_KEY_ID = 'LTAIemulatorTestKey'\n" +
        "$env:ALIBABA_CLOUD_ACCESS_KEY_SECRET = 'emulator-test-secret'\n",
    );
    expect(text).toContain(
      `new AlertHandler({\n  endpoint: '${url}',\n  credential: { accessKeyId: 'LTAIemulatorTestKey', accessKeySecret: 'emulator-test-secret' },\n});`,
    );

    // The snippet as printed: the URL gives the protocol.
    const alerts = new AlertHandler({ endpoint: url, credential: EMULATOR_TEST_KEY });
    const listed = [];
    for await (const alert of alerts.listAlerts({ dealt: false })) listed.push(alert);
    expect(listed).toHaveLength(3);

    started.stop();
    expect(await started.exit).toBe(0);
    expect(started.stdout.text).toMatch(/Emulator stopped\.\n$/);
  });

  it('quotes a key of your own for each shell, and says it is not the test key', async () => {
    const started = run(['--port', '0', '--access-key-id', 'LTAIcli', '--access-key-secret', "it's $x"]);
    const text = await started.stdout.until('Ctrl+C');
    expect(text).toMatch(/AccessKey ID +LTAIcli\n/);
    expect(text).toContain("This AccessKey is the emulator's own");
    expect(text).not.toContain('documented test key');
    expect(text).toContain("export ALIBABA_CLOUD_ACCESS_KEY_SECRET='it'\\''s $x'\n");
    expect(text).toContain("$env:ALIBABA_CLOUD_ACCESS_KEY_SECRET = 'it''s $x'\n");
    expect(text).toContain("credential: { accessKeyId: 'LTAIcli', accessKeySecret: 'it\\'s $x' }");
    const url = /Endpoint +(\S+)/.exec(text)?.[1] ?? '';
    const sasClient = new SasClient({
      endpoint: url,
      credential: { accessKeyId: 'LTAIcli', accessKeySecret: "it's $x" },
    });
    expect((await sasClient.describeSuspEvents({ PageSize: '1' })).TotalCount).toBe(45);
  });

  it('accepts a random key, new on every start, with --random-keys', async () => {
    const first = await firstLine(run(['--port', '0', '--random-keys', '--json']));
    const second = await firstLine(run(['--port', '0', '--random-keys', '--json']));
    expect(first.accessKeyId).toMatch(/^LTAIemulator[0-9a-f]{12}$/);
    expect(first.accessKeySecret).not.toBe(EMULATOR_TEST_KEY.accessKeySecret);
    expect(second.accessKeySecret).not.toBe(first.accessKeySecret);
    expect((await sas(first).describeSuspEvents({ PageSize: '1' })).TotalCount).toBe(45);
    const refused = new SasClient({ endpoint: first.url, credential: EMULATOR_TEST_KEY, retry: false });
    await expect(refused.describeSuspEvents({ PageSize: '1' })).rejects.toThrow(/AccessKey/);
  });

  it('prints localhost in the endpoint with --host localhost', async () => {
    const printed = await firstLine(run(['--port', '0', '--host', 'localhost', '--json']));
    expect(printed.endpoint).toMatch(/^localhost:\d+$/);
    const page = await sas(printed).describeSuspEvents({ CurrentPage: '1', PageSize: '1' });
    expect(page.TotalCount).toBe(45);
  });

  it('prints the usage with --help and exits 0', async () => {
    const started = run(['--help']);
    expect(await started.exit).toBe(0);
    expect(started.stdout.text).toBe(USAGE);
  });

  it.each([
    [['--prot', '8080'], 'unknown option --prot'],
    [['--port', '70000'], '--port must be an integer from 0 to 65535, not 70000'],
    [['--port', '-1'], /Option '--port[^\n]*' argument is ambiguous\.?\n\n/],
    [['--port', '80a'], '--port must be an integer from 0 to 65535, not 80a'],
    [['--port'], /Option '--port[^\n]*' argument missing\n\n/],
    [['--json=yes'], /Option '--json' does not take an argument\n\n/],
    [['--host', '0.0.0.0'], '--host must be a loopback address (127.0.0.1 or localhost), not 0.0.0.0'],
    [['--host', '::1'], '--host ::1: the emulator listens on 127.0.0.1 only; use 127.0.0.1 or localhost'],
    [['--scenario', ''], '--scenario must not be empty'],
    [['--json', 'extra'], 'unexpected argument extra'],
    [
      ['--random-keys', '--access-key-id', 'LTAIx'],
      '--random-keys and --access-key-id/--access-key-secret exclude each other: give one',
    ],
  ])('exits 2 with the usage on %j', async (argv, message: string | RegExp) => {
    const started = run(argv);
    expect(await started.exit).toBe(2);
    const complaint = started.stderr.text.slice(0, started.stderr.text.indexOf(USAGE));
    if (typeof message === 'string') expect(complaint).toBe(`alicloud-alert-emulator: ${message}\n\n`);
    else expect(complaint).toMatch(new RegExp(`^alicloud-alert-emulator: ${message.source}$`));
    expect(started.stderr.text).toContain(USAGE);
    expect(started.stdout.text).toBe('');
  });

  it('exits 1 naming the file and the JSON path of a bad scenario, starting nothing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'emulator-cli-'));
    try {
      const file = join(dir, 'bad.json');
      await writeFile(file, JSON.stringify({ alerts: { sample: 2 }, hosts: [{ uuid: 'x', online: 'no' }] }));
      const bad = run(['--port', '0', '--scenario', file]);
      expect(await bad.exit).toBe(1);
      expect(bad.stderr.text).toBe(
        `alicloud-alert-emulator: ${file}: hosts[0].online: Invalid input: expected boolean, received string\n`,
      );
      expect(bad.stdout.text).toBe('');

      const missing = run(['--scenario', join(dir, 'nothing.json')]);
      expect(await missing.exit).toBe(1);
      expect(missing.stderr.text).toContain(`${join(dir, 'nothing.json')}: cannot read it (ENOENT`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('exits 1 when the port is taken', async () => {
    const other = await startEmulator();
    try {
      const started = run(['--port', String(other.port), '--json']);
      expect(await started.exit).toBe(1);
      expect(started.stderr.text).toBe(
        `alicloud-alert-emulator: port ${other.port} is in use: choose another --port, or --port 0 for a free one\n`,
      );
    } finally {
      await other.close();
    }
  });
});

describe('alicloud-alert-emulator as a program', () => {
  it('prints a JSON line, answers signed calls and exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, '--port', '0', '--json'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = once(child, 'exit');
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    try {
      const lines = createInterface({ input: child.stdout });
      const [line] = (await once(lines, 'line')) as [string];
      const printed = JSON.parse(line) as Printed;
      const page = await sas(printed).describeSuspEvents({ CurrentPage: '1', PageSize: '20' });
      expect(page.SuspEvents).toHaveLength(20);
    } finally {
      child.kill('SIGTERM');
    }
    const [code, signal] = await exited;
    expect({ code, signal, stderr }).toEqual({ code: 0, signal: null, stderr: '' });
  }, 30_000);
});
