import { readdirSync, readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatSources } from '../../scripts/codegen/format.js';
import { regexLiteral } from '../../scripts/codegen/literals.js';
import { GENERATED_DIR, generate, HEADER, loadSpec, SPEC_DIR, walkFields } from '../../scripts/codegen.js';
import {
  AssumeRoleAction,
  actions,
  DescribeMonitorAccountsAction,
  DescribeRiskRulesAction,
  DescribeSecurityEventOperationStatusAction,
  DescribeSecurityEventOperationsAction,
  DescribeSuspEventsAction,
  endpoints,
  HandleSecurityEventsAction,
  ListAccountsAction,
  ListAccountsInResourceDirectoryAction,
  PreHandleAuditRiskAction,
} from '../../src/generated/index.js';
import * as generatedSchemas from '../../src/generated/schemas/index.js';
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

  it('writes patterns as regular expression literals, escaping a slash only where it would end one', () => {
    expect(regexLiteral('^a/b[/]\\/$')).toBe('/^a\\/b[/]\\/$/');
    expect(new RegExp(regexLiteral('^[\\w:/-]{2,4}$').slice(1, -1)).test('a/b')).toBe(true);
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
    // Every parameter of the account actions goes in the query string, none joined.
    for (const descriptor of [
      DescribeMonitorAccountsAction,
      ListAccountsInResourceDirectoryAction,
      AssumeRoleAction,
      ListAccountsAction,
    ]) {
      expect(lists(descriptor), descriptor.action).toEqual({ commaJoinedParams: [], bodyParams: [] });
    }
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
    expect(
      toWireRequest(ListAccountsAction, {
        PageSize: 100,
        IncludeTags: true,
        Tag: [{ Key: 'team', Value: 'sec' }],
      }),
    ).toEqual({
      query: { PageSize: '100', IncludeTags: 'true', 'Tag.1.Key': 'team', 'Tag.1.Value': 'sec' },
      body: undefined,
    });
  });

  it('exports the endpoint maps of every product', () => {
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
    expect(endpoints.Sts).toMatchObject({
      version: '2015-04-01',
      productId: 'sts',
      ramNamespace: 'sts',
      endpointRule: 'regional',
      centralEndpoint: 'sts.aliyuncs.com',
    });
    expect(endpoints.Sts.endpointMap['cn-shanghai']).toBe('sts.cn-shanghai.aliyuncs.com');
    // Documented to use the central host, where the official client would build a regional name.
    expect(endpoints.Sts.endpointMap['cn-hangzhou-finance']).toBe('sts.aliyuncs.com');
    expect(endpoints.ResourceDirectoryMaster).toMatchObject({
      version: '2022-04-19',
      productId: 'resourcedirectorymaster',
      ramNamespace: 'resourcemanager',
      endpointRule: 'central',
      endpointMap: {
        'ap-southeast-1': 'resourcedirectory-intl.aliyuncs.com',
        'cn-shanghai': 'resourcedirectory.aliyuncs.com',
      },
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
        'AssumedRoleUser',
        'HandleInfo',
        'HandleSecurityEventsResult',
        'MappingMarkField',
        'MarkField',
        'MarkFieldSource',
        'MonitorAccountInfo',
        'ResourceDirectoryAccount',
        'ResourceDirectoryAccountList',
        'ResourceDirectoryAccountTags',
        'ResourceDirectoryTag',
        'ResourceDirectoryTagFilter',
        'RiskEvent',
        'SasDirectoryAccount',
        'SecurityEventOperation',
        'SecurityEventOperationStatus',
        'SecurityEventOperationStatusResult',
        'StsCredentials',
        'SuspEvent',
        'SuspEventDetail',
        'SuspEventNote',
        'SuspEventTacticItem',
      ].sort(),
    );
    for (const name of typeNames) expect(exported[`${name}Schema`], name).toBeDefined();
  });
});
