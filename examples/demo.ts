/**
 * The demo behind `npm run demo`: the whole alert-handling workflow against the embedded emulator,
 * seeded with the default scenario (45 pending alerts, one offline agent, one vanished process, one
 * task that never finishes, 12 data risk events). No account and no network: everything runs on
 * 127.0.0.1, with the emulator's own test keys.
 *
 * It tells the story in about 50 lines; `--verbose` adds every alert, the whole plan, each status
 * query and the full results summary.
 *
 *   npm run demo [-- --verbose]        (or: npx tsx examples/demo.ts [--verbose])
 */
import { parseArgs } from 'node:util';
import {
  AlertHandler,
  type AlertOutcome,
  type ClientOptions,
  type ExecuteProgress,
  formatPlan,
  type HandleRequest,
  type Operation,
  Operations,
  operationDisplayName,
  RiskHandler,
} from 'alicloud-alert-handler';
import { DEFAULT_SCENARIO, scenarioToOptions, startEmulator } from 'alicloud-alert-handler/emulator';
import { formatAlert } from './format.js';

function parse() {
  try {
    return parseArgs({ options: { verbose: { type: 'boolean', short: 'v', default: false } } }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\nUsage: npm run demo [-- --verbose]`);
    process.exit(2);
  }
}

const { verbose } = parse();
const tty = process.stdout.isTTY === true && process.env.NO_COLOR === undefined;
const paint = (code: number) => (text: string) => (tty ? `\u001b[${code}m${text}\u001b[0m` : text);
const bold = paint(1);
const dim = paint(2);
const heading = (text: string) => console.log(`\n${bold(`== ${text} ==`)}\n`);
/** Printed only with `--verbose`. */
const detail = (text: string) => {
  if (verbose) console.log(text);
};
const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

/** Why alerts of a batch did not succeed, in words, from their outcomes' error codes. */
const REASONS: Record<string, string> = {
  AgentOffline: 'agent offline',
  ProcessNotExist: 'process already gone',
};
function reasonOf(outcome: AlertOutcome): string {
  if (outcome.status === 'timedOut') return 'task still running';
  const code = outcome.errorCode?.split('.').pop() ?? outcome.error?.code ?? 'see the results';
  return REASONS[code] ?? code;
}

/** A batch's outcomes as counts: `19 of 20 alerts handled, 1 failed (agent offline)`. */
function batchResult(outcomes: readonly AlertOutcome[]): string {
  const handled = outcomes.filter((outcome) => outcome.status === 'succeeded').length;
  const parts = [`${handled} of ${plural(outcomes.length, 'alert')} handled`];
  const others = new Map<string, number>();
  for (const outcome of outcomes) {
    if (outcome.status === 'succeeded') continue;
    const words = outcome.status === 'timedOut' ? 'timed out' : outcome.status;
    const key = `${words} (${reasonOf(outcome)})`;
    others.set(key, (others.get(key) ?? 0) + 1);
  }
  for (const [what, count] of others) parts.push(`${count} ${what}`);
  return parts.join(', ');
}

const emulator = await startEmulator(scenarioToOptions(DEFAULT_SCENARIO));
try {
  console.log(
    `The alert workflow of alicloud-alert-handler against a local emulator on ${emulator.url}\n` +
      dim('(its own test keys, signed requests: nothing leaves this machine)'),
  );
  if (!verbose) console.log(dim('Run with --verbose for every alert, the whole plan and the full results.'));
  const connection: ClientOptions = {
    endpoint: emulator.url,
    credential: emulator.credentials,
  };
  const alerts = new AlertHandler({
    ...connection,
    lang: 'en',
    poll: { intervalMs: 200, maxAttempts: 5, maxWaitMs: 2000 },
  });

  heading('1. List the pending alerts, each with a recommended action');
  const requests: HandleRequest[] = [];
  const operations = new Map<string, Operation>();
  const levels = new Map<string, number>();
  const recommended = new Map<string, number>();
  for await (const alert of alerts.listAlerts({
    levels: ['serious', 'suspicious', 'remind'],
    dealt: false,
  })) {
    const recommendation = alerts.recommend(alert);
    const action = operationDisplayName(recommendation.operation);
    levels.set(alert.level ?? '-', (levels.get(alert.level ?? '-') ?? 0) + 1);
    recommended.set(action, (recommended.get(action) ?? 0) + 1);
    if (verbose) console.log(`${formatAlert(alert, requests.length + 1, recommendation)}\n`);
    else if (requests.length < 3) {
      console.log(
        `  ${alert.id}  ${(alert.level ?? '-').padEnd(10)}  ${alert.name.padEnd(28)}  -> ${action}`,
      );
    }
    // One operation per code, so that alerts sharing it go in the same batch.
    const operation =
      operations.get(recommendation.operation) ??
      (recommendation.operation === 'block_ip'
        ? Operations.fromCode(recommendation.operation, { duration: '1d' })
        : Operations.fromCode(recommendation.operation));
    operations.set(recommendation.operation, operation);
    requests.push({ alertId: alert.id, operation });
  }
  if (!verbose && requests.length > 3) console.log(`  ... and ${requests.length - 3} more`);
  const byCount = (counts: Map<string, number>) =>
    [...counts].sort(([, a], [, b]) => b - a).map(([name, count]) => `${name} ${count}`);
  console.log(`${plural(requests.length, 'pending alert')}: ${byCount(levels).join(', ')}`);
  console.log(`Recommended: ${byCount(recommended).join(', ')}`);

  heading('2. Plan: each alert is asked what it allows; nothing is changed yet');
  const plan = await alerts.plan(requests);
  const planText = formatPlan(plan);
  if (verbose) console.log(planText);
  else {
    console.log(planText.split('\n')[0]);
    plan.batches.forEach((batch, index) => {
      console.log(
        `  batch ${index + 1}: ${batch.operation.description}, ${plural(batch.alertIds.length, 'alert')}`,
      );
    });
  }
  console.log(dim('Your code would show this plan for review here; the demo goes on without asking.'));

  heading('3. Execute: one HandleSecurityEvents call per batch, then a bounded wait for its task');
  const report = await alerts.execute(plan, {
    onProgress: (progress: ExecuteProgress) => {
      const batch = `  batch ${progress.batchIndex + 1}`;
      if (progress.phase === 'submitted') detail(`${batch}: task ${progress.taskId} started`);
      if (progress.phase === 'polling' && progress.task?.taskStatus === 'Processing')
        detail(dim(`${batch}: task ${progress.taskId} still processing`));
      if (progress.phase === 'finished') console.log(`${batch}: ${batchResult(progress.outcomes ?? [])}`);
    },
  });

  heading('4. Results: every alert has an outcome');
  const summary = report.summary().split('\n');
  // Without --verbose, the summary without its list of successes (their count is in the total).
  console.log((verbose ? summary : summary.filter((line) => !line.endsWith(' - Success'))).join('\n'));

  heading('5. Data Security Center: unprocessed risk events');
  const risks = new RiskHandler(connection);
  let first: string | undefined;
  let listed = 0;
  for await (const risk of risks.listRisks({ status: 'unprocessed' })) {
    first ??= risk.id;
    listed++;
    const line = `Risk ${risk.id}  ${risk.level ?? '-'}  ${risk.product ?? '-'}  ${risk.ruleName ?? '-'}  (${risk.alarmCount ?? 0} alarms)`;
    if (verbose || listed === 1) console.log(line);
  }
  if (!verbose && listed > 1) console.log(`... and ${listed - 1} more: ${listed} unprocessed risk events`);
  if (first !== undefined) {
    const handled = await risks.handleRisk(
      first,
      'Confirmed with the database team: scheduled backup export.',
    );
    console.log(`Handled risk ${handled.riskId}: "${handled.detail}" (RequestId ${handled.requestId})`);
    let open = 0;
    for await (const _ of risks.listRisks({ status: 'unprocessed' })) open++;
    console.log(`${open} risk events remain unprocessed.`);
  }
} finally {
  await emulator.close();
}
