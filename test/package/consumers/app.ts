/**
 * A consumer of the packed package, as a user writes it: start the emulator from the `emulator`
 * entry, list the alerts, handle one, decide on them with a response rule (an RE2 regex), and
 * recognise a `ValidationError`. Compiled, bundled and run
 * by test/package/consumers.test.ts in every module system; prints one JSON line.
 */
import {
  type Alert,
  AlertHandler,
  isSdkError,
  Operations,
  ResponseRules,
  ValidationError,
} from 'alicloud-alert-handler';
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
    const listed: Alert[] = [];
    for await (const alert of alerts.listAlerts()) listed.push(alert);
    const ids = listed.map((alert) => alert.id);
    const rules = ResponseRules.parse({
      name: 'consumer',
      version: 1,
      rules: [
        {
          id: 'webshell',
          order: 1,
          match: { name: { regex: 'web ?shell', ignoreCase: true } },
          action: { handle: { operation: 'quara' } },
        },
      ],
    });
    const decided = listed.filter((alert) => rules.evaluate(alert).rule?.id === 'webshell');
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
        decidedByRegex: decided.length,
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
