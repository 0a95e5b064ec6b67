/** The errors of executions kept in a journal: one being run elsewhere, one not in it, one interrupted. */
import { type Delivery, SdkError } from './sdk-error.js';

/**
 * The execution is being run by another process (or another call of this one), which holds its lease:
 * two runners of one execution could send its batches twice, so this one sent nothing. Thrown by
 * `AlertHandler.resume`.
 *
 * @example
 * ```ts
 * try {
 *   await alerts.resume(executionId, { journal });
 * } catch (error) {
 *   // Wait: if its holder died, the lease expires at `expiresAt`, and resume can take over then.
 *   if (error instanceof ExecutionLockedError) console.warn(error.owner, new Date(error.expiresAt));
 *   else throw error;
 * }
 * ```
 */
export class ExecutionLockedError extends SdkError {
  override name = 'ExecutionLockedError';
  /** Nothing was sent. */
  protected static override readonly defaultDelivery: Delivery = 'notSent';
  /** The execution. */
  readonly executionId: string;
  /** Who holds it. */
  readonly owner: string;
  /** When its lease expires unless renewed (epoch ms, by the journal's clock). */
  readonly expiresAt: number;

  constructor(options: { executionId: string; owner: string; expiresAt: number }) {
    super(
      `Execution ${options.executionId} is being run by ${options.owner}, whose lease lasts until ` +
        `${new Date(options.expiresAt).toISOString()} unless renewed, so nothing was sent. If that ` +
        'process has stopped, resume the execution after then.',
      { code: 'ExecutionLocked' },
    );
    this.executionId = options.executionId;
    this.owner = options.owner;
    this.expiresAt = options.expiresAt;
  }
}

/**
 * The journal holds no execution with this id: check the id and the journal's folder. Thrown by
 * `AlertHandler.resume`.
 *
 * @example
 * ```ts
 * try {
 *   await alerts.resume('exec-20261201-081010-3fa9c2d1', { journal });
 * } catch (error) {
 *   if (error instanceof ExecutionNotFoundError) console.error(`no execution ${error.executionId}`);
 *   else throw error;
 * }
 * ```
 */
export class ExecutionNotFoundError extends SdkError {
  override name = 'ExecutionNotFoundError';
  /** Nothing was sent. */
  protected static override readonly defaultDelivery: Delivery = 'notSent';
  /** The execution asked for. */
  readonly executionId: string;

  constructor(executionId: string) {
    super(
      `The journal holds no execution ${executionId}: check the id (it is in the report and the audit ` +
        'events) and that the journal is the one the execution was run with.',
      { code: 'ExecutionNotFound' },
    );
    this.executionId = executionId;
  }
}

/**
 * The process running an execution stopped after a batch's handling call may have been sent and before
 * its answer was recorded. Not thrown: the cause of the outcomes `AlertHandler.resume` reconciles for
 * such a batch (never resent), `unknown` when nothing proves what the call did.
 *
 * @example
 * ```ts
 * const report = await alerts.resume(executionId, { journal });
 * for (const { alertId, error } of report.unknown) {
 *   if (error instanceof ExecutionInterruptedError) console.warn(`check alert ${alertId} in the console`);
 * }
 * ```
 */
export class ExecutionInterruptedError extends SdkError {
  override name = 'ExecutionInterruptedError';
  /** The call may have reached the service. */
  protected static override readonly defaultDelivery: Delivery = 'unknown';
  /** The execution. */
  readonly executionId: string;

  constructor(executionId: string) {
    super(
      `Execution ${executionId} stopped after this batch's handling call may have been sent, before ` +
        'its answer was recorded; it is never resent.',
      { code: 'ExecutionInterrupted' },
    );
    this.executionId = executionId;
  }
}

/**
 * The journal could not be read or written (a full disk, a permission, a folder removed): the store
 * failed with an error of its own, kept as `cause`. The alerts of a batch whose claim or intent could
 * not be written are reported `failed` with this error, and nothing was sent for them.
 *
 * @example
 * ```ts
 * const report = await alerts.execute(plan, { journal });
 * for (const { alertId, error } of report.failed) {
 *   if (error instanceof JournalUnavailableError) console.error(`alert ${alertId}: fix the journal, then handle it again`);
 * }
 * ```
 */
export class JournalUnavailableError extends SdkError {
  override name = 'JournalUnavailableError';
  /** Nothing was sent because of it. */
  protected static override readonly defaultDelivery: Delivery = 'notSent';

  constructor(cause: unknown) {
    const code = (cause as { code?: unknown } | null)?.code;
    super(
      `The journal could not be read or written${typeof code === 'string' ? ` (${code})` : ''}: check the ` +
        "journal's folder (space, permissions), then handle the alerts again or resume the execution.",
      { code: 'JournalUnavailable', cause },
    );
  }
}
