/**
 * docs/accounts.md stays true to the code: its management policy is `managementPolicy()`, its member
 * policy is what `requiredPermissions` gives for listing, planning and executing, and its trust policy
 * is a RAM trust policy that lets one principal assume the role.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { managementPolicy, type PermissionMethod, requiredPermissions } from '../../src/index.js';

const DOC = readFileSync(fileURLToPath(new URL('../../docs/accounts.md', import.meta.url)), 'utf8');

/** The first JSON block after a heading of the doc. */
function jsonAfter(heading: string): unknown {
  const at = DOC.indexOf(heading);
  expect(at, heading).toBeGreaterThan(-1);
  return JSON.parse(/```json\n([\s\S]*?)```/.exec(DOC.slice(at))?.[1] ?? 'null');
}

describe('docs/accounts.md', () => {
  it('shows managementPolicy() with its defaults', () => {
    expect(jsonAfter('### Management side')).toEqual(managementPolicy());
  });

  it('shows the member policy requiredPermissions gives for listing, planning and executing', () => {
    const methods: PermissionMethod[] = [
      'AlertHandler.listAlerts',
      'AlertHandler.plan',
      'AlertHandler.execute',
    ];
    const Action = [...new Set(methods.flatMap((method) => requiredPermissions(method)))].sort();
    expect(jsonAfter('### Member side')).toEqual({
      Version: '1',
      Statement: [{ Effect: 'Allow', Action, Resource: '*' }],
    });
  });

  it('shows a trust policy that lets one RAM principal of the management account assume the role', () => {
    expect(jsonAfter("### The role's trust policy")).toEqual({
      Version: '1',
      Statement: [
        {
          Effect: 'Allow',
          Action: 'sts:AssumeRole',
          Principal: { RAM: [expect.stringMatching(/^acs:ram::\d+:(root|role\/[\w.-]+|user\/[\w.@-]+)$/)] },
        },
      ],
    });
  });
});
