import { describe, expect, it } from 'vitest';
import { handlingErrorFromCode } from '../../../src/errors.js';
import { AgentOfflineError, HandlingReport, NoPermissionError } from '../../../src/index.js';

describe('HandlingReport', () => {
  const offline = handlingErrorFromCode('kill_and_quara.AgentOffline', { alertId: '7008557' });
  const report = new HandlingReport([
    { alertId: '7009607', operation: 'block_ip', status: 'succeeded', taskId: 1 },
    {
      alertId: '7008557',
      operation: 'kill_and_quara',
      status: 'failed',
      errorCode: offline.code,
      error: offline,
    },
    {
      alertId: '7008558',
      operation: 'kill_and_quara',
      status: 'failed',
      errorCode: 'kill_and_quara.ProcessNotExist',
    },
    {
      alertId: '7008559',
      operation: 'ignore',
      status: 'failed',
      errorCode: 'NoPermission',
      error: new NoPermissionError('denied', { code: 'NoPermission' }),
    },
    { alertId: '1', operation: 'ignore', status: 'timedOut', reason: 'task 5 still running after 10 s' },
    { alertId: '2', operation: 'client_problem_check', status: 'skipped', reason: 'use the console' },
  ]);

  it('prints the results summary of the workflow', () => {
    const summary = report.summary();
    expect(summary).toContain('========== Handling Results Summary ==========');
    expect(summary).toContain('✅ Successfully Handled: 1 item\n  [Alert 7009607] Block IP - Success');
    expect(summary).toContain(
      '❌ Handling Failed: 3 items\n  [Alert 7008557] Kill and Quarantine - Failed (AgentOffline)',
    );
    expect(summary).toContain('Failed (ProcessNotExist: quarantine the file with virus_quara_bin instead)');
    expect(summary).toContain('[Alert 7008559] Ignore - Failed (NoPermission)');
    expect(summary).toContain('⏱ Timed Out: 1 item');
    expect(summary).toContain('⏭ Skipped: 1 item');
    expect(summary).toMatch(/Total: 6 items, Success 1, Failed 3, Timed out 1, Skipped 1$/);
  });

  it('serializes for machines, with errors as plain objects', () => {
    const json = JSON.parse(JSON.stringify(report));
    expect(json.counts).toEqual({ total: 6, succeeded: 1, failed: 3, timedOut: 1, unknown: 0, skipped: 1 });
    expect(json.outcomes[1].error).toMatchObject({
      name: 'AgentOfflineError',
      code: 'kill_and_quara.AgentOffline',
    });
    expect(report.failed[0]?.error).toBeInstanceOf(AgentOfflineError);
  });
});
