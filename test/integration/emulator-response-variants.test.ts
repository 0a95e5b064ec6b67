/**
 * The response variants over HTTP: what the emulator sends, byte for byte, for each kind a tolerant
 * reader must survive. Requests go out through the official client (which reads every variant but the
 * errors), or signed and sent raw where headers or a streamed body matter; assertions are on the raw
 * text the emulator sent (`recordResponseBodies`), never on how a client reads it.
 */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { describe, expect, it } from 'vitest';
import {
  BIG_INT64,
  DEFAULT_NESTING_DEPTH,
  DEFAULT_OVERSIZED_BYTES,
  type Emulator,
  type EmulatorOptions,
  type FaultKind,
  type FaultRule,
  sampleAlerts,
  sampleRisks,
} from '../../src/emulator/index.js';
import { useEmulators } from '../support/emulators.js';
import { call, clientFor } from '../support/openapi-client.js';
import { captureSigned, type RawRequest } from '../support/signed-http.js';

const start = useEmulators();
const ALERTS = sampleAlerts(6, 'variants');
const RISKS = sampleRisks(3, 'variants');
const [FIRST, SECOND] = ALERTS;
const SDDP_VERSION = '2019-01-03';
/** The emulator's clock, fixed so that two answers to the same read are the same. */
const NOW = Date.now();

/** An emulator over ALERTS and RISKS that keeps every body it sends. */
function setup(options: EmulatorOptions = {}): Promise<Emulator> {
  return start({
    alerts: ALERTS,
    seed: 'variants',
    now: () => NOW,
    recordResponseBodies: true,
    ...options,
    state: { risks: RISKS, ...options.state },
  });
}

/** Sends one request with the official client; its reading (or refusal) does not matter here. */
async function send(emulator: Emulator, action: string, query: Record<string, unknown>, version?: string) {
  await call(clientFor(emulator.endpoint, emulator.credentials), action, query, {
    ...(version && { version }),
  }).catch(() => undefined);
}

/** The text of the last body the emulator sent. */
function lastText(emulator: Emulator): string {
  const text = emulator.received.at(-1)?.responseBody;
  if (text === undefined) throw new Error('no body was kept');
  return text;
}

const lastBody = (emulator: Emulator) => JSON.parse(lastText(emulator)) as Record<string, unknown>;

/** Every scalar of a JSON value with its path, lists of scalars as one leaf. */
function leaves(value: unknown, path = ''): [string, unknown][] {
  if (Array.isArray(value) && value.some((item) => typeof item === 'object' && item !== null)) {
    return value.flatMap((item, index) => leaves(item, `${path}[${index}]`));
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    return Object.entries(value).flatMap(([key, field]) =>
      leaves(field, path === '' ? key : `${path}.${key}`),
    );
  }
  return [[path, value]];
}

/** The reads whose answers stay the same, each with its request. */
const READS: readonly [action: string, query: Record<string, unknown>, version?: string][] = [
  ['DescribeSuspEvents', { CurrentPage: '1', PageSize: '6' }],
  ['DescribeSecurityEventOperations', { SecurityEventId: String(FIRST?.Id) }],
  ['DescribeRiskRules', { CurrentPage: '1', PageSize: '3' }, SDDP_VERSION],
];

/** How each scalar variant sends a value: the value expected in its place. */
const EXPECTED: Readonly<Record<string, (value: unknown) => unknown>> = {
  nulls: () => null,
  numericStrings: (value) => (typeof value === 'number' ? String(value) : value),
  numbersForStrings: (value) =>
    typeof value === 'string' && /^-?(0|[1-9]\d*)$/.test(value) ? Number(value) : value,
  booleanStrings: (value) => (typeof value === 'boolean' ? String(value) : value),
  booleanNumbers: (value) => (typeof value === 'boolean' ? Number(value) : value),
};

