import { describe, expect, it } from 'vitest';
import { expectFullyReplayed, replay } from '../support/replay.js';

describe('PreHandleAuditRisk contract', () => {
  it('sends HandleInfoList as a repeat list with the content as JSON text', async () => {
    const { emulator, sddp } = await replay('pre-handle-audit-risk');

    const result = await sddp.preHandleAuditRisk({
      RiskId: 75110196,
      HandleInfoList: [
        {
          HandleType: 'Manual',
          HandleContent: JSON.stringify({
            HandleMethod: 0,
            HandleDetail: 'Confirmed as false positive, closing this alert',
          }),
        },
      ],
    });

    expect(result).toEqual({ RequestId: 'C34D813F-A234-5D66-842D-504D84D5C680', Success: true });
    expect(emulator.received[0]?.params).toMatchObject({
      'HandleInfoList.1.HandleType': 'Manual',
      'HandleInfoList.1.HandleContent':
        '{"HandleMethod":0,"HandleDetail":"Confirmed as false positive, closing this alert"}',
    });
    expect(emulator.count('PreHandleAuditRisk')).toBe(1);
    expectFullyReplayed(emulator);
  });
});
