import { describe, expect, it } from 'vitest';
import {
  type AuditEvent,
  ExecutionInterruptedError,
  ExecutionLockedError,
  ExecutionNotFoundError,
  fileJournal,
  JournalUnavailableError,
  type JsonValue,
  Operations,
  type Store,
  ValidationError,
} from '../../src/index.js';
import { failure } from '../support/caught.js';
import { useEmulatorHandler } from '../support/emulator-handler.js';
import { storeDirectory } from '../support/store-directory.js';
import { uniqueAlerts } from '../support/unique-alerts.js';

const HANDLE = 'HandleSecurityEvents';
const emulators = useEmulatorHandler();

type RecordType = 'start' | 'intent' | 'sent' | 'outcomes' | 'end';

/** Where a run stops for good: when it appends the `nth` record of `type` (that record written or not). */
interface CrashPoint {
  readonly type: RecordType;
  readonly nth: number;
  readonly written: boolean;
}

/**
 * A store over `inner` whose process "dies" at `crash`: from then on no call of it ever settles, as if
 * the process were killed, so its leases are never renewed or released. `crashed` resolves then.
 */
function dyingStore(inner: Store, crash: CrashPoint) {
  let seen = 0;
  let dead = false;
  let died: () => void = () => undefined;
  const crashed = new Promise<void>((resolve) => {
    died = resolve;
  });
  const never = new Promise<never>(() => undefined);
  const store = new Proxy(inner, {
    get(target, name: keyof Store) {
      const method = target[name] as (...args: unknown[]) => Promise<unknown>;
      return async (...args: unknown[]) => {
        if (dead) return never;
        if (name === 'append') {
          const records = args[1] as { type?: string }[];
          if (records.some((record) => record.type === crash.type) && ++seen === crash.nth) {
            if (crash.written) await method.apply(target, args);
            dead = true;
            died();
            return never;
          }
        }
        return method.apply(target, args);
      };
    },
  });
  return { store, crashed };
}

/** The types of an execution's records, in order. */
async function recordTypes(store: Store, executionId: string): Promise<string[]> {
  const records = await store.read(executionId);
  return records.map(({ data }) => String((data as Record<string, JsonValue>).type));
}

const newAlerts = uniqueAlerts(8_000_000);

/**
 * An emulator over `count` alerts with ids no other test of this file uses (an execution a test leaves
 * dead keeps its claims in this process), a handler of it in batches of 5, and a plan for every alert.
 */
async function setup(count: number) {
  const records = newAlerts(count, 'journal');
  const audit: AuditEvent[] = [];
  const { emulator, alerts } = await emulators.setup(
    { alerts: records, taskPolls: 1 },
    { batchSize: 5, onAudit: (event) => audit.push(event) },
  );
  const ids = records.map((record) => String(record.Id));
  const plan = await alerts.plan(ids.map((alertId) => ({ alertId, operation: Operations.markHandled() })));
  return { emulator, alerts, ids, plan, audit, directory: await storeDirectory() };
}

describe('execute with a journal', () => {
  it('writes each intent before its handling call and the outcomes after; the id is in the report and the audit', async () => {
    const { emulator, alerts, plan, audit, directory } = await setup(12);
    const store = fileJournal(directory);
    const sentWhenIntended: number[] = [];
    const watching = new Proxy(store, {
      get(target, name: keyof Store) {
        const method = target[name] as (...args: unknown[]) => Promise<unknown>;
        return (...args: unknown[]) => {
          const records = name === 'append' ? (args[1] as { type?: string }[]) : [];
          if (records.some((record) => record.type === 'intent')) {
            sentWhenIntended.push(emulator.count(HANDLE));
          }
          return method.apply(target, args);
        };
      },
    });

    const report = await alerts.execute(plan, { journal: watching, concurrency: 1, overlapPolling: false });

    expect(report.counts.succeeded).toBe(12);
    expect(report.executionId).toMatch(/^exec-\d{8}-\d{6}-[0-9a-f]{8}$/);
    // Batch n's intent is durable before its call: n calls were made before it, none after.
    expect(sentWhenIntended).toEqual([0, 1, 2]);
    expect(await recordTypes(store, report.executionId as string)).toEqual([
      'start',
      ...['intent', 'sent', 'outcomes'],
      ...['intent', 'sent', 'outcomes'],
      ...['intent', 'sent', 'outcomes'],
      'end',
    ]);
    const ids = audit.flatMap((event) => ('executionId' in event ? [event.executionId] : []));
    expect(new Set(ids)).toEqual(new Set([report.executionId]));
    expect(audit.filter((event) => event.kind === 'batch')).toHaveLength(3);
    expect(report.toJSON().executionId).toBe(report.executionId);
  });

  it('has an id without a journal too', async () => {
    const { alerts, plan } = await setup(2);
    const report = await alerts.execute(plan);
    expect(report.executionId).toMatch(/^exec-/);
  });
});

