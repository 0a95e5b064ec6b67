import { afterEach, describe, expect, it } from 'vitest';
import {
  type Emulator,
  type EmulatorOptions,
  type FaultKind,
  type FaultRule,
  parseScenario,
  sampleAlerts,
  sampleRisks,
  scenarioToOptions,
  startEmulator,
} from '../../src/emulator/index.js';
import {
  AuthenticationError,
  type ClientOptions,
  InvalidResponseError,
  NetworkError,
  SasClient,
  SddpClient,
  SdkError,
  ServerError,
  ThrottlingError,
  TimeoutError,
} from '../../src/index.js';

// --- setup -----------------------------------------------------------------------------------------

const ALERTS = sampleAlerts(6, 'faults');
const [ALERT, OTHER] = ALERTS.map((alert) => alert.Id);
const RISKS = sampleRisks(3, 'faults');
const PENDING = 1;
const BEING_HANDLED = 16;

const emulators: Emulator[] = [];
afterEach(async () => {
  await Promise.all(emulators.splice(0).map((emulator) => emulator.close()));
});

/** An emulator over {@link ALERTS} and {@link RISKS}, and clients of it that do not retry. */
async function setup(options: EmulatorOptions = {}, client: Partial<ClientOptions> = {}) {
  const emulator = await startEmulator({
    alerts: ALERTS,
    state: { risks: RISKS },
    seed: 'faults',
    ...options,
  });
  emulators.push(emulator);
  const clientOptions: ClientOptions = {
    endpoint: emulator.endpoint,
    protocol: 'http',
    credential: emulator.credentials,
    retry: false,
    timeoutMs: 2_000,
    ...client,
  };
  return { emulator, sas: new SasClient(clientOptions), sddp: new SddpClient(clientOptions) };
}

/** The error `call` rejects with. */
async function failure(call: Promise<unknown>): Promise<SdkError> {
  return call.then(
    () => expect.unreachable('the call should have failed'),
    (error: unknown) => {
      expect(error).toBeInstanceOf(SdkError);
      return error as SdkError;
    },
  );
}

const ignore = (...ids: (number | undefined)[]) => ({
  SecurityEventIds: ids.map(String),
  OperationCode: 'ignore',
  OperationParams: '{}',
});

const handling = JSON.stringify({ HandleMethod: 0, HandleDetail: 'Confirmed as false positive' });

// --- tests -----------------------------------------------------------------------------------------

describe('each fault, as the client meets it', () => {
  it.each<[FaultKind, number, new (...args: never[]) => SdkError, Record<string, unknown>]>([
    ['throttle', 400, ThrottlingError, { code: 'Throttling.User', statusCode: 400, retryable: true }],
    ['internalError', 500, ServerError, { code: 'InternalError', statusCode: 500, retryable: true }],
    ['html503', 503, InvalidResponseError, { code: 'MalformedResponse', retryable: true }],
    ['malformedJson', 200, InvalidResponseError, { code: 'MalformedResponse', retryable: true }],
    ['resetBeforeApply', 0, NetworkError, { code: 'ECONNRESET', retryable: true }],
    ['hang', 0, TimeoutError, { code: 'RequestTimeout', retryable: true }],
  ])(
    '%s on a read: status %i answered, the client gets the expected error',
    async (kind, status, type, fields) => {
      const { emulator, sas } = await setup(
        { faults: [{ action: 'DescribeSuspEvents', queue: [kind] }] },
        { timeoutMs: 300 },
      );

      const error = await failure(sas.describeSuspEvents({ PageSize: '5' }));
      const page = await sas.describeSuspEvents({ PageSize: '5' });

      expect(error).toBeInstanceOf(type);
      expect(error).toMatchObject(fields);
      expect(page.TotalCount).toBe(ALERTS.length);
      expect(emulator.received.map(({ status, fault }) => ({ status, fault }))).toEqual([
        { status, fault: kind },
        { status: 200, fault: undefined },
      ]);
    },
  );

  it('a read retried through a queue of every fault that applies nothing succeeds', async () => {
    const queue: FaultKind[] = [
      'throttle',
      'internalError',
      'html503',
      'malformedJson',
      'resetBeforeApply',
      'hang',
    ];
    const { emulator, sas } = await setup(
      { faults: [{ action: 'DescribeSuspEvents', queue }] },
      { timeoutMs: 250, retry: { maxAttempts: 7, baseDelayMs: 1, maxDelayMs: 2 } },
    );

    const page = await sas.describeSuspEvents({ PageSize: '5' });

    expect(page.SuspEvents).toHaveLength(5);
    expect(emulator.received.map((entry) => entry.fault)).toEqual([...queue, undefined]);
    expect(emulator.faults.injected().total).toBe(6);
  });

  it('latency answers normally, latencyMs late', async () => {
    const { sas } = await setup({
      faults: [{ action: 'DescribeSuspEvents', queue: ['latency'], latencyMs: 150 }],
    });

    const started = performance.now();
    const page = await sas.describeSuspEvents({ PageSize: '5' });

    expect(performance.now() - started).toBeGreaterThanOrEqual(145);
    expect(page.TotalCount).toBe(ALERTS.length);
  });

  it('faults only requests that pass the signature check', async () => {
    const { emulator, sas } = await setup({ faults: [{ action: '*', queue: ['throttle'] }] });
    const forged = new SasClient({
      endpoint: emulator.endpoint,
      protocol: 'http',
      credential: { ...emulator.credentials, accessKeySecret: 'not-the-secret' },
      retry: false,
    });

    expect(await failure(forged.describeSuspEvents({}))).toBeInstanceOf(AuthenticationError);
    expect(await failure(sas.describeSuspEvents({}))).toBeInstanceOf(ThrottlingError);
    expect(emulator.received.map(({ code, fault }) => ({ code, fault }))).toEqual([
      { code: 'SignatureDoesNotMatch', fault: undefined },
      { code: 'Throttling.User', fault: 'throttle' },
    ]);
  });
});