describe('scalar variants: the usual answer, every value in another form', () => {
  const cases = Object.keys(EXPECTED).flatMap((kind) =>
    READS.map(([action, query, version]) => ({ kind, action, query, version })),
  );

  it.each(cases)('$kind on $action', async ({ kind, action, query, version }) => {
    const emulator = await setup();
    await send(emulator, action, query, version);
    const usual = lastBody(emulator);
    const convert = EXPECTED[kind] ?? ((value: unknown) => value);
    emulator.faults.inject({ action: action as FaultRule['action'], queue: [kind as FaultKind] });
    await send(emulator, action, query, version);
    const variant = lastBody(emulator);

    const expected = leaves(usual).map(([path, value]) => [
      path,
      path === 'RequestId' ? variant.RequestId : convert(value),
    ]);
    expect(leaves(variant)).toEqual(expected);
    expect(emulator.received.at(-1)).toMatchObject({ status: 200, fault: kind });
    expect(variant.RequestId).toEqual(expect.any(String));
  });

  it('changes only the fields a rule names: one event without a public IP, one event as strings', async () => {
    const emulator = await setup({
      faults: [
        { action: 'DescribeSuspEvents', queue: ['nulls'], fields: ['SuspEvents[1].InternetIp'] },
        { action: 'DescribeSuspEvents', queue: ['numericStrings'], fields: ['SuspEvents[2]'] },
      ],
    });
    await send(emulator, 'DescribeSuspEvents', { PageSize: '6' });
    await send(emulator, 'DescribeSuspEvents', { PageSize: '6' });
    await send(emulator, 'DescribeSuspEvents', { PageSize: '6' });
    const [nulled, strings, usual] = emulator.received.map((entry) => JSON.parse(entry.responseBody ?? '{}'));

    expect(lastText(emulator)).not.toContain('null');
    expect(nulled.SuspEvents[1].InternetIp).toBeNull();
    expect(leaves(nulled).filter(([, value]) => value === null)).toEqual([
      ['SuspEvents[1].InternetIp', null],
    ]);
    expect(strings.SuspEvents[2].Id).toBe(String(usual.SuspEvents[2].Id));
    expect(strings.SuspEvents[2].EventStatus).toBe('1');
    expect(strings.SuspEvents[1].Id).toBe(usual.SuspEvents[1].Id);
    expect(strings.TotalCount).toBe(6);
  });

  it('reshapes a handling answer, and the handling is applied once', async () => {
    const emulator = await setup({
      faults: [{ action: 'HandleSecurityEvents', queue: ['numericStrings', 'nulls'] }],
    });
    const ignore = (id: number | undefined) => ({
      'SecurityEventIds.1': String(id),
      OperationCode: 'ignore',
      OperationParams: '{}',
    });
    await send(emulator, 'HandleSecurityEvents', ignore(FIRST?.Id));
    const strings = lastBody(emulator);
    await send(emulator, 'HandleSecurityEvents', ignore(SECOND?.Id));

    const [taskId] = emulator.state.tasks().map((task) => task.taskId);
    expect(strings.HandleSecurityEventsResponse).toEqual({ TaskId: String(taskId) });
    expect(lastBody(emulator)).toEqual({
      RequestId: expect.any(String),
      HandleSecurityEventsResponse: { TaskId: null },
    });
    expect(emulator.state.handledCount(String(FIRST?.Id))).toBe(1);
    expect(emulator.state.handledCount(String(SECOND?.Id))).toBe(1);
  });

  it('starts with the request a rule lets through first (after), like any fault', async () => {
    const emulator = await setup({
      faults: [{ action: 'DescribeSuspEvents', after: 1, queue: ['nulls'], fields: ['TotalCount'] }],
    });
    await send(emulator, 'DescribeSuspEvents', { CurrentPage: '1', PageSize: '3' });
    await send(emulator, 'DescribeSuspEvents', { CurrentPage: '2', PageSize: '3' });

    expect(emulator.received.map((entry) => JSON.parse(entry.responseBody ?? '{}').TotalCount)).toEqual([
      6,
      null,
    ]);
    expect(emulator.faults.injected().byKind).toEqual({ nulls: 1 });
  });
});

