import { describe, expect, it } from 'vitest';
import { type FaultRule, parseScenario, scenarioToOptions, startEmulator } from '../../src/emulator/index.js';
import { SasClient, ServerError, ThrottlingError } from '../../src/index.js';
import { useEmulators } from '../support/emulators.js';
import { ALERT, failure, faultSetup, ignore } from '../support/fault-emulator.js';

const start = useEmulators();
const setup = faultSetup(start);

describe('faults by rate', () => {
  const rule: FaultRule = { action: 'DescribeSuspEvents', rate: 0.2, kinds: ['throttle', 'internalError'] };

  /** Sends `count` reads one after the other and returns the positions of the faulted ones. */
  async function faultedPositions(seed: string, count: number) {
    // At the emulator's speed: a client that adapts its rate would slow down at each throttled reply.
    const { emulator, sas } = await setup({ seed, faults: [rule] }, { adaptiveRate: false });
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
    const emulator = await start(scenarioToOptions(scenario));
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

describe('rules that pick their requests', () => {
  it('withParam faults only the requests carrying it; after lets that many through first', async () => {
    const { emulator, sas } = await setup({
      faults: [
        { action: 'DescribeSuspEvents', withParam: 'Id', queue: ['throttle'] },
        { action: 'DescribeSecurityEventOperationStatus', after: 2, rate: 1, kinds: ['internalError'] },
      ],
    });

    await sas.describeSuspEvents({ PageSize: '1' }); // no Id: untouched
    expect(await failure(sas.describeSuspEvents({ Id: Number(ALERT) }))).toBeInstanceOf(ThrottlingError);
    const byIds = { SecurityEventIds: [String(ALERT)] };
    for (const _ of [1, 2]) await sas.describeSecurityEventOperationStatus(byIds).catch(() => undefined);
    expect(await failure(sas.describeSecurityEventOperationStatus(byIds))).toBeInstanceOf(ServerError);
    expect(emulator.received.map((entry) => entry.fault)).toEqual([
      undefined,
      'throttle',
      undefined,
      undefined,
      'internalError',
    ]);
  });

  it('a scenario file may give them, checked like the others', () => {
    const scenario = parseScenario({
      alerts: [],
      faults: [{ action: 'DescribeSuspEvents', withParam: 'Id', after: 1, queue: ['hang'] }],
    });
    expect(scenarioToOptions(scenario).faults).toEqual([
      { action: 'DescribeSuspEvents', withParam: 'Id', after: 1, queue: ['hang'] },
    ]);
    expect(() =>
      parseScenario({ alerts: [], faults: [{ action: '*', after: -1, queue: ['hang'] }] }),
    ).toThrow(/after/);
  });
});