describe('whether a change was applied', () => {
  it('resetAfterApply: the alert is handled once, though the client got a NetworkError and did not retry', async () => {
    const { emulator, sas } = await setup(
      { faults: [{ action: 'HandleSecurityEvents', queue: ['resetAfterApply'] }] },
      { retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 } },
    );

    const error = await failure(sas.handleSecurityEvents(ignore(ALERT)));
    const query = { SecurityEventIds: [String(ALERT)] };
    const statuses = [
      await sas.describeSecurityEventOperationStatus(query),
      await sas.describeSecurityEventOperationStatus(query),
    ].map((answer) => answer.SecurityEventOperationStatusResponse?.TaskStatus);

    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ code: 'ECONNRESET', retryable: false });
    expect(emulator.count('HandleSecurityEvents')).toBe(1);
    expect(emulator.state.handledCount(ALERT ?? 0)).toBe(1);
    expect(emulator.state.tasks()).toHaveLength(1);
    // The change can be found afterwards: the event has a task, and it went through.
    expect(statuses).toEqual(['Processing', 'Success']);
    expect(emulator.received[0]).toMatchObject({
      action: 'HandleSecurityEvents',
      status: 0,
      fault: 'resetAfterApply',
    });
  });

  it('resetBeforeApply: the same error, and nothing changed', async () => {
    const { emulator, sas } = await setup({
      faults: [{ action: 'HandleSecurityEvents', queue: ['resetBeforeApply'] }],
    });

    const error = await failure(sas.handleSecurityEvents(ignore(ALERT)));

    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ code: 'ECONNRESET', retryable: false });
    expect(emulator.state.handledCount(ALERT ?? 0)).toBe(0);
    expect(emulator.state.alert(ALERT ?? 0)?.EventStatus).toBe(PENDING);
    expect(emulator.state.tasks()).toEqual([]);
  });

  it('hangAfterApply: a TimeoutError, the alert handled; hang: a TimeoutError, nothing changed', async () => {
    const { emulator, sas } = await setup(
      { faults: [{ action: 'HandleSecurityEvents', queue: ['hangAfterApply', 'hang'] }] },
      { timeoutMs: 200 },
    );

    const afterApply = await failure(sas.handleSecurityEvents(ignore(ALERT)));
    const before = await failure(sas.handleSecurityEvents(ignore(OTHER)));

    for (const error of [afterApply, before]) {
      expect(error).toBeInstanceOf(TimeoutError);
      expect(error.retryable).toBe(false);
    }
    expect(emulator.state.handledCount(ALERT ?? 0)).toBe(1);
    expect(emulator.state.alert(ALERT ?? 0)?.EventStatus).toBe(BEING_HANDLED);
    expect(emulator.state.handledCount(OTHER ?? 0)).toBe(0);
    expect(emulator.received.map(({ status, fault }) => ({ status, fault }))).toEqual([
      { status: 0, fault: 'hangAfterApply' },
      { status: 0, fault: 'hang' },
    ]);
  });

  it('throttle, internalError, html503 and malformedJson on a handling request change nothing', async () => {
    const queue: FaultKind[] = ['throttle', 'internalError', 'html503', 'malformedJson'];
    const { emulator, sas } = await setup({ faults: [{ action: 'HandleSecurityEvents', queue }] });

    const errors = [];
    for (const _ of queue) errors.push(await failure(sas.handleSecurityEvents(ignore(ALERT))));

    expect(errors.map((error) => [error.name, error.code, error.retryable])).toEqual([
      ['ThrottlingError', 'Throttling.User', true],
      ['ServerError', 'InternalError', false],
      ['InvalidResponseError', 'MalformedResponse', false],
      ['InvalidResponseError', 'MalformedResponse', false],
    ]);
    expect(emulator.state.handledCount(ALERT ?? 0)).toBe(0);
    expect(emulator.state.tasks()).toEqual([]);
  });

  it('resetAfterApply on PreHandleAuditRisk: the risk is PROCESSED, handled once', async () => {
    const { emulator, sddp } = await setup({
      faults: [{ action: 'PreHandleAuditRisk', queue: ['resetAfterApply'] }],
    });
    const riskId = RISKS[0]?.RiskId ?? 0;

    const error = await failure(
      sddp.preHandleAuditRisk({
        RiskId: riskId,
        HandleInfoList: [{ HandleType: 'Manual', HandleContent: handling }],
      }),
    );

    expect(error).toBeInstanceOf(NetworkError);
    expect(emulator.state.risk(riskId)?.record.HandleStatus).toBe('PROCESSED');
    expect(emulator.state.risk(riskId)?.handlings).toHaveLength(1);
  });

  it('stuckTask: the task answers Processing for good, its events stay being handled', async () => {
    const { emulator, sas } = await setup({
      state: { risks: RISKS, taskPolls: 0 },
      faults: [{ action: 'HandleSecurityEvents', queue: ['stuckTask'] }],
    });

    const stuck = (await sas.handleSecurityEvents(ignore(ALERT))).HandleSecurityEventsResponse?.TaskId;
    const normal = (await sas.handleSecurityEvents(ignore(OTHER))).HandleSecurityEventsResponse?.TaskId;
    const statuses = [];
    for (let poll = 0; poll < 5; poll++) {
      const answer = await sas.describeSecurityEventOperationStatus({ TaskId: stuck });
      statuses.push(answer.SecurityEventOperationStatusResponse?.TaskStatus);
    }
    const other = await sas.describeSecurityEventOperationStatus({ TaskId: normal });

    expect(statuses).toEqual(Array(5).fill('Processing'));
    expect(other.SecurityEventOperationStatusResponse?.TaskStatus).toBe('Success');
    expect(emulator.state.tasks().map((task) => task.taskStatus)).toEqual(['Processing', 'Success']);
    expect(emulator.state.alert(ALERT ?? 0)?.EventStatus).toBe(BEING_HANDLED);
    expect(emulator.state.handledCount(ALERT ?? 0)).toBe(1);
    expect(emulator.received[0]).toMatchObject({ status: 200, fault: 'stuckTask' });
  });
});

