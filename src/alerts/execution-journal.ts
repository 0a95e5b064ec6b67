/**
 * An execution's write-ahead journal in a {@link Store}: its plan, then for each batch the intent written
 * before the handling call, its task once known, and its outcomes; then its end. It also holds the
 * execution's lease (one runner at a time) and a lease and a marker per alert (one writer per alert, and
 * a record of the execution in which an alert's handling is in doubt).
 *
 * @packageDocumentation
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import {
  ExecutionLockedError,
  ExecutionNotFoundError,
  JournalUnavailableError,
  SdkError,
  ValidationError,
} from '../errors.js';
import type { JsonObject, JsonValue, Lease, Store, StoredRecord } from '../stores/store.js';
import type { HandlingBaseline } from './handling-baseline.js';
import type { OperationCode } from './operation-codes.js';
import { type Plan, parsePlan } from './plan-format.js';
import type { AlertOutcome, OutcomeCounts, OutcomeStatus } from './report.js';

/** What is written just before a batch's handling call: exactly what is sent, and each alert's baseline. */
export interface BatchIntent {
  /** The alerts sent (the batch's, less those held back before sending). */
  readonly alertIds: readonly string[];
  /** The `OperationParams` sent. */
  readonly params: string;
  /** The `MarkMissParam` sent, for a whitelist. */
  readonly markMissParam?: string;
  /** The `Remark` sent, its `{executionId}` put in, when the batch has one. */
  readonly remark?: string;
  /** Each sent alert's latest handling just before sending. */
  readonly baselines: Readonly<Record<string, HandlingBaseline>>;
  /** When it was written (epoch ms, by the journal's clock). */
  readonly at: number;
}

/** What the journal holds of one batch. */
export interface JournaledBatch {
  /** Written before the handling call; absent when the call was never about to be sent. */
  readonly intent?: BatchIntent;
  /** The handling call's task, once its answer came. */
  readonly taskId?: number;
  /** The batch's outcomes, once it ended: it is done. */
  readonly outcomes?: readonly AlertOutcome[];
}

/** An execution as its journal holds it. */
export interface JournaledExecution {
  /** Its id. */
  readonly executionId: string;
  /** Its plan, checked as `parsePlan` does. */
  readonly plan: Plan;
  /** What each batch of the plan came to so far, by batch index. */
  readonly batches: ReadonlyMap<number, JournaledBatch>;
  /** Whether it ended (its report was made). */
  readonly ended: boolean;
}

/** Prefix of every execution's id, and so of its stream's name. */
export const EXECUTION_ID_PREFIX = 'exec-';

/** The pattern of an execution id: `exec-<yyyymmdd>-<hhmmss>-<8 hex digits>`. */
export const EXECUTION_ID_PATTERN = /^exec-\d{8}-\d{6}-[0-9a-f]{8}$/;

/**
 * A new execution id: `exec-`, the UTC date and time, and 8 random hex digits, e.g.
 * `exec-20261201-081010-3fa9c2d1`. It names the execution's stream in the journal.
 *
 * @example
 * ```ts
 * const executionId = newExecutionId(Date.now());
 * ```
 */
export function newExecutionId(nowMs: number): string {
  const stamp = new Date(nowMs).toISOString().replace(/[-:]/g, '').slice(0, 15).replace('T', '-');
  return `${EXECUTION_ID_PREFIX}${stamp}-${randomBytes(4).toString('hex')}`;
}

/** The key of an alert's lease and marker in the store. */
function alertKey(alertId: string): string {
  return `alert-${alertId}`;
}

/** The execution id at the start of an owner name this module wrote. */
function executionOf(owner: string): string {
  return owner.split(' ')[0] ?? owner;
}

/**
 * One run of an execution over a journal: the holder of its lease, and of the leases of the alerts it is
 * sending. Leases are renewed every third of `leaseMs`; once one is lost, the run stops sending what it
 * covered. {@link ExecutionJournal.close} releases them all.
 */
export class ExecutionJournal {
  /** The execution. */
  readonly executionId: string;
  readonly #store: Store;
  readonly #owner: string;
  readonly #leaseMs: number;
  readonly #alertLeases = new Map<string, Lease>();
  #lease: Lease | undefined;
  #renewal: ReturnType<typeof setInterval> | undefined;
  #renewing: Promise<void> = Promise.resolve();

