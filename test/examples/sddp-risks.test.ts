import { describe, expect, it } from 'vitest';
import { sampleRisks } from '../../src/emulator/index.js';
import { emulatorWith, runExample } from '../support/run-example.js';

const RISKS = sampleRisks(12);

describe('examples/sddp-risks.ts', () => {
  it('lists the unprocessed risk events', async () => {
    const emulator = await emulatorWith({ risks: RISKS });
    const { code, stdout } = await runExample(emulator, 'sddp-risks');

    const [first] = RISKS;
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Found 12 unprocessed risk events\n={80}\n/);
    expect(stdout.match(/^Risk ID: \d+$/gm)).toHaveLength(12);
    expect(stdout).toContain(
      [
        `Risk ID: ${first?.RiskId}`,
        `Rule Name: ${first?.RuleName}`,
        `Risk Level: ${first?.WarnLevelName}`,
        `Product Type: ${first?.ProductCode}`,
        `Alert Count: ${first?.AlarmCount}`,
        `Asset Count: ${first?.InstanceCount}`,
        `Rule Category: ${first?.RuleCategoryName}`,
        '-'.repeat(80),
      ].join('\n'),
    );
    expect(emulator.received[0]?.params).toMatchObject({ HandleStatus: 'UNPROCESSED' });
  });

  it('marks one risk event processed, with the explanation', async () => {
    const emulator = await emulatorWith({ risks: RISKS });
    const riskId = String(RISKS[3]?.RiskId);
    const { code, stdout } = await runExample(emulator, 'sddp-risks', [
      riskId,
      ' Confirmed as a scheduled backup job. ',
    ]);

    expect(code).toBe(0);
    expect(stdout).toContain(
      `✅ Risk event ${riskId} handled: Confirmed as a scheduled backup job.\nRequestId: `,
    );
    const risk = emulator.state.risk(riskId);
    expect(risk?.record.HandleStatus).toBe('PROCESSED');
    expect(risk?.handlings).toMatchObject([
      { handleType: 'Manual', handleMethod: 0, handleDetail: 'Confirmed as a scheduled backup job.' },
    ]);
    expect(emulator.state.risks().filter((entry) => entry.HandleStatus === 'PROCESSED')).toHaveLength(1);
  });

  it('refuses an empty explanation or a missing one, sending nothing', async () => {
    const emulator = await emulatorWith({ risks: RISKS });
    const riskId = String(RISKS[0]?.RiskId);
    const empty = await runExample(emulator, 'sddp-risks', [riskId, '   ']);
    const missing = await runExample(emulator, 'sddp-risks', [riskId]);

    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('`detail` is required');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Usage: npx tsx examples/sddp-risks.ts');
    expect(emulator.received).toHaveLength(0);
  });
});
