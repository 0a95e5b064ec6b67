/**
 * An emulated resource directory for fleet tests: a management account and `members` member accounts,
 * each with the same sample alerts (so their alert IDs meet, as they may across real accounts), and
 * `open(options)`, which opens an AccountFleet over it signed by the management account: English,
 * quick polls, quick retries.
 */
import { type EmulatorAccountOptions, type EmulatorOptions, sampleAlerts } from '../../src/emulator/index.js';
import { AccountFleet, type AccountFleetOptions } from '../../src/index.js';
import { FAST_POLL } from './emulator-handler.js';
import { useEmulators } from './emulators.js';

/** The member account IDs of a directory of `count` members: 1000000000000002, ...03, ... */
export function memberIds(count: number): string[] {
  return Array.from({ length: count }, (_, index) => String(1_000_000_000_000_002 + index));
}

/** For a suite of fleet tests: `start(members, alertsPerAccount, options)` and its fleet opener. */
export function useFleetEmulator() {
  const startEmulator = useEmulators();
  return async (
    members: number,
    alertsPerAccount: number,
    accountOptions: (accountId: string) => Partial<EmulatorAccountOptions> = () => ({}),
    options: EmulatorOptions = {},
  ) => {
    const ids = memberIds(members);
    const emulator = await startEmulator({
      seed: 'fleet',
      ...options,
      accounts: ids.map((accountId, index) => ({
        accountId,
        displayName: `member-${index + 1}`,
        ...(alertsPerAccount > 0 && { alerts: sampleAlerts(alertsPerAccount, 'fleet') }),
        ...accountOptions(accountId),
      })),
    });
    const open = (fleetOptions: Partial<AccountFleetOptions> = {}) =>
      AccountFleet.open({
        endpoint: emulator.endpoint,
        protocol: 'http',
        credential: emulator.credentials,
        accounts: ids,
        lang: 'en',
        poll: FAST_POLL,
        retry: { baseDelayMs: 1, maxDelayMs: 5 },
        ...fleetOptions,
      });
    return { emulator, ids, open };
  };
}
