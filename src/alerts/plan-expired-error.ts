import { type Delivery, SdkError } from '../errors.js';

/**
 * The plan's `expiresAt` has passed (see `PlanOptions.ttlMs`): execution refuses it before sending
 * anything. Make a new plan with `plan()`, review it, and execute that one.
 *
 * @example
 * ```ts
 * try {
 *   await alerts.execute(plan);
 * } catch (error) {
 *   if (!(error instanceof PlanExpiredError)) throw error;
 *   console.error(`The plan expired at ${error.expiresAt}: plan again and review it.`);
 * }
 * ```
 */
export class PlanExpiredError extends SdkError {
  override name = 'PlanExpiredError';
  /** Refused before any request: nothing was applied. */
  protected static override readonly defaultDelivery: Delivery = 'notSent';
  /** When the plan expired (ISO 8601). */
  readonly expiresAt: string;

  constructor(message: string, options: { expiresAt: string }) {
    super(message, { code: 'PlanExpired' });
    this.expiresAt = options.expiresAt;
  }
}
