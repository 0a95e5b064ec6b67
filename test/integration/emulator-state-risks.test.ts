import { describe, expect, it } from 'vitest';
import { sampleRisks } from '../../src/emulator/index.js';
import { failure, raw, useStateEmulator } from '../support/state-emulator.js';

const setup = useStateEmulator();

describe('Sddp risks', () => {
  const RISKS = sampleRisks(25, 'state');

  it('pages DescribeRiskRules by 10 by default and filters on HandleStatus', async () => {
    const { sddp } = await setup({ state: { risks: RISKS } });

    const pages = [];
    for (const CurrentPage of [1, 2, 3]) pages.push(await sddp.describeRiskRules({ CurrentPage }));
    const processed = await sddp.describeRiskRules({ HandleStatus: 'PROCESSED' });
    const bySeven = await sddp.describeRiskRules({
      HandleStatus: 'UNPROCESSED',
      PageSize: 7,
      CurrentPage: 4,
    });

    expect(
      pages.map((page) => [page.CurrentPage, page.PageSize, page.TotalCount, page.Items?.length]),
    ).toEqual([
      [1, 10, 25, 10],
      [2, 10, 25, 10],
      [3, 10, 25, 5],
    ]);
    expect(pages.flatMap((page) => page.Items?.map((item) => item.RiskId))).toEqual(
      RISKS.map((risk) => risk.RiskId),
    );
    expect(pages[0]?.Items?.[0]).toEqual(RISKS[0]);
    expect(processed.TotalCount).toBe(0);
    expect(bySeven.Items?.map((item) => item.RiskId)).toEqual(RISKS.slice(21).map((risk) => risk.RiskId));
  });

  it('answers the { code, data, requestId, success } shape when asked to, which the client reads alike', async () => {
    const { emulator, sddp } = await setup({ state: { risks: RISKS, riskResponseShape: 'wrapped' } });

    const page = await sddp.describeRiskRules({ CurrentPage: 1, PageSize: 5 });
    const wire = await raw(emulator, 'DescribeRiskRules', { PageSize: 5 }, '2019-01-03');

    expect(page.TotalCount).toBe(25);
    expect(page.Items?.map((item) => item.RiskId)).toEqual(RISKS.slice(0, 5).map((risk) => risk.RiskId));
    expect(wire).toEqual({
      body: {
        code: 200,
        data: { TotalCount: 25, PageSize: 5, CurrentPage: 1, Items: RISKS.slice(0, 5) },
        success: true,
        requestId: emulator.received.at(-1)?.requestId,
      },
    });
  });

  it('marks a risk PROCESSED with PreHandleAuditRisk and keeps the handling detail', async () => {
    const { emulator, sddp } = await setup({ state: { risks: RISKS } });
    const target = RISKS[3]?.RiskId ?? 0;
    const HandleContent = JSON.stringify({ HandleMethod: 0, HandleDetail: 'Confirmed as false positive' });

    const answer = await sddp.preHandleAuditRisk({
      RiskId: target,
      HandleInfoList: [{ HandleType: 'Manual', HandleContent }],
    });
    const unprocessed = await sddp.describeRiskRules({ HandleStatus: 'UNPROCESSED', PageSize: 50 });
    const processed = await sddp.describeRiskRules({ HandleStatus: 'PROCESSED' });

    expect(answer).toEqual({ RequestId: expect.any(String), Success: true });
    expect(unprocessed.TotalCount).toBe(24);
    expect(processed.Items?.map((item) => [item.RiskId, item.HandleStatus])).toEqual([[target, 'PROCESSED']]);
    expect(emulator.state.risk(target)).toEqual({
      record: expect.objectContaining({
        RiskId: target,
        HandleStatus: 'PROCESSED',
        HandleMarkTime: expect.any(Number),
      }),
      handlings: [
        {
          handleType: 'Manual',
          handleMethod: 0,
          handleDetail: 'Confirmed as false positive',
          time: expect.any(Number),
        },
      ],
    });
  });

  it('refuses unknown risks and missing or malformed handling instructions', async () => {
    const { emulator, sddp } = await setup({ state: { risks: RISKS } });
    const target = RISKS[0]?.RiskId ?? 0;
    const content = '{"HandleMethod":0,"HandleDetail":"done"}';
    const sddpRaw = (query: Record<string, unknown>) =>
      raw(emulator, 'PreHandleAuditRisk', query, '2019-01-03');

    const unknown = await failure(
      sddp.preHandleAuditRisk({
        RiskId: 1,
        HandleInfoList: [{ HandleType: 'Manual', HandleContent: content }],
      }),
    );
    const wire = [
      await sddpRaw({ RiskId: target }),
      await sddpRaw({ RiskId: target, HandleInfoList: [{ HandleType: 'Manual' }] }),
      await sddpRaw({
        RiskId: target,
        HandleInfoList: [{ HandleType: 'Manual', HandleContent: 'not json' }],
      }),
      await sddpRaw({
        RiskId: target,
        HandleInfoList: [{ HandleType: 'Manual', HandleContent: '{"HandleMethod":0}' }],
      }),
      await sddpRaw({ RiskId: target, HandleInfoList: [{ HandleType: 'Auto', HandleContent: content }] }),
      await sddpRaw({ HandleInfoList: [{ HandleType: 'Manual', HandleContent: content }] }),
    ];

    expect([unknown.code, unknown.statusCode]).toEqual(['InvalidParameter', 400]);
    expect(wire.map((answer) => ('code' in answer ? answer.code : 'answered'))).toEqual([
      'MissingParameter',
      'MissingParameter',
      'InvalidParameter',
      'InvalidParameter',
      'InvalidParameter',
      'MissingParameter',
    ]);
    expect(emulator.state.risks()).toEqual(RISKS);
  });
});
