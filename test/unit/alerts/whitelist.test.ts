import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  mergeWhitelistRules,
  ruleFromMarkField,
  validateWhitelistRules,
  WHITELIST_OPERATORS,
  type WhitelistRule,
} from '../../../src/alerts/whitelist.js';
import { InvalidResponseError, ValidationError } from '../../../src/errors.js';
import type { MarkField } from '../../../src/generated/index.js';
import { caught } from '../../support/caught.js';

const key = (rule: WhitelistRule) => JSON.stringify([rule.uuid, rule.field, rule.operate, rule.fieldValue]);
const toMarkField = (rule: WhitelistRule): MarkField => ({
  Uuid: rule.uuid,
  FiledName: rule.field,
  FiledAliasName: `alias of ${rule.field}`,
  MarkMisType: rule.operate,
  MarkMisValue: rule.fieldValue,
  SupportedMisType: ['strEqual', 'contains'],
});
const unique = (rules: readonly WhitelistRule[]) => [
  ...new Map(rules.map((rule) => [key(rule), rule])).keys(),
];

// Small value sets, so that generated lists often share rules.
const ruleArb: fc.Arbitrary<WhitelistRule> = fc.record({
  uuid: fc.constantFrom('ALL', 'part', '3d6b4a75-c28f-447b-9142-38f6252c0000'),
  field: fc.constantFrom('loginSourceIp', 'loginUser', 'filePath'),
  operate: fc.constantFrom(...WHITELIST_OPERATORS),
  fieldValue: fc.constantFrom('a', 'b', '', '198.51.100.0/24', '"quoted",value'),
});
const existingArb = fc.array(
  fc.tuple(ruleArb, fc.boolean()).map(([rule, asMarkField]) => (asMarkField ? toMarkField(rule) : rule)),
  { maxLength: 12 },
);
const additionsArb = fc.array(ruleArb, { maxLength: 12 });
const asRules = (existing: readonly (WhitelistRule | MarkField)[]) =>
  existing.map((item) => ('field' in item ? (item as WhitelistRule) : ruleFromMarkField(item)));

describe('mergeWhitelistRules properties', () => {
  it('is idempotent: merging the same additions again changes nothing', () => {
    fc.assert(
      fc.property(existingArb, additionsArb, (existing, additions) => {
        const once = mergeWhitelistRules(existing, additions);
        expect(mergeWhitelistRules(once, additions)).toEqual(once);
        expect(mergeWhitelistRules(once, [])).toEqual(once);
      }),
    );
  });

  it('keeps every existing rule', () => {
    fc.assert(
      fc.property(existingArb, additionsArb, (existing, additions) => {
        const merged = new Set(mergeWhitelistRules(existing, additions).map(key));
        for (const rule of asRules(existing)) expect(merged.has(key(rule))).toBe(true);
      }),
    );
  });

  it('contains every addition', () => {
    fc.assert(
      fc.property(existingArb, additionsArb, (existing, additions) => {
        const merged = new Set(mergeWhitelistRules(existing, additions).map(key));
        for (const rule of additions) expect(merged.has(key(rule))).toBe(true);
      }),
    );
  });

  it('holds no duplicates and nothing that was not given', () => {
    fc.assert(
      fc.property(existingArb, additionsArb, (existing, additions) => {
        const merged = mergeWhitelistRules(existing, additions).map(key);
        expect(new Set(merged).size).toBe(merged.length);
        expect(new Set(merged)).toEqual(new Set([...asRules(existing), ...additions].map(key)));
      }),
    );
  });

  it('keeps the order of existing rules, then adds new ones in their order', () => {
    fc.assert(
      fc.property(existingArb, additionsArb, (existing, additions) => {
        const merged = mergeWhitelistRules(existing, additions).map(key);
        const existingKeys = unique(asRules(existing));
        expect(merged.slice(0, existingKeys.length)).toEqual(existingKeys);
        const known = new Set(existingKeys);
        expect(merged.slice(existingKeys.length)).toEqual(
          unique(additions).filter((item) => !known.has(item)),
        );
      }),
    );
  });

  it('does not modify its inputs', () => {
    fc.assert(
      fc.property(existingArb, additionsArb, (existing, additions) => {
        const before = JSON.stringify([existing, additions]);
        mergeWhitelistRules(existing, additions);
        expect(JSON.stringify([existing, additions])).toBe(before);
      }),
    );
  });
});

