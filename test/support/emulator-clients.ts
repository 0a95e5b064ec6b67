import { afterEach } from 'vitest';
import { SasClient } from '../../src/clients/sas-client.js';
import { SddpClient } from '../../src/clients/sddp-client.js';
import { type Emulator, type EmulatorHandlers, startEmulator } from '../../src/emulator/index.js';
import type { ClientOptions, RequestAuditEvent } from '../../src/transport/options.js';

/**
 * For a suite that starts an emulator per test: returns `setup(handlers, options)`, which starts one
 * with those handlers and connects both clients to it (`defaults`, then `options`), recording every
 * request audit event. The emulator is closed after each test.
 */
export function useEmulatorClients(defaults: Partial<ClientOptions>) {
  let emulator: Emulator | undefined;
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
  });
  return async (handlers: EmulatorHandlers, options: Partial<ClientOptions> = {}) => {
    const started = await startEmulator({ handlers });
    emulator = started;
    const audit: RequestAuditEvent[] = [];
    const connection: ClientOptions = {
      endpoint: started.endpoint,
      protocol: 'http',
      credential: started.credentials,
      onAudit: (event) => {
        if (event.kind === 'request') audit.push(event);
      },
      ...defaults,
      ...options,
    };
    return { emulator: started, audit, sas: new SasClient(connection), sddp: new SddpClient(connection) };
  };
}
