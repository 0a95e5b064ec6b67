import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRuleFile } from '../../../src/cli/rule-file.js';
import { ValidationError } from '../../../src/index.js';

const YAML =
  'name: yaml-set\nversion: 1\nrules:\n  - id: close\n    order: 1\n    match: { all: [] }\n    action: { skip: { reason: later } }\n';

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'rule-file-'));
});
afterAll(() => rm(folder, { recursive: true, force: true }));

async function file(name: string, text: string): Promise<string> {
  const path = join(folder, name);
  await writeFile(path, text);
  return path;
}

describe('readRuleFile', () => {
  it('reads a .yml file with the yaml package, and a JSON file without it', async () => {
    let loaded = 0;
    const loadYaml = async () => {
      loaded += 1;
      return import('yaml');
    };
    expect((await readRuleFile(await file('set.yml', YAML), loadYaml)).name).toBe('yaml-set');
    const json = JSON.stringify({ name: 'json-set', version: 1, rules: [] });
    expect((await readRuleFile(await file('set.json', json), loadYaml)).name).toBe('json-set');
    expect(loaded).toBe(1);
  });

  it('says to install yaml when a YAML file is given and the package is missing', async () => {
    const missing = async () => {
      throw Object.assign(new Error("Cannot find package 'yaml'"), { code: 'ERR_MODULE_NOT_FOUND' });
    };
    await expect(readRuleFile(await file('set.yaml', YAML), missing)).rejects.toThrow(
      'install yaml to read YAML rule files (npm install yaml), or give the rule set as JSON.',
    );
  });

  it('names the file that is not YAML, or holds no rule set', async () => {
    await expect(readRuleFile(await file('bad.yaml', 'rules: [unclosed'))).rejects.toThrow(
      /bad\.yaml is not valid YAML: /,
    );
    await expect(readRuleFile(await file('text.yaml', 'just words'))).rejects.toThrow(
      'text.yaml holds text, not a rule set.',
    );
    await expect(readRuleFile(await file('empty.yaml', 'name: x\n'))).rejects.toThrow(ValidationError);
    await expect(readRuleFile(join(folder, 'none.json'))).rejects.toThrow(
      /cannot read the rule file .*none\.json: no such file/,
    );
  });
});
