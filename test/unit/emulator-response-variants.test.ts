import { describe, expect, it } from 'vitest';
import { variantBody } from '../../src/emulator/faults/body-variants.js';
import { errorIn200, successFalse, wrappedSuccessFalse } from '../../src/emulator/faults/error-bodies.js';
import { FaultPlan } from '../../src/emulator/faults/fault-plan.js';
import { FIELD_PATH, placesOf } from '../../src/emulator/faults/field-paths.js';
import { nestedJson } from '../../src/emulator/faults/nested-json.js';
import { oversizedStream } from '../../src/emulator/faults/oversized-body.js';
import { parseFaultRules } from '../../src/emulator/faults/parse-faults.js';
import { completeReply } from '../../src/emulator/http/complete-reply.js';
import { jsonText } from '../../src/emulator/http/json-text.js';
import {
  APPLYING_FAULTS,
  BIG_INT64,
  FAULT_KINDS,
  parseScenario,
  RESPONSE_VARIANTS,
  scenarioToOptions,
} from '../../src/emulator/index.js';
import { servePage } from '../../src/emulator/state/paging.js';

/** A page as the model answers it, before the emulator adds its RequestId. */
const page = () => ({
  Count: 2,
  CurrentPage: 1,
  PageSize: 2,
  TotalCount: 45,
  SuspEvents: [
    {
      Id: 7009645,
      Level: 'serious',
      SecurityEventIds: '7009645',
      SaleVersion: '1',
      CanBeDealOnLine: true,
      Advanced: false,
      InternetIp: '203.0.113.7',
      MarkList: [],
      Details: [{ NameDisplay: 'Login user', Value: 'root' }],
    },
    {
      Id: 7009644,
      Level: 'remind',
      SecurityEventIds: '7009644',
      SaleVersion: '0',
      CanBeDealOnLine: false,
      Advanced: true,
      InternetIp: '203.0.113.8',
      MarkList: ['prod'],
      Details: [],
    },
  ],
});

describe('field paths', () => {
  it.each([
    'TotalCount',
    'SuspEvents[].InternetIp',
    'SuspEvents[3]',
    'SecurityEventOperationsResponse[].MarkField[].Uuid',
    'data.Items[].RiskId',
    'a[][2].b',
  ])('accepts %s', (path) => {
    expect(FIELD_PATH.test(path)).toBe(true);
  });

  it.each(['', '.a', 'a.', 'a..b', 'a[x]', 'a[-1]', '[0]', 'a b'])('refuses %j', (path) => {
    expect(FIELD_PATH.test(path)).toBe(false);
  });

  it('reaches every item with [], one with [n], and fields whether present or not', () => {
    const body = page();

    expect(placesOf(body, 'SuspEvents[].Id').map(({ key }) => key)).toEqual(['Id', 'Id']);
    expect(placesOf(body, 'SuspEvents[1]').map(({ key }) => key)).toEqual([1]);
    expect(placesOf(body, 'SuspEvents[5]')).toEqual([]);
    expect(placesOf(body, 'SuspEvents[0].Missing')).toHaveLength(1);
    expect(placesOf(body, 'Nowhere.Id')).toEqual([]);
    expect(placesOf(body, 'SuspEvents[].Details[].Value')).toHaveLength(1);
  });
});