describe('int64 beyond 2^53, written in exact digits', () => {
  it('bigInt64 sends every SourceAliUid as 1234567890123456789, which a number cannot hold', async () => {
    const emulator = await setup({ faults: [{ action: 'DescribeSuspEvents', queue: ['bigInt64'] }] });
    await send(emulator, 'DescribeSuspEvents', { PageSize: '6' });
    const text = lastText(emulator);

    expect(text.match(/"SourceAliUid":1234567890123456789[,}]/g)).toHaveLength(ALERTS.length);
    expect(String(BIG_INT64)).toBe('1234567890123456789');
    expect((JSON.parse(text).SuspEvents[0] as { SourceAliUid: number }).SourceAliUid).toBe(
      1234567890123456800,
    );
  });

  it('bigInt64 writes the fields a rule names, a TaskId for instance', async () => {
    const emulator = await setup({
      faults: [
        {
          action: 'HandleSecurityEvents',
          queue: ['bigInt64'],
          fields: ['HandleSecurityEventsResponse.TaskId'],
        },
      ],
    });
    await send(emulator, 'HandleSecurityEvents', {
      'SecurityEventIds.1': String(FIRST?.Id),
      OperationCode: 'ignore',
      OperationParams: '{}',
    });

    expect(lastText(emulator)).toMatch(
      /^\{"RequestId":"[^"]+","HandleSecurityEventsResponse":\{"TaskId":1234567890123456789\}\}$/,
    );
    expect(emulator.state.handledCount(String(FIRST?.Id))).toBe(1);
  });

  it('serves records whose values are bigints in exact digits, without a fault', async () => {
    const alerts = ALERTS.map((alert) => ({ ...alert, SourceAliUid: 9007199254740993n }));
    const emulator = await setup({ alerts });
    await send(emulator, 'DescribeSuspEvents', { PageSize: '2' });

    expect(lastText(emulator).match(/"SourceAliUid":9007199254740993,/g)).toHaveLength(2);
  });
});