describe('resume after the process running an execution died', () => {
  /**
   * Executes `plan` on a store that dies at `crash`, then resumes the execution from the same folder
   * with a store whose clock is past the dead run's leases (they were never released).
   */
  async function crashAndResume(count: number, crash: CrashPoint) {
    const context = await setup(count);
    const { alerts, plan, directory } = context;
    const { store, crashed } = dyingStore(fileJournal(directory), crash);
    void alerts.execute(plan, {
      journal: store,
      leaseTtlMs: 5_000,
      reconcileGraceMs: 50,
      concurrency: 1,
      overlapPolling: false,
    });
    await crashed;
    const later = fileJournal(directory, { now: () => Date.now() + 60_000 });
    const [executionId] = await later.streams('exec-');
    const sentBefore = context.emulator.count(HANDLE);
    const report = await alerts.resume(executionId as string, {
      journal: later,
      reconcileGraceMs: 50,
      concurrency: 1,
      overlapPolling: false,
    });
    return { ...context, later, executionId: executionId as string, report, sentBefore };
  }

  it('keeps the outcomes of done batches, sends the batches never started, and handles nothing twice', async () => {
    const { emulator, ids, report, sentBefore, later, executionId } = await crashAndResume(15, {
      type: 'outcomes',
      nth: 2,
      written: true,
    });
    expect(sentBefore).toBe(2);
    expect(emulator.count(HANDLE)).toBe(3);
    expect(report.executionId).toBe(executionId);
    expect(report.outcomes.map((outcome) => outcome.alertId)).toEqual(ids);
    expect(report.counts.succeeded).toBe(15);
    for (const id of ids) expect(emulator.state.handledCount(id)).toBe(1);
    expect((await recordTypes(later, executionId)).at(-1)).toBe('end');
  });

  it('waits for the task of a batch whose answer came but whose outcomes were not written: never resent', async () => {
    const { emulator, ids, report } = await crashAndResume(10, { type: 'outcomes', nth: 1, written: false });
    expect(emulator.count(HANDLE)).toBe(2);
    expect(report.counts.succeeded).toBe(10);
    expect(report.outcomes[0]?.taskId).toEqual(expect.any(Number));
    for (const id of ids) expect(emulator.state.handledCount(id)).toBe(1);
  });

  it('reconciles a batch whose intent was written before the call, and proves it was never applied', async () => {
    const { emulator, ids, report } = await crashAndResume(10, { type: 'intent', nth: 2, written: true });
    // The second batch's call was never made: the dead run stopped once its intent was written.
    expect(emulator.count(HANDLE)).toBe(1);
    const second = report.outcomes.slice(5, 10);
    for (const outcome of second) {
      expect(outcome.status).toBe('failed');
      expect(outcome.error).toBeInstanceOf(ExecutionInterruptedError);
      expect(outcome.reason).toMatch(/not applied/);
    }
    expect(report.succeeded.map((outcome) => outcome.alertId)).toEqual(ids.slice(0, 5));
    for (const id of ids) expect(emulator.state.handledCount(id)).toBeLessThanOrEqual(1);
  });

  it('reconciles a batch whose call was sent but whose task was not written: succeeded, never resent', async () => {
    const { emulator, ids, report } = await crashAndResume(10, { type: 'sent', nth: 1, written: false });
    expect(emulator.count(HANDLE)).toBe(2);
    expect(report.counts.succeeded).toBe(10);
    expect(report.outcomes[0]?.reason).toMatch(/Verified/);
    for (const id of ids) expect(emulator.state.handledCount(id)).toBe(1);
  });

  it('resume({ journal }) finishes every unfinished execution, and a finished one is left alone', async () => {
    const { emulator, alerts, ids, plan, directory } = await setup(10);
    const { store, crashed } = dyingStore(fileJournal(directory), {
      type: 'outcomes',
      nth: 1,
      written: true,
    });
    void alerts.execute(plan, { journal: store, leaseTtlMs: 5_000, concurrency: 1, overlapPolling: false });
    await crashed;
    const later = fileJournal(directory, { now: () => Date.now() + 60_000 });

    const reports = await alerts.resume({ journal: later, concurrency: 1, overlapPolling: false });
    expect(reports).toHaveLength(1);
    expect(reports[0]?.counts.succeeded).toBe(10);
    expect(await alerts.resume({ journal: later })).toEqual([]);
    for (const id of ids) expect(emulator.state.handledCount(id)).toBe(1);
  });
});