describe('faults by rate', () => {
  const rule: FaultRule = { action: 'DescribeSuspEvents', rate: 0.2, kinds: ['throttle', 'internalError'] };

  /** Sends `count` reads one after the other and returns the positions of the faulted ones. */
  async function faultedPositions(seed: string, count: number) {
    const { emulator, sas } = await setup({ seed, faults: [rule] });
    for (let index = 0; index < count; index++)
      await sas.describeSuspEvents({ PageSize: '1' }).catch(() => undefined);
    const positions = emulator.received.flatMap((entry, index) => (entry.fault === undefined ? [] : [index]));
    return { emulator, positions };
  }

  it('faults close to the rate over 1,000 requests, at the same requests for the same seed', async () => {
    const { emulator, positions } = await faultedPositions('rate', 1_000);
    const again = await faultedPositions('rate', 200);
    const otherSeed = await faultedPositions('other', 200);

    expect(positions.length).toBeGreaterThan(150);
    expect(positions.length).toBeLessThan(250);
    expect(again.positions).toEqual(positions.filter((position) => position < 200));
    expect(otherSeed.positions).not.toEqual(again.positions);
    const { byKind, total } = emulator.faults.injected();
    expect(total).toBe(positions.length);
    expect(byKind.throttle).toBeGreaterThan(positions.length * 0.35);
    expect(byKind.internalError).toBeGreaterThan(positions.length * 0.35);
  });
});

