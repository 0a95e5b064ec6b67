import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/errors.js';
import { DEFAULT_RESPONSE_RULES } from '../../../src/rules/default-rules.js';
import { MAX_RULE_SET_DEPTH, ResponseRules } from '../../../src/rules/response-rules.js';
import { responseRulesJsonSchema } from '../../../src/rules/schema.js';
import { caught } from '../../support/caught.js';
import { rule } from './rule-fixtures.js';

/** The issues `ResponseRules.parse` reports for `input`, as `path: message`. */
function problems(input: unknown): string[] {
  const error = caught(() => ResponseRules.parse(input));
  expect(error).toBeInstanceOf(ValidationError);
  const { issues, message } = error as ValidationError;
  for (const issue of issues) expect(message).toContain(`${issue.path || '(rule set)'}: ${issue.message}`);
  return issues.map((issue) => `${issue.path}: ${issue.message}`);
}

const set = (rules: unknown[]) => ({ name: 'test', version: 1, rules });

describe('ResponseRules.parse', () => {
  it('takes JSON text or the object it holds, fills defaults, and keeps the set as written', () => {
    const input = { $schema: './response-rules.schema.json', ...set([rule('a')]) };
    const rules = ResponseRules.parse(JSON.stringify(input));
    expect(rules).toMatchObject({ name: 'test', version: 1 });
    expect(rules.rules[0]).toMatchObject({ id: 'a', terminal: true, status: 'enabled' });
    expect(rules.toJSON()).toEqual({
      ...input,
      rules: [{ ...rule('a'), terminal: true, status: 'enabled' }],
    });
    expect(ResponseRules.parse(rules.toJSON()).toJSON()).toEqual(rules.toJSON());
  });

  it('refuses text that is not JSON', () => {
    expect(problems('{ name: ')[0]).toMatch(/^: not JSON: /);
  });

  it('lists every problem of the shape with its path', () => {
    expect(
      problems({
        name: '',
        version: 1.5,
        extra: true,
        rules: [
          { id: 'bad id', order: 'first', match: {}, action: { handle: { operation: 'ignore' } } },
          {
            id: 'b',
            order: 1,
            status: 'paused',
            expiresAt: '2026-01-15 00:00',
            match: {
              all: [{ type: { equals: 'x', contains: 'y' } }, { level: { atLeast: 'critical' } }],
              any: [],
            },
            action: {
              handle: { operation: 'block_ip', input: { duration: '2d' } },
              skip: { reason: 'both' },
            },
          },
        ],
      }),
    ).toEqual([
      'name: Too small: expected string to have >=1 characters',
      'version: Invalid input: expected int, received number',
      'rules[0].id: must start with a letter or digit and hold only letters, digits, ".", "_" and "-"',
      'rules[0].order: Invalid input: expected number, received string',
      expect.stringMatching(
        /^rules\[0\]\.match: a condition needs one of: all, any, not, level, detail, id, /,
      ),
      'rules[1].status: Invalid option: expected one of "enabled"|"disabled"|"dryRun"',
      expect.stringMatching(/^rules\[1\]\.expiresAt: Invalid ISO datetime/),
      'rules[1].match.all[0].type: a text test takes exactly one of equals, in, prefix, contains, regex; got equals, contains',
      'rules[1].match.all[1].level.atLeast: Invalid option: expected one of "remind"|"suspicious"|"serious"',
      'rules[1].match.any: Too small: expected array to have >=1 items',
      'rules[1].match: a condition takes exactly one of all, any, not, level, detail, id, name, eventName, type, typeDisplay, status, uuid, instanceId, instanceName, verdict, internetIp, intranetIp, firstSeen, lastSeen; got all, any',
      'rules[1].action.handle.input.duration: must be one of 6h, 1d, 7d, 30d or whole milliseconds',
      'rules[1].action: an action takes exactly one of handle, skip; got handle, skip',
      ': Unrecognized key: "extra"',
    ]);
  });

  it('refuses empty strings to compare with: an empty value passes no test, so they could never match', () => {
    expect(
      problems(set([rule('a', { match: { any: [{ name: { equals: '' } }, { uuid: { in: ['u', ''] } }] } })])),
    ).toEqual([
      'rules[0].match.any[0].name.equals: Too small: expected string to have >=1 characters',
      'rules[0].match.any[1].uuid.in[1]: Too small: expected string to have >=1 characters',
    ]);
  });

  it('refuses unknown operation codes, one the API cannot run, and input a code does not take', () => {
    const issues = problems(
      set([
        rule('a', { action: { handle: { operation: 'nuke' } } as never }),
        rule('b', { action: { handle: { operation: 'client_problem_check' } } as never }),
        rule('c', { action: { handle: { operation: 'ignore', input: {} } } as never }),
        rule('d', { action: { handle: { operation: 'block_ip' } } as never }),
      ]),
    );
    expect(issues[0]).toMatch(
      /^rules\[0\]\.action\.handle\.operation: Invalid discriminator value.*'block_ip'/,
    );
    expect(issues[1]).toMatch(/^rules\[1\]\.action\.handle\.operation: Invalid discriminator value/);
    expect(issues[2]).toBe('rules[2].action.handle: Unrecognized key: "input"');
    expect(issues[3]).toBe(
      'rules[3].action.handle.input: Invalid input: expected object, received undefined',
    );
  });

  it('then checks meaning: regexes RE2 accepts, CIDR blocks, unique ids, inputs the builders accept', () => {
    expect(
      problems(
        set([
          rule('a', { match: { eventName: { regex: ['ok', '(a)\\1', '(?<=x)y'] } } }),
          rule('a', { match: { internetIp: { cidr: ['10.0.0.0/33', '10.0.0.0/8', 'nope'] } } }),
          rule('c', { match: { detail: { name: { regex: '(' }, value: { cidr: '::1/129' } } } }),
          rule('d', { action: { handle: { operation: 'block_ip', input: { duration: 1000 } } } }),
          rule('e', {
            action: {
              handle: {
                operation: 'advance_mark_mis_info',
                input: {
                  scope: 'ALL',
                  rules: [
                    { field: 'ip', operate: 'inIpSegment', value: 'not-an-ip' },
                    { field: 'ip', operate: 'inIpSegment', value: { field: 'internetIp' } },
                    { field: 'ip', operate: 'inIpSegment', value: { field: 'intranetIp' } },
                  ],
                },
              },
            },
          }),
          rule('f', { match: { type: { regex: 'x'.repeat(1001) } } }),
        ]),
      ),
    ).toEqual([
      expect.stringMatching(
        /^rules\[0\]\.match\.eventName\.regex\[1\]: not an RE2 regular expression \(.*\\1/,
      ),
      expect.stringMatching(/^rules\[0\]\.match\.eventName\.regex\[2\]: not an RE2 regular expression/),
      'rules[1].id: repeats the id of rules[0]: ids must be unique',
      'rules[1].match.internetIp.cidr[0]: not a CIDR block or IP address: "10.0.0.0/33"; e.g. "203.0.113.0/24" or "2001:db8::/32"',
      expect.stringMatching(/^rules\[1\]\.match\.internetIp\.cidr\[2\]: not a CIDR block/),
      expect.stringMatching(/^rules\[2\]\.match\.detail\.name\.regex: not an RE2 regular expression/),
      expect.stringMatching(/^rules\[2\]\.match\.detail\.value\.cidr: not a CIDR block/),
      expect.stringMatching(/^rules\[3\]\.action\.handle\.input\.duration: /),
      expect.stringMatching(
        /^rules\[4\]\.action\.handle\.input\.rules\[0\]\.value: inIpSegment needs an IP address/,
      ),
      'rules[5].match.type.regex: a pattern may have at most 1000 characters',
    ]);
  });

  it('refuses sets nested deeper than MAX_RULE_SET_DEPTH before validating them (no stack overflow)', () => {
    let match: unknown = { type: { equals: 'x' } };
    for (let depth = 0; depth < 100_000; depth++) match = { not: match };
    const issues = problems(set([rule('deep', { match: match as never })]));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(
      new RegExp(`^rules\\[0\\]\\.match(\\.not)+: nests deeper than ${MAX_RULE_SET_DEPTH} levels$`),
    );
  });

  it('lists at most 50 problems in the message, all of them in issues', () => {
    const error = caught(() =>
      ResponseRules.parse(set(Array.from({ length: 60 }, (_, index) => ({ id: `r${index}` })))),
    );
    const { issues, message } = error as ValidationError;
    expect(issues.length).toBe(180);
    expect(message).toMatch(/\(180 problems\): .*; and 130 more \(see issues\)$/);
  });
});

describe('responseRulesJsonSchema', () => {
  it('describes the rule set for editors: draft 2020-12, required keys, one-key conditions, a fresh copy each time', () => {
    const schema = responseRulesJsonSchema() as {
      $schema: string;
      required: string[];
      properties: { rules: { items: { required: string[]; properties: Record<string, unknown> } } };
      $defs: Record<
        string,
        { minProperties?: number; maxProperties?: number; properties?: Record<string, unknown> }
      >;
    };
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.required).toEqual(['name', 'version', 'rules']);
    expect(schema.properties.rules.items.required).toEqual(['id', 'order', 'match', 'action']);
    const condition = Object.values(schema.$defs).find(
      (definition) => definition.properties?.all !== undefined,
    );
    expect(condition).toMatchObject({ minProperties: 1, maxProperties: 1 });
    expect(Object.keys(condition?.properties ?? {})).toContain('internetIp');
    (schema as { required: string[] }).required.pop();
    expect((responseRulesJsonSchema() as { required: string[] }).required).toHaveLength(3);
  });

  it('holds the default rule set by its required keys and enums (a structural spot check)', () => {
    const text = JSON.stringify(responseRulesJsonSchema());
    for (const code of [
      'block_ip',
      'quara',
      'virus_quara',
      'kill_and_quara',
      'kill_process',
      'manual_handled',
      'ignore',
    ]) {
      expect(text).toContain(`"${code}"`);
    }
    expect(DEFAULT_RESPONSE_RULES.rules.every((entry) => typeof entry.order === 'number')).toBe(true);
  });
});
