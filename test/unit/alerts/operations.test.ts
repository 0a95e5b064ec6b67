import { describe, expect, it } from 'vitest';
import {
  BLOCK_DURATIONS_MS,
  type KillAndQuarantineOptions,
  type Operation,
  Operations,
  operationParamsProblem,
  whitelistRuleListIssues,
} from '../../../src/alerts/operations.js';
import { ValidationError } from '../../../src/errors.js';
import { caught } from '../../support/caught.js';

const NOW = Date.UTC(2026, 0, 15, 8, 0, 0);
const now = () => NOW;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The field of the ValidationError `fn` throws. */
function invalidField(fn: () => unknown): string | undefined {
  const error = caught(fn);
  expect(error).toBeInstanceOf(ValidationError);
  return (error as ValidationError).field;
}

describe('Operations.blockIp', () => {
  it.each([
    ['6h', 21_600_000, '6 hours'],
    ['1d', 86_400_000, '1 day'],
    ['7d', 604_800_000, '7 days'],
    ['30d', 2_592_000_000, '30 days'],
  ] as const)('blocks for the named duration %s after sending', (duration, ms, text) => {
    expect(Operations.blockIp({ duration, now })).toEqual({
      code: 'block_ip',
      params: '{"expireTime":0}',
      expireAfterMs: ms,
      destructive: true,
      description: `Block IP for ${text} after sending`,
    });
  });

  it('builds equal blocks for equal durations, whenever they are built', () => {
    expect(Operations.blockIp({ duration: '7d', now: () => NOW + 1 })).toEqual(
      Operations.blockIp({ duration: '7d', now }),
    );
    expect(Operations.blockIp({ duration: 604_800_000 })).toEqual(Operations.blockIp({ duration: '7d' }));
  });

  it('knows the console durations', () => {
    expect(BLOCK_DURATIONS_MS).toEqual({
      '6h': 21_600_000,
      '1d': 86_400_000,
      '7d': 604_800_000,
      '30d': 2_592_000_000,
    });
  });

  it.each([
    [60_000, '1 minute'],
    [90 * 60_000, '90 minutes'],
    [36 * 60 * 60_000, '36 hours'],
    [61_000, '61 seconds'],
    [60_001, '60001 milliseconds'],
    [365 * DAY_MS, '365 days'],
  ])('takes a duration of %i ms, from one minute to 365 days', (duration, text) => {
    expect(Operations.blockIp({ duration, now })).toMatchObject({
      params: '{"expireTime":0}',
      expireAfterMs: duration,
      description: `Block IP for ${text} after sending`,
    });
  });

  it('takes an expireTime as a Date or epoch milliseconds, and keeps it fixed', () => {
    expect(Operations.blockIp({ expireTime: new Date(NOW + DAY_MS), now })).toEqual({
      code: 'block_ip',
      params: `{"expireTime":${NOW + DAY_MS}}`,
      destructive: true,
      description: `Block IP until ${new Date(NOW + DAY_MS).toISOString()}`,
    });
    expect(Operations.blockIp({ expireTime: NOW + 1, now }).params).toBe(`{"expireTime":${NOW + 1}}`);
  });

  it('checks an expireTime against the real clock by default', () => {
    expect(invalidField(() => Operations.blockIp({ expireTime: Date.now() - 1 }))).toBe('expireTime');
    const end = Date.now() + DAY_MS;
    expect(Operations.blockIp({ expireTime: end }).params).toBe(`{"expireTime":${end}}`);
  });

  it.each([
    ['neither option', {}, 'duration'],
    ['both options', { duration: '1d', expireTime: NOW + DAY_MS }, 'expireTime'],
    ['an unknown named duration', { duration: '2d' }, 'duration'],
    ['a duration under a minute', { duration: 59_999 }, 'duration'],
    ['a zero duration', { duration: 0 }, 'duration'],
    ['a negative duration', { duration: -DAY_MS }, 'duration'],
    ['a fractional duration', { duration: 60_000.5 }, 'duration'],
    ['a duration over 365 days', { duration: 365 * DAY_MS + 1 }, 'duration'],
    ['an expireTime now', { expireTime: NOW }, 'expireTime'],
    ['an expireTime in the past', { expireTime: new Date(NOW - 1) }, 'expireTime'],
    ['an expireTime over 365 days ahead', { expireTime: NOW + 365 * DAY_MS + 1 }, 'expireTime'],
    ['an invalid Date', { expireTime: new Date('not a date') }, 'expireTime'],
    ['a fractional expireTime', { expireTime: NOW + 0.5 }, 'expireTime'],
    ['an expireTime string', { expireTime: '2026-02-01' }, 'expireTime'],
  ])('rejects %s', (_, options, field) => {
    expect(invalidField(() => Operations.blockIp({ now, ...(options as object) }))).toBe(field);
  });

  it('rejects a clock that is not a function', () => {
    expect(
      invalidField(() => Operations.blockIp({ duration: '1d', now: 5 as unknown as () => number })),
    ).toBe('now');
  });
});

