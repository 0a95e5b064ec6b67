import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const outDir = `${root}.tmp/snippets`;

interface Snippet {
  readonly name: string;
  readonly code: string;
  /** Marked `<!-- snippet: run -->`: needs no account, so it is run too. */
  readonly run: boolean;
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
    return [...text.matchAll(/(<!-- snippet: run -->\s*)?```ts\n([\s\S]*?)```/g)].map((match, index) => ({
      name: `${document.replace(/[/.]/g, '_')}_${index + 1}`,
      code: match[2] ?? '',
      run: match[1] !== undefined,
    }));
  });
}

const all = snippets();

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

  it.each(all.filter((snippet) => snippet.run).map((snippet) => [snippet.name, snippet] as const))(
    '%s runs against the emulator',
    (_name, snippet) => {
      const output = execFileSync(process.execPath, ['--import', 'tsx', `${outDir}/${snippet.name}.ts`], {
        cwd: root,
        encoding: 'utf8',
        timeout: 60_000,
        env: { ...process.env, ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true' },
      });
      expect(output.length).toBeGreaterThan(0);
    },
    60_000,
  );
});
