/**
 * Plans are verified data: a version, times, a digest over the content; `parsePlan` checks a stored plan
 * and execution checks every plan it is given before its first request.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ExecuteCalls, executePlan } from '../../../src/alerts/execute.js';
import { buildPlan } from '../../../src/alerts/plan.js';
import { executablePlan, sealPlan } from '../../../src/alerts/plan-format.js';
import type { SasCalls } from '../../../src/alerts/sas-calls.js';
import {
  type Operation,
  Operations,
  PLAN_FORMAT_VERSION,
  type Plan,
  PlanExpiredError,
  parsePlan,
  ValidationError,
} from '../../../src/index.js';
import { caught, failure } from '../../support/caught.js';

const CODES = ['block_ip', 'kill_and_quara', 'virus_quara', 'ignore', 'advance_mark_mis_info'];
const EXISTING_RULE = { uuid: 'ALL', field: 'loginUser', operate: 'strEqual', fieldValue: 'admin' };

/** Operation queries answered at once: every code offered, allowed unless the alert ID ends in 9. */
const QUERIES: Pick<SasCalls, 'describeSecurityEventOperations'> = {
  describeSecurityEventOperations: async (request) => ({
    RequestId: 'R',
    SecurityEventOperationsResponse: CODES.map((code) => ({
      OperationCode: code,
      UserCanOperate: !String(request.SecurityEventId).endsWith('9'),
      OperationParams: '{}',
      ...(code === 'advance_mark_mis_info' && {
        MarkField: [
          {
            Uuid: EXISTING_RULE.uuid,
            FiledName: EXISTING_RULE.field,
            MarkMisType: EXISTING_RULE.operate,
            MarkMisValue: EXISTING_RULE.fieldValue,
          },
        ],
        MarkFieldsSource: [{ FiledName: 'loginUser', SupportedMisType: ['strEqual'] }],
      }),
    })),
  }),
};

/** Execution calls that record every request (none is expected). */
function recordingCalls(): ExecuteCalls & { sent: string[] } {
  const sent: string[] = [];
  const refuse = (action: string) => async () => {
    sent.push(action);
    throw new Error(`${action} must not be called`);
  };
  return {
    sent,
    handleSecurityEvents: refuse('HandleSecurityEvents'),
    describeSecurityEventOperationStatus: refuse('DescribeSecurityEventOperationStatus'),
    describeSuspEvents: refuse('DescribeSuspEvents'),
  };
}

const NOW = Date.UTC(2026, 0, 15, 8);
const operation = fc.oneof(
  fc.constant(Operations.ignore()),
  fc.constant(Operations.quarantineFile()),
  fc.boolean().map((quarantine) => Operations.killAndQuarantine({ quarantine })),
  fc
    .constantFrom('6h', '1d', '7d', '30d' as const)
    .map((duration) => Operations.blockIp({ duration, now: () => NOW })),
  fc
    .constantFrom('root', 'deploy', 'admin')
    .map((value) =>
      Operations.whitelist({ rules: [{ field: 'loginUser', operate: 'strEqual', value }], scope: 'ALL' }),
    ),
  fc.constant({ ...Operations.ignore(), code: 'client_problem_check' }),
);
const requests = fc.uniqueArray(
  fc.record({ alertId: fc.integer({ min: 1, max: 99_999_999 }).map(String), operation }),
  { minLength: 1, maxLength: 60, selector: (request) => request.alertId },
);
const planOptions = fc.record(
  { batchSize: fc.integer({ min: 1, max: 100 }), ttlMs: fc.integer({ min: 1, max: 86_400_000 }) },
  { requiredKeys: ['batchSize'] },
);
async function planOf(made: { alertId: string; operation: Operation }[], options = {}): Promise<Plan> {
  return buildPlan(QUERIES, made, options);
}

/** The problem paths `parsePlan` reports for `value`; `[]` when it accepts it. */
function issuePaths(value: unknown): string[] {
  const error = caught(() => {
    parsePlan(value);
    throw new Error('accepted');
  });
  if (!(error instanceof ValidationError)) return [];
  return error.issues.map((issue) => issue.path);
}