describe('Operations.killAndQuarantine', () => {
  it('kills and quarantines by default', () => {
    expect(Operations.killAndQuarantine()).toMatchObject({
      code: 'kill_and_quara',
      params: '{"subOperation":"killAndQuaraFileByMd5andPath"}',
      destructive: true,
    });
  });

  it('kills only when quarantine is false', () => {
    expect(Operations.killAndQuarantine({ quarantine: false }).params).toBe(
      '{"subOperation":"killByMd5andPath"}',
    );
  });

  it('rejects a quarantine flag that is not a boolean', () => {
    expect(
      invalidField(() => Operations.killAndQuarantine({ quarantine: 'yes' as unknown as boolean })),
    ).toBe('quarantine');
  });
});

describe('operations without input', () => {
  it.each([
    [
      'quarantineFile',
      Operations.quarantineFile(),
      'virus_quara',
      '{"subOperation":"quaraFileByMd5andPath"}',
      true,
    ],
    [
      'quarantineBinary',
      Operations.quarantineBinary(),
      'virus_quara_bin',
      '{"subOperation":"quaraFileByMd5andPath"}',
      true,
    ],
    ['quarantine', Operations.quarantine(), 'quara', '{}', true],
    ['killProcess', Operations.killProcess(), 'kill_process', '{}', true],
    ['ignore', Operations.ignore(), 'ignore', '{}', false],
    ['markHandled', Operations.markHandled(), 'manual_handled', '{}', false],
    ['markFalsePositive', Operations.markFalsePositive(), 'mark_mis_info', '{}', false],
  ] as const)('%s builds %s', (_, operation: Operation, code, params, destructive) => {
    expect(operation).toMatchObject({ code, params, destructive });
    expect(operation.markMissParam).toBeUndefined();
    expect(JSON.parse(JSON.stringify(operation))).toEqual(operation);
  });
});

describe('Operations.whitelist', () => {
  it('builds the advanced whitelist with its rules in MarkMissParam', () => {
    const operation = Operations.whitelist({
      rules: [
        { field: 'loginSourceIp', operate: 'strEqual', value: '59.82.1.1' },
        { field: ' loginUser ', operate: 'contains', value: ' root ' },
      ],
      scope: 'ALL',
    });
    const rules = [
      { uuid: 'ALL', field: 'loginSourceIp', operate: 'strEqual', fieldValue: '59.82.1.1' },
      { uuid: 'ALL', field: 'loginUser', operate: 'contains', fieldValue: 'root' },
    ];
    expect(operation).toEqual({
      code: 'advance_mark_mis_info',
      params: '{}',
      markMissParam: JSON.stringify(rules),
      rules,
      destructive: true,
      description: 'Advanced Whitelist: 2 rules on all machines',
    });
    expect(operation.markMissParam).toBe(
      '[{"uuid":"ALL","field":"loginSourceIp","operate":"strEqual","fieldValue":"59.82.1.1"},' +
        '{"uuid":"ALL","field":"loginUser","operate":"contains","fieldValue":"root"}]',
    );
  });

  it("scopes the rules to the alert's machine with part", () => {
    const operation = Operations.whitelist({
      rules: [{ field: 'path', operate: 'regex', value: '^/opt/app/' }],
      scope: 'part',
    });
    expect(operation.rules).toEqual([
      { uuid: 'part', field: 'path', operate: 'regex', fieldValue: '^/opt/app/' },
    ]);
    expect(operation.description).toBe("Advanced Whitelist: 1 rule on the alert's machine");
  });

  it.each(['198.51.100.23', '198.51.100.0/24', '10.0.0.0/8', '2001:db8::1', '2001:db8::/32', '0.0.0.0/0'])(
    'accepts inIpSegment with %s',
    (value) => {
      expect(
        Operations.whitelist({ rules: [{ field: 'ip', operate: 'inIpSegment', value }], scope: 'ALL' }).rules,
      ).toHaveLength(1);
    },
  );

  it.each([
    'example.com',
    '198.51.100.0/33',
    '2001:db8::/129',
    '198.51.100.0/',
    '198.51.100.0/24/1',
    '1.2.3',
  ])('rejects inIpSegment with %s', (value) => {
    expect(
      invalidField(() =>
        Operations.whitelist({ rules: [{ field: 'ip', operate: 'inIpSegment', value }], scope: 'ALL' }),
      ),
    ).toBe('rules[0].value');
  });

  it.each([
    ['no rules', { rules: [], scope: 'ALL' }, 'rules'],
    ['rules that are not an array', { rules: 'x', scope: 'ALL' }, 'rules'],
    ['a rule that is not an object', { rules: [null], scope: 'ALL' }, 'rules[0]'],
    [
      'a blank field',
      { rules: [{ field: '  ', operate: 'strEqual', value: 'v' }], scope: 'ALL' },
      'rules[0].field',
    ],
    [
      'a blank value',
      { rules: [{ field: 'f', operate: 'strEqual', value: ' ' }], scope: 'ALL' },
      'rules[0].value',
    ],
    [
      'an unknown operator',
      { rules: [{ field: 'f', operate: 'equals', value: 'v' }], scope: 'ALL' },
      'rules[0].operate',
    ],
    [
      'a repeated rule',
      {
        rules: [
          { field: 'f', operate: 'strEqual', value: 'v' },
          { field: 'f ', operate: 'strEqual', value: ' v' },
        ],
        scope: 'ALL',
      },
      'rules[1]',
    ],
    ['a missing scope', { rules: [{ field: 'f', operate: 'strEqual', value: 'v' }] }, 'scope'],
    ['an unknown scope', { rules: [{ field: 'f', operate: 'strEqual', value: 'v' }], scope: 'all' }, 'scope'],
  ])('rejects %s', (_, options, field) => {
    expect(invalidField(() => Operations.whitelist(options as never))).toBe(field);
  });

  it('reports every problem at once', () => {
    const error = caught(() =>
      Operations.whitelist({
        rules: [
          { field: 'f', operate: 'strEqual', value: 'v' },
          { field: '', operate: 'nope' as never, value: '' },
        ],
        scope: 'everywhere' as never,
      }),
    ) as ValidationError;
    expect(error.issues.map((issue) => issue.path)).toEqual([
      'rules[1].field',
      'rules[1].operate',
      'rules[1].value',
      'scope',
    ]);
  });
});

