import { sampleAlerts } from '../../src/emulator/index.js';

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
