/**
 * A consumer of the packed package, as a user writes it: start the emulator from the `emulator`
 * entry, list the alerts, handle one, and recognise a `ValidationError`. Compiled, bundled and run
 * by test/package/consumers.test.ts in every module system; prints one JSON line.
 */
import { AlertHandler, isSdkError, Operations, ValidationError } from 'alicloud-alert-handler';
import { sampleAlerts, startEmulator } from 'alicloud-alert-handler/emulator';

async function main(): Promise<void> {
  const emulator = await startEmulator({ alerts: sampleAlerts(3) });
  try {
    const alerts = new AlertHandler({
      endpoint: emulator.endpoint,
      protocol: 'http',
      credential: emulator.credentials,
      lang: 'en',
      poll: { intervalMs: 5, maxAttempts: 5, maxWaitMs: 60_000 },
    });
    const ids: string[] = [];
    for await (const alert of alerts.listAlerts()) ids.push(alert.id);
    const report = await alerts.handle(ids.slice(0, 1), Operations.ignore());
    let rejected: unknown;
    try {
      Operations.blockIp({ duration: 'forever' as '1d' });
    } catch (error) {
      rejected = error;
    }
    console.log(
      JSON.stringify({
        listed: ids.length,
        succeeded: report.counts.succeeded,
        isSdkError: isSdkError(rejected),
        instanceOf: rejected instanceof ValidationError,
        field: rejected instanceof ValidationError ? rejected.field : undefined,
      }),
    );
  } finally {
    await emulator.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
