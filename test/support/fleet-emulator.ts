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

/**
 * The state of an account for response-rule tests: `count` pending alerts (from `seed`'s samples) with
 * IDs from `firstId`, on hosts `host-0`, `host-1`, ..., each offering `block_ip` and `manual_handled`,
 * their tasks ending at the first status query.
 */
export function blockableAlerts(count: number, seed: string, firstId: number) {
  const records = sampleAlerts(count, seed).map((record, index) => ({
    ...record,
    Id: firstId + index,
    SecurityEventIds: String(firstId + index),
    Uuid: `host-${index}`,
    EventStatus: 1,
    Dealed: 'N',
  }));
  const ids = records.map((record) => String(record.Id));
  const offered = [{ code: 'block_ip' }, { code: 'manual_handled' }];
  const operations = Object.fromEntries(ids.map((id) => [id, offered]));
  return { ids, state: { alerts: records, taskPolls: 1, operations } };
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