/** A copy of a plan, as JSON data, for tampering. */
function editable(plan: Plan): { [key: string]: unknown; batches: { [key: string]: unknown }[] } {
  return JSON.parse(JSON.stringify(plan));
}

describe('plans made by the planner', () => {
  it('carry the format version, their creation time, a digest, and an expiry when ttlMs is given', async () => {
    const before = Date.now();
    const plan = await planOf([{ alertId: '1', operation: Operations.ignore() }], { ttlMs: 3_600_000 });
    expect(plan.version).toBe(PLAN_FORMAT_VERSION);
    expect(plan.digest).toMatch(/^[0-9a-f]{64}$/);
    const created = Date.parse(plan.createdAt);
    expect(created).toBeGreaterThanOrEqual(before);
    expect(Date.parse(plan.expiresAt ?? '')).toBe(created + 3_600_000);
    expect((await planOf([{ alertId: '1', operation: Operations.ignore() }])).expiresAt).toBeUndefined();
  });

  it('refuses a ttlMs that is not an integer from 1 ms to 365 days, before any query', async () => {
    for (const ttlMs of [0, -1, 1.5, 365 * 86_400_000 + 1, Number.NaN, '1h']) {
      const error = await failure(
        planOf([{ alertId: '1', operation: Operations.ignore() }], { ttlMs } as never),
      );
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toBe('ttlMs');
    }
  });

  it('refuses operations that would make a plan execution refuses, naming the request', async () => {
    const fields = await Promise.all(
      [
        { code: 'new_code', params: '{}', destructive: false, description: 'New' },
        { ...Operations.blockIp({ duration: '1d' }), params: '{}' },
        { ...Operations.killAndQuarantine(), params: '{"subOperation":"killAll"}' },
        { ...Operations.ignore(), markMissParam: '[]' },
        {
          ...Operations.whitelist({
            rules: [{ field: 'loginUser', operate: 'strEqual', value: 'x' }],
            scope: 'ALL',
          }),
          rules: [],
        },
      ].map(async (made) => {
        const error = await failure(planOf([{ alertId: '1', operation: made as Operation }]));
        expect(error).toBeInstanceOf(ValidationError);
        return (error as ValidationError).field;
      }),
    );
    expect(fields).toEqual([
      'requests[0].operation.code',
      'requests[0].operation.params',
      'requests[0].operation.params',
      'requests[0].operation.markMissParam',
      'requests[0].operation.rules',
    ]);
  });

  it('round-trip through JSON and parsePlan to an equal plan (property)', async () => {
    await fc.assert(
      fc.asyncProperty(requests, planOptions, async (made, options) => {
        const plan = await planOf(made, options);
        expect(JSON.parse(JSON.stringify(plan))).toEqual(plan);
        expect(parsePlan(JSON.stringify(plan))).toEqual(plan);
        expect(parsePlan(plan)).toEqual(plan);
        expect(parsePlan(plan)).not.toBe(plan);
      }),
      { numRuns: 100 },
    );
  });
});

/** Single changes to a stored plan, and the path each must be refused at. */
const TAMPERINGS: readonly [
  name: string,
  tamper: (plan: ReturnType<typeof editable>) => void,
  path: (plan: Plan) => string,
][] = [
  [
    'the same alert in a second batch',
    (plan) => {
      const first = plan.batches[0] as { alertIds: string[] };
      plan.batches.push({ ...plan.batches[0], alertIds: [first.alertIds[0]] });
    },
    (plan) => `batches[${plan.batches.length}].alertIds[0]`,
  ],
  [
    '101 alerts in a batch',
    (plan) => {
      (plan.batches[0] as { alertIds: string[] }).alertIds = Array.from({ length: 101 }, (_, index) =>
        String(900_000_000 + index),
      );
    },
    () => 'batches[0].alertIds',
  ],
  [
    'an unknown operation code',
    (plan) => {
      (plan.batches[0] as { operation: { code: string } }).operation.code = 'new_code';
    },
    () => 'batches[0].operation.code',
  ],
  [
    'parameters another code takes',
    (plan) => {
      const { operation } = plan.batches[0] as { operation: { code: string; params: string } };
      operation.params =
        operation.code === 'block_ip' ? '{"subOperation":"quaraFileByMd5andPath"}' : '{"expireTime":1}';
    },
    () => 'batches[0].operation.params',
  ],
  [
    'a changed digest',
    (plan) => {
      const digest = plan.digest as string;
      plan.digest = `${digest[0] === '0' ? '1' : '0'}${digest.slice(1)}`;
    },
    () => 'digest',
  ],
  [
    'a changed alert ID',
    (plan) => {
      (plan.batches[0] as { alertIds: string[] }).alertIds[0] = '900000001';
    },
    () => 'digest',
  ],
  [
    'another format version',
    (plan) => {
      plan.version = 2;
    },
    () => 'version',
  ],
];

