/**
 * The demo behind `npm run demo`: the whole alert-handling workflow against the embedded emulator,
 * seeded with the default scenario (45 pending alerts, one offline agent, one vanished process, one
 * task that never finishes, 12 data risk events). No account and no network: everything runs on
 * 127.0.0.1, with the emulator's own test keys.
 *
 * Run it with `npm run demo` (or `npx tsx examples/demo.ts`).
 */
import {
  AlertHandler,
  type ClientOptions,
  formatPlan,
  type HandleRequest,
  type Operation,
  Operations,
  RiskHandler,
} from 'alicloud-alert-handler';
import { DEFAULT_SCENARIO, scenarioToOptions, startEmulator } from 'alicloud-alert-handler/emulator';
import { formatAlert } from './format.js';

const tty = process.stdout.isTTY === true && process.env.NO_COLOR === undefined;
const paint = (code: number) => (text: string) => (tty ? `\u001b[${code}m${text}\u001b[0m` : text);
const bold = paint(1);
const dim = paint(2);
const heading = (text: string) => console.log(`\n${bold(`== ${text} ==`)}\n`);

const emulator = await startEmulator(scenarioToOptions(DEFAULT_SCENARIO));
try {
  console.log(
    dim(`Emulator on http://${emulator.endpoint}: test keys, signed requests, nothing leaves this machine.`),
  );
  const connection: ClientOptions = {
    endpoint: emulator.endpoint,
    protocol: 'http',
    credential: emulator.credentials,
  };
  const alerts = new AlertHandler({
    ...connection,
    lang: 'en',
    poll: { intervalMs: 200, maxAttempts: 5, maxWaitMs: 2000 },
  });

  heading('Steps 1-2: pending alerts, with the recommended action');
  const requests: HandleRequest[] = [];
  const operations = new Map<string, Operation>();
  for await (const alert of alerts.listAlerts({
    levels: ['serious', 'suspicious', 'remind'],
    dealt: false,
  })) {
    const recommendation = alerts.recommend(alert);
    console.log(`${formatAlert(alert, requests.length + 1, recommendation)}\n`);
    // One operation per code, so that alerts sharing it go in the same batch.
    const operation =
      operations.get(recommendation.operation) ??
      (recommendation.operation === 'block_ip'
        ? Operations.fromCode(recommendation.operation, { duration: '1d' })
        : Operations.fromCode(recommendation.operation));
    operations.set(recommendation.operation, operation);
    requests.push({ alertId: alert.id, operation });
  }
  console.log(`Alert List (Total ${requests.length} items)`);

  heading('Steps 3-5: the plan (each alert queried for what it allows; nothing changed yet)');
  const plan = await alerts.plan(requests);
  console.log(formatPlan(plan));

  heading('Steps 6-7: execute');
  console.log(
    bold('The demo confirms on your behalf: "1. Handle all using recommended methods", then "yes".'),
  );
  const report = await alerts.execute(plan, {
    onProgress: (progress) => {
      const batch = `Batch ${progress.batchIndex + 1}/${progress.batchCount}`;
      if (progress.phase === 'submitted')
        console.log(`${batch}: task ${progress.taskId} started for ${progress.alertIds.length} alerts`);
      if (progress.phase === 'polling')
        console.log(dim(`${batch}: task ${progress.taskId} is ${progress.task?.taskStatus}`));
      if (progress.phase === 'finished')
        console.log(
          `${batch}: done, ${progress.completedAlerts}/${progress.totalAlerts} alerts have an outcome`,
        );
    },
  });

  heading('Step 8: results');
  console.log(report.summary());

  heading('Data Security Center: unprocessed risk events');
  const risks = new RiskHandler(connection);
  let first: string | undefined;
  for await (const risk of risks.listRisks({ status: 'unprocessed' })) {
    first ??= risk.id;
    console.log(
      `Risk ${risk.id}  ${risk.level ?? '-'}  ${risk.product ?? '-'}  ${risk.ruleName ?? '-'}  (${risk.alarmCount ?? 0} alarms)`,
    );
  }
  if (first !== undefined) {
    const handled = await risks.handleRisk(
      first,
      'Confirmed with the database team: scheduled backup export.',
    );
    console.log(`\nHandled risk ${handled.riskId}: "${handled.detail}" (RequestId ${handled.requestId})`);
    let open = 0;
    for await (const _ of risks.listRisks({ status: 'unprocessed' })) open++;
    console.log(`${open} risk events remain unprocessed.`);
  }
} finally {
  await emulator.close();
}
