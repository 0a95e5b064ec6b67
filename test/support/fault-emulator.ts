import { type Emulator, type EmulatorOptions, sampleAlerts, sampleRisks } from '../../src/emulator/index.js';
import { type ClientOptions, SasClient, SddpClient, SdkError } from '../../src/index.js';
import { failureOf } from './typed-failure.js';

/** The alerts of the fault suites' emulators. */
export const ALERTS = sampleAlerts(6, 'faults');
/** The IDs of the first two of {@link ALERTS}: the alert a test acts on, and another. */
export const [ALERT, OTHER] = ALERTS.map((alert) => alert.Id);
/** The risks of the fault suites' emulators. */
export const RISKS = sampleRisks(3, 'faults');
/** EventStatus of an alert nobody handled. */
export const PENDING = 1;
/** EventStatus of an alert whose handling task has not finished. */
export const BEING_HANDLED = 16;

/**
 * Returns `setup(options, client)`: an emulator over {@link ALERTS} and {@link RISKS} started with `start`
 * (which closes it after the test), and clients of it that do not retry.
 */
export function faultSetup(start: (options: EmulatorOptions) => Promise<Emulator>) {
  return async (options: EmulatorOptions = {}, client: Partial<ClientOptions> = {}) => {
    const emulator = await start({
      alerts: ALERTS,
      state: { risks: RISKS },
      seed: 'faults',
      ...options,
    });
    const clientOptions: ClientOptions = {
      endpoint: emulator.endpoint,
      protocol: 'http',
      credential: emulator.credentials,
      retry: false,
      timeoutMs: 2_000,
      ...client,
    };
    return { emulator, sas: new SasClient(clientOptions), sddp: new SddpClient(clientOptions) };
  };
}

/** The {@link SdkError} `call` rejects with. */
export const failure = (call: Promise<unknown>): Promise<SdkError> => failureOf(SdkError, call);

/** A HandleSecurityEvents request ignoring the alerts `ids`. */
export const ignore = (...ids: (number | undefined)[]) => ({
  SecurityEventIds: ids.map(String),
  OperationCode: 'ignore',
  OperationParams: '{}',
});

/** HandleContent of a PreHandleAuditRisk request: a false positive, handled by hand. */
export const handling = JSON.stringify({ HandleMethod: 0, HandleDetail: 'Confirmed as false positive' });
