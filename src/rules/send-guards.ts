/**
 * The guards of a response plan, re-checked right before each batch is sent: the circuit breaker, the
 * approval of destructive batches, protected assets on the alerts as just re-read, and the per-run caps
 * counted over what was actually let through.
 *
 * @packageDocumentation
 */
import type { Alert } from '../alerts/alert.js';
import type { BatchToSend, HeldBackAlert } from '../alerts/execute.js';
import { isDestructive } from '../alerts/operation-codes.js';
import type { AlertOutcome } from '../alerts/report.js';
import { breakerTripped, type GuardSettings, protectedAsset, protectedAssetBlocks } from './guards.js';

/** The reason of the outcome of an alert whose destructive batch was not sent for want of approval. */
export const APPROVAL_REQUIRED = 'approval required';

/** What the send-time guards need to know of the run besides the plan's guards. */
export interface SendGuardContext {
  /** Whether the plan's approval is valid now; the message says why not. */
  readonly approvalValid: () => { readonly ok: true } | { readonly ok: false; readonly message: string };
}

/**
 * The guards of one execution of a response plan, kept across its batches. {@link SendGuards.check} is
 * the execution's `beforeSend`; {@link SendGuards.finished} is told each finished batch's outcomes.
 */
export class SendGuards {
  readonly #guards: GuardSettings;
  readonly #context: SendGuardContext;
  readonly #blocks: ReturnType<typeof protectedAssetBlocks>;
  readonly #finished: (readonly AlertOutcome[])[] = [];
  readonly #perHost = new Map<string, number>();
  #sent = 0;
  #destructive = 0;

  constructor(guards: GuardSettings, context: SendGuardContext) {
    this.#guards = guards;
    this.#context = context;
    this.#blocks = protectedAssetBlocks(guards.protectedAssets);
  }

  /** Records a finished batch's outcomes, for the circuit breaker. */
  finished(outcomes: readonly AlertOutcome[]): void {
    this.#finished.push(outcomes);
  }

  /** Whether the circuit breaker has tripped on the batches finished so far. */
  get tripped(): boolean {
    return breakerTripped(this.#finished, this.#guards.circuitBreaker);
  }

  /** The alerts of a batch about to be sent that the guards hold back; counts the others as sent. */
  check(batch: BatchToSend): HeldBackAlert[] {
    const { alerts, operation } = batch;
    const all = (reason: string) => alerts.map(({ id }) => ({ alertId: id, reason }));
    if (this.tripped) {
      const { minBatches, maxFailureShare } = this.#guards.circuitBreaker;
      return all(
        `The circuit breaker tripped (more than ${maxFailureShare * 100} % of the alerts of the first ${minBatches} or more batches failed), so nothing more was sent.`,
      );
    }
    const destructive = isDestructive(operation.code);
    if (destructive) {
      const approval = this.#context.approvalValid();
      if (!approval.ok)
        return all(`${APPROVAL_REQUIRED}: ${approval.message} The destructive batch was not sent.`);
    }
    const held: HeldBackAlert[] = [];
    for (const alert of alerts) {
      const reason = this.#refusal(alert, destructive);
      if (reason === undefined) this.#count(alert, destructive);
      else held.push({ alertId: alert.id, reason });
    }
    return held;
  }

  #refusal(alert: Alert, destructive: boolean): string | undefined {
    const { maxAlertsPerRun, maxDestructivePerRun, maxPerHost } = this.#guards;
    const asset = protectedAsset(alert, this.#blocks);
    if (asset !== undefined) return `The alert is now on a protected asset (${asset}), so nothing was sent.`;
    if (this.#sent >= maxAlertsPerRun) {
      return `The run already sent ${maxAlertsPerRun} alerts, its most (maxAlertsPerRun), so nothing was sent.`;
    }
    if (destructive && this.#destructive >= maxDestructivePerRun) {
      return `The run already sent ${maxDestructivePerRun} destructive handlings, its most (maxDestructivePerRun), so nothing was sent.`;
    }
    const host = alert.uuid ?? alert.instanceId;
    if (maxPerHost !== undefined && host !== undefined && (this.#perHost.get(host) ?? 0) >= maxPerHost) {
      return `The run already sent ${maxPerHost} alerts of asset ${host}, its most (maxPerHost), so nothing was sent.`;
    }
    return undefined;
  }

  #count(alert: Alert, destructive: boolean): void {
    this.#sent++;
    if (destructive) this.#destructive++;
    const host = alert.uuid ?? alert.instanceId;
    if (host !== undefined) this.#perHost.set(host, (this.#perHost.get(host) ?? 0) + 1);
  }
}
