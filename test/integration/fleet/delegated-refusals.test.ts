/**
 * A delegated administrator acts in its own account on every call that takes no account parameter, so
 * the fleet's handler and client of a member account refuse each handling step before anything is
 * sent, while listing names the member account.
 */
import { describe, expect, it } from 'vitest';
import { DelegatedAlertHandler, DelegatedSasClient } from '../../../src/fleet/account-client.js';
import { DelegatedAdministratorError, Operations } from '../../../src/index.js';
import { useEmulators } from '../../support/emulators.js';

const start = useEmulators();
const MEMBER = '1000000000000002';

async function delegated() {
  const emulator = await start({ accounts: [{ accountId: MEMBER, alerts: [] }] });
  const connection = {
    endpoint: emulator.endpoint,
    protocol: 'http' as const,
    credential: emulator.credentials,
    adaptiveRate: false,
  };
  const sas = new DelegatedSasClient(MEMBER, connection);
  const alerts = new DelegatedAlertHandler(MEMBER, { client: sas });
  return { emulator, sas, alerts };
}

describe('a delegated administrator in a member account', () => {
  it('refuses every call of the client that would act in its own account, nothing sent', async () => {
    const { emulator, sas } = await delegated();
    const refused = [
      sas.describeSecurityEventOperations({ SecurityEventId: 7009607 }),
      sas.handleSecurityEvents({ OperationCode: 'ignore', SecurityEventIds: ['7009607'] }),
      sas.describeSecurityEventOperationStatus({ TaskId: 1 }),
    ];
    for (const call of refused) await expect(call).rejects.toBeInstanceOf(DelegatedAdministratorError);
    expect(emulator.received).toEqual([]);

    await sas.describeSuspEvents({ CurrentPage: '1', PageSize: '10' });
    expect(emulator.received.map((request) => request.params.ResourceDirectoryAccountId)).toEqual([MEMBER]);
  });

  it('refuses every handling step of the handler at once, nothing sent', async () => {
    const { emulator, alerts } = await delegated();
    const steps: Array<() => Promise<unknown>> = [
      () => Reflect.apply(alerts.getOperations, alerts, ['7009607']),
      () => Reflect.apply(alerts.plan, alerts, [[{ alertId: '7009607', operation: Operations.ignore() }]]),
      () => Reflect.apply(alerts.execute, alerts, []),
      () => Reflect.apply(alerts.handle, alerts, []),
      () => Reflect.apply(alerts.resume, alerts, []),
      () => Reflect.apply(alerts.recheck, alerts, []),
      () => Reflect.apply(alerts.waitForTask, alerts, [1]),
    ];
    for (const step of steps) {
      const error = await step().then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(DelegatedAdministratorError);
      expect((error as Error).message).toContain(MEMBER);
    }
    expect(emulator.received).toEqual([]);
  });
});