describe('Operations.fromCode', () => {
  it('builds the operation of each code that needs input', () => {
    expect(Operations.fromCode('block_ip', { duration: '1d', now })).toEqual(
      Operations.blockIp({ duration: '1d' }),
    );
    expect(Operations.fromCode('kill_and_quara').params).toBe(
      '{"subOperation":"killAndQuaraFileByMd5andPath"}',
    );
    expect(Operations.fromCode('kill_and_quara', { quarantine: false }).params).toBe(
      '{"subOperation":"killByMd5andPath"}',
    );
    expect(
      Operations.fromCode('advance_mark_mis_info', {
        rules: [{ field: 'f', operate: 'strEqual', value: 'v' }],
        scope: 'part',
      }).rules,
    ).toHaveLength(1);
  });

  it('builds the same operations as the named builders', () => {
    expect(Operations.fromCode('virus_quara')).toEqual(Operations.quarantineFile());
    expect(Operations.fromCode('virus_quara_bin')).toEqual(Operations.quarantineBinary());
    expect(Operations.fromCode('quara')).toEqual(Operations.quarantine());
    expect(Operations.fromCode('kill_process')).toEqual(Operations.killProcess());
    expect(Operations.fromCode('ignore')).toEqual(Operations.ignore());
    expect(Operations.fromCode('manual_handled')).toEqual(Operations.markHandled());
    expect(Operations.fromCode('mark_mis_info')).toEqual(Operations.markFalsePositive());
  });

  it('sends {} for the other known codes', () => {
    expect(Operations.fromCode('cleanup')).toEqual({
      code: 'cleanup',
      params: '{}',
      destructive: true,
      description: 'Deep Virus Cleanup',
    });
    expect(Operations.fromCode('rm_mark_mis_info')).toMatchObject({ params: '{}', destructive: false });
  });

  it('rejects unsupported and unknown codes (which do not compile either), pointing to unknownCode', () => {
    const unsupported = caught(() => Operations.fromCode('client_problem_check')) as ValidationError;
    expect(unsupported.field).toBe('code');
    expect(unsupported.message).toMatch(/use the console/);
    const unknown = caught(() => Operations.fromCode('not_a_code' as 'ignore')) as ValidationError;
    expect(unknown.field).toBe('code');
    expect(unknown.message).toMatch(/Operations\.unknownCode\(code, params\)/);
    expect(invalidField(() => Operations.fromCode('hasOwnProperty' as 'ignore'))).toBe('code');
  });

  it('refuses input to a code that takes none, and kill_and_quara options it does not have', () => {
    const ignore = caught(() =>
      Operations.fromCode('ignore', { duration: '7d' } as never),
    ) as ValidationError;
    expect([ignore.field, ignore.message]).toEqual([
      'input',
      'ignore takes no input, got {"duration":"7d"}.',
    ]);
    expect(invalidField(() => Operations.fromCode('virus_quara', {} as never))).toBe('input');
    const kill = { subOperation: 'killByMd5andPath' } as KillAndQuarantineOptions;
    expect(invalidField(() => Operations.killAndQuarantine(kill))).toBe('subOperation');
  });
});