describe('variantBody', () => {
  it('nulls every leaf but the RequestId without fields, keeping objects and lists of objects', () => {
    const nulled = variantBody('nulls', { RequestId: 'R', ...page() }, undefined);

    expect(nulled).toMatchObject({ RequestId: 'R', Count: null, TotalCount: null });
    expect(nulled.SuspEvents).toEqual([
      {
        Id: null,
        Level: null,
        SecurityEventIds: null,
        SaleVersion: null,
        CanBeDealOnLine: null,
        Advanced: null,
        InternetIp: null,
        MarkList: null,
        Details: [{ NameDisplay: null, Value: null }],
      },
      expect.objectContaining({ Id: null, MarkList: null, Details: null }),
    ]);
  });

  it('nulls the fields named, adding them where absent, and nothing else', () => {
    const nulled = variantBody('nulls', page(), ['SuspEvents[1].InternetIp', 'SuspEvents[0].OperateTime']);
    const expected = page();
    Object.assign(expected.SuspEvents[1] ?? {}, { InternetIp: null });
    Object.assign(expected.SuspEvents[0] ?? {}, { OperateTime: null });

    expect(nulled).toEqual(expected);
  });

  it('nulls a list or an object as a whole when a path names it', () => {
    expect(variantBody('nulls', page(), ['SuspEvents']).SuspEvents).toBeNull();
    expect((variantBody('nulls', page(), ['SuspEvents[0]']).SuspEvents as unknown[])[0]).toBeNull();
  });

  it('sends every number as a string, or those of the fields named', () => {
    const all = variantBody('numericStrings', page(), undefined);
    const one = variantBody('numericStrings', page(), ['TotalCount', 'SuspEvents[1]']);

    expect(all).toMatchObject({ Count: '2', CurrentPage: '1', PageSize: '2', TotalCount: '45' });
    expect(all.SuspEvents).toMatchObject([{ Id: '7009645' }, { Id: '7009644' }]);
    expect(one).toMatchObject({
      Count: 2,
      TotalCount: '45',
      SuspEvents: [{ Id: 7009645 }, { Id: '7009644' }],
    });
  });

  it('sends strings that hold an integer as numbers, and leaves other strings alone', () => {
    const body = variantBody(
      'numbersForStrings',
      { ...page(), Other: ['007', '12.5', '-3', '9007199254740993'] },
      undefined,
    );

    expect(body.SuspEvents).toMatchObject([
      { SecurityEventIds: 7009645, SaleVersion: 1, InternetIp: '203.0.113.7', Level: 'serious' },
      { SecurityEventIds: 7009644, SaleVersion: 0 },
    ]);
    expect(body.Other).toEqual(['007', '12.5', -3, '9007199254740993']);
  });

  it('sends booleans as "true"/"false" or as 1/0', () => {
    expect(variantBody('booleanStrings', page(), undefined).SuspEvents).toMatchObject([
      { CanBeDealOnLine: 'true', Advanced: 'false' },
      { CanBeDealOnLine: 'false', Advanced: 'true' },
    ]);
    expect(variantBody('booleanNumbers', page(), ['SuspEvents[0].Advanced']).SuspEvents).toMatchObject([
      { CanBeDealOnLine: true, Advanced: 0 },
      { CanBeDealOnLine: false, Advanced: true },
    ]);
  });

  it('writes BIG_INT64 in exact digits at SourceAliUid by default, or at the fields named', () => {
    const text = jsonText(variantBody('bigInt64', page(), undefined));
    const ids = jsonText(variantBody('bigInt64', page(), ['SuspEvents[0].Id']));

    expect(text.match(/"SourceAliUid":1234567890123456789[,}]/g)).toHaveLength(2);
    expect(ids).toContain('"Id":1234567890123456789,');
    expect(ids).toContain('"Id":7009644,');
    expect(BIG_INT64 > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
  });

  it('never changes the body it was given: it may hold the model’s records', () => {
    const body = page();
    const before = structuredClone(body);
    for (const kind of [
      'nulls',
      'numericStrings',
      'numbersForStrings',
      'booleanStrings',
      'bigInt64',
    ] as const) {
      variantBody(kind, body, undefined);
      variantBody(kind, body, ['SuspEvents[0].Id']);
    }

    expect(body).toEqual(before);
  });
});

describe('jsonText', () => {
  it('writes bigints as exact digits and everything else as JSON.stringify does', () => {
    const value = { a: 1234567890123456789n, b: [-9007199254740993n, 'x', null], c: 'quote " and \u0000' };

    expect(jsonText(value)).toBe(
      '{"a":1234567890123456789,"b":[-9007199254740993,"x",null],"c":"quote \\" and \\u0000"}',
    );
    expect(jsonText({ n: 1, s: 'text' })).toBe(JSON.stringify({ n: 1, s: 'text' }));
  });
});

describe('error bodies inside a 200', () => {
  const complete = (reply: ReturnType<typeof errorIn200>) =>
    completeReply(reply, { requestId: 'REQ-1', hostId: 'h', product: 'Sddp' });

  it('errorIn200: RequestId, Code and Message, no payload, logged with its code', () => {
    const completed = complete(errorIn200('Throttling.User'));

    expect(completed.reply).toEqual({
      status: 200,
      body: {
        RequestId: 'REQ-1',
        Code: 'Throttling.User',
        Message: 'Request was denied due to user flow control.',
      },
    });
    expect(completed.code).toBe('Throttling.User');
  });

  it('successFalse: Success false with a Code', () => {
    expect(complete(successFalse('InternalError')).reply.body).toEqual({
      RequestId: 'REQ-1',
      Code: 'InternalError',
      Success: false,
      Message: expect.stringContaining('unknown error'),
    });
  });

  it('wrappedSuccessFalse: the lower-case wrapped shape, its requestId added, its code logged', () => {
    const completed = complete(wrappedSuccessFalse('Some.Code'));

    expect(completed.reply.body).toEqual({
      code: 'Some.Code',
      message: 'The request failed: Some.Code.',
      success: false,
      data: null,
      requestId: 'REQ-1',
    });
    expect(completed.code).toBe('Some.Code');
  });
});

