import type { RiskRecord } from './risk-record.js';

/** One manual handling of a risk event, as `PreHandleAuditRisk` received it. */
export interface RiskHandling {
  /** `HandleType`, e.g. `Manual`. */
  readonly handleType: string;
  /** `HandleMethod` of the `HandleContent`. */
  readonly handleMethod: number;
  /** `HandleDetail` of the `HandleContent`: why or how it was handled. */
  readonly handleDetail: string;
  /** When it was received, epoch milliseconds. */
  readonly time: number;
}

/** A risk event and every handling it received. */
export interface StoredRisk {
  /** The event as `DescribeRiskRules` serves it now. */
  readonly record: RiskRecord;
  /** Its handlings, oldest first. */
  readonly handlings: readonly RiskHandling[];
}

/** The risk events of the model, in the order given. */
export class RiskStore {
  readonly #risks: { record: RiskRecord; handlings: RiskHandling[] }[];

  constructor(risks: readonly RiskRecord[]) {
    this.#risks = risks.map((record) => ({ record, handlings: [] }));
  }

  /** Every event, current values. */
  list(): readonly RiskRecord[] {
    return this.#risks.map((risk) => risk.record);
  }

  /** The event with this ID and its handlings, if any. */
  get(riskId: number): StoredRisk | undefined {
    return this.#risks.find((risk) => risk.record.RiskId === riskId);
  }

  /** Records handlings and marks the event `PROCESSED` at `time`. */
  handle(riskId: number, handlings: readonly RiskHandling[], time: number): void {
    const risk = this.#risks.find((entry) => entry.record.RiskId === riskId);
    if (risk === undefined) return;
    risk.record = { ...risk.record, HandleStatus: 'PROCESSED', HandleMarkTime: time };
    risk.handlings.push(...handlings);
  }
}