  /** @param store - Already {@link guarded}. */
  private constructor(store: Store, executionId: string, lease: Lease, leaseMs: number) {
    this.#store = store;
    this.executionId = executionId;
    this.#owner = lease.owner;
    this.#lease = lease;
    this.#leaseMs = leaseMs;
    this.#renewal = setInterval(
      () => {
        this.#renewing = this.#renew();
      },
      Math.max(1, Math.floor(leaseMs / 3)),
    );
    this.#renewal.unref?.();
  }

  /**
   * Starts a new execution of `plan`: takes its lease and writes its plan.
   *
   * @example
   * ```ts
   * const journal = await ExecutionJournal.begin(fileJournal('.alert-handler/journal'), plan, 30_000);
   * ```
   */
  static async begin(given: Store, plan: Plan, leaseMs: number, nowMs: number): Promise<ExecutionJournal> {
    const store = guarded(given);
    let executionId: string;
    let lease: Lease | undefined;
    do {
      executionId = newExecutionId(nowMs);
      lease = await store.acquire(executionId, ownerName(executionId), leaseMs);
    } while (lease === undefined); // an id already taken: draw another
    const journal = new ExecutionJournal(store, executionId, lease, leaseMs);
    try {
      await journal.#append({ type: 'start', executionId, plan: plan as unknown as JsonObject });
    } catch (error) {
      await journal.close();
      throw error;
    }
    return journal;
  }

  /**
   * Takes over an execution to finish it: its lease, and what its journal holds.
   *
   * @throws {@link ExecutionNotFoundError} when the journal holds no such execution
   * @throws {@link ExecutionLockedError} when another runner holds its lease
   *
   * @example
   * ```ts
   * const { journal, execution } = await ExecutionJournal.reopen(store, executionId, 30_000);
   * ```
   */
  static async reopen(
    given: Store,
    executionId: string,
    leaseMs: number,
  ): Promise<{ journal: ExecutionJournal; execution: JournaledExecution }> {
    const store = guarded(given);
    if (!EXECUTION_ID_PATTERN.test(executionId)) {
      throw new ValidationError(
        `resume: executionId must look like exec-20261201-081010-3fa9c2d1 (the report's executionId), got ${JSON.stringify(executionId)}.`,
        { field: 'executionId' },
      );
    }
    if ((await store.read(executionId)).length === 0) throw new ExecutionNotFoundError(executionId);
    const lease = await store.acquire(executionId, ownerName(executionId), leaseMs);
    if (lease === undefined) {
      const holder = await store.holder(executionId);
      throw new ExecutionLockedError({
        executionId,
        owner: holder?.owner ?? 'another runner',
        expiresAt: holder?.expiresAt ?? Date.now(),
      });
    }
    const journal = new ExecutionJournal(store, executionId, lease, leaseMs);
    try {
      // Read again now that this run holds the lease: the last runner may have written meanwhile.
      const records = await store.read(executionId);
      return { journal, execution: readExecution(executionId, records) };
    } catch (error) {
      await journal.close();
      throw error;
    }
  }

  /**
   * Claims `alertIds` for batch `batch` of this execution: each alert's lease, then its marker. An alert
   * whose lease another run holds, or whose marker names another execution in which its handling is in
   * doubt, is held back with the reason.
   *
   * @example
   * ```ts
   * const { claimed, held } = await journal.claim(0, ['7009607', '7009586']);
   * ```
   */
  async claim(
    batch: number,
    alertIds: readonly string[],
  ): Promise<{ claimed: string[]; held: Map<string, string> }> {
    const held = new Map<string, string>();
    const inDoubt = new Map<string, Promise<Set<string>>>();
    await Promise.all(
      alertIds.map(async (alertId) => {
        const key = alertKey(alertId);
        const { lease, holder } = await this.#acquireAlert(key);
        if (lease === undefined) {
          const other = holder === undefined ? 'another execution' : `execution ${executionOf(holder.owner)}`;
          held.set(alertId, `The alert is being handled by ${other}, so nothing was sent.`);
          return;
        }
        const other = markerExecution(await this.#store.getCheckpoint(key));
        if (other !== undefined && other !== this.executionId) {
          const doubtful = inDoubt.get(other) ?? this.#inDoubtAlerts(other);
          inDoubt.set(other, doubtful);
          if ((await doubtful).has(alertId)) {
            await this.#store.release(lease);
            held.set(
              alertId,
              `Its handling is in doubt in execution ${other}, which was interrupted, so nothing was sent: ` +
                `resume it first (alerts.resume('${other}', { journal })).`,
            );
            return;
          }
        }
        try {
          await this.#store.putCheckpoint(key, { executionId: this.executionId, batch }, { lease });
        } catch (error) {
          await this.#store.release(lease);
          throw error;
        }
        this.#alertLeases.set(alertId, lease);
      }),
    );
    return { claimed: alertIds.filter((alertId) => this.#alertLeases.has(alertId)), held };
  }

  /**
   * Checks, just before sending, that this run still holds the leases of `alertIds` (renewing them):
   * those it lost are returned and must not be sent.
   *
   * @example
   * ```ts
   * const lost = await journal.confirmClaims(['7009607']);
   * ```
   */
  async confirmClaims(alertIds: readonly string[]): Promise<Set<string>> {
    await this.#renewing;
    const lost = new Set<string>();
    await Promise.all(
      alertIds.map(async (alertId) => {
        const lease = this.#alertLeases.get(alertId);
        const renewed = lease && (await this.#store.renew(lease, this.#leaseMs));
        if (renewed) this.#alertLeases.set(alertId, renewed);
        else {
          this.#alertLeases.delete(alertId);
          lost.add(alertId);
        }
      }),
    );
    return lost;
  }

  /** Writes a batch's intent, before its handling call. */
  async intent(batch: number, intent: Omit<BatchIntent, 'at'>): Promise<void> {
    await this.#append({
      type: 'intent',
      batch,
      alertIds: [...intent.alertIds],
      params: intent.params,
      ...(intent.markMissParam !== undefined && { markMissParam: intent.markMissParam }),
      ...(intent.remark !== undefined && { remark: intent.remark }),
      baselines: intent.baselines as JsonObject,
    });
  }

  /** Writes the task a batch's handling call started. */
  async sent(batch: number, taskId: number): Promise<void> {
    await this.#append({ type: 'sent', batch, taskId });
  }

  /** Writes a batch's outcomes, then lets its alerts go. */
  async outcomes(batch: number, outcomes: readonly AlertOutcome[]): Promise<void> {
    await this.#append({ type: 'outcomes', batch, outcomes: outcomes.map(storedOutcome) });
    await this.releaseAlerts(outcomes.map((outcome) => outcome.alertId));
  }

  /** Writes the execution's end. */
  async end(counts: OutcomeCounts, aborted: boolean): Promise<void> {
    await this.#append({ type: 'end', counts: { ...counts }, aborted });
  }

  /** Releases the leases of `alertIds` this run holds. */
  async releaseAlerts(alertIds: readonly string[]): Promise<void> {
    await Promise.all(
      alertIds.map(async (alertId) => {
        const lease = this.#alertLeases.get(alertId);
        if (lease === undefined) return;
        this.#alertLeases.delete(alertId);
        await this.#store.release(lease);
      }),
    );
  }

  /** Stops renewing, and releases every lease this run holds. */
  async close(): Promise<void> {
    clearInterval(this.#renewal);
    this.#renewal = undefined;
    await this.#renewing;
    await this.releaseAlerts([...this.#alertLeases.keys()]);
    const lease = this.#lease;
    this.#lease = undefined;
    if (lease !== undefined) await this.#store.release(lease);
  }

  /**
   * Takes an alert's lease. One held by an earlier runner of this execution (which stopped: this run
   * holds the execution's lease) is waited for until it expires, within twice the lease's duration.
   * Without it, the holder that kept it, as seen then.
   */
  async #acquireAlert(key: string): Promise<{ lease?: Lease; holder?: Lease }> {
    const giveUpAt = Date.now() + 2 * this.#leaseMs;
    for (;;) {
      const lease = await this.#store.acquire(key, this.#owner, this.#leaseMs);
      if (lease !== undefined) return { lease };
      const holder = await this.#store.holder(key);
      if (Date.now() > giveUpAt) return holder === undefined ? {} : { holder };
      if (holder === undefined) continue; // freed meanwhile: take it
      if (executionOf(holder.owner) !== this.executionId) return { holder };
      await new Promise((resolve) => setTimeout(resolve, Math.min(250, Math.ceil(this.#leaseMs / 10))));
    }
  }

  async #append(record: JsonObject): Promise<void> {
    const lease = this.#lease;
    if (lease === undefined) throw new JournalUnavailableError(new Error('the execution was closed'));
    await this.#store.append(this.executionId, [record], { lease });
  }

  async #renew(): Promise<void> {
    try {
      if (this.#lease !== undefined) this.#lease = await this.#store.renew(this.#lease, this.#leaseMs);
      for (const [alertId, lease] of this.#alertLeases) {
        const renewed = await this.#store.renew(lease, this.#leaseMs);
        if (renewed) this.#alertLeases.set(alertId, renewed);
        else this.#alertLeases.delete(alertId);
      }
    } catch {
      // A failed renewal is retried on the next tick; a lease lost meanwhile shows at the next write.
    }
  }

  /**
   * The alerts in doubt in execution `other`: those of a batch whose intent was written and whose outcomes
   * were not, unless the execution ended.
   */
  async #inDoubtAlerts(other: string): Promise<Set<string>> {
    if (!EXECUTION_ID_PATTERN.test(other)) return new Set();
    const records = await this.#store.read(other);
    if (records.some((record) => recordType(record.data) === 'end')) return new Set();
    const open = new Map<number, readonly string[]>();
    for (const { data } of records) {
      const record = data as { type?: unknown; batch?: unknown; alertIds?: unknown };
      if (typeof record.batch !== 'number') continue;
      if (record.type === 'intent' && Array.isArray(record.alertIds)) {
        open.set(record.batch, record.alertIds.map(String));
      }
      if (record.type === 'outcomes') open.delete(record.batch);
    }
    return new Set([...open.values()].flat());
  }
}

/**
 * The ids of the executions in `store` that have not ended, oldest first.
 *
 * @example
 * ```ts
 * for (const executionId of await unfinishedExecutions(store)) console.log(executionId);
 * ```
 */
export async function unfinishedExecutions(store: Store): Promise<string[]> {
  const unfinished: string[] = [];
  for (const stream of await store.streams(EXECUTION_ID_PREFIX)) {
    if (!EXECUTION_ID_PATTERN.test(stream)) continue;
    const records = await store.read(stream);
    if (!records.some((record) => recordType(record.data) === 'end')) unfinished.push(stream);
  }
  return unfinished;
}

/**
 * What `store` holds of execution `executionId`: its plan, batches and whether it ended; `undefined` when
 * the journal holds no record of it. Reads only: it takes no lease.
 *
 * @throws {@link ValidationError} when a record is not one this module writes
 *
 * @example
 * ```ts
 * const execution = await journaledExecution(store, 'exec-20261201-081010-3fa9c2d1');
 * if (execution?.ended) console.log('nothing left to do');
 * ```
 */
export async function journaledExecution(
  store: Store,
  executionId: string,
): Promise<JournaledExecution | undefined> {
  const records = await store.read(executionId);
  return records.length === 0 ? undefined : readExecution(executionId, records);
}

/**
 * `store` with every failure of its own (a full disk, a permission) as a {@link JournalUnavailableError};
 * the SDK's errors (a lost lease, a corrupt file, a bad name) pass as they are.
 */
function guarded(store: Store): Store {
  return new Proxy(store, {
    get(target, name, receiver) {
      const member = Reflect.get(target, name, receiver);
      if (typeof member !== 'function') return member;
      return async (...args: unknown[]) => {
        try {
          return await member.apply(target, args);
        } catch (error) {
          throw error instanceof SdkError ? error : new JournalUnavailableError(error);
        }
      };
    },
  });
}

/** An owner name for a run of `executionId`: the id first, then this process. */
function ownerName(executionId: string): string {
  return `${executionId} ${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

function recordType(data: JsonValue): unknown {
  return typeof data === 'object' && data !== null && !Array.isArray(data)
    ? (data as JsonObject).type
    : undefined;
}

function markerExecution(marker: JsonValue | undefined): string | undefined {
  const executionId =
    typeof marker === 'object' && marker !== null && !Array.isArray(marker)
      ? (marker as JsonObject).executionId
      : undefined;
  return typeof executionId === 'string' ? executionId : undefined;
}

/**
 * Reads an execution's records back: its plan (checked as `parsePlan` does: a journal is data like any
 * other), and each batch's intent, task and outcomes.
 *
 * @throws {@link ValidationError} when a record is not one this module writes
 */
function readExecution(executionId: string, records: readonly StoredRecord[]): JournaledExecution {
  const bad = (seq: number, why: string) =>
    new ValidationError(
      `Record ${seq} of execution ${executionId} in the journal is not one this SDK writes (${why}); the journal was changed by something else.`,
      { field: 'journal' },
    );
  const [first, ...rest] = records;
  const start = first?.data as { type?: unknown; plan?: unknown } | undefined;
  if (first === undefined || start?.type !== 'start') throw bad(first?.seq ?? 1, 'no start record');
  const plan = parsePlan(start.plan);
  const batches = new Map<number, JournaledBatch>();
  let ended = false;
  for (const { seq, at, data } of rest) {
    const record = data as Record<string, unknown>;
    if (record.type === 'end') {
      ended = true;
      continue;
    }
    const index = record.batch;
    if (typeof index !== 'number' || plan.batches[index] === undefined) throw bad(seq, 'no such batch');
    const batch = batches.get(index) ?? {};
    if (record.type === 'intent') {
      batches.set(index, { ...batch, intent: intentOf(record, at, () => bad(seq, 'a malformed intent')) });
    } else if (record.type === 'sent' && Number.isSafeInteger(record.taskId)) {
      batches.set(index, { ...batch, taskId: record.taskId as number });
    } else if (record.type === 'outcomes' && Array.isArray(record.outcomes)) {
      batches.set(index, { ...batch, outcomes: record.outcomes.map((stored) => outcomeOf(stored)) });
    } else {
      throw bad(seq, `an unknown record ${JSON.stringify(record.type)}`);
    }
  }
  return { executionId, plan, batches, ended };
}

function intentOf(record: Record<string, unknown>, at: number, bad: () => Error): BatchIntent {
  const { alertIds, params, markMissParam, remark, baselines } = record;
  if (
    !Array.isArray(alertIds) ||
    !alertIds.every((alertId) => typeof alertId === 'string') ||
    typeof params !== 'string' ||
    (markMissParam !== undefined && typeof markMissParam !== 'string') ||
    (remark !== undefined && typeof remark !== 'string') ||
    typeof baselines !== 'object' ||
    baselines === null
  ) {
    throw bad();
  }
  return {
    alertIds,
    params,
    ...(markMissParam !== undefined && { markMissParam }),
    ...(remark !== undefined && { remark }),
    baselines: baselines as Record<string, HandlingBaseline>,
    at,
  };
}

/** An outcome as the journal keeps it: its error as `{ name, code, message, … }`. */
export function storedOutcome({ error, ...outcome }: AlertOutcome): JsonObject {
  return JSON.parse(JSON.stringify({ ...outcome, ...(error && { error: error.toJSON() }) })) as JsonObject;
}

/** An outcome read back: its error an `SdkError` with the stored name, code and message. */
export function outcomeOf(stored: unknown): AlertOutcome {
  const { error, ...outcome } = stored as {
    alertId: string;
    operation: OperationCode;
    status: OutcomeStatus;
    error?: { name: string; code: string; message: string } & Record<string, unknown>;
  };
  if (error === undefined) return outcome;
  const revived = new SdkError(String(error.message), {
    code: String(error.code),
    requestId: typeof error.requestId === 'string' ? error.requestId : undefined,
    statusCode: typeof error.statusCode === 'number' ? error.statusCode : undefined,
    action: typeof error.action === 'string' ? error.action : undefined,
  });
  revived.name = String(error.name);
  return { ...outcome, error: revived };
}