describe('nestedJson', () => {
  it('nests the payload field depth arrays deep, valid JSON', () => {
    expect(nestedJson('DescribeSuspEvents', 'R', 3)).toBe('{"RequestId":"R","SuspEvents":[[[]]]}');
    expect(nestedJson('PreHandleAuditRisk', 'R', 1)).toBe('{"RequestId":"R","Success":[]}');
    expect(() => JSON.parse(nestedJson('DescribeRiskRules', 'R', 100_000))).not.toThrow();
  });
});

describe('oversizedStream', () => {
  const collect = (stream: ReturnType<typeof oversizedStream>) => Buffer.concat([...stream.chunks()]);

  it('repeats the items of the first list of objects up to the size, as valid JSON of that length', () => {
    const stream = oversizedStream({ RequestId: 'R', ...page() }, 300_000, false);
    const body = collect(stream);
    const parsed = JSON.parse(body.toString('utf8')) as ReturnType<typeof page>;

    expect(body.length).toBe(stream.length);
    expect(body.length).toBeGreaterThanOrEqual(300_000);
    expect(body.length).toBeLessThan(300_000 + 1_000);
    expect(parsed).toMatchObject({ RequestId: 'R', Count: 2, TotalCount: 45 });
    expect(parsed.SuspEvents.length).toBeGreaterThan(500);
    expect(parsed.SuspEvents.slice(0, 4).map((event) => event.Id)).toEqual([
      7009645, 7009644, 7009645, 7009644,
    ]);
  });

  it('pads with spaces a body without a list of objects, and leaves the length out when chunked', () => {
    const stream = oversizedStream(
      { RequestId: 'R', HandleSecurityEventsResponse: { TaskId: 1 } },
      100_000,
      true,
    );
    const body = collect(stream).toString('utf8');

    expect(stream.length).toBeUndefined();
    expect(body).toHaveLength(100_000);
    expect(body).toMatch(/^\{ {99000,}"RequestId":"R","HandleSecurityEventsResponse":\{"TaskId":1\}\}$/);
  });

  it('builds each piece when asked: no piece is larger than about 64 KiB', () => {
    const sizes = [...oversizedStream({ RequestId: 'R', ...page() }, 2_000_000, false).chunks()].map(
      (chunk) => chunk.length,
    );

    expect(Math.max(...sizes)).toBeLessThan(70_000);
  });
});

