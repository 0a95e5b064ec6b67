/**
 * An operation of a code this package does not know, against the emulator: planned only on the alert
 * whose `DescribeSecurityEventOperations` lists the code, confirmed like every destructive operation,
 * and sent with its code and parameters as given. The emulator, like a service of the version this
 * package knows, refuses a code it does not know (`IllegalParam`): the alert is reported failed.
 */
import { describe, expect, it } from 'vitest';
import { ConfirmationRequiredError, Operations } from '../../src/index.js';
import { failure } from '../support/caught.js';
import { useEmulatorHandler } from '../support/emulator-handler.js';
import { ALERTS, LOGON, WEBSHELL } from '../support/state-alerts.js';

const { setup } = useEmulatorHandler();
const ISOLATE = Operations.unknownCode('isolate_host', { mode: 'full' });

describe('Operations.unknownCode against the emulator', () => {
  it('plans it where the alert offers it, and sends it as given once confirmed', async () => {
    const { emulator, alerts } = await setup({
      alerts: ALERTS,
      operations: { [LOGON.Id]: [{ code: 'isolate_host' }, { code: 'ignore' }] },
    });

    const plan = await alerts.plan([
      { alertId: String(LOGON.Id), operation: ISOLATE },
      { alertId: String(WEBSHELL.Id), operation: ISOLATE },
    ]);
    expect(
      plan.batches.map(({ operation, alertIds }) => [operation.code, operation.unknownCode, alertIds]),
    ).toEqual([['isolate_host', true, [String(LOGON.Id)]]]);
    expect(plan.skipped).toMatchObject([
      {
        alertId: String(WEBSHELL.Id),
        operation: 'isolate_host',
        reason: 'The alert does not offer this operation.',
      },
    ]);
    expect(await failure(alerts.handle([String(LOGON.Id)], ISOLATE))).toBeInstanceOf(
      ConfirmationRequiredError,
    );
    const handled = () => emulator.received.filter((request) => request.action === 'HandleSecurityEvents');
    expect(handled()).toEqual([]);

    const report = await alerts.execute(plan);
    expect(handled().map(({ params }) => [params.OperationCode, params.OperationParams])).toEqual([
      ['isolate_host', '{"mode":"full"}'],
    ]);
    expect(report.failed).toMatchObject([
      { alertId: String(LOGON.Id), operation: 'isolate_host', errorCode: 'IllegalParam' },
    ]);
  });
});
