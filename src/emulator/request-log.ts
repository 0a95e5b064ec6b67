import type { FaultKind } from './faults/fault-kind.js';

/** One request the emulator received, whatever became of it. */
export interface ReceivedRequest {
  /** RequestId of the answer. */
  readonly requestId: string;
  /** Action the request named (`x-acs-action` or `Action`), `''` when it named none. */
  readonly action: string;
  /** Parameters without signing fields, as in {@link EmulatorRequest.params}. */
  readonly params: Readonly<Record<string, string>>;
  /** HTTP status answered; `0` when no answer was sent (the connection dropped, or left hanging). */
  readonly status: number;
  /** Error code answered, for JSON answers that carry a `Code`. */
  readonly code?: string;
  /** AccessKey ID the request claimed, verified or not; absent when it named none. */
  readonly accessKeyId?: string;
  /**
   * The account the request was served for (see `EmulatorRequest.accountId`); absent when it was not
   * authenticated.
   */
  readonly accountId?: string;
  /**
   * The fault injected into the request, if one was (see `FAULT_KINDS`). The request was applied
   * before the fault struck when `APPLYING_FAULTS` has the kind, and not at all otherwise.
   */
  readonly fault?: FaultKind;
  /**
   * Length in bytes of the body answered, when one was sent and its length was known (a body streamed
   * without `Content-Length` has none).
   */
  readonly responseBytes?: number;
  /**
   * The body answered, exactly as sent, with the emulator's `recordResponseBodies` option; streamed
   * bodies (the `oversized` faults) are never kept.
   *
   * @example
   * ```ts
   * const emulator = await startEmulator({
   *   alerts: sampleAlerts(3),
   *   recordResponseBodies: true,
   *   faults: [{ action: 'DescribeSuspEvents', queue: ['bigInt64'] }],
   * });
   * // ... the code under test lists the alerts ...
   * expect(emulator.received[0]?.responseBody).toContain('"SourceAliUid":1234567890123456789');
   * ```
   */
  readonly responseBody?: string;
}

/** What the emulator received, in arrival order. */
export class RequestLog {
  #entries: ReceivedRequest[] = [];

  /** Appends one request. */
  add(entry: ReceivedRequest): void {
    this.#entries.push(entry);
  }

  /** A copy of every entry. */
  entries(): readonly ReceivedRequest[] {
    return [...this.#entries];
  }

  /** How many requests named `action`, or how many arrived at all. */
  count(action?: string): number {
    return action === undefined
      ? this.#entries.length
      : this.#entries.filter((entry) => entry.action === action).length;
  }

  /** Forgets every entry. */
  clear(): void {
    this.#entries = [];
  }
}
