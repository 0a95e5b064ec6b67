import { type AlertSelection, scanSelection } from './alert-selection.js';
import type { EmulatorArrival } from './arrivals/arrival.js';
import { KeyIndex, type Listing } from './key-index.js';
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
 * Listings are served from an index of the events' status and level, kept up to date as records are
 * replaced: a page is reached without visiting the events before it. A listing with time windows, or
 * sorted (`Dealed=Y`), is computed once and kept until an event changes or arrives.
 *
 * @throws TypeError when two alerts (given or arriving) have the same `Id`
 */
export class AlertStore {
  readonly #records: SuspEventRecord[];
  readonly #positions = new Map<unknown, number>();
  /** The arrival times of the first positions, latest first. */
  readonly #arrivals: number[];
  readonly #now: () => number;
  readonly #offlineHosts: ReadonlySet<string>;
  readonly #goneProcesses: ReadonlySet<number>;
  readonly #index: KeyIndex;
  /** Key of each status and level seen, by status then level. */
  readonly #keys = new Map<unknown, Map<unknown, number>>();
  /** Status and level of each key. */
  readonly #keyValues: [unknown, unknown][] = [];
  /** Bumped by every change: a computed listing is good while it stays the same. */
  #version = 0;
  #computed: { readonly key: string; readonly alerts: SuspEventRecord[] } | undefined;

  constructor(
    alerts: readonly SuspEventRecord[],
    offlineHosts: Iterable<string> = [],
    goneProcesses: Iterable<number> = [],
    timeline: AlertTimeline = { arrivals: [], now: Date.now },
  ) {
    const arrivals = [...timeline.arrivals].sort((a, b) => b.at - a.at);
    this.#records = [...arrivals.map((arrival) => arrival.alert), ...alerts];
    this.#arrivals = arrivals.map((arrival) => arrival.at);
    this.#index = new KeyIndex(this.#records.length);
    for (const [position, alert] of this.#records.entries()) {
      if (this.#positions.has(alert.Id)) throw new TypeError(`Alert Id ${alert.Id} is given twice.`);
      this.#positions.set(alert.Id, position);
      this.#index.set(position, this.#keyOf(alert));
    }
    this.#now = timeline.now;
    this.#offlineHosts = new Set(offlineHosts);
    this.#goneProcesses = new Set(goneProcesses);
  }

  /** Every event that has arrived, current values. */
  list(): readonly SuspEventRecord[] {
    return this.#records.slice(this.#firstArrived());
  }

  /** The events a `DescribeSuspEvents` request selects, in its order. */
  select(selection: AlertSelection): Listing<SuspEventRecord> {
    const from = this.#firstArrived();
    if (selection.id !== undefined) {
      // The alerts whose Id reads as the one asked for: a number, or (from hand-written records) a string.
      const positions = [Number(selection.id), selection.id].map((id) => this.#positions.get(id) ?? -1);
      const candidates = [...new Set(positions)].sort((a, b) => a - b).filter((position) => position >= from);
      return scanSelection(
        candidates.map((position) => this.#records[position] as SuspEventRecord),
        selection,
      );
    }
    if (selection.timed || selection.order !== undefined) {
      const key = `${this.#version}:${from}:${selection.text}`;
      if (this.#computed?.key !== key) {
        this.#computed = { key, alerts: scanSelection(this.#records.slice(from), selection) };
      }
      return this.#computed.alerts;
    }
    const takes = this.#keyValues.map(([status, level]) => selection.selectsKey(status, level));
    return this.#index.listing(from, takes, (position) => this.#records[position] as SuspEventRecord);
  }

  /** The event with this ID, if it has arrived. */
  get(id: number): SuspEventRecord | undefined {
    const position = this.#positions.get(id);
    return position === undefined || position < this.#firstArrived() ? undefined : this.#records[position];
  }

  /** Replaces an event's record by one with `changes` applied; the new record. */
  update(id: number, changes: AlertChanges): SuspEventRecord {
    const position = this.#positions.get(id) ?? -1;
    const alert = { ...this.#records[position], ...changes } as SuspEventRecord;
    if (position >= 0) {
      this.#records[position] = alert;
      this.#index.set(position, this.#keyOf(alert));
      this.#version++;
    }
    return alert;
  }

  /** When the event exists from: its arrival, `-Infinity` when given at start; `undefined` when unknown. */
  arrivesAt(id: number): number | undefined {
    const position = this.#positions.get(id);
    if (position === undefined) return undefined;
    return this.#arrivals[position] ?? Number.NEGATIVE_INFINITY;
  }

  /** Whether the agent of the event's host is online. */
  agentOnline(alert: SuspEventRecord): boolean {
    return alert.Uuid === undefined || !this.#offlineHosts.has(alert.Uuid);
  }

  /** Whether the event's process still exists. */
  processExists(alert: SuspEventRecord): boolean {
    return !this.#goneProcesses.has(alert.Id);
  }

  /** The first position that has arrived: arrivals are first, latest first, so those come last. */
  #firstArrived(): number {
    const arrivals = this.#arrivals;
    if (arrivals.length === 0) return 0;
    const now = this.#now();
    let [low, high] = [0, arrivals.length];
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((arrivals[middle] as number) <= now) high = middle;
      else low = middle + 1;
    }
    return low;
  }

  #keyOf(alert: SuspEventRecord): number {
    const byLevel = this.#keys.get(alert.EventStatus) ?? new Map<unknown, number>();
    this.#keys.set(alert.EventStatus, byLevel);
    let key = byLevel.get(alert.Level);
    if (key === undefined) {
      key = this.#keyValues.push([alert.EventStatus, alert.Level]) - 1;
      byLevel.set(alert.Level, key);
    }
    return key;
  }
}
