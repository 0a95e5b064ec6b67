import { describe, expect, it } from 'vitest';
import { countFaults } from '../../src/emulator/faults/fault-counts.js';
import { FaultPlan } from '../../src/emulator/faults/fault-plan.js';
import { type FaultContext, faultReply } from '../../src/emulator/faults/fault-reply.js';
import { parseFaultRules } from '../../src/emulator/faults/parse-faults.js';
import { truncatedJson } from '../../src/emulator/faults/truncated-json.js';
import type { EmulatorReply } from '../../src/emulator/http/handler.js';
import {
  APPLYING_FAULTS,
  FAULT_KINDS,
  type FaultKind,
  type FaultRule,
  parseScenario,
  type ReceivedRequest,
  ScenarioError,
  scenarioToOptions,
} from '../../src/emulator/index.js';
import { TaskStore } from '../../src/emulator/state/handling/task-store.js';

/** The kinds `plan` picks for `count` requests of `action`, `-` for none. */
function picks(plan: FaultPlan, count: number, action = 'DescribeSuspEvents'): string[] {
  return Array.from({ length: count }, () => plan.pick(action)?.kind ?? '-');
}

/** Positions of the faulted requests among `kinds`. */
const faultedAt = (kinds: readonly string[]) => kinds.flatMap((kind, index) => (kind === '-' ? [] : [index]));

describe('FaultPlan', () => {
  it('gives a queue to the next matching requests in order, then nothing', () => {
    const plan = new FaultPlan('s', [{ action: 'HandleSecurityEvents', queue: ['throttle', 'hang'] }]);

    expect(picks(plan, 2, 'DescribeSuspEvents')).toEqual(['-', '-']);
    expect(picks(plan, 4, 'HandleSecurityEvents')).toEqual(['throttle', 'hang', '-', '-']);
  });

  it("matches every action with '*'", () => {
    const plan = new FaultPlan('s', [{ action: '*', queue: ['throttle', 'internalError', 'html503'] }]);

    expect([
      plan.pick('DescribeSuspEvents')?.kind,
      plan.pick('PreHandleAuditRisk')?.kind,
      plan.pick('HandleSecurityEvents')?.kind,
      plan.pick('DescribeSuspEvents')?.kind,
    ]).toEqual(['throttle', 'internalError', 'html503', undefined]);
  });

  it('lets a queue with faults left take precedence over rate rules, the first queue first', () => {
    const plan = new FaultPlan('s', [
      { action: '*', rate: 1, kinds: ['internalError'] },
      { action: 'DescribeSuspEvents', queue: ['throttle'] },
      { action: '*', queue: ['html503'] },
    ]);

    expect(picks(plan, 4)).toEqual(['throttle', 'html503', 'internalError', 'internalError']);
  });

  it('strikes at the same requests with the same seed, at others with another seed', () => {
    const rule: FaultRule = { action: '*', rate: 0.2, kinds: ['throttle', 'resetBeforeApply'] };
    const first = picks(new FaultPlan('seed-a', [rule]), 500);

    expect(picks(new FaultPlan('seed-a', [rule]), 500)).toEqual(first);
    expect(faultedAt(picks(new FaultPlan('seed-b', [rule]), 500))).not.toEqual(faultedAt(first));
  });

  it('keeps a rate rule’s faults independent of the requests other rules match', () => {
    const rule: FaultRule = { action: 'HandleSecurityEvents', rate: 0.3, kinds: ['throttle'] };
    const alone = new FaultPlan('s', [rule]);
    const mixed = new FaultPlan('s', [rule, { action: 'DescribeSuspEvents', rate: 0.5, kinds: ['hang'] }]);
    const fromMixed: string[] = [];
    for (let index = 0; index < 200; index++) {
      mixed.pick('DescribeSuspEvents');
      fromMixed.push(mixed.pick('HandleSecurityEvents')?.kind ?? '-');
    }

    expect(fromMixed).toEqual(picks(alone, 200, 'HandleSecurityEvents'));
  });

  it('faults close to the rate, the kinds drawn evenly', () => {
    const kinds: FaultKind[] = ['throttle', 'internalError', 'html503', 'malformedJson'];
    const picked = picks(new FaultPlan('rate', [{ action: '*', rate: 0.2, kinds }]), 10_000);
    const faulted = picked.filter((kind) => kind !== '-');

    expect(faulted.length).toBeGreaterThan(1_850);
    expect(faulted.length).toBeLessThan(2_150);
    for (const kind of kinds) {
      const share = faulted.filter((each) => each === kind).length / faulted.length;
      expect(share).toBeGreaterThan(0.2);
      expect(share).toBeLessThan(0.3);
    }
  });

  it('never faults at rate 0 and always at rate 1', () => {
    expect(picks(new FaultPlan('s', [{ action: '*', rate: 0, kinds: ['hang'] }]), 100)).not.toContain('hang');
    expect(new Set(picks(new FaultPlan('s', [{ action: '*', rate: 1, kinds: ['hang'] }]), 100))).toEqual(
      new Set(['hang']),
    );
  });

  it("delays latency faults by the rule's latencyMs, 200 ms by default", () => {
    const plan = new FaultPlan('s', [
      { action: 'DescribeSuspEvents', queue: ['latency'] },
      { action: 'DescribeSuspEvents', queue: ['latency'], latencyMs: 1_500 },
    ]);

    expect(plan.pick('DescribeSuspEvents')).toEqual({ kind: 'latency', latencyMs: 200 });
    expect(plan.pick('DescribeSuspEvents')).toEqual({ kind: 'latency', latencyMs: 1_500 });
  });

  it('stops faulting on clear() and takes new rules after it', () => {
    const plan = new FaultPlan('s', [{ action: '*', queue: ['throttle', 'throttle'] }]);
    plan.pick('DescribeSuspEvents');
    plan.clear();

    expect(plan.pick('DescribeSuspEvents')).toBeUndefined();
    plan.add([{ action: '*', queue: ['hang'] }]);
    expect(picks(plan, 2)).toEqual(['hang', '-']);
  });
});

