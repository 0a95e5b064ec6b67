import { describe, expect, it } from 'vitest';
import { expectFullyReplayed, replay } from '../support/replay.js';

describe('DescribeSecurityEventOperationStatus contract', () => {
  it('parses the task status and the status of each event', async () => {
    const { emulator, sas } = await replay('describe-security-event-operation-status');

    const result = await sas.describeSecurityEventOperationStatus({
      TaskId: 15411,
      SecurityEventIds: ['909361', '7009586'],
    });

    expect(result.RequestId).toBe('1683940A-E4AE-4473-8C40-F4075434B76B');
    expect(result.SecurityEventOperationStatusResponse?.TaskStatus).toBe('Success');
    expect(result.SecurityEventOperationStatusResponse?.SecurityEventOperationStatuses).toEqual([
      { SecurityEventId: '909361', Status: 'Success', ErrorCode: 'kill_and_quara.Success' },
      { SecurityEventId: '7009586', Status: 'Failed', ErrorCode: 'kill_and_quara.ProcessNotExist' },
    ]);
    expect(emulator.count('DescribeSecurityEventOperationStatus')).toBe(1);
    expectFullyReplayed(emulator);
  });
});
