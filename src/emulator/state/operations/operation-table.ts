import type { SuspEventRecord } from '../susp-event.js';
import { defaultOperationCodes } from './catalog.js';

/** One operation offered for an alert event. */
export interface EmulatorAlertOperation {
  /** Operation code, e.g. `block_ip`. */
  readonly code: string;
  /** Whether the edition allows it. @defaultValue `true` */
  readonly userCanOperate?: boolean;
}

/** An operation as the model offers it, its permission settled. */
export interface OfferedOperation {
  readonly code: string;
  readonly userCanOperate: boolean;
}

/**
 * Which operations each alert event offers: those given for the event, else its type's defaults;
 * denied codes are offered with `userCanOperate: false`.
 */
export class OperationTable {
  readonly #overrides: Readonly<Record<string, readonly EmulatorAlertOperation[]>>;
  readonly #denied: ReadonlySet<string>;

  constructor(
    overrides: Readonly<Record<string, readonly EmulatorAlertOperation[]>> = {},
    denied: Iterable<string> = [],
  ) {
    this.#overrides = overrides;
    this.#denied = new Set(denied);
  }

  /** The operations an event offers, in order. */
  offeredFor(alert: SuspEventRecord): OfferedOperation[] {
    const given = Object.hasOwn(this.#overrides, String(alert.Id))
      ? this.#overrides[String(alert.Id)]
      : undefined;
    const operations: readonly EmulatorAlertOperation[] =
      given ?? defaultOperationCodes(alert.AlarmEventType).map((code) => ({ code }));
    return operations.map(({ code, userCanOperate }) => ({
      code,
      userCanOperate: (userCanOperate ?? true) && !this.#denied.has(code),
    }));
  }
}
