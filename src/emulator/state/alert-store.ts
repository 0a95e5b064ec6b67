import type { SuspEventRecord } from './susp-event.js';

/** Field values written onto an alert event when it is handled. */
export type AlertChanges = Partial<Omit<SuspEventRecord, 'Id'>>;

/**
 * The alert events of the model, in the order given, with the state of their hosts and processes.
 * Records are replaced, never changed in place, so a record handed out stays as it was.
 */
export class AlertStore {
  readonly #records: SuspEventRecord[];
  readonly #positions = new Map<number, number>();
  readonly #offlineHosts: ReadonlySet<string>;
  readonly #goneProcesses: ReadonlySet<number>;

  constructor(
    alerts: readonly SuspEventRecord[],
    offlineHosts: Iterable<string> = [],
    goneProcesses: Iterable<number> = [],
  ) {
    this.#records = [...alerts];
    for (const [position, alert] of this.#records.entries()) this.#positions.set(alert.Id, position);
    this.#offlineHosts = new Set(offlineHosts);
    this.#goneProcesses = new Set(goneProcesses);
  }

  /** Every event, current values. */
  list(): readonly SuspEventRecord[] {
    return this.#records;
  }

  /** The event with this ID, if any. */
  get(id: number): SuspEventRecord | undefined {
    const position = this.#positions.get(id);
    return position === undefined ? undefined : this.#records[position];
  }

  /** Replaces an event's record by one with `changes` applied. */
  update(id: number, changes: AlertChanges): void {
    const position = this.#positions.get(id);
    const alert = position === undefined ? undefined : this.#records[position];
    if (position !== undefined && alert !== undefined) this.#records[position] = { ...alert, ...changes };
  }

  /** Whether the agent of the event's host is online. */
  agentOnline(alert: SuspEventRecord): boolean {
    return alert.Uuid === undefined || !this.#offlineHosts.has(alert.Uuid);
  }

  /** Whether the event's process still exists. */
  processExists(alert: SuspEventRecord): boolean {
    return !this.#goneProcesses.has(alert.Id);
  }
}