describe('resume refuses', () => {
  it('an execution another live runner holds, an unknown id, and a call without a journal', async () => {
    const { alerts, plan, directory } = await setup(5);
    const { store, crashed } = dyingStore(fileJournal(directory), { type: 'intent', nth: 1, written: true });
    void alerts.execute(plan, { journal: store, leaseTtlMs: 60_000, concurrency: 1, overlapPolling: false });
    await crashed;
    const journal = fileJournal(directory);
    const [executionId] = await journal.streams('exec-');

    const locked = await failure(alerts.resume(executionId as string, { journal }));
    expect(locked).toBeInstanceOf(ExecutionLockedError);
    expect(locked).toMatchObject({ code: 'ExecutionLocked', executionId });
    expect(await alerts.resume({ journal })).toEqual([]);

    const missing = await failure(alerts.resume('exec-20260101-000000-00000000', { journal }));
    expect(missing).toBeInstanceOf(ExecutionNotFoundError);
    expect(await journal.holder('exec-20260101-000000-00000000')).toBeUndefined();
    const badId = await failure(alerts.resume('../etc/passwd', { journal }));
    expect(badId).toBeInstanceOf(ValidationError);
    const noJournal = await failure(alerts.resume(executionId as string, {} as never));
    expect(noJournal).toBeInstanceOf(ValidationError);
    const notAStore = await failure(alerts.execute(plan, { journal: {} as Store }));
    expect(notAStore).toBeInstanceOf(ValidationError);
  });
});

describe('one writer per alert', () => {
  it('two executions sharing a journal over the same alerts: each alert handled once, the other skipped with the reason', async () => {
    const { emulator, alerts, ids, plan, directory } = await setup(20);
    const [first, second] = await Promise.all([
      alerts.execute(plan, { journal: fileJournal(directory), concurrency: 2 }),
      alerts.execute(plan, { journal: fileJournal(directory), concurrency: 2 }),
    ]);
    for (const id of ids) expect(emulator.state.handledCount(id)).toBe(1);
    const succeeded = [...(first?.succeeded ?? []), ...(second?.succeeded ?? [])];
    expect(succeeded.map((outcome) => outcome.alertId).sort()).toEqual([...ids].sort());
    const skipped = [...(first?.skipped ?? []), ...(second?.skipped ?? [])];
    expect(skipped).toHaveLength(20);
    for (const outcome of skipped)
      expect(outcome.reason).toMatch(/being handled by execution|no longer pending/);
  });
});

describe('a journal that cannot be written', () => {
  it('fails the alerts of the batches it could not record, with JournalUnavailableError, sending nothing for them', async () => {
    const { emulator, alerts, ids, plan, directory } = await setup(10);
    const inner = fileJournal(directory);
    let intents = 0;
    const full = new Proxy(inner, {
      get(target, name: keyof Store) {
        const method = target[name] as (...args: unknown[]) => Promise<unknown>;
        return (...args: unknown[]) => {
          const records = name === 'append' ? (args[1] as { type?: string }[]) : [];
          if (records.some((record) => record.type === 'intent') && ++intents === 2) {
            return Promise.reject(Object.assign(new Error('no space left on device'), { code: 'ENOSPC' }));
          }
          return method.apply(target, args);
        };
      },
    });

    const report = await alerts.execute(plan, { journal: full, concurrency: 1, overlapPolling: false });

    expect(emulator.count(HANDLE)).toBe(1);
    expect(report.succeeded.map((outcome) => outcome.alertId)).toEqual(ids.slice(0, 5));
    for (const outcome of report.failed) {
      expect(outcome.error).toBeInstanceOf(JournalUnavailableError);
      expect(outcome.error?.message).toContain('ENOSPC');
      expect(outcome.reason).toMatch(/nothing was sent/);
    }
    expect(report.failed.map((outcome) => outcome.alertId)).toEqual(ids.slice(5));
  });
});