describe('parsePlan', () => {
  it.each(TAMPERINGS)('refuses %s, naming its path (property)', async (_, tamper, path) => {
    await fc.assert(
      fc.asyncProperty(requests, planOptions, async (made, options) => {
        const plan = await planOf(made, options);
        fc.pre(plan.batches.length > 0);
        const tampered = editable(plan);
        tamper(tampered);
        expect(issuePaths(tampered)).toContain(path(plan));
        expect(issuePaths(JSON.stringify(tampered))).toContain(path(plan));
      }),
      { numRuns: 40 },
    );
  });

  it('finds a changed alert ID by the digest alone', async () => {
    const plan = await planOf([{ alertId: '1', operation: Operations.ignore() }]);
    const tampered = editable(plan);
    (tampered.batches[0] as { alertIds: string[] }).alertIds = ['2'];
    const error = caught(() => parsePlan(tampered)) as ValidationError;
    expect(error.issues).toEqual([
      { path: 'digest', message: 'does not match the plan: the plan was changed after it was made' },
    ]);
    expect(error.message).toMatch(/^The plan is not valid: `digest` does not match/);
  });

  it('refuses an alert in two batches even under a digest computed again', () => {
    const twice = sealPlan({
      createdAt: new Date(0).toISOString(),
      batches: [
        { operation: Operations.ignore(), alertIds: ['7009607'] },
        { operation: Operations.markHandled(), alertIds: ['7009608', '7009607'] },
      ],
      skipped: [{ alertId: '7009608', operation: 'block_ip', reason: 'not offered' }],
    });
    const error = caught(() => parsePlan(JSON.stringify(twice))) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.issues).toEqual([
      {
        path: 'batches[1].alertIds[1]',
        message: 'alert 7009607 is already in batches[0]: a plan handles each alert once',
      },
      {
        path: 'skipped[0].alertId',
        message: 'alert 7009608 is already in batches[1]: a plan handles each alert once',
      },
    ]);
  });

  it('lists every problem, each with its path', () => {
    const error = caught(() =>
      parsePlan({
        version: 1,
        createdAt: 'yesterday',
        expiresAt: new Date(0).toISOString(),
        destructive: false,
        batches: [
          {
            operation: {
              code: 'kill_and_quara',
              displayName: 'Kill and Quarantine',
              description: 'kill',
              params: '{"subOperation":"killAll"}',
              markMissParam: '[]',
              destructive: false,
            },
            alertIds: ['1', 'x1', '1'],
          },
          {
            operation: {
              code: 'advance_mark_mis_info',
              displayName: 'Advanced Whitelist',
              description: 'whitelist',
              params: '{}',
              markMissParam: '[{"uuid":"ALL","field":"loginUser","operate":"strEqual"}]',
              destructive: true,
            },
            alertIds: [],
            note: 'extra',
          },
          {
            operation: {
              code: 'client_problem_check',
              displayName: 'Agent Troubleshooting',
              description: 'check',
              params: '{}',
              destructive: false,
            },
            alertIds: ['2'],
          },
        ],
        skipped: [{ alertId: 3, operation: 'new_code', reason: 'why' }],
        digest: 'abc',
      }),
    ) as ValidationError;
    expect(error.issues.map((issue) => issue.path)).toEqual([
      'createdAt',
      'batches[0].alertIds[1]',
      'batches[0].alertIds[2]',
      'batches[0].operation.params',
      'batches[0].operation.markMissParam',
      'batches[0].operation.destructive',
      'batches[1].note',
      'batches[1].alertIds',
      'batches[1].operation.markMissParam[0].fieldValue',
      'batches[2].operation.code',
      'skipped[0].alertId',
      'skipped[0].operation',
      'digest',
    ]);
    expect(error.field).toBe('createdAt');
  });

  it.each([
    ['JSON that does not parse', '{"version":1,', ''],
    ['a value that is not an object', '[]', ''],
    ['an empty object', {}, 'version'],
    ['null', null, ''],
    ['a plan without batches', { version: 1 }, 'batches'],
    [
      'an expiry before the creation',
      { version: 1, createdAt: '2026-01-15T08:00:00.000Z', expiresAt: '2026-01-15T07:00:00.000Z' },
      'expiresAt',
    ],
    ['an unknown field', { version: 1, approvedBy: 'me' }, 'approvedBy'],
  ])('refuses %s with a ValidationError', (_, value, path) => {
    expect(issuePaths(value)).toContain(path);
  });

  it('reports a plan of another format version by its version alone', async () => {
    const plan = await planOf([{ alertId: '1', operation: Operations.ignore() }]);
    const error = caught(() => parsePlan({ ...plan, version: 2, approvals: [] })) as ValidationError;
    expect(error.issues).toEqual([
      { path: 'version', message: 'must be 1 (the plan format this package reads), got 2' },
    ]);
  });

  it('keeps the digest of what JSON keeps: an undefined field counts as absent', async () => {
    const plan = await planOf([{ alertId: '1', operation: Operations.ignore() }]);
    expect(parsePlan({ ...plan, expiresAt: undefined })).toEqual(plan);
  });

  it('reads an expired plan, which execution refuses with PlanExpiredError', async () => {
    const plan = sealPlan({
      createdAt: new Date(NOW).toISOString(),
      expiresAt: new Date(NOW + 60_000).toISOString(),
      batches: [{ operation: Operations.ignore(), alertIds: ['1'] }],
      skipped: [],
    });
    expect(parsePlan(JSON.stringify(plan))).toEqual(plan);
    expect(executablePlan(plan, NOW + 59_999)).toEqual(plan);
    const error = caught(() => executablePlan(plan, NOW + 60_000));
    expect(error).toBeInstanceOf(PlanExpiredError);
    expect(error).toMatchObject({
      code: 'PlanExpired',
      delivery: 'notSent',
      expiresAt: '2026-01-15T08:01:00.000Z',
    });
  });
});

