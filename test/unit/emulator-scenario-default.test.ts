import { afterEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_SCENARIO,
  type Emulator,
  scenarioToOptions,
  startEmulator,
} from '../../src/emulator/index.js';
import {
  AgentOfflineError,
  type Alert,
  AlertHandler,
  type Operation,
  type OperationCode,
  Operations,
  ProcessNotExistError,
  type RecommendedOperationCode,
  RiskHandler,
} from '../../src/index.js';

const POLL = { intervalMs: 5, maxWaitMs: 300 };

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function start() {
  emulator = await startEmulator(scenarioToOptions(DEFAULT_SCENARIO));
  const client = { endpoint: emulator.endpoint, protocol: 'http' as const, credential: emulator.credentials };
  // At the emulator's speed: the waits for tasks here last at most 300 ms, which the adaptive rate's
  // start at 20 requests/s would spend on spacing the status queries of the batches polled together.
  return { emulator, client, alerts: new AlertHandler({ ...client, lang: 'en', adaptiveRate: false }) };
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const collected: T[] = [];
  for await (const item of items) collected.push(item);
  return collected;
}

/** One operation per code, so that alerts with the same recommendation share a batch. */
function operationsByCode(): (code: RecommendedOperationCode) => Operation {
  const built = new Map<RecommendedOperationCode, Operation>();
  return (code) => {
    const operation =
      built.get(code) ??
      (code === 'block_ip' ? Operations.fromCode(code, { duration: '1d' }) : Operations.fromCode(code));
    built.set(code, operation);
    return operation;
  };
}

describe('the default scenario', () => {
  const { state } = scenarioToOptions(DEFAULT_SCENARIO);
  const alerts = state.alerts ?? [];
  const [offline] = DEFAULT_SCENARIO.offlineAlerts ?? [];
  const [gone] = DEFAULT_SCENARIO.goneProcesses ?? [];
  const [endless] = DEFAULT_SCENARIO.neverFinish?.alertIds ?? [];

  it('has at least 40 pending alerts of every level and mixed types, one offline host and 12 risks', () => {
    expect(alerts.length).toBeGreaterThanOrEqual(40);
    expect(alerts.every((alert) => alert.EventStatus === 1)).toBe(true);
    expect(new Set(alerts.map((alert) => alert.Level))).toEqual(new Set(['serious', 'suspicious', 'remind']));
    expect(new Set(alerts.map((alert) => alert.AlarmEventType)).size).toBeGreaterThanOrEqual(6);
    expect(state.hosts?.filter((host) => host.online === false)).toHaveLength(1);
    expect(state.goneProcesses).toHaveLength(1);
    expect(state.neverFinish?.alertIds).toHaveLength(1);
    expect(state.risks).toHaveLength(12);
    expect(Object.values(state.whitelistRules ?? {}).flat().length).toBeGreaterThanOrEqual(2);
  });

  it('shows its whitelist rules in the operations of the alerts of their type, and serves its risks', async () => {
    const { client, alerts: handler } = await start();
    for (const [type, rules] of Object.entries(DEFAULT_SCENARIO.whitelistRules ?? {})) {
      const alert = alerts.find((candidate) => candidate.AlarmEventType === type);
      expect((await handler.getOperations(String(alert?.Id))).whitelistRules).toEqual(rules);
    }
    expect(await collect(new RiskHandler(client).listRisks())).toHaveLength(12);
  });

  it('handled with recommended operations: batches of at most 20, successes, AgentOffline, ProcessNotExist, a timeout', async () => {
    const { emulator, alerts: handler } = await start();
    const listed: Alert[] = await collect(handler.listAlerts({ dealt: false, pageSize: 20 }));
    expect(listed).toHaveLength(alerts.length);

    const operationFor = operationsByCode();
    const requests = listed.map((alert) => ({
      alertId: alert.id,
      operation: operationFor(handler.recommend(alert).operation),
    }));
    const codeOf = (id: number | undefined) =>
      requests.find((request) => request.alertId === String(id))?.operation.code;
    expect([...new Set(requests.map((request) => request.operation.code))]).toEqual(
      expect.arrayContaining(['block_ip', 'quara', 'kill_and_quara', 'manual_handled']),
    );
    expect([codeOf(offline), codeOf(gone), codeOf(endless)]).toEqual([
      'block_ip',
      'kill_and_quara',
      'manual_handled',
    ]);

    const plan = await handler.plan(requests);
    expect(plan.skipped).toEqual([]);
    expect(plan.batches.every((batch) => batch.alertIds.length <= 20)).toBe(true);
    const sizes = (code: OperationCode) =>
      plan.batches.filter((batch) => batch.operation.code === code).map((batch) => batch.alertIds.length);
    expect(sizes('block_ip')).toEqual([20, 1]);

    const report = await handler.execute(plan, { poll: POLL });
    const sent = emulator.received.filter((request) => request.action === 'HandleSecurityEvents');
    expect(sent).toHaveLength(plan.batches.length);
    for (const request of sent) {
      const ids = Object.keys(request.params).filter((key) => key.startsWith('SecurityEventIds.'));
      expect(ids.length).toBeLessThanOrEqual(20);
    }
    expect(report.counts).toEqual({
      total: 45,
      succeeded: 42,
      failed: 2,
      timedOut: 1,
      unknown: 0,
      skipped: 0,
    });
    expect(report.failed.map(({ alertId, errorCode, error }) => ({ alertId, errorCode, error }))).toEqual(
      expect.arrayContaining([
        {
          alertId: String(offline),
          errorCode: 'block_ip.AgentOffline',
          error: expect.any(AgentOfflineError),
        },
        {
          alertId: String(gone),
          errorCode: 'kill_and_quara.ProcessNotExist',
          error: expect.any(ProcessNotExistError),
        },
      ]),
    );
    expect(report.timedOut.map((outcome) => outcome.alertId)).toEqual([String(endless)]);
    expect(report.summary()).toContain('Block IP - Failed (AgentOffline)');
  });
});