describe('emulator.faults', () => {
  it('injects and clears rules while the emulator runs, per action or for all', async () => {
    const { emulator, sas, sddp } = await setup();

    await sas.describeSuspEvents({});
    emulator.faults.inject({ action: 'HandleSecurityEvents', queue: ['throttle'] });
    await sas.describeSuspEvents({}); // another action: untouched
    const throttled = await failure(sas.handleSecurityEvents(ignore(ALERT)));
    emulator.faults.inject({ action: '*', rate: 1, kinds: ['internalError'] });
    const failed = await failure(sddp.describeRiskRules({}));
    emulator.faults.clear();
    await sddp.describeRiskRules({});

    expect(throttled).toBeInstanceOf(ThrottlingError);
    expect(failed).toBeInstanceOf(ServerError);
    expect(emulator.received.map((entry) => entry.fault ?? '-')).toEqual([
      '-',
      '-',
      'throttle',
      'internalError',
      '-',
    ]);
  });

  it('refuses an invalid rule, naming it, and adds none of the rules given with it', async () => {
    const { emulator, sas } = await setup();

    expect(() =>
      emulator.faults.inject(
        { action: 'DescribeSuspEvents', queue: ['throttle'] },
        { action: 'DescribeSuspEvents', rate: 2, kinds: ['hang'] },
      ),
    ).toThrow('inject[1].rate: Too big: expected number to be <=1');
    await sas.describeSuspEvents({});
    expect(emulator.faults.injected().total).toBe(0);
  });

  it('refuses invalid options at start', async () => {
    await expect(
      startEmulator({ faults: [{ action: 'DescribeSuspEvents', queue: ['stuckTask'] }] }),
    ).rejects.toThrow('faults[0].queue[0]: stuckTask applies to HandleSecurityEvents only');
  });

  it('counts the faults injected by kind and action, afresh after reset()', async () => {
    const { emulator, sas } = await setup({
      faults: [
        { action: 'DescribeSuspEvents', queue: ['throttle', 'throttle'] },
        { action: 'HandleSecurityEvents', queue: ['resetAfterApply'] },
      ],
    });

    await failure(sas.describeSuspEvents({}));
    await failure(sas.describeSuspEvents({}));
    await sas.describeSuspEvents({});
    await failure(sas.handleSecurityEvents(ignore(ALERT)));

    expect(emulator.faults.injected()).toEqual({
      total: 3,
      byKind: { throttle: 2, resetAfterApply: 1 },
      byAction: { DescribeSuspEvents: { throttle: 2 }, HandleSecurityEvents: { resetAfterApply: 1 } },
    });
    emulator.reset();
    expect(emulator.faults.injected()).toEqual({ total: 0, byKind: {}, byAction: {} });
  });

  it('takes the faults of a scenario', async () => {
    const scenario = parseScenario({
      seed: 'flaky',
      alerts: { sample: 3 },
      faults: [{ action: 'DescribeSuspEvents', queue: ['html503'] }],
    });
    const emulator = await startEmulator(scenarioToOptions(scenario));
    emulators.push(emulator);
    const sas = new SasClient({
      endpoint: emulator.endpoint,
      protocol: 'http',
      credential: emulator.credentials,
      retry: false,
    });

    expect(await failure(sas.describeSuspEvents({}))).toMatchObject({ code: 'MalformedResponse' });
    expect((await sas.describeSuspEvents({})).TotalCount).toBe(3);
    expect(emulator.faults.injected().byKind).toEqual({ html503: 1 });
  });
});

describe('neverAnswer', () => {
  it('lets a handler hang a request too', async () => {
    const { emulator, sas } = await setup(
      { handlers: { DescribeSuspEvents: () => ({ status: 200, body: {}, neverAnswer: true }) } },
      { timeoutMs: 150 },
    );

    expect(await failure(sas.describeSuspEvents({}))).toBeInstanceOf(TimeoutError);
    expect(emulator.received[0]).toMatchObject({ status: 0 });
    expect(emulator.received[0]).not.toHaveProperty('fault');
  });
});

describe('close()', () => {
  it('returns at once with hanging requests open, which then fail', async () => {
    const { emulator, sas } = await setup(
      { faults: [{ action: '*', queue: ['hang', 'hangAfterApply'] }] },
      { timeoutMs: 10_000 },
    );
    const hanging = [failure(sas.describeSuspEvents({})), failure(sas.handleSecurityEvents(ignore(ALERT)))];
    await expect.poll(() => emulator.count()).toBe(2);

    const started = performance.now();
    await emulator.close();

    expect(performance.now() - started).toBeLessThan(1_000);
    for (const error of await Promise.all(hanging)) expect(error).toBeInstanceOf(NetworkError);
  });
});
