/**
 * `alicloud-alert-handler approve`: approves a stored response plan, after showing the approver what
 * it holds. The approval is signed with the secret of `ALERT_HANDLER_APPROVAL_SECRET` (HMAC-SHA256), or
 * with `--unsigned` only bound to the plan's digest.
 *
 * @packageDocumentation
 */
import { approve, parseResponsePlan } from '../index.js';
import { parseDuration } from './duration.js';
import {
  APPROVAL_SECRET_VARIABLE,
  approvalSecret,
  type CliIo,
  CommandFailure,
  EXIT,
  PROGRAM,
  parseCommand,
  readText,
  UsageError,
  writeWhole,
} from './io.js';
import { formatResponsePlan } from './plan-summary.js';

/** The help of `approve`. */
export const APPROVE_USAGE = `Usage: ${PROGRAM} approve <plan.json> --approver <name> --expires <when> [options]

Approves a response plan (written by ${PROGRAM} respond --plan-out): prints what the plan holds to
stderr, then the approval (JSON) to stdout or --out. The approval is bound to the plan's digest: a plan
changed afterwards no longer matches it. It is signed with the key in ${APPROVAL_SECRET_VARIABLE}
(at least 16 bytes, never printed), which ${PROGRAM} execute verifies it with.

Options:
  --approver <name>           Who approves (required)
  --requester <name>          Who asked for the approval
  --expires <when>            When the approval stops being valid: a duration from now (30m, 4h, 1d) or
                              an ISO 8601 time (2026-01-15T18:00:00+08:00) (required)
  --out <file>                Write the approval there instead of stdout
  --unsigned                  Without ${APPROVAL_SECRET_VARIABLE}: bind to the plan only; anyone who can
                              write the approval file can then write a valid one
  -h, --help                  Print this help

Exit code: 0 approved; 1 the plan is not valid (changed, unreadable) or the secret is missing; 2 on a
bad command line.
`;

const OPTIONS = {
  approver: { type: 'string' },
  requester: { type: 'string' },
  expires: { type: 'string' },
  out: { type: 'string' },
  unsigned: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/**
 * Runs `approve`; resolves with the exit code.
 *
 * @throws {@link UsageError} on a bad command line
 */
export async function approvePlan(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(argv, OPTIONS, { min: 1, max: 1 });
  if (values.help === true) {
    io.stdout.write(APPROVE_USAGE);
    return EXIT.done;
  }
  const [planFile] = positionals as [string];
  for (const flag of ['approver', 'expires'] as const) {
    if (values[flag] === undefined || values[flag].trim() === '')
      throw new UsageError(`--${flag} is required`);
  }
  if (values.requester?.trim() === '') throw new UsageError('--requester must not be empty');
  const now = Date.now();
  const expiresAt = expiryOf(values.expires as string, now);
  const secret = approvalSecret(io.env);
  if (secret === undefined && values.unsigned !== true) {
    throw new CommandFailure(
      `${APPROVAL_SECRET_VARIABLE} is not set: set it to the key approvals are signed with, or give --unsigned for an approval bound to the plan only.`,
    );
  }
  if (secret !== undefined && values.unsigned === true) {
    throw new UsageError(
      `--unsigned, yet ${APPROVAL_SECRET_VARIABLE} is set: unset it for an unsigned approval, or leave out --unsigned`,
    );
  }
  const rplan = parseResponsePlan(await readText(planFile, 'response plan'));
  io.stderr.write(`${formatResponsePlan(rplan)}\n`);
  const approval = approve(rplan, {
    approver: values.approver as string,
    ...(values.requester !== undefined && { requester: values.requester }),
    expiresAt,
    now,
    ...(secret !== undefined && { secret }),
  });
  const text = `${JSON.stringify(approval, null, 2)}\n`;
  if (values.out === undefined) {
    io.stdout.write(text);
  } else {
    await writeWhole(values.out, text);
    io.stderr.write(`Approval written to ${values.out}, valid until ${approval.expiresAt}\n`);
  }
  return EXIT.done;
}

/**
 * The end of an approval: a duration from `now`, or an ISO 8601 time after it.
 *
 * @throws {@link UsageError} when it is neither, or not after `now`
 */
function expiryOf(text: string, now: number): number {
  const ms = parseDuration(text);
  if (ms !== undefined) {
    if (ms === 0) throw new UsageError('--expires must be a duration above zero');
    return now + ms;
  }
  const at = /^\d{4}-\d{2}-\d{2}T/.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(at)) {
    throw new UsageError(`--expires must be a duration (4h) or an ISO 8601 time, not ${text}`);
  }
  if (at <= now) throw new UsageError(`--expires ${text} is not in the future`);
  return at;
}
