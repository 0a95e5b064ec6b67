import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCassette } from '../../src/emulator/index.js';
import { CASSETTES_DIR } from '../support/replay.js';

const CONTRACT_DIR = new URL('./', import.meta.url);

async function cassetteFiles(): Promise<string[]> {
  const entries = await readdir(CASSETTES_DIR, { recursive: true });
  return entries.filter((entry) => entry.endsWith('.json')).sort();
}

async function contractTests(): Promise<string> {
  const files = (await readdir(CONTRACT_DIR)).filter((file) => file.endsWith('.contract.test.ts'));
  const texts = await Promise.all(files.map((file) => readFile(new URL(file, CONTRACT_DIR), 'utf8')));
  return texts.join('\n');
}

describe('cassette fixtures', () => {
  it('are valid cassettes named after their file', async () => {
    const files = await cassetteFiles();

    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const cassette = await readCassette(join(CASSETTES_DIR, file));
      expect(cassette.name, file).toBe(expectedName(file));
    }
  });

  it('are each documented in the fixtures README and replayed by a contract test', async () => {
    const readme = await readFile(new URL('../fixtures/README.md', import.meta.url), 'utf8');
    const tests = await contractTests();

    for (const file of (await cassetteFiles()).filter((entry) => dirname(entry) === '.')) {
      const name = file.replace(/\.json$/, '');
      expect(readme, `${file} in README`).toContain(`\`${file}\``);
      expect(tests, `${name} replayed`).toContain(`'${name}'`);
    }
  });
});

/** A cassette is named after its file; those `npm run record` writes to `recorded/` get a `recorded-` prefix. */
function expectedName(file: string): string {
  const name = basename(file, '.json');
  return dirname(file) === 'recorded' ? `recorded-${name}` : name;
}