describe('a missing RequestId', () => {
  it('missingRequestId leaves it out of the body, the x-acs-request-id header still carries it', async () => {
    const emulator = await setup({ faults: [{ action: '*', queue: ['missingRequestId'] }] });
    const answer = await sendRaw(emulator, await signed(emulator, 'DescribeSuspEvents', { PageSize: '2' }));

    expect(answer.status).toBe(200);
    expect(answer.headers['x-acs-request-id']).toBe(emulator.received[0]?.requestId);
    expect(answer.text).toMatch(/^\{"Count":2,"CurrentPage":1,"PageSize":2,"TotalCount":6,"SuspEvents":\[/);
    expect(answer.text).not.toMatch(/requestid/i);
  });

  it.each([
    ['flat', 'RequestId'],
    ['wrapped', 'requestId'],
  ] as const)('leaves out the %s Sddp answer’s %s', async (riskResponseShape, _field) => {
    const emulator = await setup({
      state: { riskResponseShape },
      faults: [{ action: 'DescribeRiskRules', queue: ['missingRequestId'] }],
    });
    await send(emulator, 'DescribeRiskRules', {}, SDDP_VERSION);

    expect(lastText(emulator)).not.toMatch(/requestid/i);
    expect(Object.keys(lastBody(emulator))).toEqual(
      riskResponseShape === 'flat'
        ? ['TotalCount', 'PageSize', 'CurrentPage', 'Items']
        : ['code', 'data', 'success'],
    );
  });
});

describe('errors inside a 200, nothing applied', () => {
  it.each([
    ['DescribeSuspEvents', { PageSize: '2' }],
    ['DescribeSecurityEventOperations', { SecurityEventId: String(FIRST?.Id) }],
    ['HandleSecurityEvents', { 'SecurityEventIds.1': String(FIRST?.Id), OperationCode: 'ignore' }],
    ['DescribeSecurityEventOperationStatus', { 'SecurityEventIds.1': String(FIRST?.Id) }],
    ['DescribeRiskRules', {}, SDDP_VERSION],
    ['PreHandleAuditRisk', { RiskId: String(RISKS[0]?.RiskId) }, SDDP_VERSION],
  ] as const)(
    'errorIn200 on %s: RequestId, Code and Message only',
    async (action, query, version?: string) => {
      const emulator = await setup({ faults: [{ action, queue: ['errorIn200'] }] });
      await send(emulator, action, query, version);

      expect(emulator.received[0]).toMatchObject({
        status: 200,
        code: 'Throttling.User',
        fault: 'errorIn200',
      });
      expect(lastText(emulator)).toBe(
        `{"RequestId":"${emulator.received[0]?.requestId}","Code":"Throttling.User","Message":"Request was denied due to user flow control."}`,
      );
      expect(emulator.state.handleLog()).toEqual([]);
    },
  );

  it('errorIn200 answers the code a rule names', async () => {
    const emulator = await setup({
      faults: [{ action: 'DescribeSuspEvents', queue: ['errorIn200'], code: 'NoPermission' }],
    });
    await send(emulator, 'DescribeSuspEvents', {});

    expect(lastBody(emulator)).toEqual({
      RequestId: expect.any(String),
      Code: 'NoPermission',
      Message: 'no permission',
    });
  });

  const handling = {
    RiskId: String(RISKS[0]?.RiskId),
    'HandleInfoList.1.HandleType': 'Manual',
    'HandleInfoList.1.HandleContent': JSON.stringify({ HandleMethod: 0, HandleDetail: 'false positive' }),
  };

  it.each([
    ['DescribeRiskRules', {}],
    ['PreHandleAuditRisk', handling],
  ] as const)('successFalse on %s: Success false, with a Code', async (action, query) => {
    const emulator = await setup({ faults: [{ action, queue: ['successFalse'] }] });
    await send(emulator, action, query, SDDP_VERSION);

    expect(lastBody(emulator)).toEqual({
      RequestId: emulator.received[0]?.requestId,
      Code: 'Throttling.User',
      Success: false,
      Message: 'Request was denied due to user flow control.',
    });
    expect(emulator.state.risk(String(RISKS[0]?.RiskId))?.handlings).toEqual([]);
  });

  it.each([
    ['DescribeRiskRules', {}],
    ['PreHandleAuditRisk', handling],
  ] as const)('wrappedSuccessFalse on %s: the lower-case wrapped shape', async (action, query) => {
    const emulator = await setup({
      faults: [{ action, queue: ['wrappedSuccessFalse'], code: 'InternalError' }],
    });
    await send(emulator, action, query, SDDP_VERSION);

    expect(lastBody(emulator)).toEqual({
      code: 'InternalError',
      message: expect.stringContaining('unknown error'),
      success: false,
      data: null,
      requestId: emulator.received[0]?.requestId,
    });
    expect(emulator.received[0]?.code).toBe('InternalError');
    expect(emulator.state.risk(String(RISKS[0]?.RiskId))?.record.HandleStatus).toBe('UNPROCESSED');
  });
});

describe('deeply nested JSON', () => {
  it(`nests the payload ${DEFAULT_NESTING_DEPTH.toLocaleString('en')} arrays deep by default, valid JSON`, async () => {
    const emulator = await setup({ faults: [{ action: 'DescribeSuspEvents', queue: ['deepNesting'] }] });
    await send(emulator, 'DescribeSuspEvents', {});
    const text = lastText(emulator);

    expect(text).toBe(
      `{"RequestId":"${emulator.received[0]?.requestId}","SuspEvents":${'['.repeat(DEFAULT_NESTING_DEPTH)}${']'.repeat(DEFAULT_NESTING_DEPTH)}}`,
    );
    expect(() => JSON.parse(text)).not.toThrow();
  });

  it('nests as deep as a rule says', async () => {
    const emulator = await setup({
      faults: [{ action: 'HandleSecurityEvents', queue: ['deepNesting'], depth: 3 }],
    });
    await send(emulator, 'HandleSecurityEvents', {
      'SecurityEventIds.1': String(FIRST?.Id),
      OperationCode: 'ignore',
    });

    expect(lastText(emulator)).toMatch(
      /^\{"RequestId":"[^"]+","HandleSecurityEventsResponse":\[\[\[\]\]\]\}$/,
    );
    expect(emulator.state.handleLog()).toEqual([]);
  });
});

describe('oversized bodies, streamed', () => {
  it('oversized: 50 MiB by default with a Content-Length, the page’s events repeated, never held whole', async () => {
    const emulator = await setup({ faults: [{ action: 'DescribeSuspEvents', queue: ['oversized'] }] });
    const raw = await signed(emulator, 'DescribeSuspEvents', { PageSize: '6' });

    const before = memory();
    let peak = before;
    let chunks = 0;
    const answer = await sendRaw(emulator, raw, {
      keep: 200,
      onChunk: () => {
        chunks += 1;
        if (chunks % 100 === 0) peak = Math.max(peak, memory());
      },
    });
    const length = Number(answer.headers['content-length']);

    expect(answer.status).toBe(200);
    expect(length).toBeGreaterThanOrEqual(DEFAULT_OVERSIZED_BYTES);
    expect(length).toBeLessThan(DEFAULT_OVERSIZED_BYTES + 10_000);
    expect(answer.bytes).toBe(length);
    expect(answer.text).toMatch(
      /^\{"RequestId":"[^"]+","Count":6,"CurrentPage":1,"PageSize":6,"TotalCount":6,"SuspEvents":\[\{"Id":/,
    );
    expect(answer.tail).toMatch(/\}\]\}$/);
    expect(emulator.received[0]).toMatchObject({ status: 200, fault: 'oversized', responseBytes: length });
    expect(emulator.received[0]?.responseBody).toBeUndefined();
    // The emulator and this reader, in one process, never hold a whole copy of the body (about 10 MB
    // more at the peak on a quiet machine, socket buffers included; more under load).
    expect(peak - before).toBeLessThan(DEFAULT_OVERSIZED_BYTES);
  });

  it('oversized as large as a rule says, valid JSON: each event of the page in turn', async () => {
    const emulator = await setup({
      faults: [{ action: 'DescribeSuspEvents', queue: ['oversized'], sizeBytes: 1_048_576 }],
    });
    const answer = await sendRaw(emulator, await signed(emulator, 'DescribeSuspEvents', { PageSize: '3' }), {
      keep: Number.POSITIVE_INFINITY,
    });
    const body = JSON.parse(answer.text) as { SuspEvents: { Id: number }[]; TotalCount: number };

    expect(answer.bytes).toBeGreaterThanOrEqual(1_048_576);
    expect(body.TotalCount).toBe(6);
    expect(body.SuspEvents.length).toBeGreaterThan(100);
    expect(new Set(body.SuspEvents.map((event) => event.Id))).toEqual(
      new Set(ALERTS.slice(0, 3).map((alert) => alert.Id)),
    );
  });

  it('oversizedChunked: no Content-Length, sent in chunks', async () => {
    const emulator = await setup({
      faults: [{ action: 'DescribeSuspEvents', queue: ['oversizedChunked'], sizeBytes: 4 * 1_048_576 }],
    });
    const answer = await sendRaw(emulator, await signed(emulator, 'DescribeSuspEvents', {}));

    expect(answer.headers['content-length']).toBeUndefined();
    expect(answer.headers['transfer-encoding']).toBe('chunked');
    expect(answer.bytes).toBeGreaterThanOrEqual(4 * 1_048_576);
    expect(emulator.received[0]?.responseBytes).toBeUndefined();
  });

  it('oversized pads a body without a list with spaces, after applying the request', async () => {
    const emulator = await setup({
      faults: [{ action: 'HandleSecurityEvents', queue: ['oversized'], sizeBytes: 100_000 }],
    });
    const answer = await sendRaw(
      emulator,
      await signed(emulator, 'HandleSecurityEvents', {
        'SecurityEventIds.1': String(FIRST?.Id),
        OperationCode: 'ignore',
      }),
      { keep: Number.POSITIVE_INFINITY },
    );

    expect(answer.bytes).toBe(100_000);
    expect(JSON.parse(answer.text)).toEqual({
      RequestId: emulator.received[0]?.requestId,
      HandleSecurityEventsResponse: { TaskId: emulator.state.tasks()[0]?.taskId },
    });
    expect(emulator.state.handledCount(String(FIRST?.Id))).toBe(1);
  });
});

