/**
 * An interactive alert-handling console on stdin and stdout, step by step: pick an alert by ID or list
 * the pending ones with recommendations, choose how to handle them, review the plan, confirm, follow
 * the progress, read the summary. Nothing is handled before you confirm: "q" (or the end of input)
 * cancels at any prompt, and Ctrl+C while executing stops before the next batch.
 *
 *   npx tsx examples/cli.ts
 *
 * Answers can be piped, one per line: `printf '\n1\n7d\nyes\n' | npx tsx examples/cli.ts`.
 */
import { createInterface } from 'node:readline/promises';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import {
  type Alert,
  AlertHandler,
  type AlertHandlerOptions,
  type AlertOperations,
  BLOCK_DURATIONS_MS,
  type BlockDuration,
  formatPlan,
  type HandleRequest,
  isKnownOperationCode,
  type Operation,
  type OperationCode,
  Operations,
  SdkError,
  SecurityEventNotExistsError,
  UNSUPPORTED_OPERATIONS,
  ValidationError,
  type WhitelistScope,
} from 'alicloud-alert-handler';
import { handlerOptions } from './connection.js';
import { formatAlert } from './format.js';

/** Streams and handler options of {@link runCli}. */
export interface CliOptions {
  input: Readable;
  output: Writable;
  options: AlertHandlerOptions;
}

const PAGE_SIZE = 10;
const DURATIONS = Object.keys(BLOCK_DURATIONS_MS) as BlockDuration[];
const SCOPES: Record<string, WhitelistScope> = { '1': 'ALL', '2': 'part' };

/** Thrown by a prompt answered "q", or left without an answer at the end of input. */
class Cancelled extends Error {}

/**
 * Runs the dialogue. Resolves to the exit code: 0 when done or cancelled, 1 when an alert could not be
 * handled or an error stopped the dialogue.
 */
