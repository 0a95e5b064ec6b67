/**
 * A source of alerts for feed tests, without HTTP: alerts that arrive, fire again and change status on
 * a clock of the test's own, listed by the SDK's `listAlerts` (its requests, paging and errors) over the
 * emulator's `DescribeSuspEvents` handler (its filters), and a checkpoint store in memory.
 */
import { listAlerts } from '../../src/alerts/list.js';
import {
  describeSuspEvents,
  type EmulatorRequest,
  formatServiceTime,
  type SuspEventRecord,
} from '../../src/emulator/index.js';
import type { AlertLister } from '../../src/feed/watch.js';
import type { DescribeSuspEventsRequest, DescribeSuspEventsResponse, JsonValue } from '../../src/index.js';

/** 2026-01-15 00:00:00 UTC: where the clock of a source starts. */
export const SOURCE_EPOCH = Date.UTC(2026, 0, 15);

export class FakeAlertSource {
  /** The source's clock, epoch milliseconds: give `now: () => source.clock` to the feed. */
  clock = SOURCE_EPOCH;
  /** Every `DescribeSuspEvents` request made, as sent. */
  readonly requests: DescribeSuspEventsRequest[] = [];
  /** Errors the next requests fail with, one each, first first. */
  readonly failures: Error[] = [];
  readonly #records = new Map<number, SuspEventRecord>();
  readonly #handler = describeSuspEvents(() => [...this.#records.values()]);

  /** Lists as `AlertHandler#listAlerts` does, here. */
  readonly list: AlertLister = (filter, options) =>
    listAlerts(
      {
        describeSuspEvents: async (request = {}) => {
          this.requests.push(request);
          const failure = this.failures.shift();
          if (failure !== undefined) throw failure;
          const params = Object.fromEntries(
            Object.entries(request).filter(([, value]) => value !== undefined),
          ) as Record<string, string>;
          const reply = await this.#handler({ params } as unknown as EmulatorRequest);
          if (reply.status !== 200) throw new Error(`DescribeSuspEvents answered ${reply.status}`);
          return reply.body as DescribeSuspEventsResponse;
        },
      },
      filter,
      options,
    );

  /** A pending alert, detected now (first and last). */
  arrive(id: number, level: 'serious' | 'suspicious' | 'remind' = 'serious'): void {
    this.#records.set(id, {
      Id: id,
      Level: level,
      EventStatus: 1,
      AlarmEventNameDisplay: `alert ${id}`,
      OccurrenceTimeStamp: this.clock,
      LastTimeStamp: this.clock,
      LastTime: formatServiceTime(this.clock),
      OperateTime: 0,
    });
  }

  /** The alert is detected again, now: pending again, whatever its status was. */
  refire(id: number): void {
    this.#update(id, {
      EventStatus: 1,
      LastTimeStamp: this.clock,
      LastTime: formatServiceTime(this.clock),
    });
  }

  /** Someone (or the service) sets the alert's status, now: its handling time is now. */
  setStatus(id: number, status: number): void {
    this.#update(id, { EventStatus: status, OperateTime: this.clock });
  }

  /** The ids of the alerts, in order of arrival. */
  ids(): number[] {
    return [...this.#records.keys()];
  }

  /** The alert as the source holds it. */
  record(id: number): SuspEventRecord | undefined {
    return this.#records.get(id);
  }

  #update(id: number, fields: Partial<SuspEventRecord>): void {
    const record = this.#records.get(id);
    if (record === undefined) throw new Error(`no alert ${id}`);
    this.#records.set(id, { ...record, ...fields });
  }
}

/** A checkpoint store in memory; values are copied through JSON, as a real store would. */
export class MemoryCheckpoints {
  readonly #values = new Map<string, string>();
  /** Writes made. */
  writes = 0;
  /** Errors the next writes fail with, one each. */
  readonly failures: Error[] = [];

  async getCheckpoint(key: string): Promise<JsonValue | undefined> {
    const text = this.#values.get(key);
    return text === undefined ? undefined : (JSON.parse(text) as JsonValue);
  }

  async putCheckpoint(key: string, value: JsonValue): Promise<void> {
    const failure = this.failures.shift();
    if (failure !== undefined) throw failure;
    this.writes++;
    this.#values.set(key, JSON.stringify(value));
  }
}
