import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Runs a script with plain node from the package root, where the package can import itself by name. */
function runNode(args: string[]): unknown {
  const output = execFileSync(process.execPath, args, {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true' },
    timeout: 30_000,
  });
  return JSON.parse(output.trim().split('\n').at(-1) ?? 'null');
}

const CALL = `
  const emulator = await startEmulator({ alerts: sampleAlerts(3) });
  try {
    const sas = new SasClient({ endpoint: emulator.endpoint, protocol: 'http', credential: emulator.credentials });
    const page = await sas.describeSuspEvents({ PageSize: '2' });
    let code;
    try { await sas.describeSecurityEventOperations({}); } catch (error) { code = error.name; }
    console.log(JSON.stringify({ total: page.TotalCount, ids: page.SuspEvents.length, code, received: emulator.received.length }));
  } finally {
    await emulator.close();
  }
`;

describe('built package', () => {
  beforeAll(() => {
    if (!existsSync(`${root}/dist/index.cjs`) || !existsSync(`${root}/dist/emulator.js`)) {
      execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'ignore' });
    }
  }, 120_000);

  it('works from CommonJS with require()', () => {
    const script = `
      const { SasClient } = require('alicloud-alert-handler');
      const { startEmulator, sampleAlerts } = require('alicloud-alert-handler/emulator');
      (async () => { ${CALL} })().catch((error) => { console.error(error); process.exit(1); });`;
    expect(runNode(['-e', script])).toEqual({ total: 3, ids: 2, code: 'ValidationError', received: 1 });
  });

  it('works from ESM with import', () => {
    const script = `
      import { SasClient } from 'alicloud-alert-handler';
      import { startEmulator, sampleAlerts } from 'alicloud-alert-handler/emulator';
      ${CALL}`;
    expect(runNode(['--input-type=module', '-e', script])).toEqual({
      total: 3,
      ids: 2,
      code: 'ValidationError',
      received: 1,
    });
  });

  it('does not load the emulator or zod from the main entry', () => {
    const script = `
      require('alicloud-alert-handler');
      console.log(JSON.stringify(Object.keys(require.cache).filter((file) => /emulator|[\\/]zod[\\/]/.test(file))));`;
    expect(runNode(['-e', script])).toEqual([]);
  });

  it('parses response rules from the main entry without loading zod; their zod schema, from /schemas, reports the same', () => {
    const script = `
      const { ResponseRules } = require('alicloud-alert-handler');
      const set = { name: 'n', version: 1, rules: [{ id: 'r', order: 1, match: { type: { regex: 'shell' } }, action: { skip: { reason: 'x' } } }] };
      const parsed = ResponseRules.parse(set).rules.length;
      let issues;
      try { ResponseRules.parse({ ...set, name: '' }); } catch (error) { issues = error.issues; }
      const zodLoaded = Object.keys(require.cache).some((file) => /[\\/]zod[\\/]/.test(file));
      const { ResponseRuleSetSchema, responseRulesJsonSchema } = require('alicloud-alert-handler/schemas');
      const zodIssues = ResponseRuleSetSchema.safeParse({ ...set, name: '' }).error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
      console.log(JSON.stringify({ parsed, zodLoaded, same: JSON.stringify(issues) === JSON.stringify(zodIssues), issues, jsonSchema: responseRulesJsonSchema().$schema }));`;
    expect(runNode(['-e', script])).toEqual({
      parsed: 1,
      zodLoaded: false,
      same: true,
      issues: [{ path: 'name', message: 'Too small: expected string to have >=1 characters' }],
      jsonSchema: 'https://json-schema.org/draft/2020-12/schema',
    });
  });

  it('isSdkError knows the errors of the other build, where instanceof does not', () => {
    const script = `
      const cjs = require('alicloud-alert-handler');
      import('alicloud-alert-handler').then((esm) => {
        const error = new cjs.ValidationError('bad input', { field: 'pageSize' });
        console.log(JSON.stringify({
          instanceOf: error instanceof esm.SdkError,
          isSdkError: esm.isSdkError(error),
          sameBuild: cjs.isSdkError(error),
          plain: esm.isSdkError(new Error('not ours')),
          name: error.name,
        }));
      });`;
    expect(runNode(['-e', script])).toEqual({
      instanceOf: false,
      isSdkError: true,
      sameBuild: true,
      plain: false,
      name: 'ValidationError',
    });
  });

  it('offers the zod schemas from alicloud-alert-handler/schemas, in both formats', () => {
    const use = (load: string) => `
      ${load}
      const body = { RequestId: 'r', TotalCount: 'many', SuspEvents: [] };
      const result = schemas.DescribeSuspEvents.response.safeParse(body);
      console.log(JSON.stringify({ ok: result.success, path: result.error.issues[0].path, direct: DescribeSuspEventsResponseSchema === schemas.DescribeSuspEvents.response }));`;
    const expected = { ok: false, path: ['TotalCount'], direct: true };
    expect(
      runNode([
        '-e',
        use(
          "const { schemas, DescribeSuspEventsResponseSchema } = require('alicloud-alert-handler/schemas');",
        ),
      ]),
    ).toEqual(expected);
    expect(
      runNode([
        '--input-type=module',
        '-e',
        use("import { schemas, DescribeSuspEventsResponseSchema } from 'alicloud-alert-handler/schemas';"),
      ]),
    ).toEqual(expected);
  });
});

describe('built emulator command', () => {
  it('starts from dist/cli.js, prints its endpoint as JSON and stops on SIGTERM', async () => {
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, [`${root}dist/cli.js`, '--port', '0', '--json'], { cwd: root });
    const line = await new Promise<string>((resolve, reject) => {
      let buffer = '';
      child.stdout.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        if (buffer.includes('\n')) resolve(buffer.split('\n')[0] ?? '');
      });
      child.on('error', reject);
    });
    const started = JSON.parse(line) as { endpoint: string; protocol: string };
    expect(started.endpoint).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(started.protocol).toBe('http');
    const exit = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
  });
});

describe('built handler command', () => {
  it('runs from dist/handler-cli.js over dist/index.js, and reads YAML rule files with the yaml package', () => {
    expect(readFileSync(`${root}dist/handler-cli.js`, 'utf8')).toMatch(
      /^#!\/usr\/bin\/env node\n[\s\S]*from '\.\/index\.js';/,
    );
    const folder = mkdtempSync(join(tmpdir(), 'handler-cli-'));
    try {
      const rules = {
        name: 'built',
        version: 1,
        rules: [{ id: 'r', order: 1, match: { all: [] }, action: { skip: { reason: 'x' } } }],
      };
      writeFileSync(join(folder, 'rules.json'), JSON.stringify(rules));
      writeFileSync(join(folder, 'rules.yaml'), 'name: built\nversion: 1\nrules: []\n');
      const check = (file: string) =>
        execFileSync(process.execPath, [`${root}dist/handler-cli.js`, 'rules', 'check', join(folder, file)], {
          cwd: root,
          encoding: 'utf8',
        });
      expect(check('rules.json')).toContain(
        'valid rule set built@1, 1 rule (1 enabled, 0 dryRun, 0 disabled)',
      );
      expect(check('rules.yaml')).toContain('valid rule set built@1, 0 rules');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