describe('Operations.whitelist rule values', () => {
  it('accepts the wire name fieldValue as well as value', () => {
    const byWireName = Operations.whitelist({
      rules: [{ field: 'loginUser', operate: 'strEqual', fieldValue: ' root ' }],
      scope: 'ALL',
    });
    const byValue = Operations.whitelist({
      rules: [{ field: 'loginUser', operate: 'strEqual', value: 'root' }],
      scope: 'ALL',
    });
    expect(byWireName.markMissParam).toBe(byValue.markMissParam);
  });
});

describe('operationParamsProblem', () => {
  it('accepts the parameters every builder makes', () => {
    const built = [
      Operations.blockIp({ duration: '7d', now }),
      Operations.killAndQuarantine(),
      Operations.killAndQuarantine({ quarantine: false }),
      Operations.quarantineFile(),
      Operations.quarantineBinary(),
      Operations.quarantine(),
      Operations.ignore(),
      Operations.whitelist({ rules: [{ field: 'f', operate: 'strEqual', value: 'v' }], scope: 'ALL' }),
      Operations.fromCode('cleanup'),
    ];
    for (const operation of built)
      expect(
        operationParamsProblem(operation.code, operation.params, operation.expireAfterMs),
      ).toBeUndefined();
  });

  it('takes {"expireTime":0} with a duration after sending, and only that', () => {
    expect(operationParamsProblem('block_ip', '{"expireTime":0}', DAY_MS)).toBeUndefined();
    expect(operationParamsProblem('block_ip', '{"expireTime":0}')).toMatch(/block_ip takes \{"expireTime"/);
    expect(operationParamsProblem('block_ip', `{"expireTime":${NOW}}`, DAY_MS)).toBe(
      `block_ip with expireAfterMs takes {"expireTime":0} (its end is set when sent), got "{\\"expireTime\\":${NOW}}"`,
    );
  });

  it.each([
    ['block_ip', '{}', /block_ip takes \{"expireTime"/],
    ['block_ip', '{"expireTime":1.5}', /block_ip takes/],
    ['block_ip', '{"expireTime":"1768464000000"}', /block_ip takes/],
    ['block_ip', `{"expireTime":${NOW},"extra":1}`, /block_ip takes/],
    ['kill_and_quara', '{"subOperation":"killAll"}', /killAndQuaraFileByMd5andPath" or "killByMd5andPath/],
    ['kill_and_quara', '{}', /kill_and_quara takes/],
    ['virus_quara', '{"subOperation":"killByMd5andPath"}', /quaraFileByMd5andPath/],
    ['virus_quara_bin', '{}', /virus_quara_bin takes/],
    ['ignore', '{"expireTime":1}', /^ignore takes \{\}, got/],
    ['ignore', '[]', /must be a JSON object as a string/],
    ['ignore', 'not json', /must be a JSON object as a string/],
    ['ignore', {}, /must be a JSON object as a string, got \{\}/],
  ])('refuses %s with %s', (code, params, message) => {
    expect(operationParamsProblem(code, params)).toMatch(message);
  });

  it('cuts a long value in its message', () => {
    const problem = operationParamsProblem('ignore', JSON.stringify({ note: 'x'.repeat(500) }));
    expect(problem?.length).toBeLessThan(120);
    expect(problem).toMatch(/\.\.\.$/);
  });
});

describe('whitelistRuleListIssues', () => {
  it('accepts the rules a whitelist operation carries', () => {
    const { rules } = Operations.whitelist({
      rules: [{ field: 'loginUser', operate: 'strEqual', value: 'root' }],
      scope: 'part',
    });
    expect(whitelistRuleListIssues(rules, 'rules')).toEqual([]);
    expect(
      whitelistRuleListIssues([{ uuid: 'u-1', field: 'f', operate: 'future_op', fieldValue: '' }], 'r'),
    ).toEqual([]);
  });

  it('names every problem with its path', () => {
    expect(whitelistRuleListIssues(undefined, 'rules').map((issue) => issue.path)).toEqual(['rules']);
    expect(whitelistRuleListIssues([], 'rules').map((issue) => issue.path)).toEqual(['rules']);
    expect(
      whitelistRuleListIssues(
        ['rule', { uuid: '', field: 'f', operate: 'strEqual', fieldValue: 1, extra: true }],
        'markMissParam',
      ),
    ).toEqual([
      {
        path: 'markMissParam[0]',
        message: 'must be a rule { uuid, field, operate, fieldValue }, got "rule"',
      },
      { path: 'markMissParam[1].extra', message: 'is not a part of a whitelist rule' },
      { path: 'markMissParam[1].uuid', message: 'must be a non-empty string' },
      { path: 'markMissParam[1].fieldValue', message: 'must be a string' },
    ]);
  });
});
