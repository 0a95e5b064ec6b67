import { describe, expect, it } from 'vitest';
import type { DescribeRiskRulesRequest, DescribeRiskRulesResponse } from '../../src/index.js';
import { expectFullyReplayed, replay } from '../support/replay.js';

const REQUEST: DescribeRiskRulesRequest = { CurrentPage: 1, PageSize: 10, HandleStatus: 'UNPROCESSED' };

async function page(cassette: string): Promise<DescribeRiskRulesResponse> {
  const { emulator, sddp } = await replay(cassette);
  const result = await sddp.describeRiskRules(REQUEST);
  expect(emulator.count('DescribeRiskRules')).toBe(1);
  expectFullyReplayed(emulator);
  return result;
}

describe('DescribeRiskRules contract', () => {
  it('parses the flat shape', async () => {
    const result = await page('describe-risk-rules');

    expect(result).toMatchObject({
      RequestId: 'E2B5C1A8-6F47-4D93-8C0E-71A4B9D3F562',
      TotalCount: 1,
      CurrentPage: 1,
      PageSize: 10,
    });
    expect(result.Items?.[0]).toMatchObject({
      RiskId: 75110196,
      RuleName: 'jiangyu_test_mysqldump',
      WarnLevel: 3,
      HandleStatus: 'UNPROCESSED',
    });
  });

  it('normalizes the wrapped shape to the same Items, TotalCount and RequestId', async () => {
    const flat = await page('describe-risk-rules');
    const wrapped = await page('describe-risk-rules-wrapped');

    expect(wrapped.RequestId).toBe(flat.RequestId);
    expect(wrapped.TotalCount).toBe(flat.TotalCount);
    expect(wrapped.CurrentPage).toBe(flat.CurrentPage);
    expect(wrapped.Items).toEqual(flat.Items);
  });
});
