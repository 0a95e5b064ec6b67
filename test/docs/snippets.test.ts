import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_SCENARIO,
  EMULATOR_TEST_KEY,
  type Emulator,
  scenarioToOptions,
  startEmulator,
} from '../../src/emulator/index.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const outDir = `${root}.tmp/snippets`;

interface Snippet {
  readonly name: string;
  readonly code: string;
  /**
   * `run`: marked `<!-- snippet: run -->`, it needs no account, so it is run as it is. `emulator`:
   * marked `<!-- snippet: emulator -->`, it is written for an account and run against an emulator of
   * the default scenario, its `regionId: '…'` replaced by the emulator's URL and test key.
   */
  readonly run: 'run' | 'emulator' | undefined;
}

/** Every ```ts block of README.md and docs/*.md. */
function snippets(): Snippet[] {
  const documents = [
    'README.md',
    ...readdirSync(`${root}docs`)
      .filter((file) => file.endsWith('.md'))
      .map((file) => `docs/${file}`),
  ];
  return documents.flatMap((document) => {
    const text = readFileSync(`${root}${document}`, 'utf8');
    return [...text.matchAll(/(?:<!-- snippet: (run|emulator) -->\s*)?```ts\n([\s\S]*?)```/g)].map(
      (match, index) => ({
        name: `${document.replace(/[/.]/g, '_')}_${index + 1}`,
        code: match[2] ?? '',
        run: match[1] as Snippet['run'],
      }),
    );
  });
}

const all = snippets();

/** The alert IDs of the default scenario, the one `npm run emulator` and `npm run demo` serve. */
const SCENARIO_ALERT_IDS = new Set(
  scenarioToOptions(DEFAULT_SCENARIO).state.alerts?.map((alert) => String(alert.Id)),
);

/** Alert IDs written in a snippet: the 7-digit numbers, quoted or not, that the docs use for alerts. */
function alertIds(code: string): string[] {
  return [...code.matchAll(/(?<![\w.])7\d{6}(?![\w.])/g)].map((match) => match[0]);
}

/** The snippet connected to `emulator`: each `regionId: '…'` becomes its URL and the test key. */
function againstEmulator(code: string, emulator: Emulator): string {
  const connection = `endpoint: '${emulator.url}', credential: ${JSON.stringify(EMULATOR_TEST_KEY)}`;
  return code.replaceAll(/regionId: '[^']*'/g, connection);
}

/** Runs a snippet's file; not synchronously, so that an emulator in this process goes on answering. */
async function runSnippet(name: string): Promise<string> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', `${outDir}/${name}.ts`],
    {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true' },
    },
  );
  return stdout;
}

const emulators: Emulator[] = [];
afterEach(async () => {
  await Promise.all(emulators.splice(0).map((emulator) => emulator.close()));
});

describe('code snippets of README.md and docs/', () => {
  beforeAll(() => {
    rmSync(outDir, { recursive: true, force: true });
    mkdirSync(outDir, { recursive: true });
    for (const snippet of all) writeFileSync(`${outDir}/${snippet.name}.ts`, `${snippet.code}\nexport {};\n`);
    writeFileSync(
      `${outDir}/tsconfig.json`,
      JSON.stringify({ extends: '../../tsconfig.json', include: ['./*.ts'] }),
    );
  });

  it('finds the snippets', () => {
    expect(all.length).toBeGreaterThanOrEqual(10);
    expect(all.filter((snippet) => snippet.run === 'emulator').map((snippet) => snippet.name)).toContain(
      'README_md_1',
    );
  });

  it('use alert IDs that the default scenario of the emulator has', () => {
    expect(SCENARIO_ALERT_IDS.size).toBe(45);
    const unknown = all.flatMap((snippet) =>
      alertIds(snippet.code)
        .filter((id) => !SCENARIO_ALERT_IDS.has(id))
        .map((id) => `${snippet.name}: ${id}`),
    );
    expect(unknown).toEqual([]);
    expect(alertIds("handle(['7009586'], op); blockIp(7009607); 17009607; 7009607.5")).toEqual([
      '7009586',
      '7009607',
    ]);
  });

  it('type-check against the public API', () => {
    const tsc = `${root}node_modules/typescript/bin/tsc`;
    let output = '';
    try {
      execFileSync(process.execPath, [tsc, '-p', `${outDir}/tsconfig.json`], { encoding: 'utf8' });
    } catch (error) {
      output = String((error as { stdout?: string }).stdout);
    }
    expect(output).toBe('');
  }, 120_000);

  it.each(all.filter((snippet) => snippet.run === 'run').map((snippet) => [snippet.name, snippet] as const))(
    '%s runs as it is',
    async (_name, snippet) => {
      expect((await runSnippet(snippet.name)).length).toBeGreaterThan(0);
    },
    60_000,
  );

  it.each(
    all.filter((snippet) => snippet.run === 'emulator').map((snippet) => [snippet.name, snippet] as const),
  )(
    '%s runs against an emulator of the default scenario, with its URL and test key',
    async (_name, snippet) => {
      const emulator = await startEmulator({ ...scenarioToOptions(DEFAULT_SCENARIO), ...EMULATOR_TEST_KEY });
      emulators.push(emulator);
      const code = againstEmulator(snippet.code, emulator);
      expect(code).not.toContain('regionId');
      writeFileSync(`${outDir}/${snippet.name}_emulator.ts`, `${code}\nexport {};\n`);
      const output = await runSnippet(`${snippet.name}_emulator`);
      expect(output.length).toBeGreaterThan(0);
      expect(emulator.count()).toBeGreaterThan(0);
      // A snippet that handles alerts handled some: its IDs and operations are ones the scenario has.
      if (/\.execute\(|handleSecurityEvents\(/.test(snippet.code)) {
        expect(emulator.state.handleLog().length).toBeGreaterThan(0);
      }
    },
    60_000,
  );
});
