import { afterAll, beforeAll, beforeEach } from 'vitest';
import { type Emulator, sampleAlerts, sampleRisks, startEmulator } from '../../src/emulator/index.js';
import { AlertHandler, RiskHandler } from '../../src/index.js';

/** The handlers a fuzz suite drives, and the count of requests that reached the emulator. */
export interface FuzzTarget {
  readonly alerts: AlertHandler;
  readonly risks: RiskHandler;
  /** Requests the emulator received since the current test started. */
  sent(): number;
}

/**
 * Registers the suite's hooks: one emulator with 5 alerts and 3 risks, handlers connected to it, and
 * the request count reset before each test.
 */
export function fuzzTarget(): FuzzTarget {
  let emulator: Emulator;
  const target = {
    alerts: undefined as unknown as AlertHandler,
    risks: undefined as unknown as RiskHandler,
    sent: () => emulator.count(),
  };
  beforeAll(async () => {
    emulator = await startEmulator({ state: { alerts: sampleAlerts(5), risks: sampleRisks(3) } });
    const connection = {
      endpoint: emulator.endpoint,
      protocol: 'http',
      credential: emulator.credentials,
    } as const;
    target.alerts = new AlertHandler(connection);
    target.risks = new RiskHandler(connection);
  });
  beforeEach(() => emulator.reset());
  afterAll(() => emulator.close());
  return target;
}
