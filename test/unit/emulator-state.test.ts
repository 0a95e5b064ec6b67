import { describe, expect, it } from 'vitest';
import { apiError } from '../../src/emulator/errors.js';
import { completeReply } from '../../src/emulator/http/complete-reply.js';
import type { EmulatorRequest } from '../../src/emulator/http/handler.js';
import { requestIds } from '../../src/emulator/request-id.js';
import { actionParams, namedApi, productOf } from '../../src/emulator/routing.js';
import { describeSuspEvents } from '../../src/emulator/state/describe-susp-events.js';
import { sampleAlerts } from '../../src/emulator/state/sample-alerts.js';
import type { SuspEventRecord } from '../../src/emulator/state/susp-event.js';

const UUID = /^[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$/;

describe('sampleAlerts', () => {
  it('is the same for the same seed and differs for another', () => {
    expect(sampleAlerts(10, 'a')).toEqual(sampleAlerts(10, 'a'));
    expect(sampleAlerts(10, 'a')).not.toEqual(sampleAlerts(10, 'b'));
    expect(sampleAlerts(10)).toEqual(sampleAlerts(10));
  });

  it('looks like pending Security Center events in documentation address ranges', () => {
    const alerts = sampleAlerts(60, 'realism');

    expect(new Set(alerts.map((alert) => alert.Id)).size).toBe(60);
    expect(new Set(alerts.map((alert) => alert.Level))).toEqual(new Set(['serious', 'suspicious', 'remind']));
    expect(new Set(alerts.map((alert) => alert.AlarmEventType)).size).toBeGreaterThanOrEqual(5);
    for (const alert of alerts) {
      expect(alert.EventStatus).toBe(1);
      expect(alert.InternetIp).toMatch(/^203\.0\.113\.\d{1,3}$/);
      expect(alert.IntranetIp).toMatch(/^10\.\d{1,3}\.\d{1,3}\.\d{1,3}$/);
      expect(alert.LastTime).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
      expect(alert.Name).toBe(`${alert.AlarmEventType}-${alert.AlarmEventNameDisplay}`);
    }
    const times = alerts.map((alert) => alert.LastTimeStamp as number);
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });
});

describe('describeSuspEvents', () => {
  const alerts: SuspEventRecord[] = [
    { Id: 1, Level: 'serious', EventStatus: 1 },
    { Id: 2, Level: 'remind', EventStatus: 32 },
    { Id: 3, Level: 'suspicious', EventStatus: 2 },
    { Id: 4, Level: 'serious', EventStatus: 32 },
  ];
  const handler = describeSuspEvents(alerts);
  const list = (params: Record<string, string>) => {
    const request: EmulatorRequest = {
      product: 'Sas',
      version: '2018-12-03',
      action: 'DescribeSuspEvents',
      params,
      accessKeyId: 'LTAIx',
      signatureVersion: 'v3',
    };
    return handler(request) as { status: number; body: Record<string, unknown> };
  };
  const ids = (params: Record<string, string>) =>
    (list(params).body.SuspEvents as SuspEventRecord[]).map((alert) => alert.Id);

  it('filters on Levels, Dealed and Status', () => {
    expect(ids({ Levels: 'serious' })).toEqual([1, 4]);
    expect(ids({ Levels: 'serious, remind' })).toEqual([1, 2, 4]);
    expect(ids({ Dealed: 'N' })).toEqual([1]);
    expect(ids({ Dealed: 'Y' })).toEqual([2, 3, 4]);
    expect(ids({ Status: '32' })).toEqual([2, 4]);
    expect(ids({ Status: '0' })).toEqual([1, 2, 3, 4]);
    expect(ids({ Dealed: 'Y', Levels: 'serious' })).toEqual([4]);
  });

  it('pages from 1 and reports the page it served', () => {
    expect(list({ PageSize: '3', CurrentPage: '2' }).body).toEqual({
      Count: 1,
      CurrentPage: 2,
      PageSize: 3,
      TotalCount: 4,
      SuspEvents: [alerts[3]],
    });
    expect(list({}).body).toMatchObject({ CurrentPage: 1, PageSize: 20, Count: 4 });
  });

  it('refuses page numbers that are not digits', () => {
    expect(list({ PageSize: '-1' })).toEqual(
      apiError(400, 'InvalidParameter', 'The specified value of parameter "PageSize" is not valid.'),
    );
  });
});

describe('requestIds', () => {
  it('counts through UUID-shaped ids fixed by the seed', () => {
    const first = requestIds('seed');
    const again = requestIds('seed');
    const ids = [first(), first(), first()];

    expect(ids.every((id) => UUID.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(3);
    expect([again(), again(), again()]).toEqual(ids);
    expect(requestIds('other')()).not.toBe(ids[0]);
  });
});

describe('completeReply', () => {
  const context = { requestId: 'GENERATED', hostId: '127.0.0.1:1', product: 'Sas' as const };

  it('puts the generated RequestId first in a body that has none', () => {
    const completed = completeReply({ status: 200, body: { TotalCount: 0 } }, context);

    expect(completed).toEqual({
      reply: { status: 200, body: { RequestId: 'GENERATED', TotalCount: 0 } },
      requestId: 'GENERATED',
    });
    expect(Object.keys(completed.reply.body)).toEqual(['RequestId', 'TotalCount']);
  });

  it('keeps a RequestId the body brings', () => {
    expect(completeReply({ status: 200, body: { RequestId: 'OWN' } }, context).requestId).toBe('OWN');
  });

  it('wraps errors in the service envelope', () => {
    const completed = completeReply(apiError(403, 'NoPermission', 'caller has no permission'), context);

    expect(completed.code).toBe('NoPermission');
    expect(completed.reply.body).toEqual({
      RequestId: 'GENERATED',
      HostId: '127.0.0.1:1',
      Code: 'NoPermission',
      Message: 'caller has no permission',
      Recommend: 'https://api.aliyun.com/troubleshoot?q=NoPermission&product=Sas&requestId=GENERATED',
    });
    expect(Object.keys(completed.reply.body)).toEqual([
      'RequestId',
      'HostId',
      'Code',
      'Message',
      'Recommend',
    ]);
  });

  it('leaves strings and arrays alone', () => {
    const html = { status: 502, body: '<html></html>' };

    expect(completeReply(html, context)).toEqual({ reply: html, requestId: 'GENERATED' });
    expect(completeReply({ status: 200, body: [1] }, context).reply.body).toEqual([1]);
  });
});

describe('routing', () => {
  const wire = {
    method: 'POST',
    path: '/',
    headers: {},
    body: Buffer.alloc(0),
    query: [
      ['Action', 'DescribeSuspEvents'],
      ['Version', '2018-12-03'],
      ['Format', 'json'],
      ['Signature', 'x'],
      ['SecurityToken', 't'],
      ['RegionId', 'cn-shanghai'],
      ['SecurityEventIds.1', '1'],
    ],
    form: [['TacticId', 'TA0001']],
  } as const;

  it('knows each product by its version and its actions', () => {
    expect(productOf('DescribeSuspEvents', '2018-12-03')).toBe('Sas');
    expect(productOf('PreHandleAuditRisk', '2019-01-03')).toBe('Sddp');
    expect(productOf('PreHandleAuditRisk', '2018-12-03')).toBeUndefined();
    expect(productOf('DescribeSuspEvents', '2020-01-01')).toBeUndefined();
  });

  it('reads v1 action and version from the parameters and drops signing fields', () => {
    expect(namedApi(wire, 'v1')).toEqual({ action: 'DescribeSuspEvents', version: '2018-12-03' });
    expect(actionParams(wire)).toEqual({
      RegionId: 'cn-shanghai',
      'SecurityEventIds.1': '1',
      TacticId: 'TA0001',
    });
  });
});
