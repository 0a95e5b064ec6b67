import { describe, expect, it } from 'vitest';
import {
  type DescribeRiskRulesRequest,
  type PreHandleAuditRiskRequest,
  RiskHandler,
  SddpClient,
  ValidationError,
} from '../../../src/index.js';

/** A RiskHandler over a client whose calls are recorded and answered from memory. */
function handler(total = 25) {
  const listed: DescribeRiskRulesRequest[] = [];
  const handled: PreHandleAuditRiskRequest[] = [];
  const client = new SddpClient({
    endpoint: '127.0.0.1:1',
    protocol: 'http',
    credential: { accessKeyId: 'a', accessKeySecret: 'b' },
  });
  Object.assign(client, {
    describeRiskRules: async (request: DescribeRiskRulesRequest) => {
      listed.push(request);
      const page = request.CurrentPage ?? 1;
      const size = request.PageSize ?? 10;
      const ids = Array.from({ length: total }, (_, index) => index + 1).slice(
        (page - 1) * size,
        page * size,
      );
      return {
        RequestId: 'R',
        TotalCount: total,
        Items: ids.map((RiskId) => ({
          RiskId,
          RuleName: `rule ${RiskId}`,
          HandleStatus: request.HandleStatus,
        })),
      };
    },
    preHandleAuditRisk: async (request: PreHandleAuditRiskRequest) => {
      handled.push(request);
      return { RequestId: 'REQ-H', Success: true };
    },
  });
  return { risks: new RiskHandler({ client }), listed, handled };
}

describe('RiskHandler', () => {
  it('pages through unprocessed risk events by default', async () => {
    const { risks, listed } = handler(25);
    const ids: string[] = [];
    for await (const risk of risks.listRisks({ pageSize: 10 })) ids.push(risk.id);
    expect(ids).toHaveLength(25);
    expect(listed.map((request) => [request.HandleStatus, request.CurrentPage, request.PageSize])).toEqual([
      ['UNPROCESSED', 1, 10],
      ['UNPROCESSED', 2, 10],
      ['UNPROCESSED', 3, 10],
    ]);
  });

  it('sends the handling as Manual with a JSON HandleContent, detail trimmed', async () => {
    const { risks, handled } = handler();
    const result = await risks.handleRisk(75110196, '  Confirmed false positive \u4e2d\u6587 "quoted"  ');
    expect(result).toEqual({
      riskId: '75110196',
      detail: 'Confirmed false positive \u4e2d\u6587 "quoted"',
      requestId: 'REQ-H',
    });
    expect(handled[0]).toEqual({
      RiskId: 75110196,
      HandleInfoList: [
        {
          HandleType: 'Manual',
          HandleContent: JSON.stringify({
            HandleMethod: 0,
            HandleDetail: 'Confirmed false positive \u4e2d\u6587 "quoted"',
          }),
        },
      ],
    });
  });

  it.each([
    ['abc', 'ok', 'riskId'],
    ['1', '   ', 'detail'],
    ['1', 'x'.repeat(501), 'detail'],
    ['1', 'bell\u0007', 'detail'],
  ])('rejects risk %s / detail %j before sending', async (riskId, detail, field) => {
    const { risks, handled } = handler();
    const error = await risks.handleRisk(riskId, detail).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe(field);
    expect(handled).toHaveLength(0);
  });

  it('accepts exactly 500 characters', async () => {
    const { risks, handled } = handler();
    await risks.handleRisk('1', 'x'.repeat(500));
    expect(handled).toHaveLength(1);
  });

  it('validates the listing filter at once', () => {
    const { risks } = handler();
    expect(() => risks.listRisks({ status: 'done' as 'processed' })).toThrow(ValidationError);
    expect(() => risks.listRisks({ pageSize: 0 })).toThrow(/pageSize/);
  });
});

describe('RiskHandler detail text', () => {
  it('counts characters, not UTF-16 units, and refuses C1 controls and bidi overrides', async () => {
    const { risks, handled } = handler();
    await risks.handleRisk('1', '\u{1F600}'.repeat(500));
    expect(handled).toHaveLength(1);
    for (const bad of ['escape \u009b[31m', 'mirror \u202e txt']) {
      await expect(risks.handleRisk('1', bad)).rejects.toThrow(/control characters/);
    }
    await expect(risks.handleRisk(10n as unknown as string, 'x')).rejects.toThrow(/10n/);
  });
});
