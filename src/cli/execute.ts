/**
 * `alicloud-alert-handler execute`: executes a stored response plan with the journal, its destructive
 * batches only with a valid approval.
 *
 * @packageDocumentation
 */
import {
  type Approval,
  executeResponsePlan,
  fileJournal,
  isDestructive,
  parseResponsePlan,
  type ResponsePlan,
  verifyApproval,
} from '../index.js';
import { alertHandlerFor, CONNECTION_NOTE, REGION_OPTION } from './connection.js';
import {
  APPROVAL_SECRET_VARIABLE,
  approvalSecret,
  type CliIo,
  CommandFailure,
  EXIT,
  PROGRAM,
  parseCommand,
  readText,
} from './io.js';
import { anyFailed } from './plan-summary.js';
import { DEFAULT_JOURNAL } from './respond.js';

/** The help of `execute`. */
export const EXECUTE_USAGE = `Usage: ${PROGRAM} execute <plan.json> [options]

Executes a response plan (written by ${PROGRAM} respond --plan-out) with the journal. The plan is
checked first (its digest: a plan changed after it was written is refused, and nothing is sent; its
expiry). Its destructive batches are sent only with a valid approval (${PROGRAM} approve), verified
with the key in ${APPROVAL_SECRET_VARIABLE}; without --approval they end skipped, "approval required",
and the other batches are sent. Every alert is re-read right before it is sent: one handled since the
plan was made is skipped.

Options:
  --approval <file>           The approval of this plan; refused (nothing sent) when it does not verify
  --journal <dir>             The execution journal. Default: ${DEFAULT_JOURNAL}
  --json                      Print the report as one JSON line instead of the summary
${REGION_OPTION}
  -h, --help                  Print this help

${CONNECTION_NOTE}

Exit code: 0 when no alert failed or ended unknown (skipped and timed out ones do not count); 1 when
one did, or the plan or the approval is refused, or the execution failed; 2 on a bad command line.
`;

const OPTIONS = {
  approval: { type: 'string' },
  journal: { type: 'string' },
  json: { type: 'boolean' },
  region: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/**
 * Runs `execute`; resolves with the exit code.
 *
 * @throws {@link UsageError} on a bad command line
 */
export async function executePlan(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(argv, OPTIONS, { min: 1, max: 1 });
  if (values.help === true) {
    io.stdout.write(EXECUTE_USAGE);
    return EXIT.done;
  }
  const [planFile] = positionals as [string];
  const secret = approvalSecret(io.env);
  const rplan = parseResponsePlan(await readText(planFile, 'response plan'));
  const approval = values.approval === undefined ? undefined : await readApproval(values.approval);
  if (approval !== undefined) {
    const verdict = verifyApproval(rplan, approval, { ...(secret !== undefined && { secret }) });
    if (!verdict.ok) {
      const key = ['secretRequired', 'unsigned', 'signatureMismatch'].includes(verdict.reason)
        ? ` (The key is read from ${APPROVAL_SECRET_VARIABLE}.)`
        : '';
      throw new CommandFailure(
        `the approval is refused (${verdict.reason}): ${verdict.message}${key} Nothing was sent.`,
      );
    }
  } else if (hasDestructiveBatch(rplan)) {
    io.stderr.write(
      `${PROGRAM} execute: no --approval: the destructive batches are not sent (their alerts end skipped).\n`,
    );
  }
  const alerts = alertHandlerFor(io.env, values.region);
  const report = await executeResponsePlan(alerts, rplan, {
    journal: fileJournal(values.journal ?? DEFAULT_JOURNAL),
    signal: io.signal,
    ...(approval !== undefined && { approval }),
    ...(secret !== undefined && { secret }),
  });
  io.stdout.write(values.json === true ? `${JSON.stringify(report)}\n` : `${report.summary()}\n`);
  return anyFailed([report]) ? EXIT.failed : EXIT.done;
}

async function readApproval(path: string): Promise<Approval> {
  const text = await readText(path, 'approval');
  try {
    return JSON.parse(text) as Approval;
  } catch {
    throw new CommandFailure(`the approval ${path} is not JSON. Nothing was sent.`);
  }
}

function hasDestructiveBatch(rplan: ResponsePlan): boolean {
  return rplan.plan.batches.some((batch) => isDestructive(batch.operation.code));
}