describe('faultReply', () => {
  const applied: EmulatorReply = {
    status: 200,
    body: { HandleSecurityEventsResponse: { TaskId: 20_000_001 } },
  };

  /** The reply of one fault, and what it did to the request. */
  async function strike(kind: FaultKind, latencyMs = 200) {
    const effects = { applied: 0, stalled: [] as number[] };
    const context: FaultContext = {
      action: 'HandleSecurityEvents',
      requestId: 'REQ-1',
      apply: async () => {
        effects.applied += 1;
        return applied;
      },
      stallTask: (taskId) => effects.stalled.push(taskId),
    };
    return { reply: await faultReply({ kind, latencyMs }, context), ...effects };
  }

  it.each<[FaultKind, Partial<EmulatorReply>]>([
    [
      'throttle',
      {
        status: 400,
        body: { Code: 'Throttling.User', Message: 'Request was denied due to user flow control.' },
      },
    ],
    ['internalError', { status: 500, body: expect.objectContaining({ Code: 'InternalError' }) }],
    ['resetBeforeApply', { dropConnection: true }],
    ['hang', { neverAnswer: true }],
  ])('answers %s without applying the request', async (kind, reply) => {
    const struck = await strike(kind);

    expect(struck.reply).toMatchObject(reply);
    expect(struck.applied).toBe(0);
  });

  it('answers html503 with a gateway page, as text/html', async () => {
    const { reply, applied: count } = await strike('html503');

    expect(reply.status).toBe(503);
    expect(reply.headers).toEqual({ 'content-type': 'text/html;charset=utf-8' });
    expect(reply.body).toMatch(/^<!DOCTYPE html>[\s\S]*503 Service Temporarily Unavailable/);
    expect(count).toBe(0);
  });

  it('answers malformedJson with a 200 JSON body cut short', async () => {
    const { reply, applied: count } = await strike('malformedJson');

    expect(reply).toMatchObject({
      status: 200,
      body: '{"RequestId":"REQ-1","HandleSecurityEventsResponse":{',
      headers: { 'content-type': 'application/json;charset=utf-8' },
    });
    expect(count).toBe(0);
  });

  it.each<[FaultKind, Partial<EmulatorReply>]>([
    ['resetAfterApply', { dropConnection: true }],
    ['hangAfterApply', { neverAnswer: true }],
    ['latency', { ...applied, delayMs: 350 }],
    ['stuckTask', applied],
  ])('applies the request once for %s', async (kind, reply) => {
    const struck = await strike(kind, 350);

    expect(struck.reply).toMatchObject(reply);
    expect(struck.applied).toBe(1);
    expect(struck.stalled).toEqual(kind === 'stuckTask' ? [20_000_001] : []);
  });

  it('marks exactly the applying kinds in APPLYING_FAULTS', async () => {
    for (const kind of FAULT_KINDS) {
      const { applied: count } = await strike(kind);
      expect(count, kind).toBe(APPLYING_FAULTS.has(kind) ? 1 : 0);
    }
  });
});

describe('truncatedJson', () => {
  it.each([
    'DescribeSuspEvents',
    'DescribeSecurityEventOperations',
    'HandleSecurityEvents',
    'DescribeSecurityEventOperationStatus',
    'DescribeRiskRules',
    'PreHandleAuditRisk',
  ])('starts a %s answer and is not JSON', (action) => {
    const body = truncatedJson(action, 'REQ-1');

    expect(body.startsWith('{"RequestId":"REQ-1",')).toBe(true);
    expect(() => JSON.parse(body)).toThrow(SyntaxError);
  });
});