describe('response variant kinds', () => {
  it('are fault kinds that apply the request', () => {
    for (const kind of RESPONSE_VARIANTS) {
      expect(FAULT_KINDS).toContain(kind);
      expect(APPLYING_FAULTS.has(kind)).toBe(true);
    }
    for (const kind of ['errorIn200', 'successFalse', 'wrappedSuccessFalse', 'deepNesting'] as const) {
      expect(APPLYING_FAULTS.has(kind)).toBe(false);
    }
  });

  it("carry their rule's fields, code, sizeBytes and depth when picked", () => {
    const plan = new FaultPlan('s', [
      { action: 'DescribeSuspEvents', queue: ['nulls'], fields: ['TotalCount'] },
      { action: 'PreHandleAuditRisk', queue: ['successFalse'], code: 'InternalError' },
      { action: 'DescribeRiskRules', queue: ['oversized', 'deepNesting'], sizeBytes: 1_000, depth: 7 },
    ]);

    expect(plan.pick('DescribeSuspEvents')).toEqual({
      kind: 'nulls',
      latencyMs: 200,
      fields: ['TotalCount'],
    });
    expect(plan.pick('PreHandleAuditRisk')).toEqual({
      kind: 'successFalse',
      latencyMs: 200,
      code: 'InternalError',
    });
    expect(plan.pick('DescribeRiskRules')).toMatchObject({ kind: 'oversized', sizeBytes: 1_000, depth: 7 });
  });

  it.each<[string, unknown, string]>([
    [
      'a field path that is not one',
      [{ action: '*', queue: ['nulls'], fields: ['SuspEvents[x]'] }],
      'faults[0].fields[0]: not a field path: "SuspEvents[x]"',
    ],
    ['an empty fields list', [{ action: '*', queue: ['nulls'], fields: [] }], 'faults[0].fields: Too small'],
    [
      'fields for kinds that take none',
      [{ action: '*', queue: ['throttle', 'oversized'], fields: ['TotalCount'] }],
      'faults[0].fields: only nulls, numericStrings, numbersForStrings, booleanStrings, booleanNumbers, bigInt64 take fields',
    ],
    [
      'successFalse for a Security Center action',
      [{ action: 'DescribeSuspEvents', queue: ['successFalse'] }],
      'faults[0].queue[0]: successFalse applies to DescribeRiskRules and PreHandleAuditRisk only, not to "DescribeSuspEvents"',
    ],
    [
      'wrappedSuccessFalse for every action',
      [{ action: '*', rate: 0.5, kinds: ['wrappedSuccessFalse'] }],
      'faults[0].kinds[0]: wrappedSuccessFalse applies to DescribeRiskRules and PreHandleAuditRisk only, not to "*"',
    ],
    ['a size of 0', [{ action: '*', queue: ['oversized'], sizeBytes: 0 }], 'faults[0].sizeBytes: Too small'],
    [
      'a size above 1 GiB',
      [{ action: '*', queue: ['oversized'], sizeBytes: 2 ** 31 }],
      'faults[0].sizeBytes: Too big',
    ],
    ['a depth of 0', [{ action: '*', queue: ['deepNesting'], depth: 0 }], 'faults[0].depth: Too small'],
    ['an empty code', [{ action: '*', queue: ['errorIn200'], code: '' }], 'faults[0].code: Too small'],
  ])('refuses %s', (_, rules, message) => {
    expect(() => parseFaultRules(rules, 'faults')).toThrow(message);
  });

  it('can be given in a scenario file, with paging', () => {
    const scenario = parseScenario(
      JSON.stringify({
        alerts: { sample: 30 },
        paging: { totalCount: 'omit', beyondEnd: 'cycle', maxPageSize: 10 },
        faults: [
          { action: 'DescribeSuspEvents', queue: ['nulls'], fields: ['SuspEvents[0].InternetIp'] },
          { action: 'PreHandleAuditRisk', queue: ['wrappedSuccessFalse'], code: 'InternalError' },
          {
            action: '*',
            rate: 0.1,
            kinds: ['oversizedChunked', 'deepNesting'],
            sizeBytes: 1_048_576,
            depth: 500,
          },
        ],
      }),
      'scenarios/hostile.json',
    );
    const options = scenarioToOptions(scenario);

    expect(options.state.paging).toEqual({ totalCount: 'omit', beyondEnd: 'cycle', maxPageSize: 10 });
    expect(options.faults).toEqual([
      { action: 'DescribeSuspEvents', queue: ['nulls'], fields: ['SuspEvents[0].InternetIp'] },
      { action: 'PreHandleAuditRisk', queue: ['wrappedSuccessFalse'], code: 'InternalError' },
      {
        action: '*',
        rate: 0.1,
        kinds: ['oversizedChunked', 'deepNesting'],
        sizeBytes: 1_048_576,
        depth: 500,
      },
    ]);
  });

  it('refuses bad paging in a scenario file, at its path', () => {
    const bad = JSON.stringify({ alerts: { sample: 1 }, paging: { totalCount: 'lie', beyondEnd: 'loop' } });

    expect(() => parseScenario(bad, 'scenarios/bad.json')).toThrow(
      /paging\.totalCount: expected a non-negative integer or "omit"[\s\S]*paging\.beyondEnd: Invalid option/,
    );
  });
});

describe('servePage', () => {
  const items = Array.from({ length: 45 }, (_, index) => index);
  const ids = (currentPage: number, size: number, paging = {}, max = 100) =>
    servePage(items, currentPage, size, paging, max);

  it('pages as the services do by default: true total, empty past the end, capped size', () => {
    expect(ids(3, 20)).toEqual({ items: [40, 41, 42, 43, 44], pageSize: 20, totalCount: 45 });
    expect(ids(4, 20).items).toEqual([]);
    expect(ids(1, 500).pageSize).toBe(100);
  });

  it('announces a lying total, or none', () => {
    expect(ids(1, 20, { totalCount: 1000 }).totalCount).toBe(1000);
    expect(ids(1, 20, { totalCount: 'omit' }).totalCount).toBeUndefined();
  });

  it('repeats the last page past the end', () => {
    expect(ids(4, 20, { beyondEnd: 'repeatLast' }).items).toEqual([40, 41, 42, 43, 44]);
    expect(ids(9, 15, { beyondEnd: 'repeatLast' }).items).toEqual(items.slice(30, 45));
  });

  it('cycles: every page full, pages alternate when two hold every item', () => {
    const forty = items.slice(0, 40);
    const cycled = (currentPage: number) =>
      servePage(forty, currentPage, 20, { beyondEnd: 'cycle' }, 100).items;

    expect(cycled(3)).toEqual(cycled(1));
    expect(cycled(4)).toEqual(cycled(2));
    expect(ids(3, 20, { beyondEnd: 'cycle' }).items).toEqual([40, 41, 42, 43, 44, ...items.slice(0, 15)]);
    expect(servePage([1, 2], 5, 20, { beyondEnd: 'cycle' }, 100).items).toEqual([1, 2]);
  });

  it('caps the page size at maxPageSize', () => {
    expect(ids(1, 100, { maxPageSize: 10 })).toEqual({
      items: items.slice(0, 10),
      pageSize: 10,
      totalCount: 45,
    });
    expect(ids(2, 5, { maxPageSize: 10 }).items).toEqual(items.slice(5, 10));
  });
});
