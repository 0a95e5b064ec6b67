/**
 * Least privilege: `requiredPermissions` covers every public method and action and derives plans'
 * needs, the two RAM policies hold what they should, and docs/credentials.md shows exactly them.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sampleAlerts, startEmulator } from '../../src/emulator/index.js';
import { actions } from '../../src/generated/index.js';
import {
  AccountFleet,
  type ActionName,
  AlertHandler,
  AssumeRoleCredentials,
  HANDLING_POLICY,
  managementPolicy,
  Operations,
  type PermissionTarget,
  type Plan,
  READ_ONLY_POLICY,
  ResourceDirectoryClient,
  RiskHandler,
  requiredPermissions,
  SasClient,
  SddpClient,
  StsClient,
  ValidationError,
} from '../../src/index.js';
import { caught } from '../support/caught.js';
import { ignorePlan } from '../support/plans.js';

/** The actions that reach the accounts of an organization: the management side, not the policies'. */
const ACCOUNT_ACTIONS: readonly string[] = [
  'DescribeMonitorAccounts',
  'ListAccountsInResourceDirectory',
  'AssumeRole',
  'ListAccounts',
];
const DOC = readFileSync(fileURLToPath(new URL('../../docs/credentials.md', import.meta.url)), 'utf8');
const CLASSES = {
  SasClient,
  SddpClient,
  StsClient,
  ResourceDirectoryClient,
  AssumeRoleCredentials,
  AlertHandler,
  RiskHandler,
  AccountFleet,
};
/** The methods that reach an organization's accounts (the management side): outside the two policies. */
const ACCOUNT_METHODS: readonly string[] = [
  'SasClient.describeMonitorAccounts',
  'SasClient.listAccountsInResourceDirectory',
  'StsClient.assumeRole',
  'ResourceDirectoryClient.listAccounts',
  'AssumeRoleCredentials.getCredential',
];

/** `Class.method` for every public method of the clients and handlers (accessors excluded). */
function publicMethods(): string[] {
  return Object.entries(CLASSES).flatMap(([name, type]) =>
    Object.entries(Object.getOwnPropertyDescriptors(type.prototype))
      .filter(([key, descriptor]) => key !== 'constructor' && typeof descriptor.value === 'function')
      .map(([key]) => `${name}.${key}`),
  );
}

