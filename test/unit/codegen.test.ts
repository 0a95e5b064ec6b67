import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { formatSources } from '../../scripts/codegen/format.js';
import {
  type FieldSpec,
  GENERATED_DIR,
  generate,
  HEADER,
  loadSpec,
  SPEC_DIR,
  SpecError,
  walkFields,
} from '../../scripts/codegen.js';
import {
  actions,
  DescribeRiskRulesAction,
  DescribeSecurityEventOperationStatusAction,
  DescribeSecurityEventOperationsAction,
  DescribeSuspEventsAction,
  endpoints,
  HandleSecurityEventsAction,
  PreHandleAuditRiskAction,
} from '../../src/generated/index.js';
import * as generatedSchemas from '../../src/generated/schemas/index.js';
import { schemas } from '../../src/generated/schemas/index.js';
import type { ActionDescriptor } from '../../src/transport/action-descriptor.js';
import { toWireRequest } from '../../src/transport/serialize.js';

const spec = loadSpec(SPEC_DIR);
const descriptors = actions as unknown as Record<string, ActionDescriptor<unknown, unknown>>;

describe('src/generated', () => {
  it('is up to date with spec/ (run `npm run codegen` when this fails)', () => {
    const files = generate();
    const onDisk = readdirSync(GENERATED_DIR, { recursive: true, encoding: 'utf8' })
      .filter((name) => name.endsWith('.ts'))
      .map((name) => name.split(sep).join('/'))
      .sort();
    expect(onDisk, 'src/generated/ has missing or extra files: run `npm run codegen`').toEqual([
      ...files.keys(),
    ]);
    for (const [name, content] of files) {
      const current = readFileSync(join(GENERATED_DIR, name), 'utf8');
      expect(current === content, `src/generated/${name} is stale: run \`npm run codegen\``).toBe(true);
    }
  });

  it('wraps doc comments at the formatter line width (Biome leaves comment text as written)', () => {
    const biome = JSON.parse(readFileSync(join(GENERATED_DIR, '..', '..', 'biome.json'), 'utf8')) as {
      formatter: { lineWidth: number };
    };
    const width = biome.formatter.lineWidth;
    for (const [name, content] of generate()) {
      const long = content
        .split('\n')
        .filter((line) => /^\s*(\/\*\*|\*|\/\/)/.test(line) && line.length > width);
      expect(long, name).toEqual([]);
    }
  });

  it('fails with the formatter diagnostics when a generated source does not parse', () => {
    expect(() =>
      formatSources(join(GENERATED_DIR, '..', '..'), new Map([['src/generated/x.ts', 'const x =']])),
    ).toThrow(/biome format failed[\s\S]*src\/generated\/x\.ts/);
  });

  it('is deterministic and marks every file as generated', () => {
    const first = generate();
    const second = generate();
    expect([...second.entries()]).toEqual([...first.entries()]);
    for (const [name, content] of first) {
      expect(content.startsWith(`${HEADER}\n`), name).toBe(true);
      expect(content.includes('\t'), name).toBe(false);
      expect(content.endsWith('\n'), name).toBe(true);
    }
  });

  it('registers every action under its name, with a matching descriptor', () => {
    expect(Object.keys(actions)).toEqual(spec.actions.map((action) => action.action));
    for (const action of spec.actions) {
      const descriptor = descriptors[action.action];
      expect(descriptor, action.action).toBeDefined();
      expect(descriptor).toMatchObject({
        product: action.product,
        version: action.version,
        action: action.action,
        method: 'POST',
        style: 'RPC',
        pathname: '/',
        reqBodyType: 'formData',
        bodyType: 'json',
        authType: 'AK',
        ramAction: action.ramAction,
        mutating: action.mutating,
      });
    }
  });

  it('lists the serialization of every parameter in the descriptors', () => {
    const lists = (descriptor: ActionDescriptor<unknown, unknown>) => ({
      commaJoinedParams: descriptor.commaJoinedParams,
      bodyParams: descriptor.bodyParams,
    });
    expect(lists(DescribeSuspEventsAction)).toEqual({
      commaJoinedParams: ['SourceAliUids'],
      bodyParams: ['TacticId'],
    });
    expect(lists(DescribeSecurityEventOperationsAction)).toEqual({
      commaJoinedParams: [],
      bodyParams: [],
    });
    expect(lists(HandleSecurityEventsAction)).toEqual({
      commaJoinedParams: [],
      bodyParams: [],
    });
    expect(lists(DescribeSecurityEventOperationStatusAction)).toEqual({
      commaJoinedParams: [],
      bodyParams: [],
    });
    expect(lists(DescribeRiskRulesAction)).toEqual({
      commaJoinedParams: [],
      bodyParams: [],
    });
    expect(lists(PreHandleAuditRiskAction)).toEqual({
      commaJoinedParams: [],
      bodyParams: [],
    });
  });

  it('serializes requests as the descriptors list: only those parameters are joined or moved to the body', () => {
    const request = { SourceAliUids: [111, 222], AssetsTypeList: ['ecs', 'cloud'], TacticId: 'TA0001' };
    expect(toWireRequest(DescribeSuspEventsAction, request)).toEqual({
      query: { SourceAliUids: '111,222', 'AssetsTypeList.1': 'ecs', 'AssetsTypeList.2': 'cloud' },
      body: { TacticId: 'TA0001' },
    });
    expect(request.SourceAliUids).toEqual([111, 222]);
    expect(toWireRequest(DescribeSuspEventsAction, { PageSize: '20' })).toEqual({
      query: { PageSize: '20' },
      body: undefined,
    });
    expect(
      toWireRequest(HandleSecurityEventsAction, {
        SecurityEventIds: ['7', '8'],
        OperationCode: 'block_ip',
        OperationParams: '{"expireTime":1}',
      }),
    ).toEqual({
      query: {
        'SecurityEventIds.1': '7',
        'SecurityEventIds.2': '8',
        OperationCode: 'block_ip',
        OperationParams: '{"expireTime":1}',
      },
      body: undefined,
    });
  });

  it('exports the endpoint maps of both products', () => {
    expect(endpoints.Sas.endpointMap['cn-shanghai']).toBe('tds.cn-shanghai.aliyuncs.com');
    expect(endpoints.Sas.endpointMap['ap-southeast-1']).toBe('tds.ap-southeast-1.aliyuncs.com');
    expect(endpoints.Sddp.endpointMap['cn-hongkong']).toBe('sddp-api.cn-hongkong.aliyuncs.com');
    expect(endpoints.Sddp.endpointMap['cn-zhangjiakou']).toBe('sddp.cn-zhangjiakou.aliyuncs.com');
    expect(endpoints.Sas).toMatchObject({
      version: '2018-12-03',
      productId: 'sas',
      ramNamespace: 'yundun-sas',
    });
    expect(endpoints.Sddp).toMatchObject({
      version: '2019-01-03',
      productId: 'sddp',
      ramNamespace: 'yundun-sddp',
    });
  });

  it('exports a schema for every nested type', () => {
    const exported = generatedSchemas as unknown as Record<string, unknown>;
    const typeNames: string[] = [];
    for (const action of spec.actions) {
      for (const side of [action.request, action.response]) {
        walkFields(side, (field) => {
          const typeName = field.typeName ?? field.items?.typeName;
          if (typeName !== undefined) typeNames.push(typeName);
        });
      }
    }
    expect(typeNames.sort()).toEqual(
      [
        'HandleInfo',
        'HandleSecurityEventsResult',
        'MappingMarkField',
        'MarkField',
        'MarkFieldSource',
        'RiskEvent',
        'SecurityEventOperation',
        'SecurityEventOperationStatus',
        'SecurityEventOperationStatusResult',
        'SuspEvent',
        'SuspEventDetail',
        'SuspEventNote',
        'SuspEventTacticItem',
      ].sort(),
    );
    for (const name of typeNames) expect(exported[`${name}Schema`], name).toBeDefined();
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Schema shape against the spec.

interface Def {
  type: string;
  shape?: Record<string, z.core.$ZodType>;
  innerType?: z.core.$ZodType;
  out?: z.core.$ZodType;
  element?: z.core.$ZodType;
}

function defOf(schema: z.core.$ZodType): Def {
  return schema._zod.def as unknown as Def;
}

/** Strips optional / pipe (preprocess) wrappers. */
function core(schema: z.core.$ZodType): { schema: z.core.$ZodType; optional: boolean } {
  let current = schema;
  let optional = false;
  for (;;) {
    const def = defOf(current);
    if (def.type === 'optional' && def.innerType !== undefined) {
      optional = true;
      current = def.innerType;
    } else if (def.type === 'pipe' && def.out !== undefined) {
      current = def.out;
    } else {
      return { schema: current, optional };
    }
  }
}

/** `path → { kind, optional }` for every field of an object schema, all levels. */
function schemaFields(
  schema: z.core.$ZodType,
  prefix = '',
  out = new Map<string, { kind: string; optional: boolean }>(),
) {
  const shape = defOf(core(schema).schema).shape;
  if (shape === undefined) throw new Error(`${prefix || '(root)'}: not an object schema`);
  for (const [key, value] of Object.entries(shape)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    const { schema: inner, optional } = core(value);
    let kind = defOf(inner).type;
    out.set(path, { kind, optional });
    let element = inner;
    let at = path;
    while (kind === 'array') {
      const next = defOf(element).element;
      if (next === undefined) break;
      element = core(next).schema;
      at = `${at}[]`;
      kind = defOf(element).type;
      if (kind === 'object') schemaFields(element, at, out);
    }
    if (defOf(inner).type === 'object') schemaFields(inner, path, out);
  }
  return out;
}

const KINDS: Record<FieldSpec['type'], string[]> = {
  string: ['string', 'enum'],
  'json-string': ['string'],
  integer: ['number', 'literal'],
  int64: ['number', 'literal'],
  boolean: ['boolean'],
  array: ['array'],
  object: ['object'],
};

describe.each(spec.actions.map((action) => [action.action, action] as const))(
  '%s schemas',
  (name, action) => {
    const schema = schemas[name as keyof typeof schemas];
    if (schema === undefined) throw new Error(`no schemas for ${name}`);

    for (const side of ['request', 'response'] as const) {
      it(`${side} schema has exactly the spec fields, with their types and optionality`, () => {
        const fields = schemaFields(schema[side]);
        const expected = new Map<string, FieldSpec>();
        walkFields(action[side], (field, path) => expected.set(path, field));
        expect([...fields.keys()].sort()).toEqual([...expected.keys()].sort());
        for (const [path, field] of expected) {
          const actual = fields.get(path);
          expect(KINDS[field.type], `${side} ${path}`).toContain(actual?.kind);
          expect(actual?.optional, `${side} ${path} optional`).toBe(!field.required);
          const closed = field.enum !== undefined && field.enumOpen === false;
          if (field.type !== 'array' && field.type !== 'object') {
            expect(actual?.kind === 'enum' || actual?.kind === 'literal', `${side} ${path} closed enum`).toBe(
              closed,
            );
          }
        }
      });
    }
  },
);

// ---------------------------------------------------------------------------------------------------------------
// Schema behaviour.

/** A body built from the spec's documented examples (type-correct placeholders where there is none). */
function exampleOf(fields: readonly FieldSpec[]): Record<string, unknown> {
  const value = (item: FieldSpec | NonNullable<FieldSpec['items']>): unknown => {
    const example = 'example' in item ? item.example : undefined;
    switch (item.type) {
      case 'string':
        return example ?? (item as Partial<FieldSpec>).enum?.[0] ?? 'text';
      case 'json-string':
        return example ?? '{}';
      case 'integer':
      case 'int64': {
        const number = Number(example);
        return example !== undefined && Number.isInteger(number) ? number : 1;
      }
      case 'boolean':
        return example === undefined ? true : example === 'true';
      case 'array':
        return item.items === undefined ? [] : [value(item.items)];
      case 'object':
        return exampleOf(item.properties ?? []);
    }
  };
  return Object.fromEntries(fields.map((field) => [field.name, value(field)]));
}

/** The two implementations of every check: the plain validators the clients use, and the zod schemas. */
const IMPLEMENTATIONS: { name: string; check: Check }[] = [
  {
    name: 'validators',
    check: (action, side, value) => {
      const descriptor = descriptors[action];
      if (descriptor === undefined) throw new Error(`no descriptor for ${action}`);
      const result = side === 'request' ? descriptor.validateRequest(value) : descriptor.parseResponse(value);
      return result.success ? result : { success: false, issues: result.issues };
    },
  },
  {
    name: 'zod schemas',
    check: (action, side, value) => {
      const schema = schemas[action as keyof typeof schemas]?.[side] as z.ZodType<unknown> | undefined;
      if (schema === undefined) throw new Error(`no schema for ${action}`);
      const result = schema.safeParse(value);
      return result.success
        ? { success: true, data: result.data }
        : {
            success: false,
            issues: result.error.issues.map(({ path, message }) => ({
              path: path as (string | number)[],
              message,
            })),
          };
    },
  },
];

type Check = (
  action: string,
  side: 'request' | 'response',
  value: unknown,
) =>
  | { success: true; data: unknown }
  | { success: false; issues: readonly { path: readonly (string | number)[]; message: string }[] };

describe.each(IMPLEMENTATIONS)('$name', ({ check }) => {
  function issuesOf(action: string, side: 'request' | 'response', value: unknown) {
    const result = check(action, side, value);
    expect(result.success, 'expected the value to be rejected').toBe(false);
    return result.success ? [] : result.issues;
  }

  // biome-ignore lint/suspicious/noExplicitAny: each test knows the shape it parsed.
  function parsed(action: string, side: 'request' | 'response', value: unknown): any {
    const result = check(action, side, value);
    if (!result.success) throw new Error(`unexpected issues: ${JSON.stringify(result.issues)}`);
    return result.data;
  }

  describe('response', () => {
    it.each(spec.actions.map((action) => [action.action, action] as const))(
      '%s accepts a body built from the documented examples',
      (name, action) => {
        const body = exampleOf(action.response);
        expect(parsed(name, 'response', body)).toEqual(body);
      },
    );

    it('parses a documented DescribeSuspEvents response and keeps unknown fields', () => {
      const body = {
        RequestId: '0D6E20E4-8326-1D03-A553-2182BE9E82F9',
        Count: 1,
        CurrentPage: 1,
        PageSize: 20,
        TotalCount: 1,
        SomethingNew: { nested: true },
        SuspEvents: [
          {
            Id: 1000,
            Level: 'serious',
            EventStatus: 1,
            AlarmEventNameDisplay: 'Login with unusual location',
            clusterId: 'c2051775877374cccbf68af596e6****',
            Details: [
              { NameDisplay: 'Login IP', Type: 'text', Value: '1.2.XX.XX', ValueDisplay: '1.2.XX.XX' },
            ],
            EventNotes: [{ Note: 'Test', NoteId: 123, NoteTime: '2018-09-26 01:51:01' }],
            TacticItems: [{ TacticDisplayName: 'Persistence', TacticId: 'TA0003' }],
            MarkList: ['tag'],
            NewEventField: 'kept',
          },
        ],
      };
      const result = parsed('DescribeSuspEvents', 'response', body);
      expect(result).toEqual(body);
      expect((result as unknown as Record<string, unknown>).SomethingNew).toEqual({ nested: true });
      const [event] = result.SuspEvents ?? [];
      expect(event).toHaveProperty('NewEventField', 'kept');
    });

    it('accepts values outside the documented response enums', () => {
      const result = parsed('DescribeSuspEvents', 'response', {
        RequestId: 'r',
        SuspEvents: [{ Level: 'critical', EventStatus: 999 }],
      });
      expect(result.SuspEvents?.[0]?.Level).toBe('critical');
    });

    it('reports a wrong type with the path of the field', () => {
      const issues = issuesOf('DescribeSuspEvents', 'response', {
        RequestId: 'r',
        SuspEvents: [{ Level: 5 }],
      });
      expect(issues.map((issue) => issue.path)).toEqual([['SuspEvents', 0, 'Level']]);
      expect(
        issuesOf('DescribeSuspEvents', 'response', { RequestId: 'r', TotalCount: '3' }).map(
          (issue) => issue.path,
        ),
      ).toEqual([['TotalCount']]);
      expect(
        issuesOf('DescribeSuspEvents', 'response', { RequestId: 'r', SuspEvents: [{ Id: 1.5 }] }).map(
          (issue) => issue.path,
        ),
      ).toEqual([['SuspEvents', 0, 'Id']]);
    });

    it('requires RequestId in Sas responses only', () => {
      expect(issuesOf('HandleSecurityEvents', 'response', {}).map((issue) => issue.path)).toEqual([
        ['RequestId'],
      ]);
      expect(parsed('PreHandleAuditRisk', 'response', {})).toEqual({});
      expect(parsed('DescribeRiskRules', 'response', {})).toEqual({});
    });

    it('normalizes OperationParams objects and numeric MappingMarkFields values to strings', () => {
      const result = parsed('DescribeSecurityEventOperations', 'response', {
        RequestId: 'B7A2000F-497E-5DA0-B14D-615CD410DD7E',
        SecurityEventOperationsResponse: [
          {
            OperationCode: 'block_ip',
            OperationParams: { expireTime: 1641566807783 },
            UserCanOperate: true,
            MappingMarkFields: [{ Name: 'pid', Value: 1791, Required: true, MaxLength: 2048 }],
            MarkField: [
              { FiledName: 'gmtModified', MarkMisType: 'contains', SupportedMisType: ['contains'] },
            ],
            MarkFieldsSource: [
              { FiledName: 'loginUser', MarkMisValue: 'root', SupportedMisType: ['strEqual'] },
            ],
          },
          { OperationCode: 'virus_quara', OperationParams: '{"subOperation":"quaraFileByMd5andPath"}' },
        ],
      });
      const [first, second] = result.SecurityEventOperationsResponse ?? [];
      expect(first?.OperationParams).toBe('{"expireTime":1641566807783}');
      expect(first?.MappingMarkFields?.[0]?.Value).toBe('1791');
      expect(second?.OperationParams).toBe('{"subOperation":"quaraFileByMd5andPath"}');
      const issues = issuesOf('DescribeSecurityEventOperations', 'response', {
        RequestId: 'r',
        SecurityEventOperationsResponse: [{ OperationParams: true }],
      });
      expect(issues.map((issue) => issue.path)).toEqual([
        ['SecurityEventOperationsResponse', 0, 'OperationParams'],
      ]);
    });

    it('unwraps the DescribeRiskRules envelope and accepts the flat shape', () => {
      const item = {
        RiskId: 75110196,
        RuleName: 'jiangyu_test_mysqldump',
        WarnLevel: 3,
        HandleStatus: 'UNPROCESSED',
      };
      const wrapped = parsed('DescribeRiskRules', 'response', {
        code: 200,
        data: { Items: [item], TotalCount: 1, PageSize: 10, CurrentPage: 1 },
        requestId: 'C34D813F-A234-5D66-842D-504D84D5C680',
        success: true,
      });
      expect(wrapped).toMatchObject({
        RequestId: 'C34D813F-A234-5D66-842D-504D84D5C680',
        TotalCount: 1,
        PageSize: 10,
        CurrentPage: 1,
        Items: [item],
      });
      expect(wrapped).not.toHaveProperty('data');
      expect(wrapped).not.toHaveProperty('requestId');
      const flat = parsed('DescribeRiskRules', 'response', {
        RequestId: 'R',
        Items: [item],
        TotalCount: 1,
      });
      expect(flat).toEqual({ RequestId: 'R', Items: [item], TotalCount: 1 });
      const issues = issuesOf('DescribeRiskRules', 'response', {
        code: 200,
        data: { Items: [{ RiskId: 'x' }] },
      });
      expect(issues.map((issue) => issue.path)).toEqual([['Items', 0, 'RiskId']]);
    });
  });

  describe('request', () => {
    it('reject unknown keys, e.g. SecurityEventId on HandleSecurityEvents', () => {
      const issues = issuesOf('HandleSecurityEvents', 'request', {
        SecurityEventIds: ['909361'],
        SecurityEventId: '909361',
        OperationCode: 'ignore',
      });
      expect(issues).toEqual([{ path: [], message: 'Unrecognized key: "SecurityEventId"' }]);
    });

    it('reject missing required parameters and wrong types, naming the field', () => {
      expect(
        issuesOf('HandleSecurityEvents', 'request', { SecurityEventIds: ['1'] }).map((issue) => issue.path),
      ).toEqual([['OperationCode']]);
      expect(
        issuesOf('HandleSecurityEvents', 'request', {
          SecurityEventIds: [],
          OperationCode: 'ignore',
        }).map((issue) => issue.path),
      ).toEqual([['SecurityEventIds']]);
      expect(
        issuesOf('DescribeSecurityEventOperations', 'request', { SecurityEventId: '61352054' }).map(
          (issue) => issue.path,
        ),
      ).toEqual([['SecurityEventId']]);
      expect(issuesOf('DescribeSuspEvents', 'request', { PageSize: 20 }).map((issue) => issue.path)).toEqual([
        ['PageSize'],
      ]);
      expect(
        issuesOf('DescribeSuspEvents', 'request', { PageSize: '2O' }).map((issue) => issue.path),
      ).toEqual([['PageSize']]);
    });

    it('check closed enums and let open enums through', () => {
      expect(issuesOf('DescribeSuspEvents', 'request', { Lang: 'fr' }).map((issue) => issue.path)).toEqual([
        ['Lang'],
      ]);
      expect(issuesOf('DescribeSuspEvents', 'request', { MultiAccountActionType: 2 })).toHaveLength(1);
      expect(
        parsed('DescribeSuspEvents', 'request', {
          Levels: 'serious,suspicious',
          Status: '1',
          ParentEventTypes: 'other',
          MultiAccountActionType: 1,
          SourceAliUids: [1, 2],
          TacticId: 'TA0001',
        }),
      ).toMatchObject({ Levels: 'serious,suspicious', SourceAliUids: [1, 2] });
      for (const OperationCode of ['virus_quara', 'kill_container_process', 'some_future_code']) {
        expect(
          parsed('HandleSecurityEvents', 'request', {
            SecurityEventIds: ['1'],
            OperationCode,
            OperationParams: '{}',
          }),
        ).toMatchObject({ OperationCode });
      }
      expect(issuesOf('DescribeRiskRules', 'request', { HandleStatus: 'DONE' })).toHaveLength(1);
    });

    it('require JSON text in JSON-string parameters', () => {
      const base = { SecurityEventIds: ['1'], OperationCode: 'kill_and_quara' };
      expect(
        parsed('HandleSecurityEvents', 'request', {
          ...base,
          OperationParams: JSON.stringify({ subOperation: 'killAndQuaraFileByMd5andPath' }),
          MarkMissParam: '[]',
        }),
      ).toMatchObject(base);
      expect(
        issuesOf('HandleSecurityEvents', 'request', {
          ...base,
          OperationParams: 'subOperation:killAndQuaraFileByMd5andPath',
        }).map((issue) => issue.path),
      ).toEqual([['OperationParams']]);
    });

    it('validate the objects inside HandleInfoList strictly', () => {
      const HandleContent = JSON.stringify({ HandleMethod: 0, HandleDetail: 'Confirmed false positive' });
      const request = { RiskId: 75110196, HandleInfoList: [{ HandleType: 'Manual', HandleContent }] };
      expect(parsed('PreHandleAuditRisk', 'request', request)).toEqual(request);
      expect(
        issuesOf('PreHandleAuditRisk', 'request', {
          RiskId: 1,
          HandleInfoList: [{ HandleType: 'Manual' }],
        }).map((issue) => issue.path),
      ).toEqual([['HandleInfoList', 0, 'HandleContent']]);
      expect(
        issuesOf('PreHandleAuditRisk', 'request', {
          RiskId: 1,
          HandleInfoList: [{ HandleType: 'Manual', HandleContent, Extra: 1 }],
        }),
      ).toEqual([{ path: ['HandleInfoList', 0], message: 'Unrecognized key: "Extra"' }]);
      expect(issuesOf('PreHandleAuditRisk', 'request', { RiskId: 1, HandleInfoList: [] })).toHaveLength(1);
    });

    it('require at least one of TaskId / SecurityEventIds', () => {
      const name = 'DescribeSecurityEventOperationStatus';
      const issues = issuesOf(name, 'request', {});
      expect(issues).toHaveLength(1);
      expect(issues[0]?.message).toMatch(/TaskId/);
      expect(issues[0]?.message).toMatch(/SecurityEventIds/);
      expect(issuesOf(name, 'request', { SecurityEventIds: [] })).toHaveLength(1);
      expect(parsed(name, 'request', { TaskId: 15411 })).toEqual({ TaskId: 15411 });
      expect(parsed(name, 'request', { SecurityEventIds: ['909361'] })).toEqual({
        SecurityEventIds: ['909361'],
      });
      expect(parsed(name, 'request', { TaskId: 15411, SecurityEventIds: ['909361'] })).toMatchObject({
        TaskId: 15411,
      });
    });
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Spec validation.

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
});
