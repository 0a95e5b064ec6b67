import type { EmulatorArrival } from './arrivals/arrival.js';
import type { SuspEventRecord } from './susp-event.js';

/** Field values written onto an alert event when it is handled. */
export type AlertChanges = Partial<Omit<SuspEventRecord, 'Id'>>;

/** Alerts that come over time, and the clock that says which have come. */
export interface AlertTimeline {
  /** Alerts that arrive later. */
  readonly arrivals: readonly EmulatorArrival[];
  /** The emulator's clock, epoch milliseconds. */
  readonly now: () => number;
}

/**
 * The alert events of the model, with the state of their hosts and processes: the arrivals that have
 * come, newest first, then the alerts given, in their order. Records are replaced, never changed in
 * place, so a record handed out stays as it was.
 *
 * @throws TypeError when two alerts (given or arriving) have the same `Id`
 */
export class AlertStore {
  readonly #records: SuspEventRecord[];
  readonly #positions = new Map<number, number>();
  readonly #arrivalTimes = new Map<number, number>();
  readonly #now: () => number;
  readonly #offlineHosts: ReadonlySet<string>;
  readonly #goneProcesses: ReadonlySet<number>;

  constructor(
    alerts: readonly SuspEventRecord[],
    offlineHosts: Iterable<string> = [],
    goneProcesses: Iterable<number> = [],
    timeline: AlertTimeline = { arrivals: [], now: Date.now },
  ) {
    const arrivals = [...timeline.arrivals].sort((a, b) => b.at - a.at);
    this.#records = [...arrivals.map((arrival) => arrival.alert), ...alerts];
    for (const [position, alert] of this.#records.entries()) {
      if (this.#positions.has(alert.Id)) throw new TypeError(`Alert Id ${alert.Id} is given twice.`);
      this.#positions.set(alert.Id, position);
    }
    for (const arrival of arrivals) this.#arrivalTimes.set(arrival.alert.Id, arrival.at);
    this.#now = timeline.now;
    this.#offlineHosts = new Set(offlineHosts);
    this.#goneProcesses = new Set(goneProcesses);
  }

  /** Every event that has arrived, current values. */
  list(): readonly SuspEventRecord[] {
    if (this.#arrivalTimes.size === 0) return this.#records;
    const now = this.#now();
    return this.#records.filter((alert) => (this.#arrivalTimes.get(alert.Id) ?? now) <= now);
  }

  /** The event with this ID, if it has arrived. */
  get(id: number): SuspEventRecord | undefined {
    const position = this.#positions.get(id);
    if (position === undefined || !this.#arrived(id)) return undefined;
    return this.#records[position];
  }

  /** Replaces an event's record by one with `changes` applied; the new record. */
  update(id: number, changes: AlertChanges): SuspEventRecord {
    const position = this.#positions.get(id) ?? -1;
    const alert = { ...this.#records[position], ...changes } as SuspEventRecord;
    if (position >= 0) this.#records[position] = alert;
    return alert;
  }

  /** When the event exists from: its arrival, `-Infinity` when given at start; `undefined` when unknown. */
  arrivesAt(id: number): number | undefined {
    if (!this.#positions.has(id)) return undefined;
    return this.#arrivalTimes.get(id) ?? Number.NEGATIVE_INFINITY;
  }

  /** Whether the agent of the event's host is online. */
  agentOnline(alert: SuspEventRecord): boolean {
    return alert.Uuid === undefined || !this.#offlineHosts.has(alert.Uuid);
  }

  /** Whether the event's process still exists. */
  processExists(alert: SuspEventRecord): boolean {
    return !this.#goneProcesses.has(alert.Id);
  }

  #arrived(id: number): boolean {
    const at = this.#arrivalTimes.get(id);
    return at === undefined || at <= this.#now();
  }
}