describe('paging that does not end, or ends too soon, over HTTP', () => {
  const ids = async (emulator: Emulator, CurrentPage: number, PageSize = 20) => {
    await send(emulator, 'DescribeSuspEvents', {
      CurrentPage: String(CurrentPage),
      PageSize: String(PageSize),
    });
    const body = lastBody(emulator) as {
      SuspEvents: { Id: number }[];
      TotalCount?: number;
      PageSize: number;
    };
    return { ids: body.SuspEvents.map((event) => event.Id), total: body.TotalCount, pageSize: body.PageSize };
  };
  const forty = sampleAlerts(40, 'paging');

  it('a lying TotalCount: 1000 announced, an empty page after 40 events', async () => {
    const emulator = await setup({ alerts: forty, state: { paging: { totalCount: 1000 } } });

    expect(await ids(emulator, 2)).toMatchObject({ total: 1000 });
    expect(await ids(emulator, 3)).toEqual({ ids: [], total: 1000, pageSize: 20 });
  });

  it('alternating pages under a lying TotalCount, for ever', async () => {
    const emulator = await setup({
      alerts: forty,
      state: { paging: { totalCount: 1000, beyondEnd: 'cycle' } },
    });
    const pages = [];
    for (let page = 1; page <= 6; page++) pages.push((await ids(emulator, page)).ids);

    expect(pages[2]).toEqual(pages[0]);
    expect(pages[3]).toEqual(pages[1]);
    expect(pages[5]).toEqual(pages[1]);
    expect(new Set(pages.flat()).size).toBe(40);
  });

  it('always-full pages without TotalCount', async () => {
    const emulator = await setup({
      alerts: forty,
      state: { paging: { totalCount: 'omit', beyondEnd: 'cycle' } },
    });

    for (const page of [1, 2, 3, 50]) {
      const served = await ids(emulator, page, 15);
      expect(served.ids).toHaveLength(15);
      expect(served.total).toBeUndefined();
      expect(lastText(emulator)).not.toContain('TotalCount');
    }
  });

  it('the last page again and again past the end', async () => {
    const emulator = await setup({ alerts: forty, state: { paging: { beyondEnd: 'repeatLast' } } });

    expect((await ids(emulator, 3)).ids).toEqual((await ids(emulator, 2)).ids);
    expect((await ids(emulator, 9)).ids).toEqual(forty.slice(20).map((alert) => alert.Id));
  });

  it('a server that caps PageSize at 10: 10 of 100 asked, the total still 40', async () => {
    const emulator = await setup({ alerts: forty, state: { paging: { maxPageSize: 10 } } });

    expect(await ids(emulator, 1, 100)).toEqual({
      ids: forty.slice(0, 10).map((alert) => alert.Id),
      total: 40,
      pageSize: 10,
    });
  });

  it.each(['flat', 'wrapped'] as const)(
    'DescribeRiskRules pages the same way (%s)',
    async (riskResponseShape) => {
      const emulator = await setup({
        state: {
          risks: sampleRisks(12),
          riskResponseShape,
          paging: { totalCount: 'omit', beyondEnd: 'repeatLast', maxPageSize: 5 },
        },
      });
      await send(emulator, 'DescribeRiskRules', { CurrentPage: '9', PageSize: '10' }, SDDP_VERSION);
      const body = lastBody(emulator);
      const page = (riskResponseShape === 'flat' ? body : body.data) as Record<string, unknown>;

      expect(page).not.toHaveProperty('TotalCount');
      expect(page.PageSize).toBe(5);
      expect((page.Items as { RiskId: number }[]).map((risk) => risk.RiskId)).toEqual(
        sampleRisks(12)
          .slice(10)
          .map((risk) => risk.RiskId),
      );
    },
  );
});

