/** Per-alert results of handling tasks, and the refusal to run a destructive operation unconfirmed. */
import { type Delivery, SdkError } from './sdk-error.js';

/** Where a per-alert handling result came from. */
export interface HandlingErrorOptions {
  /** The service's result code, e.g. `kill_and_quara.AgentOffline`. */
  code: string;
  /** The alert (security event) the result belongs to. */
  alertId: string;
  /** The operation that was applied, e.g. `kill_and_quara`. */
  operation: string;
  /** The handling task, when known. */
  taskId?: number | undefined;
}

/**
 * A handling task ran but failed for one alert. Not thrown by calls: reported per alert by the
 * handling workflow. Subclasses name the known causes.
 *
 * @example
 * ```ts
 * const report = await alerts.execute(plan);
 * for (const { error } of report.failed) {
 *   if (error instanceof HandlingError) console.error(error.alertId, error.operation, error.code);
 * }
 * ```
 */
export class HandlingError extends SdkError {
  override name = 'HandlingError';
  /** The service received the handling and reported that it failed for this alert. */
  protected static override readonly defaultDelivery: Delivery = 'refused';
  /** The alert the result belongs to. */
  readonly alertId: string;
  /** The operation that failed. */
  readonly operation: string;
  /** The handling task, when known. */
  readonly taskId: number | undefined;

  constructor(message: string, options: HandlingErrorOptions) {
    super(message, { code: options.code, action: 'HandleSecurityEvents' });
    this.alertId = options.alertId;
    this.operation = options.operation;
    this.taskId = options.taskId;
  }
}

/**
 * The Security Center agent on the alert's host is offline (`*.AgentOffline`).
 *
 * @example
 * ```ts
 * const report = await alerts.execute(plan);
 * for (const { alertId, error } of report.failed) {
 *   // Bring the agent back online (check the host and the agent service), then handle the alert again.
 *   if (error instanceof AgentOfflineError) console.warn(`Alert ${alertId}: agent offline`);
 * }
 * ```
 */
export class AgentOfflineError extends HandlingError {
  override name = 'AgentOfflineError';
}

/**
 * The process to kill no longer exists (`*.ProcessNotExist`); quarantining the file may still work.
 *
 * @example
 * ```ts
 * const report = await alerts.execute(plan);
 * const gone = report.failed.filter(({ error }) => error instanceof ProcessNotExistError);
 * if (gone.length > 0) {
 *   const ids = gone.map(({ alertId }) => alertId);
 *   await alerts.handle(ids, Operations.quarantineBinary(), { confirm: true });
 * }
 * ```
 */
export class ProcessNotExistError extends HandlingError {
  override name = 'ProcessNotExistError';
}

/**
 * Maps a per-alert result code of a handling task (`<operation>.<result>`) to its error.
 *
 * @example
 * ```ts
 * handlingErrorFromCode('kill_and_quara.AgentOffline', { alertId: '7009607' }); // AgentOfflineError
 * ```
 */
export function handlingErrorFromCode(
  code: string,
  context: { alertId: string; taskId?: number | undefined },
): HandlingError {
  const dot = code.indexOf('.');
  const operation = dot > 0 ? code.slice(0, dot) : 'unknown';
  const result = dot > 0 ? code.slice(dot + 1) : code;
  const options = { code, operation, ...context };
  if (result === 'AgentOffline') {
    return new AgentOfflineError(
      `Alert ${context.alertId}: the Security Center agent on its host is offline, so ${operation} could not run. ` +
        'Bring the agent back online (check the host and the agent service), then handle the alert again.',
      options,
    );
  }
  if (result === 'ProcessNotExist') {
    return new ProcessNotExistError(
      `Alert ${context.alertId}: the process to stop no longer exists. ` +
        'Quarantine the file instead with virus_quara_bin (Operations.quarantineBinary()).',
      options,
    );
  }
  return new HandlingError(
    `Alert ${context.alertId}: ${operation} failed with ${code}. Check the alert in the Security Center console.`,
    options,
  );
}

/**
 * A destructive operation (block, kill, quarantine, whitelist) was asked for without confirmation.
 * Nothing was sent. Review the plan (`plan()` then `execute()`), or pass `confirm: true`.
 *
 * @example
 * ```ts
 * const operation = Operations.blockIp({ duration: '7d' });
 * try {
 *   await alerts.handle(['7009607'], operation);
 * } catch (error) {
 *   if (!(error instanceof ConfirmationRequiredError)) throw error;
 *   const plan = await alerts.plan([{ alertId: '7009607', operation }]);
 *   console.log(formatPlan(plan)); // review it, then: await alerts.execute(plan)
 * }
 * ```
 */
export class ConfirmationRequiredError extends SdkError {
  override name = 'ConfirmationRequiredError';
  protected static override readonly defaultDelivery: Delivery = 'notSent';
  /** The operation that needs confirmation. */
  readonly operation: string;

  constructor(message: string, options: { operation: string }) {
    super(message, { code: 'ConfirmationRequired' });
    this.operation = options.operation;
  }
}