/** The `| `method` | `ram:Action`, … |` rows of the doc's table. */
function documentedMethods(): Map<string, string[]> {
  const rows = [...DOC.matchAll(/^\| `(\w+\.\w+)` \| (.+) \|$/gm)];
  return new Map(
    rows.map(([, method = '', actions = '']) => [
      method,
      [...actions.matchAll(/`([^`]+)`/g)].map((match) => match[1] ?? ''),
    ]),
  );
}

/** The JSON block that follows a heading of the doc. */
function jsonAfter(heading: string): unknown {
  const section = DOC.slice(DOC.indexOf(heading));
  const block = /```json\n([\s\S]*?)```/.exec(section)?.[1];
  return JSON.parse(block ?? 'null');
}

function plan(batches: number): Plan {
  return ignorePlan(Array.from({ length: batches }, () => ['7009605']));
}

describe('requiredPermissions', () => {
  it('knows every public method of the clients, AlertHandler and RiskHandler', () => {
    const methods = publicMethods();
    expect(methods).toHaveLength(29);
    for (const method of methods) {
      const needed = requiredPermissions(method as PermissionTarget);
      expect(
        needed.every((action) => /^(yundun-(sas|sddp)|sts|resourcemanager):[A-Z]\w+$/.test(action)),
        method,
      ).toBe(true);
      // Only recommend() sends no request.
      expect(needed.length > 0, method).toBe(method !== 'AlertHandler.recommend');
    }
  });

  it('answers as the table of docs/credentials.md says, for every method', () => {
    const documented = documentedMethods();
    expect([...documented.keys()].sort()).toEqual(publicMethods().sort());
    for (const [method, ramActions] of documented) {
      const expected = ramActions[0]?.includes(':') ? ramActions : [];
      expect(requiredPermissions(method as PermissionTarget), method).toEqual(expected);
    }
  });

  it("gives each action's own RAM action, and each client method its action's", () => {
    for (const [name, descriptor] of Object.entries(actions)) {
      expect(requiredPermissions(name as ActionName)).toEqual([descriptor.ramAction]);
      const client = {
        Sas: 'SasClient',
        Sddp: 'SddpClient',
        Sts: 'StsClient',
        ResourceDirectoryMaster: 'ResourceDirectoryClient',
      }[descriptor.product];
      const method = `${client}.${name[0]?.toLowerCase()}${name.slice(1)}`;
      expect(requiredPermissions(method as PermissionTarget)).toEqual([descriptor.ramAction]);
    }
  });

  it('needs handling, task status and alert reads to execute a plan with batches; nothing for an empty one', () => {
    expect(requiredPermissions(plan(2))).toEqual([
      'yundun-sas:DescribeSecurityEventOperationStatus',
      'yundun-sas:DescribeSuspEvents',
      'yundun-sas:HandleSecurityEvents',
    ]);
    expect(requiredPermissions(plan(0))).toEqual([]);
    // The method covers every plan, whitelist batches included.
    expect(requiredPermissions('AlertHandler.execute')).toEqual(
      expect.arrayContaining(requiredPermissions(plan(1))),
    );
  });

  it('adds the re-read of whitelist rules for a plan with a whitelist batch', async () => {
    const whitelistPlan = ignorePlan([['7009605']]);
    const [batch] = whitelistPlan.batches;
    const withRules = {
      ...whitelistPlan,
      batches: [{ ...batch, operation: { ...batch?.operation, markMissParam: '[]' } }],
    } as Plan;
    expect(requiredPermissions(withRules)).toEqual([
      'yundun-sas:DescribeSecurityEventOperationStatus',
      'yundun-sas:DescribeSecurityEventOperations',
      'yundun-sas:DescribeSuspEvents',
      'yundun-sas:HandleSecurityEvents',
    ]);
    expect(requiredPermissions('AlertHandler.execute')).toEqual(requiredPermissions(withRules));
  });

  it('covers what executing a real plan sends', async () => {
    const emulator = await startEmulator({ alerts: sampleAlerts(5) });
    try {
      const alerts = new AlertHandler({
        endpoint: emulator.endpoint,
        protocol: 'http',
        credential: emulator.credentials,
        poll: { intervalMs: 1 },
      });
      const made = await alerts.plan([{ alertId: '7009605', operation: Operations.ignore() }]);
      emulator.reset();
      await alerts.execute(made);
      const sent = new Set(
        emulator.received.map((request) => actions[request.action as ActionName].ramAction),
      );
      expect(requiredPermissions(made)).toEqual(expect.arrayContaining([...sent]));
    } finally {
      await emulator.close();
    }
  });

  it.each([
    'toString',
    '__proto__',
    'SasClient.nothing',
    'sasclient.describeSuspEvents',
    'yundun-sas:HandleSecurityEvents',
    '',
    null,
    undefined,
    42,
    {},
    { batches: 'all' },
  ])('rejects the unknown target %j, naming target', (target) => {
    const error = (() => {
      try {
        requiredPermissions(target as PermissionTarget);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe('target');
  });
});

describe('RAM policies', () => {
  it('READ_ONLY_POLICY allows every handling action that changes nothing, and nothing else', () => {
    const reads = Object.values(actions)
      .filter((action) => (action.product === 'Sas' || action.product === 'Sddp') && !action.mutating)
      .filter((action) => !ACCOUNT_ACTIONS.includes(action.action))
      .map((action) => action.ramAction);
    expect(READ_ONLY_POLICY.Statement[0]?.Action).toEqual([...reads].sort());
    for (const method of ['AlertHandler.listAlerts', 'AlertHandler.plan', 'RiskHandler.listRisks'] as const) {
      expect(READ_ONLY_POLICY.Statement[0]?.Action).toEqual(
        expect.arrayContaining(requiredPermissions(method)),
      );
    }
  });

  it('HANDLING_POLICY allows what every method of alert and risk handling needs', () => {
    const handling = publicMethods().filter((method) => !ACCOUNT_METHODS.includes(method));
    // A fleet method's sts:AssumeRole is the management side's (managementPolicy), the rest the member's.
    const all = new Set(
      handling
        .flatMap((method) => requiredPermissions(method as PermissionTarget))
        .filter((action) => action !== 'sts:AssumeRole'),
    );
    expect(HANDLING_POLICY.Statement[0]?.Action).toEqual([...all].sort());
  });

  it("splits every fleet method's needs between managementPolicy() and the member's policies", () => {
    const fleet = publicMethods().filter((method) => method.startsWith('AccountFleet.'));
    expect(fleet).toHaveLength(6);
    const management = new Set(managementPolicy().Statement.flatMap((statement) => statement.Action));
    for (const method of fleet) {
      const needed = requiredPermissions(method as PermissionTarget);
      expect(needed, method).toContain('sts:AssumeRole');
      const member = needed.filter((action) => !management.has(action));
      expect(HANDLING_POLICY.Statement[0]?.Action, method).toEqual(expect.arrayContaining(member));
    }
    for (const method of [
      'AccountFleet.listAlerts',
      'AccountFleet.plan',
      'AccountFleet.planResponse',
    ] as const) {
      const member = requiredPermissions(method).filter((action) => !management.has(action));
      expect(READ_ONLY_POLICY.Statement[0]?.Action, method).toEqual(expect.arrayContaining(member));
    }
  });

  it('are frozen', () => {
    for (const policy of [READ_ONLY_POLICY, HANDLING_POLICY]) {
      expect(Object.isFrozen(policy) && Object.isFrozen(policy.Statement)).toBe(true);
      expect(Object.isFrozen(policy.Statement[0]) && Object.isFrozen(policy.Statement[0]?.Action)).toBe(true);
    }
  });

  it('are shown exactly in docs/credentials.md', () => {
    expect(jsonAfter('### Read-only policy')).toEqual(READ_ONLY_POLICY);
    expect(jsonAfter('### Handling policy')).toEqual(HANDLING_POLICY);
  });
});

describe('managementPolicy', () => {
  it('allows the listing calls given, and sts:AssumeRole on the role in the accounts given only', () => {
    expect(
      managementPolicy({
        discovery: ['ListAccountsInResourceDirectory'],
        roleName: 'AlertHandlerRole',
        accountIds: ['1234567890123456', '1234567890123457', '1234567890123456'],
      }),
    ).toEqual({
      Version: '1',
      Statement: [
        { Effect: 'Allow', Action: ['yundun-sas:ListAccountsInResourceDirectory'], Resource: '*' },
        {
          Effect: 'Allow',
          Action: ['sts:AssumeRole'],
          Resource: [
            'acs:ram:*:1234567890123456:role/AlertHandlerRole',
            'acs:ram:*:1234567890123457:role/AlertHandlerRole',
          ],
        },
      ],
    });
    expect(managementPolicy({ discovery: [] }).Statement.map((statement) => statement.Action)).toEqual([
      ['sts:AssumeRole'],
    ]);
  });

  it('is frozen', () => {
    const policy = managementPolicy();
    expect(Object.isFrozen(policy) && Object.isFrozen(policy.Statement)).toBe(true);
    for (const statement of policy.Statement) expect(Object.isFrozen(statement)).toBe(true);
  });

  it.each([
    ['discovery', { discovery: ['DescribeSuspEvents'] }],
    ['roleName', { roleName: 'role/with/slash' }],
    ['accountIds', { accountIds: ['*'] }],
    ['accountIds', { accountIds: ['12345678901234ab'] }],
  ])('rejects an invalid %s, naming it', (field, options) => {
    const error = caught(() => managementPolicy(options as never));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe(field);
  });
});