describe('mergeWhitelistRules', () => {
  it('merges the seed example: existing rule first, then the new one', () => {
    const existing: MarkField[] = [
      {
        Uuid: 'ALL',
        FiledName: 'ruleLinkUrl',
        MarkMisType: 'contains',
        MarkMisValue: 'fyfhchcg',
        FiledAliasName: 'Rule Link',
      },
    ];
    const merged = mergeWhitelistRules(existing, [
      { uuid: 'ALL', field: 'repoName', operate: 'strEqual', fieldValue: 'o11y-addon-controller' },
    ]);
    expect(JSON.stringify(merged)).toBe(
      '[{"uuid":"ALL","field":"ruleLinkUrl","operate":"contains","fieldValue":"fyfhchcg"},' +
        '{"uuid":"ALL","field":"repoName","operate":"strEqual","fieldValue":"o11y-addon-controller"}]',
    );
  });

  it('keeps only the four rule keys of its inputs', () => {
    const withExtra = {
      uuid: 'part',
      field: 'f',
      operate: 'regex',
      fieldValue: 'v',
      note: 'x',
    } as WhitelistRule;
    expect(mergeWhitelistRules([withExtra], [])).toEqual([
      { uuid: 'part', field: 'f', operate: 'regex', fieldValue: 'v' },
    ]);
  });

  it('tells rules apart by scope, operator and value', () => {
    const base: WhitelistRule = { uuid: 'ALL', field: 'f', operate: 'strEqual', fieldValue: 'v' };
    const merged = mergeWhitelistRules(
      [base],
      [{ ...base, uuid: 'part' }, { ...base, operate: 'contains' }, { ...base, fieldValue: 'V' }, base],
    );
    expect(merged).toHaveLength(4);
  });

  it('rejects an existing MarkField it cannot resend faithfully', () => {
    expect(() =>
      mergeWhitelistRules([{ FiledName: 'f', MarkMisType: 'strEqual', MarkMisValue: 'v' }], []),
    ).toThrow(InvalidResponseError);
  });
});

describe('ruleFromMarkField', () => {
  it('maps FiledName, MarkMisType, MarkMisValue and Uuid', () => {
    expect(
      ruleFromMarkField({
        FiledName: 'gmtModified',
        FiledAliasName: 'file path',
        MarkMisType: 'contains',
        MarkMisValue: '2022-04-25 10:11:04',
        SupportedMisType: ['contains', 'regex'],
        Uuid: '3d6b4a75-c28f-447b-9142-38f6252c0000',
      }),
    ).toEqual({
      uuid: '3d6b4a75-c28f-447b-9142-38f6252c0000',
      field: 'gmtModified',
      operate: 'contains',
      fieldValue: '2022-04-25 10:11:04',
    });
  });

  it('keeps an empty value and an operator it does not know', () => {
    expect(
      ruleFromMarkField({ Uuid: 'ALL', FiledName: 'f', MarkMisType: 'startsWith', MarkMisValue: '' }),
    ).toEqual({
      uuid: 'ALL',
      field: 'f',
      operate: 'startsWith',
      fieldValue: '',
    });
  });

  it('names every missing part', () => {
    const error = caught(() => ruleFromMarkField({ FiledName: 'f' })) as InvalidResponseError;
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error.issues.map((issue) => issue.path)).toEqual([
      'MarkField.Uuid',
      'MarkField.MarkMisType',
      'MarkField.MarkMisValue',
    ]);
  });
});

describe('validateWhitelistRules', () => {
  const fields = [
    { field: 'loginSourceIp', supportedOperators: ['strEqual', 'inIpSegment'] },
    { field: 'loginUser', supportedOperators: [] },
  ];

  it('accepts rules on offered fields with supported operators', () => {
    expect(() =>
      validateWhitelistRules(
        [
          { uuid: 'ALL', field: 'loginSourceIp', operate: 'inIpSegment', fieldValue: '198.51.100.0/24' },
          { uuid: 'ALL', field: 'loginUser', operate: 'regex', fieldValue: '^deploy$' },
        ],
        fields,
      ),
    ).not.toThrow();
  });

  it('names rules[i].field when the alert does not offer the field', () => {
    const error = caught(() =>
      validateWhitelistRules(
        [
          { uuid: 'ALL', field: 'loginUser', operate: 'strEqual', fieldValue: 'root' },
          { uuid: 'ALL', field: 'filePath', operate: 'strEqual', fieldValue: '/tmp/x' },
        ],
        fields,
      ),
    ) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.field).toBe('rules[1].field');
    expect(error.message).toMatch(/loginSourceIp, loginUser/);
  });

  it('names rules[i].operate when the field does not support the operator', () => {
    const error = caught(() =>
      validateWhitelistRules(
        [{ uuid: 'ALL', field: 'loginSourceIp', operate: 'contains', fieldValue: '1' }],
        fields,
      ),
    ) as ValidationError;
    expect(error.field).toBe('rules[0].operate');
    expect(error.message).toMatch(/strEqual, inIpSegment/);
  });

  it('reports every problem and accepts no rule when no field is offered', () => {
    const error = caught(() =>
      validateWhitelistRules(
        [
          { uuid: 'ALL', field: 'a', operate: 'strEqual', fieldValue: '1' },
          { uuid: 'ALL', field: 'b', operate: 'strEqual', fieldValue: '1' },
        ],
        [],
      ),
    ) as ValidationError;
    expect(error.issues.map((issue) => issue.path)).toEqual(['rules[0].field', 'rules[1].field']);
    expect(error.message).toMatch(/use one of: none/);
  });
});