// Raw HTTP: a request signed by the official client, sent as is, its answer read as it streams.

/** A request for `action` signed with the emulator's key, ready to send once. */
function signed(emulator: Emulator, action: string, query: Record<string, unknown>): Promise<RawRequest> {
  return captureSigned(emulator.credentials, action, query);
}

interface StreamedAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  /** The first `keep` bytes of the body, as text. */
  text: string;
  /** The last bytes of the body, as text. */
  tail: string;
  bytes: number;
}

/** Sends `raw`, counting the body's bytes as they come and keeping only its first `keep` bytes. */
function sendRaw(
  emulator: Emulator,
  raw: RawRequest,
  { keep = 200, onChunk }: { keep?: number; onChunk?: () => void } = {},
): Promise<StreamedAnswer> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: '127.0.0.1',
        port: emulator.port,
        method: raw.method,
        path: raw.path,
        headers: raw.headers,
        agent: false,
      },
      (response) => {
        const kept: Buffer[] = [];
        let keptBytes = 0;
        let bytes = 0;
        let tail = Buffer.alloc(0);
        response.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          if (keptBytes < keep) {
            kept.push(chunk.subarray(0, keep - keptBytes));
            keptBytes += Math.min(chunk.length, keep - keptBytes);
          }
          tail = Buffer.concat([tail, chunk]).subarray(-64);
          onChunk?.();
        });
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            text: Buffer.concat(kept).toString('utf8'),
            tail: tail.toString('utf8'),
            bytes,
          }),
        );
      },
    );
    request.on('error', reject);
    request.end(raw.body);
  });
}

/** Heap and buffers in use after a full collection (the tests run with `--expose-gc`). */
function memory(): number {
  (globalThis as { gc?: () => void }).gc?.();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}