export async function runCli({ input, output, options }: CliOptions): Promise<number> {
  const tty = (output as NodeJS.WriteStream).isTTY === true;
  const terminal = tty && (input as NodeJS.ReadStream).isTTY === true;
  const rl = createInterface({ input, output, terminal });
  // Lines are queued as they arrive, so answers piped in ahead of their prompts are not lost.
  const lines = rl[Symbol.asyncIterator]();
  const style = (code: number) => (text: string) => (tty ? `\x1b[${code}m${text}\x1b[0m` : text);
  const bold = style(1);
  const red = style(31);
  const say = (text = '') => output.write(`${text}\n`);
  const step = (title: string) => say(`\n${bold(title)}`);

  const ask = async (question: string): Promise<string> => {
    rl.setPrompt(question);
    rl.prompt();
    const { done, value } = await lines.next();
    if (!terminal) say(done ? '' : value); // keep a readable transcript when answers are piped
    const answer = done ? 'q' : value.trim();
    if (answer.toLowerCase() === 'q') throw new Cancelled();
    return answer;
  };

  const askDuration = async (): Promise<BlockDuration> => {
    for (;;) {
      const answer = (await ask(`Block for how long? (${DURATIONS.join(', ')}) [7d]: `)) || '7d';
      const duration = DURATIONS.find((candidate) => candidate === answer);
      if (duration) return duration;
    }
  };

  /** The whitelist dialogue: rules in place, fields to add (with the alert's values), scope. */
  const askWhitelist = async (offered: AlertOperations): Promise<Operation | undefined> => {
    say('Existing whitelist rules (always kept: a new rule set replaces the old one):');
    if (offered.whitelistRules.length === 0) say('  (none)');
    for (const rule of offered.whitelistRules) {
      say(`  ${rule.field} ${rule.operate} ${JSON.stringify(rule.fieldValue)}, scope ${rule.uuid}`);
    }
    const fields = offered.whitelistFields.filter((field) => field.currentValue !== undefined);
    if (fields.length === 0) {
      say('This alert offers no field to whitelist on.');
      return undefined;
    }
    say('Whitelist fields:');
    fields.forEach((field, index) => {
      say(`  ${index + 1}. ${field.alias ?? field.field} (${field.field}): ${field.currentValue}`);
    });
    let chosen: typeof fields = [];
    while (chosen.length === 0) {
      const answer = await ask('Fields to whitelist (numbers separated by commas) [all]: ');
      chosen = answer === '' ? fields : answer.split(',').flatMap((n) => fields[Number(n) - 1] ?? []);
    }
    say("Scope:\n  1. ALL - all machines\n  2. part - this alert's machine only");
    let scope: WhitelistScope | undefined;
    while (scope === undefined) scope = SCOPES[await ask('Choose the scope (1 or 2): ')];
    const rules = chosen.map((field) => ({
      field: field.field,
      operate: 'strEqual' as const,
      value: field.currentValue,
    }));
    return Operations.whitelist({ rules, scope });
  };

  /** A code the service offers that this package does not know: its OperationParams as typed. */
  const askUnknown = async (code: string): Promise<Operation | undefined> => {
    say(`${code} is an operation this package does not know: its parameters are sent as you type them.`);
    const params = await ask('OperationParams (a JSON object, Enter for {}): ');
    try {
      return Operations.unknownCode(code, params === '' ? undefined : params);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      say(error.message);
      return undefined;
    }
  };

  const askOperation = async (
    code: OperationCode,
    offered: AlertOperations,
  ): Promise<Operation | undefined> => {
    if (!isKnownOperationCode(code)) return askUnknown(code);
    switch (code) {
      case 'block_ip':
        return Operations.blockIp({ duration: await askDuration() });
      case 'kill_and_quara': {
        const answer = await ask('Quarantine the file after killing the process? (Y/n): ');
        return Operations.killAndQuarantine({ quarantine: !/^n/i.test(answer) });
      }
      case 'advance_mark_mis_info':
        return askWhitelist(offered);
      default:
        return Operations.fromCode(code);
    }
  };

  /** Step 4 for one alert: its own operations, as the service reports them for it. */
  const chooseFor = async (
    title: string,
    offered: AlertOperations,
    recommended?: OperationCode,
  ): Promise<HandleRequest | undefined> => {
    const usable = offered.operations.filter(
      (op) => op.userCanOperate && !UNSUPPORTED_OPERATIONS.has(op.code),
    );
    say(`\n${title}`);
    usable.forEach((op, index) => {
      say(`  ${index + 1}. ${op.displayName} [${op.code}]${op.code === recommended ? ' (recommended)' : ''}`);
    });
    for (;;) {
      const answer = await ask('Choose an operation (number or code, Enter to skip): ');
      if (answer === '') return undefined;
      const choice = usable[Number(answer) - 1] ?? usable.find((op) => op.code === answer);
      if (choice === undefined) {
        say('Choose one of the operations listed.');
        continue;
      }
      const operation = await askOperation(choice.code, offered);
      if (operation) return { alertId: offered.alertId, operation };
    }
  };

  try {
    const alerts = new AlertHandler(options);
    let requests: HandleRequest[] = [];

    step('Step 0: Alerts to handle');
    const alertId = await ask('Enter an alert ID, or press Enter to list pending alerts: ');
    if (alertId !== '') {
      // An ID from the user: check that the alert exists and go straight to its operations.
      let offered: AlertOperations;
      try {
        offered = await alerts.getOperations(alertId);
      } catch (error) {
        if (!(error instanceof SecurityEventNotExistsError)) throw error;
        say(`Alert ${alertId} does not exist or is not visible: it may have been handled already.`);
        return 1;
      }
      const request = await chooseFor(`Alert ${alertId}`, offered);
      if (request) requests.push(request);
    } else {
      step('Steps 1-2: Pending alerts');
      const listed: Alert[] = [];
      for await (const page of alerts.listAlerts({ dealt: false, pageSize: PAGE_SIZE }).byPage()) {
        if (page.pageNumber === 1) say(`Alert List (Total ${page.totalCount} items):`);
        for (const alert of page.items) {
          listed.push(alert);
          say(`\n${formatAlert(alert, listed.length, alerts.recommend(alert))}`);
        }
        if (listed.length >= page.totalCount) break;
        const more = await ask(
          `\nShowing ${listed.length} of ${page.totalCount}. Press Enter for more, or "h" to handle these: `,
        );
        if (more.toLowerCase() === 'h') break;
      }
      if (listed.length === 0) {
        say('No pending alerts.');
        return 0;
      }

      step('Step 3: How to handle them');
      say('Please confirm how to handle these alerts:\n');
      say('1. ✅ Handle all using recommended methods\n2. 🔧 Custom handling method\n3. ❌ Cancel\n');
      let choice = '';
      while (!['1', '2', '3'].includes(choice)) choice = await ask('Please select (enter number): ');
      if (choice === '3') throw new Cancelled();

      const recommended = listed.map((alert) => ({ alert, code: alerts.recommend(alert).operation }));
      if (choice === '1') {
        // One duration and one clock reading for every block, so that those alerts share a batch.
        const blocks = recommended.some(({ code }) => code === 'block_ip');
        const duration = blocks ? await askDuration() : undefined;
        const now = Date.now();
        requests = recommended.map(({ alert, code }) => ({
          alertId: alert.id,
          operation:
            code === 'block_ip'
              ? Operations.fromCode(code, { duration, now: () => now })
              : Operations.fromCode(code),
        }));
      } else {
        step('Step 4: Choose an operation for each alert');
        for (const [index, { alert, code }] of recommended.entries()) {
          const offered = await alerts.getOperations(alert.id);
          const request = await chooseFor(`[Alert ${index + 1}] ${alert.id} ${alert.name}`, offered, code);
          if (request) requests.push(request);
        }
      }
    }
    if (requests.length === 0) throw new Cancelled();

    step('Step 5: The plan (nothing has been changed yet)');
    const plan = await alerts.plan(requests);
    say(formatPlan(plan));
    if (plan.batches.length === 0) throw new Cancelled();
    const confirmed = plan.destructive
      ? (await ask(red('Type "yes" to run these destructive operations: '))) === 'yes'
      : /^y(es)?$/i.test(await ask('Run this plan? (y/N): '));
    if (!confirmed) throw new Cancelled();

    step('Steps 6-7: Executing');
    const controller = new AbortController();
    const stop = () => controller.abort();
    rl.on('SIGINT', stop);
    const report = await alerts
      .execute(plan, {
        signal: controller.signal,
        onProgress: ({ phase, batchIndex, batchCount, taskId, completedAlerts, totalAlerts }) => {
          const batch = `Batch ${batchIndex + 1}/${batchCount}`;
          if (phase === 'submitted') say(`${batch}: task ${taskId} started`);
          if (phase === 'finished') say(`${batch}: done, ${completedAlerts}/${totalAlerts} alerts`);
        },
      })
      .finally(() => rl.off('SIGINT', stop));

    step('Step 8: Results');
    say(report.summary());
    return report.failed.length + report.timedOut.length > 0 ? 1 : 0;
  } catch (error) {
    if (error instanceof Cancelled) {
      say('\nCancelled: no alert was handled.');
      return 0;
    }
    if (!(error instanceof SdkError)) throw error;
    say(`\nError: ${error.message}`);
    return 1;
  } finally {
    rl.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.exitCode = await runCli({
    input: process.stdin,
    output: process.stdout,
    options: handlerOptions(),
  });
}
