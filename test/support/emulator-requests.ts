import type { Emulator } from '../../src/emulator/index.js';

/** The `HandleSecurityEvents` requests the emulator received: operation and alert IDs of each. */
export function handleCalls(emulator: Emulator): { code: string | undefined; ids: string[] }[] {
  return emulator.received
    .filter((request) => request.action === 'HandleSecurityEvents')
    .map((request) => ({
      code: request.params.OperationCode,
      ids: Object.entries(request.params)
        .filter(([key]) => key.startsWith('SecurityEventIds.'))
        .map(([, value]) => value),
    }));
}

/** The SecurityEventIds of every `HandleSecurityEvents` call the emulator received. */
export function handledAlertIds(emulator: Emulator): string[][] {
  return handleCalls(emulator).map((call) => call.ids);
}
