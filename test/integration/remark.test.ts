/** Remarks over HTTP: each batch's call carries its `Remark`, the sending execution's id put in. */
import { describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator/index.js';
import {
  type AuditEvent,
  type BatchAuditEvent,
  fileJournal,
  type JsonValue,
  Operations,
  type PlanAuditEvent,
  parseRemarkStamp,
  remarkStamp,
  type Store,
} from '../../src/index.js';
import { useEmulatorHandler } from '../support/emulator-handler.js';
import { storeDirectory } from '../support/store-directory.js';
import { uniqueAlerts } from '../support/unique-alerts.js';

const emulators = useEmulatorHandler();

const BLOCK = remarkStamp({ ruleSet: 'prod-playbook', version: 3, ruleId: 'brute-force-block' });
const NOISE = remarkStamp({ ruleSet: 'prod-playbook', version: 3, ruleId: 'noise' });

const newAlerts = uniqueAlerts(9_100_000);

/** An emulator over `count` alerts of ids no other test uses, and a handler of it in batches of 2. */
async function setup(count: number) {
  const records = newAlerts(count, 'remark');
  const audit: AuditEvent[] = [];
  const { emulator, alerts } = await emulators.setup(
    { alerts: records, taskPolls: 1 },
    { batchSize: 2, onAudit: (event) => audit.push(event) },
  );
  return { emulator, alerts, audit, ids: records.map((record) => String(record.Id)) };
}

/** Each `HandleSecurityEvents` the emulator received: its alert IDs and its `Remark`, if any. */
function sentRemarks(emulator: Emulator): { ids: string[]; remark: string | undefined }[] {
  return emulator.received
    .filter((request) => request.action === 'HandleSecurityEvents')
    .map((request) => ({
      ids: Object.entries(request.params)
        .filter(([key]) => key.startsWith('SecurityEventIds.'))
        .map(([, value]) => value),
      remark: request.params.Remark,
    }));
}

/** The `remark` of each intent an execution's journal holds. */
async function intentRemarks(store: Store, executionId: string): Promise<JsonValue[]> {
  const records = await store.read(executionId);
  return records
    .map(({ data }) => data as Record<string, JsonValue>)
    .filter((data) => data.type === 'intent')
    .map((data) => data.remark ?? null);
}

describe('remarks on the wire', () => {
  it('sends each batch with its own Remark, the execution id in place of {executionId}, and journals and audits it', async () => {
    const { emulator, alerts, audit, ids } = await setup(5);
    const [a, b, c, d, e] = ids as [string, string, string, string, string];
    const markHandled = Operations.markHandled();
    const plan = await alerts.plan([
      { alertId: a, operation: markHandled, remark: BLOCK },
      { alertId: b, operation: markHandled, remark: NOISE },
      { alertId: c, operation: markHandled, remark: BLOCK },
      { alertId: d, operation: markHandled, remark: BLOCK },
      { alertId: e, operation: markHandled, remark: 'closed after review' },
    ]);
    const planned = audit.find((event): event is PlanAuditEvent => event.kind === 'plan');
    expect(planned?.batches.map((batch) => batch.remark)).toEqual([
      BLOCK,
      BLOCK,
      NOISE,
      'closed after review',
    ]);

    const journal = fileJournal(await storeDirectory());
    const report = await alerts.execute(plan, { journal, concurrency: 1, overlapPolling: false });
    expect(report.counts.succeeded).toBe(5);
    const executionId = report.executionId as string;
    const sentBlock = BLOCK.replace('{executionId}', executionId);
    const sentNoise = NOISE.replace('{executionId}', executionId);

    expect(sentRemarks(emulator)).toEqual([
      { ids: [a, c], remark: sentBlock },
      { ids: [d], remark: sentBlock },
      { ids: [b], remark: sentNoise },
      { ids: [e], remark: 'closed after review' },
    ]);
    expect(parseRemarkStamp(sentBlock)).toEqual({
      ruleSet: 'prod-playbook',
      version: 3,
      ruleId: 'brute-force-block',
      runId: executionId,
    });
    expect(await intentRemarks(journal, executionId)).toEqual([
      sentBlock,
      sentBlock,
      sentNoise,
      'closed after review',
    ]);
    const batches = audit.filter((event): event is BatchAuditEvent => event.kind === 'batch');
    expect(batches.map((event) => [event.alertIds, event.remark])).toEqual([
      [[a, c], sentBlock],
      [[d], sentBlock],
      [[b], sentNoise],
      [[e], 'closed after review'],
    ]);
  });

  it('sends no Remark, and journals and audits none, for a plan without remarks', async () => {
    const { emulator, alerts, audit, ids } = await setup(3);
    const plan = await alerts.plan(ids.map((alertId) => ({ alertId, operation: Operations.markHandled() })));
    const journal = fileJournal(await storeDirectory());
    const report = await alerts.execute(plan, { journal, concurrency: 1, overlapPolling: false });
    expect(report.counts.succeeded).toBe(3);

    const sent = emulator.received.filter((request) => request.action === 'HandleSecurityEvents');
    expect(sent).toHaveLength(2);
    for (const request of sent) expect(Object.keys(request.params)).not.toContain('Remark');
    expect(await intentRemarks(journal, report.executionId as string)).toEqual([null, null]);
    for (const event of audit) {
      if (event.kind === 'batch') expect(event).not.toHaveProperty('remark');
      if (event.kind === 'plan')
        for (const batch of event.batches) expect(batch).not.toHaveProperty('remark');
    }
  });

  it('resume sends the batches left with the same execution id in their Remark', async () => {
    const { emulator, alerts, audit, ids } = await setup(4);
    const plan = await alerts.plan(
      ids.map((alertId) => ({ alertId, operation: Operations.markHandled() })),
      { remark: BLOCK },
    );
    const directory = await storeDirectory();
    // The run stops for good as it is about to write the second batch's intent: that batch is never sent.
    const { store, stopped } = stoppingAtSecondIntent(fileJournal(directory));
    void alerts.execute(plan, { journal: store, leaseTtlMs: 5_000, concurrency: 1, overlapPolling: false });
    await stopped;
    expect(sentRemarks(emulator)).toHaveLength(1);

    const later = fileJournal(directory, { now: () => Date.now() + 60_000 });
    const [executionId] = await later.streams('exec-');
    const report = await alerts.resume(executionId as string, {
      journal: later,
      concurrency: 1,
      overlapPolling: false,
    });
    expect(report.counts.succeeded).toBe(4);
    const sent = BLOCK.replace('{executionId}', executionId as string);
    expect(sentRemarks(emulator)).toEqual([
      { ids: ids.slice(0, 2), remark: sent },
      { ids: ids.slice(2, 4), remark: sent },
    ]);
    expect(await intentRemarks(later, executionId as string)).toEqual([sent, sent]);
    const batches = audit.filter((event): event is BatchAuditEvent => event.kind === 'batch');
    expect(batches.map((event) => event.remark)).toEqual([sent, sent]);
  });
});

/**
 * A store over `inner` whose process "dies" when it is asked to append the second intent: from then on
 * no call of it settles, as if the process were killed. `stopped` resolves then.
 */
function stoppingAtSecondIntent(inner: Store) {
  let intents = 0;
  let dead = false;
  let died: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => {
    died = resolve;
  });
  const never = new Promise<never>(() => undefined);
  const store = new Proxy(inner, {
    get(target, name: keyof Store) {
      const method = target[name] as (...args: unknown[]) => Promise<unknown>;
      return async (...args: unknown[]) => {
        if (dead) return never;
        const records = name === 'append' ? (args[1] as { type?: string }[]) : [];
        if (records.some((record) => record.type === 'intent') && ++intents === 2) {
          dead = true;
          died();
          return never;
        }
        return method.apply(target, args);
      };
    },
  });
  return { store, stopped };
}
