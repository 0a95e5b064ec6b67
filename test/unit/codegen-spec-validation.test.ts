import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generate, SPEC_DIR, SpecError } from '../../scripts/codegen.js';

describe('spec validation', () => {
  const temporary: string[] = [];
  afterEach(() => {
    for (const dir of temporary.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  /** A copy of the spec with one action file edited. */
  function editedSpec(file: string, edit: (action: Record<string, unknown>) => void): string {
    const dir = mkdtempSync(join(tmpdir(), 'spec-'));
    temporary.push(dir);
    cpSync(SPEC_DIR, dir, { recursive: true });
    const path = join(dir, file);
    const action = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    edit(action);
    writeFileSync(path, JSON.stringify(action));
    return dir;
  }

  function fieldOf(action: Record<string, unknown>, side: string, name: string): Record<string, unknown> {
    const field = (action[side] as Record<string, unknown>[]).find((candidate) => candidate.name === name);
    if (field === undefined) throw new Error(name);
    return field;
  }

  it('names the field that lacks a description, type or required flag', () => {
    const noDescription = editedSpec('sas/HandleSecurityEvents.json', (action) => {
      delete fieldOf(action, 'request', 'OperationCode').description;
    });
    expect(() => generate(noDescription)).toThrow(SpecError);
    expect(() => generate(noDescription)).toThrow(
      /sas\/HandleSecurityEvents\.json: request\.OperationCode: missing "description"/,
    );
    const noType = editedSpec('sas/DescribeSuspEvents.json', (action) => {
      const events = fieldOf(action, 'response', 'SuspEvents') as {
        items: { properties: Record<string, unknown>[] };
      };
      const level = events.items.properties.find((field) => field.name === 'Level');
      if (level !== undefined) delete level.type;
    });
    expect(() => generate(noType)).toThrow(/response\.SuspEvents\[\]\.Level: missing "type"/);
    const noRequired = editedSpec('sddp/DescribeRiskRules.json', (action) => {
      delete fieldOf(action, 'request', 'PageSize').required;
    });
    expect(() => generate(noRequired)).toThrow(/request\.PageSize: missing "required"/);
  });

  it('rejects an unknown type, naming the allowed set', () => {
    const dir = editedSpec('sas/HandleSecurityEvents.json', (action) => {
      fieldOf(action, 'request', 'Remark').type = 'text';
    });
    expect(() => generate(dir)).toThrow(
      /request\.Remark: "type" must be one of string, integer, int64.*got "text"/,
    );
  });

  it('rejects a multi-line description and an unknown key', () => {
    const multiLine = editedSpec('sas/HandleSecurityEvents.json', (action) => {
      fieldOf(action, 'request', 'Remark').description = 'one\ntwo';
    });
    expect(() => generate(multiLine)).toThrow(/request\.Remark: "description" must be one line/);
    const typo = editedSpec('sas/HandleSecurityEvents.json', (action) => {
      fieldOf(action, 'request', 'Remark').requried = true;
    });
    expect(() => generate(typo)).toThrow(/request\.Remark: unknown key "requried"/);
  });

  it('takes an action without parameters, never one without response fields', () => {
    const noParameters = editedSpec('sts/AssumeRole.json', (action) => {
      action.request = [];
    });
    expect(generate(noParameters).get('assume-role.ts')).toContain(
      'export type AssumeRoleRequest = Record<string, never>;',
    );
    const noResponse = editedSpec('sas/DescribeMonitorAccounts.json', (action) => {
      action.response = [];
    });
    expect(() => generate(noResponse)).toThrow(/DescribeMonitorAccounts\.json: response: .*non-empty/);
  });
});