describe('executePlan checks the plan before its first request', () => {
  it('refuses execute({}) with a ValidationError, not a TypeError, and sends nothing', async () => {
    const calls = recordingCalls();
    const error = await failure(executePlan(calls, {} as never));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe('version');
    expect(calls.sent).toEqual([]);
  });

  it('refuses a stored plan with the same alert in two batches, sending nothing', async () => {
    const calls = recordingCalls();
    const twice = sealPlan({
      createdAt: new Date(0).toISOString(),
      batches: [
        { operation: Operations.ignore(), alertIds: ['7009607'] },
        { operation: Operations.ignore(), alertIds: ['7009607'] },
      ],
      skipped: [],
    });
    const error = await failure(executePlan(calls, JSON.parse(JSON.stringify(twice))));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe('batches[1].alertIds[0]');
    expect(calls.sent).toEqual([]);
  });

  it('refuses an expired plan with PlanExpiredError, sending nothing', async () => {
    const calls = recordingCalls();
    const expired = sealPlan({
      createdAt: new Date(0).toISOString(),
      expiresAt: new Date(1000).toISOString(),
      batches: [{ operation: Operations.ignore(), alertIds: ['7009607'] }],
      skipped: [],
    });
    expect(await failure(executePlan(calls, expired))).toBeInstanceOf(PlanExpiredError);
    expect(calls.sent).toEqual([]);
  });
});