describe('countFaults', () => {
  it('counts faulted requests in all, by kind and by action', () => {
    const entry = (action: string, fault?: FaultKind): ReceivedRequest => ({
      requestId: 'R',
      action,
      params: {},
      status: 0,
      ...(fault && { fault }),
    });
    const received = [
      entry('DescribeSuspEvents', 'throttle'),
      entry('DescribeSuspEvents'),
      entry('HandleSecurityEvents', 'resetAfterApply'),
      entry('DescribeSuspEvents', 'throttle'),
      entry('HandleSecurityEvents', 'throttle'),
    ];

    expect(countFaults(received)).toEqual({
      total: 4,
      byKind: { throttle: 3, resetAfterApply: 1 },
      byAction: {
        DescribeSuspEvents: { throttle: 2 },
        HandleSecurityEvents: { resetAfterApply: 1, throttle: 1 },
      },
    });
    expect(countFaults([])).toEqual({ total: 0, byKind: {}, byAction: {} });
  });
});

describe('TaskStore#stall', () => {
  it('keeps a task and each of its events Processing however often it is polled', () => {
    const tasks = new TaskStore('s', 0);
    const id = tasks.create('ignore', [
      { securityEventId: 1, status: 'Success', errorCode: 'ignore.Success' },
    ]);
    tasks.stall(id);

    for (let poll = 0; poll < 3; poll++) {
      expect(tasks.poll(id).answer).toEqual({
        taskStatus: 'Processing',
        results: [{ securityEventId: 1, status: 'Processing', errorCode: '' }],
      });
    }
    expect(tasks.all()[0]?.taskStatus).toBe('Processing');
  });
});

describe('fault rules are validated, each problem at its path', () => {
  it.each<[string, unknown, string]>([
    [
      'an unknown action',
      [{ action: 'DescribeAlerts', queue: ['hang'] }],
      'faults[0].action: unknown action "DescribeAlerts"',
    ],
    [
      'a rate above 1',
      [{ action: '*', rate: 1.5, kinds: ['hang'] }],
      'faults[0].rate: Too big: expected number to be <=1',
    ],
    [
      'an unknown kind',
      [{ action: '*', queue: ['hang', 'slow'] }],
      'faults[0].queue[1]: unknown fault kind "slow"',
    ],
    ['a rate without kinds', [{ action: '*', rate: 0.5 }], 'faults[0].kinds: required with rate'],
    ['kinds without a rate', [{ action: '*', kinds: ['hang'] }], 'faults[0].rate: required with kinds'],
    [
      'neither rate nor queue',
      [{ action: '*' }],
      'faults[0]: expected { "action", "rate", "kinds" } or { "action", "queue" }',
    ],
    [
      'both rate and queue',
      [{ action: '*', rate: 0.5, kinds: ['hang'], queue: ['hang'] }],
      'faults[0].queue: give either rate and kinds or queue, not both',
    ],
    ['an empty queue', [{ action: '*', queue: [] }], 'faults[0].queue: Too small'],
    ['an empty kinds list', [{ action: '*', rate: 1, kinds: [] }], 'faults[0].kinds: Too small'],
    [
      'stuckTask for another action',
      [
        { action: 'HandleSecurityEvents', queue: ['hang'] },
        { action: '*', rate: 1, kinds: ['throttle', 'stuckTask'] },
      ],
      'faults[1].kinds[1]: stuckTask applies to HandleSecurityEvents only, not to "*"',
    ],
    [
      'a negative latency',
      [{ action: '*', queue: ['latency'], latencyMs: -5 }],
      'faults[0].latencyMs: Too small',
    ],
    ['an unknown field', [{ action: '*', queue: ['hang'], times: 2 }], 'faults[0].times: unknown field'],
    ['rules that are not a list', { action: '*', queue: ['hang'] }, 'faults: Invalid input: expected array'],
  ])('in code: %s', (_, rules, message) => {
    expect(() => parseFaultRules(rules, 'faults')).toThrow(TypeError);
    expect(() => parseFaultRules(rules, 'faults')).toThrow(message);
  });

  it('in a scenario file, naming the file', () => {
    const scenario = {
      alerts: { sample: 2 },
      faults: [
        { action: 'HandleSecurityEvents', queue: ['resetAfterApply', 'stuckTask'] },
        { action: 'DescribeSuspEvents', rate: -0.1, kinds: ['stuckTask'] },
      ],
    };
    let error: unknown;
    try {
      parseScenario(JSON.stringify(scenario), 'scenarios/flaky.json');
    } catch (thrown) {
      error = thrown;
    }

    expect(error).toBeInstanceOf(ScenarioError);
    expect((error as ScenarioError).message.split('\n')).toEqual([
      'scenarios/flaky.json: faults[1].rate: Too small: expected number to be >=0',
      'scenarios/flaky.json: faults[1].kinds[0]: stuckTask applies to HandleSecurityEvents only, not to "DescribeSuspEvents"',
    ]);
  });

  it('passes a scenario’s rules to the emulator options as they are', () => {
    const faults = [
      { action: 'HandleSecurityEvents', queue: ['resetAfterApply', 'stuckTask'] },
      { action: '*', rate: 0.1, kinds: ['latency'], latencyMs: 50 },
    ];

    expect(scenarioToOptions(parseScenario({ alerts: { sample: 2 }, faults })).faults).toEqual(faults);
    expect(scenarioToOptions(parseScenario({ alerts: { sample: 2 } }))).not.toHaveProperty('faults');
  });
});
