import { afterEach, describe, expect, it } from 'vitest';
import { type Emulator, sampleRisks, startEmulator } from '../../src/emulator/index.js';
import { RiskHandler } from '../../src/index.js';
import { collect } from '../support/collect.js';

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

describe.each(['flat', 'wrapped'] as const)('RiskHandler over HTTP (%s answers)', (riskResponseShape) => {
  it('lists unprocessed risks across pages and handles one with a description', async () => {
    emulator = await startEmulator({ state: { risks: sampleRisks(25), riskResponseShape } });
    const risks = new RiskHandler({
      endpoint: emulator.endpoint,
      protocol: 'http',
      credential: emulator.credentials,
    });

    const open = await collect(risks.listRisks({ pageSize: 10 }));
    expect(open).toHaveLength(25);
    expect(emulator.count('DescribeRiskRules')).toBe(3);
    expect(open.every((risk) => risk.status === 'unprocessed')).toBe(true);

    const target = open[0];
    if (!target) throw new Error('no risk listed');
    const handled = await risks.handleRisk(target.id, '  Confirmed as a scheduled backup job.  ');
    expect(handled.detail).toBe('Confirmed as a scheduled backup job.');
    const sent = emulator.received.find((request) => request.action === 'PreHandleAuditRisk');
    expect(sent?.params).toEqual({
      RiskId: target.id,
      'HandleInfoList.1.HandleType': 'Manual',
      'HandleInfoList.1.HandleContent':
        '{"HandleMethod":0,"HandleDetail":"Confirmed as a scheduled backup job."}',
    });
    expect(await collect(risks.listRisks())).toHaveLength(24);
    expect((await collect(risks.listRisks({ status: 'processed' }))).map((risk) => risk.id)).toEqual([
      target.id,
    ]);
  });
});
